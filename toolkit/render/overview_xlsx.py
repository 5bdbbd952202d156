"""The team's overview as a workbook (openpyxl): one sheet per view, for Excel and LibreOffice Calc.

Dates are real dates (sortable and filterable in the spreadsheet, shown as dd-mm-åååå),
every sheet has Danish headers, a frozen header row and an autofilter. The attention level
is coloured and also written out, so it survives greyscale printing and colour blindness.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from toolkit.analyse.overview import (CaseRow, caseload, deadlines, ending_without_next_step, providers,
                                      settings)

DATE_FORMAT = "DD-MM-YYYY"
FILLS = {"handl nu": PatternFill("solid", fgColor="B3261E"), "hold øje": PatternFill("solid", fgColor="F0B429"),
         "i orden": PatternFill("solid", fgColor="D8EAD8")}
HEADER_FILL = PatternFill("solid", fgColor="ECEDF1")
FONT = "Calibri"
"""The workbook's own font (LibreOffice uses the metric-compatible Carlito), also for bold cells."""


def _sheet(book: Workbook, title: str, head: list[tuple[str, int]], rows: list[list]) -> object:
    sheet = book.create_sheet(title)
    sheet.append([name for name, _ in head])
    for cell in sheet[1]:
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        sheet.append(values)
    for index, (_, width) in enumerate(head, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            numeric = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
            cell.alignment = Alignment(vertical="top", horizontal="center" if numeric else None)
    sheet.row_dimensions[1].height = 30  # room for two-line headers ("Seneste supervision")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{max(sheet.max_row, 1)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    return sheet


def _cases(book: Workbook, rows: list[CaseRow]) -> None:
    head = [("Opmærksomhed", 19), ("Point", 7), ("Grunde", 34), ("Sag", 18), ("Borger", 20), ("Koordinator", 20),
            ("Forløb", 16), ("Regelsæt", 9), ("Bevilget", 12), ("Slutter", 12), ("Tid brugt", 9),
            ("Næste frist", 12), ("Næste frist: hvad", 40), ("Overskredne", 12), ("Fejl", 7), ("Advarsler", 11),
            ("Koordinering", 15), ("Splitting", 11), ("Seneste samtale", 13), ("Seneste supervision", 13),
            ("Plan opdateret", 13), ("Sagsfil", 30)]
    sheet = _sheet(book, "Sager", head, [
        [r.niveau, r.point, " · ".join(r.grunde), r.sag, r.borger, r.koordinator, r.forloeb, r.regelsaet, r.bevilget,
         r.slut, r.brugt, r.naeste.dato if r.naeste else None, r.naeste.titel if r.naeste else None, r.overskredne,
         r.fejl, r.advarsler, r.koordinering, r.splitting, r.seneste_samtale, r.seneste_supervision, r.plan_opdateret,
         r.fil or None] for r in rows])
    sheet.print_area = f"A1:{get_column_letter(len(head) - 1)}{sheet.max_row}"  # the file path is for the screen
    for row in sheet.iter_rows(min_row=2):
        level = row[0]
        level.fill = FILLS.get(level.value, PatternFill())
        level.font = Font(name=FONT, bold=True, color="FFFFFF" if level.value == "handl nu" else "000000")
        row[10].number_format = "0%"
        for cell in (row[13], row[14]):  # overdue, fejl
            if cell.value:
                cell.font = Font(name=FONT, bold=True, color="B3261E")
        for cell in (row[16], row[17]):  # coordination and splitting bands
            if cell.value == "høj":
                cell.fill, cell.font = FILLS["handl nu"], Font(name=FONT, bold=True, color="FFFFFF")
            elif cell.value == "middel":
                cell.font = Font(name=FONT, bold=True)


def _caseload(book: Workbook, rows: list[CaseRow]) -> None:
    _sheet(book, "Sagsbehandlere", [("Koordinator", 24), ("Sager", 8), ("Handl nu", 10), ("Overskredne", 12),
                                    ("Høj risiko", 10)],
           [[c.koordinator, c.sager, c.handl_nu, c.overskredne, c.hoej_risiko] for c in caseload(rows)])


def _deadlines(book: Workbook, rows: list[CaseRow], today: date) -> None:
    windows = settings().windows
    body = []
    for item, row in deadlines(rows, today):
        days = (item.dato - today).days
        window = "overskredet" if item.overskredet else next((f"{w} dage" for w in windows if days <= w), "senere")
        body.append([item.dato, days, window, row.sag, row.koordinator, item.titel, item.art])
    _sheet(book, "Frister", [("Dato", 12), ("Om dage", 9), ("Vindue", 12), ("Sag", 18), ("Koordinator", 20),
                             ("Hvad", 60), ("Art", 16)], body)


def _ending(book: Workbook, rows: list[CaseRow], today: date) -> None:
    sheet = _sheet(book, "Slutter snart", [("Slutter", 12), ("Sag", 18), ("Borger", 20), ("Koordinator", 20),
                                           ("Tid brugt", 10), ("Status", 44)],
                   [[r.slut, r.sag, r.borger, r.koordinator, r.brugt,
                     "Udløbet uden forelæggelse" if r.slut and r.slut < today
                     else "Ingen forelæggelse for rehabiliteringsteamet planlagt"]
                    for r in ending_without_next_step(rows)])
    for row in sheet.iter_rows(min_row=2):
        row[4].number_format = "0%"


def _providers(book: Workbook, rows: list[CaseRow]) -> None:
    _sheet(book, "Splitting i flere sager", [("Hvem", 30), ("Art", 13), ("Organisation", 36), ("Sager", 8),
                                              ("Heraf høj", 10), ("Sagsnumre", 40)],
           [[p.navn, p.art, p.organisation, len(p.sager), p.hoej, ", ".join(p.sager)] for p in providers(rows)])


def _bad(book: Workbook, bad: list) -> None:
    _sheet(book, "Sagsfiler med fejl", [("Sagsfil", 36), ("Linje", 7), ("Kolonne", 9), ("Felt", 30), ("Fejl", 70)],
           [[item.path, line, column, where or None, message or None]
            for item in bad for line, column, where, message in item.problems])


def render_overview_xlsx(rows: list[CaseRow], bad: list, today: date, *, pseudonymised: bool = False) -> bytes:
    """The workbook as bytes; ``rows`` in the order of the page (most attention first)."""
    book = Workbook()
    book.remove(book.active)
    _cases(book, rows)
    _caseload(book, rows)
    _deadlines(book, rows, today)
    _ending(book, rows, today)
    _providers(book, rows)
    _bad(book, bad)
    book.properties.title = f"Teamets oversigt pr. {today.isoformat()}"
    book.properties.creator = "forloeb"
    book.properties.created = book.properties.modified = datetime.combine(today, time())
    if pseudonymised:
        book.properties.subject = "Pseudonymiseret"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def workbook_text(content: bytes) -> str:
    """Every cell's text in the workbook, for the last privacy check before it is written."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)
