"""Generated documents, read back: every section holds the case's real content."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from conftest import EXAMPLES, MINIMAL
from docx_text import all_text, body_text, footer_text, header_text, table_rows
from toolkit.casefile import load_case
from toolkit.exceptions import TemplateProblem
from toolkit.render.context import EFFORT_GROUPS
from toolkit.render.documents import INDSATSPLAN, REHABILITERINGSPLAN, render_document
from toolkit.render.jinja import danish_date

DOCUMENT_DATE = "2015-04-15"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """``forloeb build examples`` run once, as a user runs it."""
    out = tmp_path_factory.mktemp("out")
    subprocess.run([sys.executable, "-m", "toolkit", "build", "examples", "-o", str(out), "--dato", DOCUMENT_DATE],
                   check=True, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    return out


def cases():
    return [pytest.param(load_case(p), id=p.stem) for p in EXAMPLES]


def test_there_is_an_example_per_seed():
    assert {p.stem.split("-")[0] for p in EXAMPLES} >= {"aarhus", "halsnaes", "horsens", "odense"}


@pytest.mark.parametrize("case", cases())
def test_build_writes_both_documents_per_case(built, case):
    for name in ("indsatsplan.docx", "rehabiliteringsplan.docx"):
        document = Document(built / case.sag.id / name)
        assert document.paragraphs, name


@pytest.mark.parametrize("case", cases())
@pytest.mark.parametrize("kind", [INDSATSPLAN, REHABILITERINGSPLAN], ids=lambda k: k.name)
def test_letterhead_footer_and_no_template_leftovers(built, case, kind):
    path = built / case.sag.id / kind.filename
    header, footer, text = header_text(path), footer_text(path), all_text(path)
    assert case.sag.kommune in header and kind.title in header
    assert f"Sag {case.sag.id}" in header and "15. april 2015" in header
    assert "Side" in footer and " af " in footer
    for leftover in ("{{", "}}", "{%", "%}", "None", "True", "False"):
        assert leftover not in text, leftover


def _row_with(rows: list[list[str]], first: str) -> list[str]:
    """The first row whose first cell is ``first`` (or begins with it on a line of its own)."""
    matches = [row for row in rows if row and (row[0] == first or row[0].split("\n")[0] == first)]
    assert matches, f"no table row starts with {first!r}"
    return matches[0]


@pytest.mark.parametrize("case", cases())
def test_indsatsplan_holds_goal_efforts_contacts_and_follow_up(built, case):
    path = built / case.sag.id / "indsatsplan.docx"
    text, rows = body_text(path), table_rows(path)
    assert case.borger.navn in text
    if case.maal.borgerens_egne_ord:
        assert case.maal.borgerens_egne_ord.strip().splitlines()[0] in text
    assert case.maal.beskaeftigelsesmaal in text
    for goal in case.maal.delmaal:
        assert _row_with(rows, goal.tekst)[1] == (danish_date(goal.frist) if goal.frist else "")
    assert case.indsatser, "an example without efforts would not test the efforts table"
    lines = text.splitlines()
    for effort in case.indsatser:
        row = _row_with(rows, effort.titel)
        assert row[0] == f"{effort.titel}\n{effort.lovgrundlag or ''}"
        assert case.aktoer(effort.ansvarlig).navn in row[1]
        assert row[4] == effort.status.capitalize()
        if effort.start:
            assert danish_date(effort.start) in row[3]
        heading = dict(EFFORT_GROUPS)[effort.type]
        assert heading in lines, "efforts stand under the heading of their kind"
    for talk in (t for t in case.samtaler if t.status == "planlagt"):
        assert _row_with(rows, danish_date(talk.dato))
    for agreement in case.aftaler:
        assert _row_with(rows, agreement.tekst)
    coordinator = case.aktoer(case.sag.koordinerende_sagsbehandler)
    assert _row_with(rows, "Koordinerende sagsbehandler")[1].startswith(coordinator.navn)
    assert _row_with(rows, coordinator.navn), "the coordinator is the first of 'Mine kontaktpersoner'"


@pytest.mark.parametrize("case", cases())
def test_rehabiliteringsplan_holds_every_part(built, case):
    path = built / case.sag.id / "rehabiliteringsplan.docx"
    text, rows = body_text(path), table_rows(path)
    for heading in ("Del 1 · Forberedende del", "Borgerens egne mål og ønsker", "Uddannelse", "Beskæftigelse og CV",
                    "Personlige ressourcer", "Helbred", "Tidligere indsatser og resultater", "Forsørgelseshistorik",
                    "Rehabiliteringsteamets indstilling", "Del 2 · Indsatsdel", "Underskrifter"):
        assert heading in text.splitlines(), heading
    part = case.forberedende_del
    assert part.egne_maal.strip().splitlines()[0] in text
    for benefit in part.forsoergelse:
        row = _row_with(rows, benefit.ydelse)
        assert row[1] == (danish_date(benefit.fra) if benefit.fra else "Ikke oplyst")  # the table's own columns
        assert row[2] == (danish_date(benefit.til) if benefit.til else "Modtages fortsat")
    for education in part.uddannelse:
        assert _row_with(rows, education.betegnelse)
    for diagnosis in part.helbred.diagnoser:
        assert diagnosis in text.splitlines()
    team = case.rehabiliteringsteam
    assert _row_with(rows, "Indstilling")[1] == team.indstilling.capitalize()
    assert _row_with(rows, "Mødedato")[1] == danish_date(team.moededato)
    for recommended in team.anbefalede_indsatser:
        assert recommended in text.splitlines()
    if team.kommunens_afgoerelse:
        assert ("har fulgt" if team.kommunens_afgoerelse.fulgt else "har ikke fulgt") in text
    for kind, heading in EFFORT_GROUPS:
        assert (heading in text.splitlines()) == any(e.type == kind for e in case.indsatser), heading
    for effort in case.indsatser:
        assert case.aktoer(effort.ansvarlig).navn in _row_with(rows, effort.titel)[1]


def test_the_aarhus_case_reads_as_the_slides_describe(built):
    path = built / "aarhus-2014-0117"
    plan, rehab = body_text(path / "indsatsplan.docx"), body_text(path / "rehabiliteringsplan.docx")
    assert "Morten" in plan and "ADHD" in rehab and "hash" in rehab.lower()
    for effort in ("Bostøtte", "Mentor", "misbrugsbehandling"):
        assert effort.lower() in plan.lower()


def test_minimal_case_prints_ikke_oplyst_and_never_none(case_file, tmp_path):
    case = load_case(case_file(MINIMAL))
    for kind in (INDSATSPLAN, REHABILITERINGSPLAN):
        out = tmp_path / kind.filename
        out.write_bytes(render_document(case, kind, today=date(2026, 1, 5)))
        text = all_text(out)
        assert "None" not in text and "Ikke oplyst" in text
        lines = body_text(out).splitlines()
        headings = {"Mit mål", "Delmål", "Indsatser", "Aftaler"} if kind is INDSATSPLAN else {
            "Borgerens egne mål og ønsker", "Uddannelse", "Forsørgelseshistorik", "Rehabiliteringsteamets indstilling"}
        for heading in headings:
            following = lines[lines.index(heading) + 1]
            assert following.strip(), f"blank after heading {heading!r}"
            assert "Ikke oplyst" in following or following.startswith(("Ingen", "Der er endnu ikke")), \
                (heading, following)


HOSTILE = 'Tom & Jerry <b>fed</b> "citat" \'enkelt\' æøå ÆØÅ 😀🚀 {{ 7*7 }} {% if %} \x00\x01\x07\x0b\x0c\x1b slut'


def _hostile_case(case_file, tmp_path):
    import json
    value = json.dumps(HOSTILE, ensure_ascii=False)  # a YAML double-quoted string: \u0000 escapes
    text = MINIMAL.replace("navn: Test Testesen", f"navn: {value}").replace("kommune: Testkommune",
                                                                              f"kommune: {value}")
    text += (f"forberedende_del:\n  egne_mål: {value}\n  forsørgelse:\n    - ydelse: {value}\n"
             f"mål:\n  borgerens_egne_ord: {value}\n"
             f"indsatser:\n  - id: a\n    titel: {value}\n    type: social\n    kategori: andet\n    ansvarlig: ks\n    formål: {value}\n")
    return load_case(case_file(text))


def test_hostile_text_renders_to_valid_documents_as_text(case_file, tmp_path):
    case = _hostile_case(case_file, tmp_path)
    expected = 'Tom & Jerry <b>fed</b> "citat" \'enkelt\' æøå ÆØÅ 😀🚀 {{ 7*7 }} {% if %} \n\n slut'
    for kind in (INDSATSPLAN, REHABILITERINGSPLAN):
        path = tmp_path / kind.filename
        path.write_bytes(render_document(case, kind))
        Document(path)  # python-docx opens it
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None
        assert expected in all_text(path)
        assert "49" not in body_text(path)


def _template_with(tmp_path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    path = tmp_path / "kommunens-skabelon.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("text, message", [
    ("{{ ukendt_variabel }}", "variabler som sagen ikke kan levere: ukendt_variabel"),
    ("{{ borger.fornavn }}", "feltet 'fornavn' findes ikke"),
    ("{{ borger.navn.__class__.__mro__ }}", "ikke er tilladt"),
    ("{% if borger.navn %}", "fejl i skabelonens Jinja-kode"),
    ("{{ 1 / 0 }}", "skabelonen fejlede under udfyldning (ZeroDivisionError"),
    ("{{ borger.navn + 1 }}", "skabelonen fejlede under udfyldning (TypeError"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
     "over 1.000.000 trin (gennemløb af løkker og kald)"),
    ("{% macro m() %}{% for i in range(2000) %}{% endfor %}{% endmacro %}{% for i in range(1000) %}{{ m() }}"
     "{% endfor %}", "over 1.000.000 trin (gennemløb af løkker og kald)"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "skabelonen fejlede under udfyldning (RecursionError"),
    ("{{ aktører|slice(10**9) }}", "filteret slice får en for stor bredde"),
])
def test_municipal_template_problems_are_clear(case_file, tmp_path, text, message):
    case = load_case(case_file(MINIMAL))
    with pytest.raises(TemplateProblem) as caught:
        render_document(case, INDSATSPLAN, template=_template_with(tmp_path, text))
    assert message in str(caught.value)
    assert "kommunens-skabelon.docx" in str(caught.value)


def test_municipal_template_with_own_wording_is_used(case_file, tmp_path):
    case = load_case(case_file(MINIMAL))
    template = _template_with(tmp_path, "Kære {{ borger.navn }}, din plan fra {{ sag.kommune }}.")
    out = tmp_path / "plan.docx"
    out.write_bytes(render_document(case, INDSATSPLAN, template=template))
    assert "Kære Test Testesen, din plan fra Testkommune." in body_text(out)


def test_a_file_that_is_not_a_template_is_refused(case_file, tmp_path):
    case = load_case(case_file(MINIMAL))
    bogus = tmp_path / "skabelon.docx"
    bogus.write_text("ikke en docx")
    with pytest.raises(TemplateProblem, match="er ikke et Word-dokument"):
        render_document(case, INDSATSPLAN, template=bogus)


def test_documents_are_byte_identical_for_the_same_case_template_and_date(monkeypatch):
    """Generated documents can be committed and diffed: no clock time inside the package."""
    import time as clock

    case = load_case(EXAMPLES[0])
    first = {kind: render_document(case, kind, today=date(2015, 4, 15)) for kind in (INDSATSPLAN, REHABILITERINGSPLAN)}
    later = clock.time() + 3 * 3600
    monkeypatch.setattr(clock, "time", lambda: later)
    monkeypatch.setattr(clock, "localtime", lambda secs=None: clock.gmtime(later))
    for kind, content in first.items():
        assert render_document(case, kind, today=date(2015, 4, 15)) == content, kind.name
    with __import__("zipfile").ZipFile(__import__("io").BytesIO(first[INDSATSPLAN])) as package:
        assert {info.date_time for info in package.infolist()} == {(2015, 4, 15, 0, 0, 0)}
        assert "<dcterms:created" in package.read("docProps/core.xml").decode() and \
               "2015-04-15T00:00:00Z" in package.read("docProps/core.xml").decode()
    assert render_document(case, INDSATSPLAN, today=date(2015, 4, 16)) != first[INDSATSPLAN]
