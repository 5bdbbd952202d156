"""Every generated document converts to PDF with LibreOffice and reads as it should."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from docx import Document
from docx.shared import Cm

from conftest import EXAMPLES, MINIMAL, pdf_text, to_pdf
from docx_text import all_text
from test_documents import DOCUMENT_DATE, HOSTILE, _hostile_case
from toolkit.casefile import load_case
from toolkit.render.documents import DOCUMENTS, render_document

HELD = Path(__file__).parent / "fixtures" / "documents" / "vejle-maja.yaml"
"""A case of our own: coordinator only by role, a work-trial contact in a private company, fields left out."""
HELD_DATE = "2021-12-01"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "toolkit", "build", "examples", "-o", str(out), "--dato", DOCUMENT_DATE],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "toolkit", "build", str(HELD), "-o", str(out), "--dato", HELD_DATE],
                   check=True, capture_output=True)
    flat = []
    for document in sorted(out.rglob("*.docx")):
        target = out / "--".join(document.relative_to(out).parts)
        document.rename(target)
        flat.append(target)
    return dict(zip(flat, to_pdf(flat, out)))


def test_every_example_document_converts(pdfs):
    from toolkit.analyse.meetings import meeting_soon

    day = date.fromisoformat(DOCUMENT_DATE)
    letters = sum(1 for path in EXAMPLES if meeting_soon(load_case(path), day))
    assert len(pdfs) == 3 * (len(EXAMPLES) + 1) + letters
    for docx, pdf in pdfs.items():
        assert pdf.exists() and pdf.stat().st_size > 5_000, docx.name


TITLES = {"indsatsplan.docx": "Indsatsplan", "rehabiliteringsplan.docx": "Rehabiliteringsplan",
          "supervision.docx": "Supervisionsoplæg", "moedebrev.docx": "Brev om dit møde"}


def test_pdf_pages_carry_content_and_page_numbers(pdfs):
    cases = {case.sag.id: case for case in map(load_case, [*EXAMPLES, HELD])}
    for docx, pdf in pdfs.items():
        case_id, *_, name = docx.name.split("--")
        text = pdf_text(pdf)
        assert TITLES[name] in text and "Side 1 af" in text
        if name == "supervision.docx":
            assert "Borgeren" in text and cases[case_id].borger.navn.split()[0] not in text
        else:
            assert cases[case_id].borger.navn in text


def test_hostile_and_minimal_cases_convert(case_file, tmp_path):
    documents = []
    for label, case in (("hostile", _hostile_case(case_file, tmp_path)), ("minimal", load_case(case_file(MINIMAL)))):
        for kind in DOCUMENTS:
            path = tmp_path / f"{label}-{kind.filename}"
            path.write_bytes(render_document(case, kind))
            documents.append(path)
    for pdf in to_pdf(documents, tmp_path):
        assert pdf.exists(), pdf
        if pdf.name.startswith("hostile"):
            assert "Tom & Jerry <b>fed</b>" in pdf_text(pdf)
    assert HOSTILE


# -- layout, read back from the PDF -----------------------------------------------------------

PUNCTUATION = "\"'()[],.;:!?«»“”…–"


def _words(text: str) -> set[str]:
    return {w.strip(PUNCTUATION) for w in text.split() if w.strip(PUNCTUATION)}


def _plain_lines(pdf: Path, page: int | None = None) -> list[str]:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    text = subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def broken_words(pdf: Path, docx: Path) -> list[str]:
    """Words of the document split over two lines without a hyphen: the end of one line and the start of
    the next make a word of the document, and one of the two pieces is not a word of it by itself."""
    words = _words(all_text(docx))
    lines = [line.split() for line in _plain_lines(pdf)]
    found = []
    for index, line in enumerate(lines[:-1]):
        pieces = [line[-1]]
        for following in lines[index + 1:]:  # a word may run over several one-word lines
            if pieces[-1].endswith(("-", "\u2010", "\u00ad")) or not pieces[-1].strip(PUNCTUATION) \
                    or not following[0].strip(PUNCTUATION):
                break
            pieces.append(following[0])
            if "".join(pieces).strip(PUNCTUATION) in words and not {p.strip(PUNCTUATION) for p in pieces} <= words:
                found.append("|".join(pieces))
                break
            if len(following) > 1:
                break
    return found


def test_the_detector_finds_a_word_broken_in_a_narrow_column(tmp_path):
    """The check below can fail: a one-centimetre column breaks a long compound without a hyphen."""
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, (Cm(1.2), Cm(15))):
        column.width = cell.width = width
    table.rows[0].cells[0].text = "Misbrugsbehandlingen"
    path = tmp_path / "smal.docx"
    document.save(path)
    assert broken_words(to_pdf([path], tmp_path)[0], path)


def test_no_word_is_broken_without_a_hyphen(pdfs):
    for docx, pdf in pdfs.items():
        assert broken_words(pdf, docx) == [], docx.name


def _styled(docx: Path, prefixes: tuple[str, ...]) -> set[str]:
    """The texts of the body's paragraphs whose style name starts with one of ``prefixes``."""
    document = Document(docx)
    return {p.text.strip() for p in document.paragraphs if p.text.strip() and p.style.name.startswith(prefixes)}


def test_headings_and_guidance_never_end_a_page_and_signatures_stay_together(pdfs):
    for docx, pdf in pdfs.items():
        held_back = _styled(docx, ("Heading", "Title", "Vejledning"))
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                 text=True).stdout)[1])
        for page in range(1, pages + 1):
            body = [line for line in _plain_lines(pdf, page) if not re.search(r"Side \d+ af \d+", line)]
            assert body and body[-1] not in held_back, f"{docx.name} page {page} ends with {body[-1]!r}"
            if "Underskrifter" in body:
                assert "Dato og underskrift" in body, f"{docx.name}: the signature lines left their heading"


# -- tagged PDF, language, alternative text, PDF/A -------------------------------------------------


def _structure(pdf: Path) -> list[tuple[str, str | None]]:
    """The tagged PDF's structure elements in reading order, with their alternative text."""
    import pypdf

    found: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pdf_is_tagged_in_danish_with_the_title_as_first_heading_and_alt_text(pdfs):
    import pypdf

    for docx, pdf in pdfs.items():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert re.search(r"Tagged:\s+yes", info), docx.name
        root = pypdf.PdfReader(pdf).trailer["/Root"]
        assert root["/Lang"] == "da-DK" and root["/MarkInfo"]["/Marked"], docx.name
        tags = _structure(pdf)
        headings = [name for name, _alt in tags if re.fullmatch(r"/H\d", name)]
        assert headings[0] == "/H1" and headings.count("/H1") == 1, docx.name
        levels = [int(h[2]) for h in headings]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{docx.name} skips a heading level"
        figures = [alt for name, alt in tags if name == "/Figure"]
        assert all(figures), f"{docx.name}: a picture without alternative text"
        if docx.name.endswith("supervision.docx"):
            assert figures and "Netværkskort med borgeren i midten" in figures[0]


def test_pdfa_declares_pdf_a_2b(tmp_path):
    import pypdf

    target = tmp_path / "plan.docx"
    subprocess.run([sys.executable, "-m", "toolkit", "indsatsplan", str(HELD), "-o", str(target), "--dato",
                    HELD_DATE, "--pdfa"], check=True, capture_output=True)
    reader = pypdf.PdfReader(target.with_suffix(".pdf"))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp) and re.search(r"<pdfaid:conformance>B<", xmp)
    assert reader.trailer["/Root"]["/Lang"] == "da-DK" and "/StructTreeRoot" in reader.trailer["/Root"]


def test_the_held_case_names_its_people_and_rarely_says_ikke_oplyst(pdfs):
    docx, pdf = next((d, p) for d, p in pdfs.items() if d.name.startswith("vejle") and d.name.endswith(
        "--indsatsplan.docx"))
    text = pdf_text(pdf)
    contacts = text[text.index("Mine kontaktpersoner"):text.index("Opfølgning")]
    for person in ("Rasmus Vinther", "Hanne Lykke", "Bo Kragh"):
        assert person in contacts, person
    assert text.count("Ikke oplyst") <= 5


def test_the_supervision_brief_has_summary_picture_and_agenda_first_and_evidence_last(pdfs):
    for docx, pdf in pdfs.items():
        if docx.name.endswith("supervision.docx"):
            first = "\n".join(line for page in (1, 2, 3) for line in _plain_lines(pdf, page))
            assert "Sagen kort" in first and "Forslag til dagsorden" in first, docx.name
            text = "\n".join(_plain_lines(pdf))
            assert text.index("Bilag: det, fundene bygger på") > text.index("Forslag til deltagere"), docx.name
