"""Documents a municipality can send and archive: its own letterhead from one settings file, Danish as
the document language, a heading tree without gaps, header rows, alternative text, honest metadata,
and dates that make sense. Each test reads the generated .docx back."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from conftest import EXAMPLES, tiny_png
from docx_text import all_text, body_text, footer_text, header_text, table_rows
from toolkit.analyse.timing import timing
from toolkit.casefile import find_case_files, load_case
from toolkit.render.documents import INDSATSPLAN, REHABILITERINGSPLAN, render_document
from toolkit.schema import settings_json_schema_text
from toolkit.settings import SETTINGS_NAME, load_settings

ROOT = Path(__file__).resolve().parent.parent
HELD = Path(__file__).parent / "fixtures" / "documents" / "vejle-maja.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DAY = date(2021, 12, 1)


def _part(docx: bytes | Path, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx) as package:
        return package.read(name)


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("template", sorted((ROOT / "templates").glob("*.docx")), ids=lambda p: p.stem)
def test_templates_are_danish_with_the_title_as_first_heading(template):
    styles = etree.fromstring(_part(template, "word/styles.xml"))
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(f"{W}val") == "da-DK"
    levels = {style.get(f"{W}styleId"): style.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val")
              for style in styles.iter(f"{W}style") if style.find(f"{W}pPr/{W}outlineLvl") is not None}
    assert (levels["Title"], levels["Heading1"], levels["Heading2"], levels["Heading3"]) == ("0", "1", "2", "3")
    assert b"autoHyphenation" in _part(template, "word/settings.xml")


def _heading_levels(docx: Path) -> list[int]:
    levels = {"Title": 0, "Heading1": 1, "Heading2": 2, "Heading3": 3, "Heading4": 4}
    body = etree.fromstring(_part(docx, "word/document.xml"))
    found = []
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in levels:
            found.append(levels[style.get(f"{W}val")])
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    subprocess.run([sys.executable, "-m", "toolkit", "build", "examples", str(HELD), "-o", str(out), "--dato",
                    DAY.isoformat()], check=True, capture_output=True, cwd=ROOT)
    return sorted(out.rglob("*.docx"))


def test_headings_start_with_the_title_and_never_skip_a_level(built):
    for docx in built:
        levels = _heading_levels(docx)
        assert levels[0] == 0 and levels.count(0) == 1, docx
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (docx, levels)


def test_every_list_table_repeats_its_header_row(built):
    for docx in built:
        body = etree.fromstring(_part(docx, "word/document.xml"))
        for table in body.iter(f"{W}tbl"):
            columns = len(table.findall(f"{W}tblGrid/{W}gridCol"))
            if columns >= 3:  # two-column tables are label/value facts and the signature lines
                first = table.find(f"{W}tr")
                assert first.find(f"{W}trPr/{W}tblHeader") is not None, docx


def test_every_picture_has_alternative_text(built):
    briefs = [d for d in built if d.name == "supervision.docx"]
    assert briefs
    for docx in built:
        for name in ("word/document.xml", "word/header1.xml"):
            tree = etree.fromstring(_part(docx, name))
            for element in tree.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
                assert element.get("descr"), docx
    text = etree.fromstring(_part(briefs[0], "word/document.xml"))
    assert any("Netværkskort med borgeren i midten" in (e.get("descr") or "") for e in text.iter())
    assert "Farve = sektor" in body_text(briefs[0]), "the legend is also text, not only inside the picture"


def test_metadata_names_the_sender_and_forloeb_and_carries_no_template_description(built):
    for docx in built:
        core = _part(docx, "docProps/core.xml").decode()
        app = _part(docx, "docProps/app.xml").decode()
        assert "Skabelon" not in core and not re.search(r"<dc:description>[^<]", core)
        assert re.search(r"<dc:creator>[^<]+</dc:creator>", core), docx
        assert "<Application>forloeb</Application>" in app and "Microsoft" not in app
        with zipfile.ZipFile(docx) as package:
            assert not any("thumbnail" in name for name in package.namelist())
            assert b"thumbnail" not in package.read("_rels/.rels")
        if docx.name == "supervision.docx":  # pseudonymised: no case id in the metadata
            assert "<dc:subject>Supervision om samarbejdet omkring borgeren</dc:subject>" in core


def test_the_held_case_names_its_coordinator_and_work_trial_contact(built):
    plan = next(d for d in built if d.parent.name == "vejle-2021-0311" and d.name == "indsatsplan.docx")
    rows = table_rows(plan)
    assert next(r for r in rows if r[0] == "Koordinerende sagsbehandler")[1].startswith("Rasmus Vinther")
    names = [r[0] for r in rows]
    for person in ("Rasmus Vinther", "Hanne Lykke", "Bo Kragh"):
        assert person in names, f"{person} is missing from 'Mine kontaktpersoner'"
    assert not any("Telefon" in cell for row in rows for cell in row), "an empty phone column is left out"
    assert "Lykkes Bageri ApS (CVR 12345678)" in body_text(plan), "the company-based effort has its section"
    assert all_text(plan).count("Ikke oplyst") <= 5
    assert "(træner (forening))" not in all_text(plan)


def test_no_example_plan_fills_up_with_ikke_oplyst(built):
    for docx in built:
        if docx.name == "indsatsplan.docx":
            assert all_text(docx).count("Ikke oplyst") <= 3, docx


def test_the_form_gaps_have_their_sections():
    """The GP's own assessment, the team's reassessment, the companion, progression factors and the
    company-based effort, from the optional fields of the case file."""
    case = load_case(HELD)
    text = _write_text(render_document(case, REHABILITERINGSPLAN, today=DAY))
    for expected in ("Lægens vurdering", "Maja kan arbejde 10-12 timer om ugen", "Borgerens bisidder\nIda Holst, søster",
                     "Teamets fornyede vurdering", "30. august 2021: Teamet fastholder indstillingen", "Progression",
                     "Mødestabilitet\n(frem)", "Virksomhedsrettet indsats", "Ekspedition og opfyldning"):
        assert expected in text, expected
    assert text.index("15. november 2021") < text.index("29. november 2021"), "progression in date order"


# -- municipal settings --------------------------------------------------------------------------


SETTINGS = """\
afsender: Jobcenter Vejle
afdeling: Team Ressourceforløb
adresse: Eksempelgade 1, 7100 Vejle
telefon: 00 00 00 99
email: jobcenter@example.invalid
web: example.invalid/job
logo: logo.png
journalnummer: Sagsnr.
sidefod: Læs om dine rettigheder på example.invalid/privatliv
"""


def test_settings_beside_the_case_make_every_documents_letterhead(tmp_path):
    folder = tmp_path / "sager"
    folder.mkdir()
    shutil.copy(HELD, folder / "maja.yaml")
    (folder / SETTINGS_NAME).write_text(SETTINGS, encoding="utf-8")
    (folder / "logo.png").write_bytes(tiny_png())
    assert find_case_files([folder]) == [folder / "maja.yaml"], "the settings file is not a case"
    out = tmp_path / "ud"
    result = subprocess.run([sys.executable, "-m", "toolkit", "build", str(folder), "-o", str(out), "--dato",
                             DAY.isoformat()], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for docx in (out / "vejle-2021-0311").rglob("*.docx"):
        header = header_text(docx)
        for text in ("Jobcenter Vejle", "Team Ressourceforløb", "Eksempelgade 1, 7100 Vejle",
                     "Tlf. 00 00 00 99 · jobcenter@example.invalid · example.invalid/job"):
            assert text in header, (docx, text)
        assert "Læs om dine rettigheder" in footer_text(docx)
        assert "<dc:creator>Jobcenter Vejle</dc:creator>" in _part(docx, "docProps/core.xml").decode()
        logo = etree.fromstring(_part(docx, "word/header1.xml"))
        described = [e.get("descr") for e in logo.iter() if e.get("descr")]
        assert "Logo: Jobcenter Vejle" in described, docx
        if docx.name == "indsatsplan.docx":
            assert "Sagsnr. 15.20.06-G01-311-21" in header


def test_indstillinger_option_and_bad_settings_are_located(tmp_path):
    settings = tmp_path / "andre.yaml"
    settings.write_text("afsender: Jobcenter Vejle\nafsendr: stavefejl\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "toolkit", "indsatsplan", str(HELD), "-o",
                             str(tmp_path / "plan.docx"), "--indstillinger", str(settings)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{settings}:2:1: afsendr: ukendt felt" in result.stderr and "Mente du 'afsender'?" in result.stderr
    assert not (tmp_path / "plan.docx").exists()
    settings.write_text("afsender: Jobcenter Vejle\nlogo: mangler.png\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"andre.yaml:2:\d+: logo: logoet 'mangler.png' findes ikke"):
        load_settings(settings)


def test_the_settings_schema_is_committed():
    assert settings_json_schema_text() == (ROOT / "schemas" / "indstillinger.schema.json").read_text("utf-8")


# -- dates -----------------------------------------------------------------------------------------

def test_a_date_outside_the_period_is_said_once_and_nothing_is_counted():
    case = load_case(HELD)
    before = _write_text(render_document(case, INDSATSPLAN, today=date(2021, 6, 1)))
    assert before.count("før ressourceforløbet blev bevilget 1. september 2021") == 1
    after = _write_text(render_document(case, REHABILITERINGSPLAN, today=date(2026, 1, 1)))
    assert after.count("efter at den bevilgede periode sluttede 28. februar 2023") == 1
    assert timing(case, date(2022, 3, 1)).måneder == 6 and timing(case, date(2022, 3, 1)).note is None


def test_a_passed_team_meeting_is_never_next():
    case = load_case(EXAMPLES[0])
    meeting = case.opfoelgning.naeste_rehabiliteringsteam
    assert meeting is not None
    later = _write_text(render_document(case, REHABILITERINGSPLAN, today=date(meeting.year + 1, 1, 1)))
    earlier = _write_text(render_document(case, REHABILITERINGSPLAN, today=meeting))
    assert "Næste forelæggelse" not in later and "datoen er passeret" in later
    assert "Næste forelæggelse i rehabiliteringsteamet" in earlier


def test_supervision_summary_counts_months_only_within_the_period():
    from toolkit.render.supervision import summary

    case = load_case(EXAMPLES[0])
    lines = {row["overskrift"]: row["tekst"] for row in summary(case, date(2030, 1, 1))}
    assert " af " not in lines["Varighed indtil nu"] and "efter at den bevilgede periode sluttede" in \
        lines["Varighed indtil nu"]


def _write_text(content: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs) + "\n" + "\n".join(
        "\n".join(c.text for c in row.cells) for t in Document(io.BytesIO(content)).tables for row in t.rows)


def _logo_settings(tmp_path: Path):
    (tmp_path / "logo.png").write_bytes(tiny_png())
    path = tmp_path / SETTINGS_NAME
    path.write_text("afsender: Jobcenter Vejle\nlogo: logo.png\n", encoding="utf-8")
    return load_settings(path)


def _pictures(content: bytes) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                found += re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', package.read(name).decode())
    return found


def test_a_logo_keeps_the_fast_path(tmp_path, monkeypatch):
    """The logo goes into a copy of the template once, so a batch is not rendered through docxtpl."""
    from toolkit.render import documents

    settings = _logo_settings(tmp_path)
    monkeypatch.setattr(documents, "render_docx_classic", lambda *a, **k: pytest.fail("rendered the slow way"))
    content = render_document(load_case(HELD), INDSATSPLAN, today=DAY, settings=settings)
    assert _pictures(content) == ["Logo: Jobcenter Vejle"]


def test_a_logo_tag_split_over_runs_still_gets_the_logo(tmp_path):
    from docx import Document

    settings = _logo_settings(tmp_path)
    document = Document()
    paragraph = document.sections[0].header.paragraphs[0]
    for piece in ("{{ afsender", ".logo }}"):  # as Word may save it
        paragraph.add_run(piece)
    document.add_paragraph("{{ borger.navn }}")
    template = tmp_path / "kommunens.docx"
    document.save(template)
    content = render_document(load_case(HELD), INDSATSPLAN, today=DAY, settings=settings, template=template)
    assert _pictures(content) == ["Logo: Jobcenter Vejle"]
