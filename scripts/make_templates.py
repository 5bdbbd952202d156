"""Build the default Word templates in ``templates/`` from code.

Run ``python scripts/make_templates.py`` after changing this file. The generated .docx
files are ordinary Word documents: a municipality opens them in Word or LibreOffice,
changes letterhead, fonts, colours and headings, and keeps the ``{{ … }}`` and
``{% … %}`` tags (docxtpl syntax: ``{%p …%}`` for a paragraph, ``{%tr …%}`` for a
table row). The variable names are the case file's own keys.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from toolkit.render.documents import reproducible_package

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DATE = datetime(2026, 1, 1)
"""Stamped into every generated template, so regenerating changes only what the code changed."""
ACCENT = RGBColor(0x1F, 0x38, 0x64)
SHADE = "DCE4F0"
FONT = "Calibri"

NOT_GIVEN = "Ikke oplyst"
OUTLINE_LEVELS = {"Title": 0, "Heading 1": 1, "Heading 2": 2, "Heading 3": 3}
"""The title is the document's first heading, so a screen reader and a tagged PDF get one tree:
title (H1), sections (H2), subsections (H3, H4). Every template made here inherits it."""


class Builder:
    def __init__(self, title: str, marking: str | None = None):
        self.doc = Document()
        self.title = title
        self.marking = marking
        self._styles()
        self._page()

    # -- setup -------------------------------------------------------------
    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(10.5)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "da-DK")
        normal.element.rPr.append(language)
        _document_language(self.doc, "da-DK")
        _hyphenation(self.doc)
        normal.paragraph_format.space_after = Pt(4)
        normal.paragraph_format.line_spacing = 1.1
        for name, size, before in (("Title", 22, 0), ("Heading 1", 15, 16), ("Heading 2", 12.5, 12),
                                   ("Heading 3", 11, 8)):
            style = styles[name]
            style.font.name = FONT
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            style.font.bold = name != "Title"
            style.paragraph_format.space_before = Pt(before)
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
            _outline_level(style, OUTLINE_LEVELS[name])
            rfonts = style.element.rPr.find(qn("w:rFonts"))
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rfonts.set(qn(attr), FONT)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
        title = styles["Title"]
        title.paragraph_format.space_after = Pt(2)
        ppr = title.element.get_or_add_pPr()
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
        quote = styles["Quote"]
        quote.font.name = FONT
        quote.font.italic = True
        quote.font.size = Pt(11)
        quote.font.color.rgb = RGBColor(0x26, 0x26, 0x26)
        quote.paragraph_format.left_indent = Cm(0.8)
        quote.paragraph_format.right_indent = Cm(0.8)
        small = styles.add_style("Lille tekst", 1)
        small.base_style = normal
        small.font.size = Pt(8.5)
        small.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        table_text = styles.add_style("Tabeltekst", 1)
        table_text.base_style = normal
        table_text.font.size = Pt(9)
        table_text.paragraph_format.space_after = Pt(0)
        table_text.paragraph_format.line_spacing = 1.0
        _hyphenate(table_text)
        intro = styles.add_style("Vejledning", 1)
        intro.base_style = normal
        intro.font.italic = True
        intro.font.size = Pt(9)
        intro.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
        intro.paragraph_format.keep_with_next = True  # guidance belongs to what it introduces

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
        section.header_distance, section.footer_distance = Cm(1), Cm(1)

        header = section.header
        table = header.add_table(rows=1, cols=2, width=Cm(17))
        _no_borders(table)
        _grid(table, (10.5, 6.5))
        left, right = table.rows[0].cells
        _set_width(left, 10.5)
        _set_width(right, 6.5)
        # The sender comes from the municipal settings (``afsender``; by default the case's jobcentre or
        # municipality); lines the settings leave out are left out.
        p = left.paragraphs[0]
        p.add_run("{%p if afsender.logo %}")
        left.add_paragraph("{{ afsender.logo }}")
        left.add_paragraph("{%p endif %}")
        p = left.add_paragraph()
        run = p.add_run("{% if afsender.navn %}{{ afsender.navn }}{% else %}{{ sag.kommune }}{% endif %}")
        run.bold = True
        run.font.size = Pt(12)
        run.font.color.rgb = ACCENT
        for condition, text in (("afsender.afdeling", "{{ afsender.afdeling }}"),
                                ("not afsender.afdeling and afsender.navn and afsender.navn != sag.kommune",
                                 "{{ sag.kommune }}"),
                                ("afsender.adresse", "{{ afsender.adresse }}"),
                                ("afsender.kontakt", "{{ afsender.kontakt }}")):
            left.add_paragraph(f"{{%p if {condition} %}}")
            left.add_paragraph(text, style="Lille tekst")
            left.add_paragraph("{%p endif %}")
        p = right.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = p.add_run("{{ dokument.titel }}")
        run.bold = True
        run.font.color.rgb = ACCENT
        p = right.add_paragraph("Sag {{ sag.id }} · {{ dokument.dato }}", style="Lille tekst")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        right.add_paragraph("{%p if sag.journalnummer %}")
        p = right.add_paragraph("{{ afsender.journalnummer }} {{ sag.journalnummer }}", style="Lille tekst")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        right.add_paragraph("{%p endif %}")
        if self.marking:
            p = right.add_paragraph(style="Lille tekst")
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = p.add_run(self.marking)
            run.bold = True
            run.font.color.rgb = RGBColor(0xC5, 0x30, 0x30)
        rule = header.paragraphs[0]
        table._tbl.addnext(rule._p)
        rule.paragraph_format.space_after = Pt(0)
        _bottom_rule(rule)

        section.footer.paragraphs[0].text = "{%p if afsender.sidefod %}"
        notice = section.footer.add_paragraph("{{ afsender.sidefod }}", style="Lille tekst")
        notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
        section.footer.add_paragraph("{%p endif %}")
        footer = section.footer.add_paragraph(style="Lille tekst")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("{{ dokument.titel }} for {{ borger.navn }} · Side ")
        _field(footer, "PAGE")
        footer.add_run(" af ")
        _field(footer, "NUMPAGES")

        body = self.doc.paragraphs[0] if self.doc.paragraphs else None
        if body is not None:
            body._element.getparent().remove(body._element)

    # -- content -----------------------------------------------------------
    def heading(self, text: str, level: int = 1):
        return self.doc.add_heading(text, level)

    def para(self, text: str = "", style: str | None = None, bold: bool = False):
        p = self.doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold
        return p

    def tag(self, text: str):
        """A paragraph holding only a docxtpl paragraph tag (removed when rendered)."""
        return self.doc.add_paragraph(text)

    def labelled(self, label: str, text: str):
        p = self.doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(text)
        return p

    def field(self, label: str, text: str):
        """A small label above free text written by the caseworker."""
        self.heading(label, 3)
        return self.para(text)

    def facts(self, rows: list[tuple[str, str] | tuple[str, str, str]], widths=(5.2, 11.8)):
        """A two-column table of label and value; a row given a third item (a condition) is left out when
        the condition is false, so a plan does not fill up with lines that say nothing."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _light_borders(table)
        _grid(table, widths)
        for label, value, *condition in rows:
            if condition:
                _cell_text(table.add_row().cells[0], f"{{%tr if {condition[0]} %}}")
            cells = table.add_row().cells
            _set_width(cells[0], widths[0])
            _set_width(cells[1], widths[1])
            _shade(cells[0], SHADE)
            _cell_text(cells[0], label, bold=True)
            _cell_text(cells[1], value)
            if condition:
                _cell_text(table.add_row().cells[0], "{%tr endif %}")
        self.doc.add_paragraph(style="Lille tekst")
        return table

    def listing(self, headers: list[str], widths: list[float], loop: str, cells: list[str],
                when: str, empty: str = NOT_GIVEN, optional: tuple[str, list[int]] | None = None):
        """A table with one row per item, or ``empty`` when there are none.

        ``optional`` is a condition and the columns shown only when it holds (a phone column
        when someone has a phone): the table is written twice, with and without them, and
        the width of the left-out columns is shared by the others in proportion.
        """
        self.tag(f"{{%p if {when} %}}")
        if optional:
            condition, columns = optional
            self.tag(f"{{%p if {condition} %}}")
            self._list_table(headers, widths, loop, cells)
            self.tag("{%p else %}")
            keep = [i for i in range(len(headers)) if i not in columns]
            kept = sum(widths[i] for i in keep)
            narrower = [round(widths[i] * sum(widths) / kept, 2) for i in keep]
            self._list_table([headers[i] for i in keep], narrower, loop, [cells[i] for i in keep])
            self.tag("{%p endif %}")
        else:
            self._list_table(headers, widths, loop, cells)
        self.tag("{%p else %}")
        self.para(empty)
        self.tag("{%p endif %}")

    def _list_table(self, headers: list[str], widths: list[float], loop: str, cells: list[str]):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _light_borders(table)
        _grid(table, widths)
        _repeat_header(table.rows[0])
        for cell, text, width in zip(table.rows[0].cells, headers, widths):
            _set_width(cell, width)
            _shade(cell, SHADE)
            _cell_text(cell, text, bold=True)
        start = table.add_row().cells
        _cell_text(start[0], f"{{%tr for {loop} %}}")
        data_row = table.add_row()
        _keep_row_together(data_row)
        row = data_row.cells
        for cell, text, width in zip(row, cells, widths):
            _set_width(cell, width)
            for i, line in enumerate(text.split("\n")):
                if i == 0:
                    _cell_text(cell, line)
                else:
                    cell.add_paragraph(line, style="Tabeltekst")
        end = table.add_row().cells
        _cell_text(end[0], "{%tr endfor %}")
        return table

    def quote(self, expression: str, empty: str | None = NOT_GIVEN):
        """The citizen's own words; ``empty`` (or nothing, if None) when they are not written down."""
        self.tag(f"{{%p if {expression} %}}")
        self.doc.add_paragraph(f"{{{{ {expression} }}}}", style="Quote")
        if empty is not None:
            self.tag("{%p else %}")
            self.para(empty)
        self.tag("{%p endif %}")

    def bullets(self, loop: str, item: str, when: str, empty: str = NOT_GIVEN):
        self.tag(f"{{%p if {when} %}}")
        self.tag(f"{{%p for {loop} %}}")
        self.doc.add_paragraph(item, style="List Bullet")
        self.tag("{%p endfor %}")
        self.tag("{%p else %}")
        self.para(empty)
        self.tag("{%p endif %}")

    def scored(self, variable: str, items: str, level: int = 3):
        """A heading per scored item (``Navn: 12 point (høj)``) with its evidence as bullets.

        ``level`` is one below the heading it stands under, so the hierarchy never skips a level.
        """
        self.tag(f"{{%p for {variable} in {items} %}}")
        self.heading(f"{{{{ {variable}.navn }}}}: {{{{ {variable}.score }}}} point ({{{{ {variable}.niveau }}}})",
                     level)
        self.tag(f"{{%p for e in {variable}.evidens %}}")
        self.doc.add_paragraph("{{ e }}", style="List Bullet")
        self.tag("{%p endfor %}")
        self.tag("{%p endfor %}")

    def document_title(self, text: str):
        """The document's title: the first heading (outline level 0), styled as a title."""
        return self.doc.add_paragraph(text, style="Title")

    def signatures(self, left: str, right: str):
        """Heading, guidance and signature lines on one page, together with the plan's last section:
        the citizen never signs a page that holds nothing of the plan."""
        self._keep_last_section_with_next()
        self.heading("Underskrifter", 1)
        self.para("Planen er udarbejdet i samarbejde mellem borgeren og den koordinerende sagsbehandler.",
                  style="Vejledning")
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        _grid(table, (8.5, 8.5))
        _keep_row_together(table.rows[0])
        for cell, who in zip(table.rows[0].cells, (left, right)):
            _set_width(cell, 8.5)
            cell.paragraphs[0].text = ""
            for _ in range(2):
                cell.add_paragraph()
            line = cell.add_paragraph("_" * 38)
            line.paragraph_format.space_after = Pt(0)
            cell.add_paragraph("Dato og underskrift", style="Lille tekst")
            cell.add_paragraph(who, style="Tabeltekst").runs[0].bold = True
            for paragraph in cell.paragraphs[:-1]:
                paragraph.paragraph_format.keep_with_next = True

    def _keep_last_section_with_next(self) -> None:
        """Every paragraph and table row back to the last heading keeps with what follows (LibreOffice
        and Word both move a table whose paragraphs keep with the next along with it)."""
        body = self.doc.element.body
        for element in reversed(list(body)):
            if element.tag == qn("w:tbl"):
                for row in element.iter(qn("w:tr")):
                    trpr = row.get_or_add_trPr()
                    if trpr.find(qn("w:cantSplit")) is None:
                        cant = OxmlElement("w:cantSplit")
                        cant.set(qn("w:val"), "true")
                        trpr.append(cant)
                for paragraph in element.iter(qn("w:p")):
                    _keep_next(paragraph)
            elif element.tag == qn("w:p"):
                _keep_next(element)
                style = element.find(qn("w:pPr") + "/" + qn("w:pStyle"))
                if style is not None and style.get(qn("w:val")).startswith("Heading"):
                    return

    def save(self, name: str) -> Path:
        properties = self.doc.core_properties
        properties.title = self.title
        properties.author = ""  # the municipality's name comes from its settings when a document is made
        properties.comments = ""
        properties.language = "da-DK"
        properties.created = properties.modified = TEMPLATE_DATE
        properties.revision = 1
        path = ROOT / "templates" / name
        path.parent.mkdir(exist_ok=True)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        path.write_bytes(reproducible_package(buffer.getvalue(), TEMPLATE_DATE.date()))
        return path


# -- low-level helpers -------------------------------------------------------

def _document_language(doc, language: str) -> None:
    """The document default language (python-docx's blank document says en-US), read by screen readers,
    spelling and LibreOffice's PDF export (``/Lang``)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    element = run_defaults.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        run_defaults.append(element)
    element.set(qn("w:val"), language)
    element.set(qn("w:eastAsia"), language)


def _keep_next(paragraph) -> None:
    ppr = paragraph.get_or_add_pPr()
    ppr.keepNext_val = True


def _hyphenation(doc) -> None:
    """Automatic hyphenation on for the document but off in ordinary text (``Normal``); the table
    style turns it back on, so a long Danish compound in a narrow column is hyphenated where the
    renderer has Danish hyphenation patterns, instead of being broken without a hyphen."""
    settings = doc.settings.element
    element = OxmlElement("w:autoHyphenation")
    settings.insert(_settings_position(settings), element)
    suppress = OxmlElement("w:suppressAutoHyphens")
    doc.styles["Normal"].element.get_or_add_pPr().insert(0, suppress)


def _settings_position(settings) -> int:
    """Where ``w:autoHyphenation`` goes in the settings' fixed order: before the first element that follows it."""
    later = {qn(f"w:{name}") for name in (
        "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
        "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
        "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
        "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
        "noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
        "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving",
        "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr",
        "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")}
    for index, child in enumerate(settings):
        if child.tag in later:
            return index
    return len(settings)


def _hyphenate(style) -> None:
    ppr = style.element.get_or_add_pPr()
    element = OxmlElement("w:suppressAutoHyphens")
    element.set(qn("w:val"), "0")
    ppr.insert(0, element)


def _outline_level(style, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.append(element)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.style = "Tabeltekst"
    run = p.add_run(text)
    run.bold = bold


def _grid(table, widths) -> None:
    """Fixed column widths in the table grid, which LibreOffice and Word both honour."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _set_width(cell, cm: float) -> None:
    cell.width = Cm(cm)


def _shade(cell, colour: str) -> None:
    fill(cell._tc.get_or_add_tcPr(), colour)


def fill(properties, colour: str) -> None:
    """A solid background: ``properties`` is a cell's ``w:tcPr`` or a paragraph's or style's ``w:pPr``."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    properties.append(shd)


def _borders(table, value: str, colour: str = "A6A6A6") -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), colour)
        borders.append(element)
    tblpr.append(borders)


def _light_borders(table) -> None:
    _borders(table, "single")


def _no_borders(table) -> None:
    _borders(table, "nil")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _keep_row_together(row) -> None:
    """A row never breaks across pages (Word and LibreOffice both honour cantSplit)."""
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _bottom_rule(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "1F3864")
    borders.append(bottom)
    ppr.append(borders)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


# -- shared blocks -------------------------------------------------------------

COORDINATOR = ("{% if koordinator %}{{ koordinator.navn }}{% if koordinator.organisation %}, "
               "{{ koordinator.organisation }}{% endif %}{% if koordinator.telefon %}, tlf. "
               "{{ koordinator.telefon }}{% endif %}{% else %}Ikke oplyst{% endif %}")
PERIOD = ("{% if sag.bevilget %}{{ sag.bevilget }}{% if sag.slutdato %} – {{ sag.slutdato }}{% endif %}"
          "{% else %}Ikke oplyst{% endif %}{% if sag.varighed %} ({{ sag.varighed }}){% endif %}")
RESPONSIBLE = ("{% if e.ansvarlig_aktør %}{{ e.ansvarlig_aktør.navn }}\n"
               "{% if e.ansvarlig_aktør.organisation %}{{ e.ansvarlig_aktør.organisation }}"
               "{% else %}{{ e.ansvarlig_aktør.rolle|capitalize }}{% endif %}{% else %}Ikke oplyst{% endif %}")
NEXT_STEP_LABEL = ("{% if efter_reformen %}Afgørelse ved forløbets slut"
                   "{% else %}{{ opfølgning.forelæggelse_overskrift }}{% endif %}")
NEXT_STEP = ("{% if efter_reformen %}Samlet beskrivelse af borgerens forudsætninger og sundhedskoordinatorens "
             "rådgivning før afgørelse om fleksjob eller førtidspension"
             "{% else %}{{ opfølgning.næste_rehabiliteringsteam }}{% endif %}")
"""After the reform there is no rehabiliteringsteam: the plans name the new decision path instead."""

""""Ikke oplyst" is printed only where the missing value is itself information: the coordinator,
the granted period, the employment goal and who answers for an effort (README, "Ikke oplyst")."""


def optional(value: str, condition: str | None = None) -> str:
    """A value printed only when it is there: an empty cell instead of "Ikke oplyst"."""
    return f"{{% if {condition or value} %}}{{{{ {value} }}}}{{% endif %}}"


def citizen_block(b: Builder) -> None:
    b.facts([
        ("Borger", "{{ borger.navn }}"),
        ("CPR-nr.", "{{ borger.cpr }}", "borger.cpr"),
        ("Fødselsdato", "{{ borger.fødselsdato }}", "borger.fødselsdato"),
        ("Alder", "{{ borger.alder }} år", "not borger.fødselsdato and borger.alder"),
        ("Adresse", "{{ borger.adresse }}", "borger.adresse"),
        ("Telefon", "{{ borger.telefon }}", "borger.telefon"),
        ("Koordinerende sagsbehandler", COORDINATOR),
        ("Forløb", "{{ sag.forløb|capitalize }}"),
        ("Bevilget periode", PERIOD),
    ])
    b.tag("{%p if dokument.tidsnote %}")
    b.para("{{ dokument.tidsnote }}", style="Vejledning")
    b.tag("{%p endif %}")


def effort_table(b: Builder, items: str, when: str, empty: str) -> None:
    """Five columns wide enough for their longest words: the kind of effort is the heading above
    the table, the legal basis a second line under the effort's title."""
    b.listing(
        ["Indsats", "Ansvarlig", "Omfang", "Periode", "Status"],
        [4.6, 4.1, 3.1, 3.0, 2.2],
        f"e in {items}",
        ["{{ e.titel }}\n" + optional("e.lovgrundlag"), RESPONSIBLE, optional("e.omfang"),
         optional("e.periode", "e.start or e.slut"), "{{ e.status|capitalize }}"],
        when=when, empty=empty,
    )


def effort_groups(b: Builder, level: int) -> None:
    """The efforts under one heading per kind (beskæftigelse, uddannelse …); kinds without efforts are left out."""
    b.tag("{%p for g in indsatsgrupper %}")
    b.tag("{%p if g.indsatser %}")
    b.heading("{{ g.overskrift }}", level)
    effort_table(b, "g.indsatser", when="g.indsatser", empty="Ingen indsatser af denne type.")
    b.tag("{%p endif %}")
    b.tag("{%p endfor %}")


def company_efforts(b: Builder, level: int) -> None:
    """The company-based effort (virksomhedsrettet indsats) with its own section: workplace, contact,
    tasks and accommodations, as the official plan templates ask."""
    b.tag("{%p if virksomhedsrettede_indsatser %}")
    b.heading("Virksomhedsrettet indsats", level)
    b.tag("{%p for e in virksomhedsrettede_indsatser %}")
    b.heading("{{ e.titel }}", level + 1)
    b.facts([
        ("Virksomhed", "{{ e.ansvarlig_aktør.organisation }}{% if e.ansvarlig_aktør.cvr %} (CVR "
                       "{{ e.ansvarlig_aktør.cvr }}){% endif %}",
         "e.ansvarlig_aktør and e.ansvarlig_aktør.organisation"),
        ("Kontaktperson", "{% if e.kontaktperson_aktør %}{{ e.kontaktperson_aktør.navn }}, "
                          "{{ e.kontaktperson_aktør.rolle }}{% else %}{{ e.ansvarlig_aktør.navn }}, "
                          "{{ e.ansvarlig_aktør.rolle }}{% endif %}",
         "e.kontaktperson_aktør or e.ansvarlig_aktør"),
        ("Omfang", "{{ e.omfang }}", "e.omfang"),
        ("Periode", "{{ e.periode }}{% for f in e.forlængelser %}\nForlænget til {{ f.til }}"
                    "{% if f.begrundelse %}: {{ f.begrundelse }}{% endif %}{% endfor %}", "e.start or e.slut"),
        ("Arbejdsopgaver", "{{ e.arbejdsopgaver }}", "e.arbejdsopgaver"),
        ("Skånehensyn", "{{ e.skånehensyn }}", "e.skånehensyn"),
    ])
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")


def subgoals(b: Builder, empty: str = "Der er endnu ikke aftalt delmål.") -> None:
    b.listing(["Delmål", "Frist", "Status"], [11.0, 3.4, 2.6], "d in mål.delmål",
              ["{{ d.tekst }}", optional("d.frist"), "{{ d.status|capitalize }}"], when="mål.delmål", empty=empty)


# -- the documents ------------------------------------------------------------

def education(b: Builder) -> None:
    """The citizen's education as a table (the preparatory part, and the beskrivelse after the reform)."""
    b.listing(["Uddannelse", "Sted", "Periode", "Gennemført"], [6.5, 5.0, 3.0, 2.5],
              "u in forberedende_del.uddannelse",
              ["{{ u.betegnelse }}", "{{ u.sted }}", "{{ u.periode }}", "{{ u.afsluttet }}"],
              when="forberedende_del.uddannelse")


def health(b: Builder, treatment: str) -> None:
    """Health, diagnoses, treatment (under the heading ``treatment``), significance for work and the
    documentation, as both the preparatory part and the beskrivelse after the reform show them."""
    b.field("Nuværende helbredssituation", "{{ forberedende_del.helbred.situation }}")
    b.heading("Diagnoser", 3)
    b.bullets("d in forberedende_del.helbred.diagnoser", "{{ d }}", when="forberedende_del.helbred.diagnoser")
    b.field(treatment, "{{ forberedende_del.helbred.behandling }}")
    b.field("Helbredets betydning for arbejdsevnen", "{{ forberedende_del.helbred.betydning_for_arbejde }}")
    b.heading("Helbredsdokumentation", 3)
    b.listing(["Dokument", "Dato", "Udarbejdet af"], [8.0, 3.5, 5.5], "x in forberedende_del.helbred.dokumentation",
              ["{{ x.betegnelse }}", optional("x.dato"), optional("x.kilde")],
              when="forberedende_del.helbred.dokumentation")


def work_history(b: Builder, empty: str | None = None) -> None:
    """The citizen's work history as a table; ``empty`` is said when there is none."""
    extra = {"empty": empty} if empty else {}
    b.listing(["Stilling", "Arbejdsgiver", "Periode", "Bemærkning"], [4.0, 4.0, 3.0, 6.0],
              "j in forberedende_del.beskæftigelse",
              ["{{ j.stilling }}", "{{ j.arbejdsgiver }}", "{{ j.periode }}", "{{ j.note }}"],
              when="forberedende_del.beskæftigelse", **extra)


def rehabiliteringsplan() -> Path:
    b = Builder("Rehabiliteringsplan")
    b.document_title("Rehabiliteringsplan")
    b.para("{{ sag.forløb|capitalize }} · {{ sag.kommune }}", style="Lille tekst")
    citizen_block(b)

    b.heading("Del 1 · Forberedende del", 1)
    b.para("Udarbejdes af den koordinerende sagsbehandler sammen med borgeren før mødet i "
           "rehabiliteringsteamet. Delen beskriver og dokumenterer borgerens situation og "
           "indeholder ikke vurderinger af fremtidige indsatser.", style="Vejledning")
    b.heading("Borgerens egne mål og ønsker", 2)
    b.quote("forberedende_del.egne_mål")
    b.heading("Uddannelse", 2)
    education(b)
    b.heading("Beskæftigelse og CV", 2)
    work_history(b)
    b.heading("Faglige kvalifikationer", 2)
    b.para("{{ forberedende_del.kvalifikationer }}")
    b.heading("Personlige ressourcer", 2)
    b.field("Familie og netværk", "{{ forberedende_del.netværk }}")
    b.field("Interesser", "{{ forberedende_del.interesser }}")
    b.field("Sociale forhold", "{{ forberedende_del.sociale_forhold }}")
    b.heading("Beskæftigelsesmæssige og sociale udfordringer", 2)
    b.para("{{ forberedende_del.udfordringer }}")
    b.heading("Helbred", 2)
    health(b, "Igangværende undersøgelser og behandling")
    b.tag("{%p if lægens_vurdering %}")
    b.heading("Lægens vurdering", 3)
    b.para("Lægens egen vurdering fra den lægelige dokumentation (fx rehabiliteringsattesten, LÆ 265), "
           "gengivet fra sagsfilen.", style="Vejledning")
    b.tag("{%p for x in lægens_vurdering %}")
    p = b.para()
    p.paragraph_format.keep_with_next = True
    p.add_run("{{ x.betegnelse }}").bold = True
    p.add_run("{% if x.kilde %}, {{ x.kilde }}{% endif %}{% if x.dato %}, {{ x.dato }}{% endif %}")
    b.para("{{ x.indhold }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.heading("Tidligere indsatser og resultater", 2)
    b.listing(["Indsats", "Type", "Periode", "Resultat"], [4.6, 2.6, 2.6, 7.2],
              "t in forberedende_del.tidligere_indsatser",
              ["{{ t.indsats }}", optional("t.type|capitalize", "t.type"), optional("t.periode"),
               optional("t.resultat")], when="forberedende_del.tidligere_indsatser")
    b.heading("Forsørgelseshistorik", 2)
    b.listing(["Ydelse", "Fra", "Til", "Bemærkning"], [4.5, 3.3, 3.3, 5.9], "f in forberedende_del.forsørgelse",
              ["{{ f.ydelse }}", "{{ f.fra }}", "{% if f.til %}{{ f.til }}{% else %}Modtages fortsat{% endif %}",
               "{{ f.note }}"], when="forberedende_del.forsørgelse")

    b.heading("Rehabiliteringsteamets indstilling", 1)
    b.tag("{%p if rehabiliteringsteam %}")
    b.facts([
        ("Mødedato", "{{ rehabiliteringsteam.mødedato }}"),
        ("Deltagere", "{% for d in rehabiliteringsteam.deltagere %}{{ d.funktion }}{% if d.navn %} ({{ d.navn }})"
                      "{% endif %}{% if not loop.last %}\n{% endif %}{% else %}Ikke oplyst{% endfor %}"),
        ("Borgerens bisidder", "{{ rehabiliteringsteam.bisidder }}", "rehabiliteringsteam.bisidder"),
        ("Indstilling", "{% if rehabiliteringsteam.indstilling %}{{ rehabiliteringsteam.indstilling|capitalize }}"
                        "{% else %}Ikke oplyst{% endif %}"),
        ("Anbefalet varighed", "{{ rehabiliteringsteam.varighed }}"),
        ("Opfølgning", "{{ rehabiliteringsteam.opfølgning }}"),
    ])
    b.heading("Anbefalede indsatser", 2)
    b.bullets("a in rehabiliteringsteam.anbefalede_indsatser", "{{ a }}",
              when="rehabiliteringsteam.anbefalede_indsatser")
    b.heading("Teamets begrundelse", 2)
    b.para("{{ rehabiliteringsteam.begrundelse }}")
    b.heading("Kommunens afgørelse", 2)
    b.para("{% if not rehabiliteringsteam.kommunens_afgørelse %}Ikke oplyst"
           "{% elif rehabiliteringsteam.kommunens_afgørelse.fulgt %}Kommunen har fulgt rehabiliteringsteamets "
           "indstilling{% else %}Kommunen har ikke fulgt rehabiliteringsteamets indstilling{% endif %}"
           "{% if rehabiliteringsteam.kommunens_afgørelse and rehabiliteringsteam.kommunens_afgørelse.dato %}"
           " ({{ rehabiliteringsteam.kommunens_afgørelse.dato }}){% endif %}.")
    b.tag("{%p if rehabiliteringsteam.kommunens_afgørelse and rehabiliteringsteam.kommunens_afgørelse.begrundelse %}")
    b.para("{{ rehabiliteringsteam.kommunens_afgørelse.begrundelse }}")
    b.tag("{%p endif %}")
    b.tag("{%p if rehabiliteringsteam.kommunens_afgørelse and rehabiliteringsteam.kommunens_afgørelse.fornyet_vurdering %}")
    b.heading("Teamets fornyede vurdering", 3)
    b.para("Når kommunen ikke følger indstillingen, forelægges sagen igen for rehabiliteringsteamet.",
           style="Vejledning")
    b.para("{% if rehabiliteringsteam.kommunens_afgørelse.fornyet_vurdering.dato %}"
           "{{ rehabiliteringsteam.kommunens_afgørelse.fornyet_vurdering.dato }}: {% endif %}"
           "{{ rehabiliteringsteam.kommunens_afgørelse.fornyet_vurdering.vurdering }}")
    b.tag("{%p endif %}")
    b.tag("{%p else %}")
    b.para("Ikke oplyst. Sagen er endnu ikke behandlet i rehabiliteringsteamet.")
    b.tag("{%p endif %}")

    b.heading("Del 2 · Indsatsdel", 1)
    b.tag("{%p if har_indsatsdel %}")
    b.para("Udarbejdes når der er bevilget et ressourceforløb, med udgangspunkt i de indsatser "
           "rehabiliteringsteamet har anbefalet.", style="Vejledning")
    b.heading("Beskæftigelses- eller uddannelsesmål", 2)
    b.para("{{ mål.beskæftigelsesmål }}")
    b.heading("Målet med borgerens egne ord", 3)
    b.quote("mål.borgerens_egne_ord")
    b.heading("Delmål", 2)
    subgoals(b)
    b.tag("{%p if progression %}")
    b.heading("Progression", 2)
    b.para("Daterede iagttagelser af, hvad der har flyttet sig (progressionsfaktorer).", style="Vejledning")
    b.listing(["Dato", "Faktor", "Iagttagelse"], [2.8, 3.4, 10.8], "n in progression",
              ["{{ n.dato }}", "{{ n.faktor|capitalize }}{% if n.retning %}\n({{ n.retning }}){% endif %}",
               "{{ n.note }}"], when="progression")
    b.tag("{%p endif %}")
    b.heading("Indsatser", 2)
    b.tag("{%p if indsatser %}")
    effort_groups(b, 3)
    b.tag("{%p else %}")
    b.para("Ikke oplyst. Der er endnu ikke aftalt indsatser.")
    b.tag("{%p endif %}")
    company_efforts(b, 2)
    b.heading("Koordinering og opfølgning", 2)
    b.facts([
        ("Koordinerende sagsbehandler", COORDINATOR),
        ("Forløbets varighed", PERIOD),
        ("Opfølgning", "{{ opfølgning.plan }}", "opfølgning.plan"),
        (NEXT_STEP_LABEL, NEXT_STEP, "efter_reformen or opfølgning.næste_rehabiliteringsteam"),
    ])
    b.tag("{%p else %}")
    b.para("Indsatsdelen udfyldes, når kommunen har bevilget et ressourceforløb.")
    b.tag("{%p endif %}")

    b.signatures("Borger: {{ borger.navn }}", "Koordinerende sagsbehandler{% if koordinator %}: "
                 "{{ koordinator.navn }}{% endif %}")
    return b.save("rehabiliteringsplan.docx")


def indsatsplan() -> Path:
    b = Builder("Indsatsplan")
    b.document_title("Indsatsplan")
    b.para("{{ sag.forløb|capitalize }} · udarbejdet sammen med borgeren"
           "{% if sag.indsatsplan_udarbejdet %} {{ sag.indsatsplan_udarbejdet }}{% endif %}", style="Lille tekst")
    citizen_block(b)

    b.heading("Mit mål", 1)
    b.quote("mål.borgerens_egne_ord", empty=None)
    b.labelled("Beskæftigelses- eller uddannelsesmål", "{{ mål.beskæftigelsesmål }}")

    b.heading("Delmål", 1)
    subgoals(b)

    b.heading("Indsatser", 1)
    b.tag("{%p if indsatser %}")
    effort_groups(b, 2)
    b.tag("{%p else %}")
    b.para("Ikke oplyst. Der er endnu ikke aftalt indsatser.")
    b.tag("{%p endif %}")
    company_efforts(b, 2)
    b.tag("{%p if indsatser_med_formål %}")
    b.heading("Formålet med indsatserne", 2)
    b.tag("{%p for e in indsatser_med_formål %}")
    p = b.para()
    p.add_run("{{ e.titel }}: ").bold = True
    p.add_run("{{ e.formål }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")

    b.heading("Mine kontaktpersoner", 1)
    b.listing(["Navn", "Rolle", "Organisation", "Telefon og e-mail"], [3.6, 3.8, 4.6, 5.0],
              "a in kontaktpersoner",
              ["{{ a.navn }}", "{{ a.rolle|capitalize }}", optional("a.organisation"), optional("a.kontakt")],
              when="kontaktpersoner", empty="Der er endnu ikke registreret kontaktpersoner.",
              optional=("kontaktpersoner_har_kontakt", [3]))

    b.heading("Opfølgning", 1)
    b.tag("{%p if opfølgning.plan %}")
    b.labelled("Sådan følger vi op", "{{ opfølgning.plan }}")
    b.tag("{%p endif %}")
    b.heading("Opfølgningsplan", 2)
    b.para("Samtaler, frister og andre datoer vi følger op på. Frister der er overskredet, står også her.",
           style="Vejledning")
    b.listing(["Dato", "Hvad", "Beskrivelse"], [3.0, 5.2, 8.8], "p in opfølgningsplan",
              ["{{ p.dato }}", "{{ p.titel }}", "{{ p.beskrivelse }}"],
              when="opfølgningsplan", empty="Der er ikke planlagt opfølgning endnu.")
    b.tag("{%p if efter_reformen or opfølgning.næste_rehabiliteringsteam %}")
    b.labelled(NEXT_STEP_LABEL, NEXT_STEP)
    b.tag("{%p endif %}")

    b.heading("Aftaler", 1)
    b.listing(["Aftale", "Ansvarlig", "Frist"], [9.6, 4.4, 3.0], "a in aftaler",
              ["{{ a.tekst }}", optional("a.ansvarlig_navn"), optional("a.frist")], when="aftaler",
              empty="Ingen aftaler registreret.")

    b.signatures("Borger: {{ borger.navn }}", "Koordinerende sagsbehandler{% if koordinator %}: "
                 "{{ koordinator.navn }}{% endif %}")
    return b.save("indsatsplan.docx")


def supervision() -> Path:
    """The supervision brief, in the order a session runs (see toolkit/render/supervision.py).

    Page 1: the title (a level-1 heading) and the picture with its legend in words (first, so
    its height never leaves a gap); then the case in short, the main findings, participants,
    the last supervision, the agenda and a table for the session's agreements. The findings in sentences, who is involved and, in an appendix, the evidence
    point by point follow after. Sections are Heading 1 (H2 under the title), their parts Heading 2.
    """
    b = Builder("Supervisionsoplæg", marking="{{ dokument.mærkning }}")
    section = b.doc.sections[0]
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.6)
    normal = b.doc.styles["Normal"]  # this document only: a denser body, so the brief stays short
    normal.font.size = Pt(10)
    normal.paragraph_format.line_spacing = 1.05
    for name, size, before in (("Heading 1", 12.5, 12), ("Heading 2", 11, 8)):  # sections and their parts
        b.doc.styles[name].font.size = Pt(size)
        b.doc.styles[name].paragraph_format.space_before = Pt(before)
    title = b.doc.add_paragraph("Supervisionsoplæg", style="Title")
    _paragraph_outline_level(title, 0)
    b.para("Fælles supervision om samarbejdet omkring {{ borger.navn }} · forberedt {{ dokument.dato }}",
           style="Lille tekst")
    b.para("Oplægget beskriver samarbejdsdynamikken i hjælpersystemet omkring borgeren: relationerne mellem "
           "hjælperne, ikke borgerens egenskaber. Det er et oplæg til samtale, ikke en afgørelse; det, hver "
           "vurdering bygger på, står i bilaget med sted i sagsfilen og dato.", style="Vejledning")

    b.heading("Netværket omkring borgeren", 1)
    picture = b.para("{{ billede }}")
    picture.paragraph_format.keep_with_next = True
    b.tag("{%p for f in forklaring %}")
    b.para("{{ f }}", style="Lille tekst")
    b.tag("{%p endfor %}")

    b.heading("Sagen kort", 1)
    b.tag("{%p for k in kort %}")
    b.labelled("{{ k.overskrift }}", "{{ k.tekst }}")
    b.tag("{%p endfor %}")

    b.heading("Det vigtigste", 1)
    _compact_bullets(b, "p in hovedpunkter", "{{ p }}")

    b.heading("Forslag til deltagere", 1)
    b.para("{{ deltagere_tekst }}")

    b.heading("Sidste supervision", 1)
    b.tag("{%p if sidste_supervision %}")
    b.labelled("Dato", "{{ sidste_supervision.dato }}")
    b.tag("{%p if sidste_supervision.deltagere %}")
    b.labelled("Deltagere", "{{ sidste_supervision.deltagere }}")
    b.tag("{%p endif %}")
    b.tag("{%p if sidste_supervision.supervisor %}")
    b.labelled("Supervisor", "{{ sidste_supervision.supervisor }}")
    b.tag("{%p endif %}")
    b.tag("{%p if sidste_supervision.opfølgning %}")
    b.labelled("Opfølgning", "{{ sidste_supervision.opfølgning }}")
    b.tag("{%p endif %}")
    b.tag("{%p if sidste_supervision.aftaler %}")
    b.para("Det blev aftalt", bold=True).paragraph_format.keep_with_next = True
    _compact_bullets(b, "a in sidste_supervision.aftaler", "{{ a }}")
    b.tag("{%p endif %}")
    b.labelled("Siden sidst", "{{ siden_sidst_tekst }}")
    b.tag("{%p else %}")
    b.para("Der er ikke registreret en tidligere supervision i sagen.")
    b.tag("{%p endif %}")

    b.heading("Forslag til dagsorden", 1)
    b.tag("{%p if dagsorden %}")
    b.tag("{%p for i in dagsorden %}")
    b.heading("{{ i.nummer }}. {{ i.overskrift }}", 2)
    b.para("Svarer på fundet: {{ i.fund }} · Vedrører: {{ i.aktører }}", style="Lille tekst")
    b.tag("{%p for q in i.spørgsmål %}")
    b.doc.add_paragraph("{{ q }}", style="List Bullet")
    b.tag("{%p endfor %}")
    notes = b.para("Noter: " + "_" * 92, style="Lille tekst")
    notes.paragraph_format.space_before = Pt(4)
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.para("Ingen par med middel eller høj risiko.")
    b.tag("{%p endif %}")

    b.heading("Aftaler fra denne supervision", 1)
    table = b.doc.add_table(rows=1, cols=3)
    table.style = b.doc.styles["Table Grid"]
    _light_borders(table)
    _grid(table, (10.0, 4.0, 3.0))
    _repeat_header(table.rows[0])
    for cell, text, width in zip(table.rows[0].cells, ("Aftale", "Hvem", "Frist"), (10.0, 4.0, 3.0)):
        _set_width(cell, width)
        _shade(cell, SHADE)
        _cell_text(cell, text, bold=True)
    for number in range(4):
        row = table.add_row()
        _keep_row_together(row)
        for cell in row.cells:
            _cell_text(cell, " ")
            cell.add_paragraph(style="Tabeltekst")
            for paragraph in cell.paragraphs if number < 3 else ():
                paragraph.paragraph_format.keep_with_next = True  # the table stays on one page
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True

    b.heading("Fundene i sætninger", 1)
    b.heading("Koordinering", 2)
    b.para("{{ koordinering.omfang }}")
    _compact_bullets(b, "x in koordinering.sætninger", "{{ x }}")
    b.heading("Splitting", 2)
    b.labelled("Samlet vurdering", "{{ splitting.niveau|capitalize }}")
    b.para("{{ splitting.klager }}")
    b.tag("{%p if splitting.lejre %}")
    b.para("{{ splitting.lejre }}")
    b.tag("{%p endif %}")
    b.labelled("Trekanter med borgeren", "{{ splitting.trekanter_tekst }}")
    b.para("Par af hjælpere med middel eller høj risiko", bold=True).paragraph_format.keep_with_next = True
    b.bullets("r in splitting.par_sætninger", "{{ r }}", when="splitting.par_sætninger",
              empty="Ingen par med middel eller høj risiko.")
    b.heading("Manglende kanaler", 2)
    b.para("{{ kanaler_tekst }}")
    b.heading("Hvem er involveret", 1)
    b.listing(["Navn, rolle og organisation", "Kerneopgave", "Kontakt med borgeren", "Kontakt med de andre",
               "Koordinering"],
              [4.0, 4.0, 2.5, 4.3, 2.2], "a in aktører",
              ["{{ a.navn }}\n{{ a.rolle|capitalize }}\n{{ a.organisation }}", "{{ a.kerneopgave }}",
               "{{ a.kontakt_borger }}", "{{ a.kontakt_andre }}", "{{ a.koordinering }}"], when="aktører")

    appendix = b.doc.add_section(WD_SECTION.CONTINUOUS)
    columns = OxmlElement("w:cols")
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), "454")
    for old in appendix._sectPr.findall(qn("w:cols")):
        appendix._sectPr.remove(old)
    appendix._sectPr.append(columns)
    b.heading("Bilag: det, fundene bygger på", 1)
    b.para("Hvert punkt med point, sted i sagsfilen (linje) og dato. Belastningen for hver hjælper står i tabellen "
           "over, hvem der er involveret; her er grundlaget for hjælpere med middel eller høj belastning og for den "
           "koordinerende sagsbehandler.", style="Vejledning")
    b.heading("Koordineringsbelastning", 2)
    _evidence(b, "x", "koordinering.detaljer")
    b.heading("Splittingrisiko mellem par af hjælpere", 2)
    b.tag("{%p if splitting.par %}")
    _evidence(b, "r", "splitting.par")
    b.tag("{%p else %}")
    b.para("Ingen par med middel eller høj risiko.")
    b.tag("{%p endif %}")
    b.heading("Borgerens udvikling og samarbejdets hændelser", 2)
    b.tag("{%p if tidslinje %}")
    b.tag("{%p for t in tidslinje %}")
    line = b.doc.add_paragraph(style="Lille tekst")
    line.paragraph_format.space_after = Pt(2)
    line.paragraph_format.line_spacing = 1.0
    line.add_run("{{ t.dato }} · {{ t.hvad }}: ").bold = True
    line.add_run("{{ t.tekst }}")
    b.tag("{%p endfor %}")
    b.tag("{%p else %}")
    b.para("Der er ikke registreret udvikling eller hændelser.")
    b.tag("{%p endif %}")
    # A continuous break after the appendix makes Word and LibreOffice balance its two columns.
    closing = b.doc.add_section(WD_SECTION.CONTINUOUS)
    for old in closing._sectPr.findall(qn("w:cols")):
        closing._sectPr.remove(old)
    return b.save("supervision.docx")


def _paragraph_outline_level(paragraph, level: int) -> None:
    """Make a paragraph a heading of ``level`` + 1 for navigation and screen readers, whatever its style."""
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    paragraph._p.get_or_add_pPr().append(element)


def _compact_bullets(b: Builder, loop: str, item: str) -> None:
    """Bullets with no 'Ikke oplyst' fallback: the list is never empty where it is used."""
    b.tag(f"{{%p for {loop} %}}")
    b.doc.add_paragraph(item, style="List Bullet")
    b.tag("{%p endfor %}")


def _evidence(b: Builder, variable: str, items: str) -> None:
    """Per scored helper or pair: a bold line and its evidence as small bullets."""
    b.tag(f"{{%p for {variable} in {items} %}}")
    head = b.para(f"{{{{ {variable}.navn }}}}: {{{{ {variable}.score }}}} point ({{{{ {variable}.niveau }}}})",
                  bold=True)
    head.paragraph_format.keep_with_next = True
    head.paragraph_format.space_before = Pt(6)
    b.tag(f"{{%p for e in {variable}.evidens %}}")
    point = b.doc.add_paragraph(style="List Bullet")
    point.paragraph_format.space_after = Pt(1)
    point.paragraph_format.line_spacing = 1.0
    point.add_run("{{ e }}").font.size = Pt(8.5)
    b.tag("{%p endfor %}")
    b.tag("{%p endfor %}")


if __name__ == "__main__":
    from templates_aendringer import aendringer
    from templates_beskrivelse import beskrivelse
    from templates_moedebrev import moedebrev

    for built in (indsatsplan(), rehabiliteringsplan(), supervision(), aendringer(), moedebrev(), beskrivelse()):
        print(f"wrote {built.relative_to(ROOT)}")
