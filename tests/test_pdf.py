"""Every generated document converts to PDF with LibreOffice and reads as it should."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import EXAMPLES, MINIMAL, pdf_text, to_pdf
from test_documents import DOCUMENT_DATE, HOSTILE, _hostile_case
from toolkit.casefile import load_case
from toolkit.render.documents import DOCUMENTS, render_document


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "toolkit", "build", "examples", "-o", str(out), "--dato", DOCUMENT_DATE],
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
    assert len(pdfs) == 3 * len(EXAMPLES) + letters
    for docx, pdf in pdfs.items():
        assert pdf.exists() and pdf.stat().st_size > 5_000, docx.name


TITLES = {"indsatsplan.docx": "Indsatsplan", "rehabiliteringsplan.docx": "Rehabiliteringsplan",
          "supervision.docx": "Supervisionsoplæg", "moedebrev.docx": "Brev om dit møde"}


def test_pdf_pages_carry_content_and_page_numbers(pdfs):
    cases = {case.sag.id: case for case in map(load_case, EXAMPLES)}
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
