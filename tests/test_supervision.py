"""Supervision brief: the content a supervisor needs, and no identity where none belongs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, pdf_text, to_pdf
from docx_text import all_text, body_text, header_text
from toolkit.casefile import load_case
from toolkit.model import Case
from toolkit.privacy import CITIZEN_ALIAS, aliases, pseudonymise
from toolkit.render.jinja import danish_date
from toolkit.render.supervision import PSEUDONYMISED, WITH_NAMES

DATES = {"aarhus-morten": "2015-04-15", "halsnaes-anne": "2019-11-13", "horsens-lars": "2018-01-15",
         "odense-sofie": "2015-05-15"}
CPR = "140586-1235"


def forloeb(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def with_identity(path: Path, target: Path) -> Path:
    """The example with CPR, address and phone added, as a real case file would have them."""
    text = path.read_text("utf-8")
    text = re.sub(r"^borger:\n", f'borger:\n  cpr: "{CPR}"\n', text, count=1, flags=re.MULTILINE)
    target.write_text(text, encoding="utf-8")
    return target


def identifiers(case: Case) -> set[str]:
    """What must never appear in pseudonymised output: CPR, contact data, and every part of a name."""
    people = [case.borger.navn] + [a.navn for a in case.aktoerer if not a.er_fagperson]
    found = {part for name in people for part in re.split(r"[\s\-]+", name) if len(part) >= 3 and part[0].isupper()}
    found |= {CPR, CPR.replace("-", "")}
    found |= {v for v in (case.borger.adresse, case.borger.telefon, case.borger.email) if v}
    found |= {a.telefon for a in case.aktoerer if not a.er_fagperson and a.telefon}
    return found


@pytest.fixture(scope="module")
def briefs(tmp_path_factory):
    out = {}
    for path in EXAMPLES:
        folder = tmp_path_factory.mktemp(path.stem)
        source = with_identity(path, folder / path.name)
        result = forloeb("supervision", source, "-o", folder / "brief", "--dato", DATES[path.stem])
        assert result.returncode == 0, result.stderr
        json_result = forloeb("network", source, "--json", "--pseudonymiser", "--dato", DATES[path.stem])
        assert json_result.returncode == 0, json_result.stderr
        out[path.stem] = (load_case(source), folder / "brief", json_result.stdout)
    return out


@pytest.mark.parametrize("stem", DATES)
def test_no_identifier_of_the_citizen_or_relatives_anywhere(briefs, stem):
    case, folder, json_text = briefs[stem]
    docx_text = all_text(folder / "supervision.docx")
    html = (folder / "netvaerk.html").read_text("utf-8")
    for secret in identifiers(case):
        for where, text in (("docx", docx_text), ("html", html), ("json", json_text)):
            assert not re.search(rf"(?<!\w){re.escape(secret)}", text), f"{secret!r} in {where}"


@pytest.mark.parametrize("stem", DATES)
def test_brief_holds_findings_agenda_and_timeline(briefs, stem):
    case, folder, json_text = briefs[stem]
    report = json.loads(json_text)
    text = body_text(folder / "supervision.docx")
    lines = text.splitlines()
    for heading in ("Sagen kort", "Hvem er involveret", "Netværket omkring borgeren", "Koordinering", "Splitting",
                    "Borgerens udvikling og samarbejdets hændelser", "Sidste supervision", "Forslag til deltagere",
                    "Forslag til dagsorden", "Aftaler fra denne supervision"):
        assert heading in lines, heading
    assert "Koordineringsbelastningen for" in text and f"er {report['koordinering']['niveau']}" in text
    assert f"Samlet vurdering: {report['splitting']['niveau'].capitalize()}" in lines
    for number, item in enumerate(report["dagsorden"], start=1):
        assert f"{number}. {item['overskrift']}" in lines
        assert all(question in lines for question in item["spørgsmål"])
    as_of = date.fromisoformat(DATES[stem])
    for note in load_pseudonymised(case, stem).udvikling:
        # the brief is "as of" its date: a later note does not exist yet
        assert (f"{danish_date(note.dato)} · Udvikling" in text) == (note.dato <= as_of), note
    assert not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text), "dates are written out in Danish, never numeric"
    for line in ("Forløb", "Varighed indtil nu", "Mål med borgerens ord", "Indsatser i gang"):
        assert any(x.startswith(f"{line}: ") for x in lines), line
    with __import__("zipfile").ZipFile(folder / "supervision.docx") as package:
        assert any(name.startswith("word/media/") for name in package.namelist()), "the network picture is missing"


def load_pseudonymised(case: Case, stem: str) -> Case:
    return pseudonymise(case, date.fromisoformat(DATES[stem]))


def test_aarhus_brief_reads_as_the_slides_describe(briefs):
    case, folder, _ = briefs["aarhus-morten"]
    text = body_text(folder / "supervision.docx")
    assert "Fuldbyrdet splitting" in text and "fælles front" in text.lower()
    assert "Samlet vurdering: Høj" in text.splitlines()
    assert "11. marts 2015" in text and "Mentor og bostøtte ringer sammen hver anden uge." in text
    assert "Siden sidst" in text and "klage" in text.lower()
    participants = text.split("Forslag til deltagere")[1].split("Forslag til dagsorden")[0]
    for role in ("koordinerende sagsbehandler", "bostøttemedarbejder", "misbrugsbehandler", "mentor"):
        assert role in participants


def test_pseudonymised_brief_is_marked_and_names_version_is_marked_on_every_page(briefs, tmp_path):
    _, folder, _ = briefs["aarhus-morten"]
    assert PSEUDONYMISED in header_text(folder / "supervision.docx")
    result = forloeb("supervision", EXAMPLES[0], "-o", tmp_path, "--med-navne", "--dato", "2015-04-15")
    assert result.returncode == 0, result.stderr
    brief = tmp_path / "supervision.docx"
    assert WITH_NAMES in header_text(brief) and "Morten" in body_text(brief)
    [pdf] = to_pdf([brief], tmp_path)
    pages = [page for page in pdf_text(pdf).split("\f") if page.strip()]
    assert len(pages) >= 3
    assert all(WITH_NAMES in " ".join(page.split()) for page in pages)


def test_the_same_alias_on_every_run_and_after_adding_actors():
    case = load_case(EXAMPLES[0])
    first, second = aliases(case), aliases(load_case(EXAMPLES[0]))
    assert first == second and first["borger"] == CITIZEN_ALIAS
    data = case.model_dump(by_alias=True)
    data["aktører"].insert(0, {"id": "aaa", "navn": "Ny Person", "rolle": "ven", "sektor": "privatperson"})
    grown = Case.model_validate(data, context={"actor_ids": {a["id"] for a in data["aktører"]}})
    assert {k: v for k, v in aliases(grown).items() if k != "aaa"} == first


def test_two_runs_give_the_same_brief_text(tmp_path):
    texts = []
    for run in ("a", "b"):
        assert forloeb("supervision", EXAMPLES[0], "-o", tmp_path / run, "--dato", "2015-04-15").returncode == 0
        texts.append(all_text(tmp_path / run / "supervision.docx"))
    assert texts[0] == texts[1]


def test_hiding_professionals_removes_their_names_too(tmp_path):
    case = load_case(EXAMPLES[0])
    result = forloeb("supervision", EXAMPLES[0], "-o", tmp_path, "--skjul-fagpersoner", "--dato", "2015-04-15")
    assert result.returncode == 0, result.stderr
    text = all_text(tmp_path / "supervision.docx") + (tmp_path / "netvaerk.html").read_text("utf-8")
    for actor in case.aktoerer:
        assert actor.navn not in text, actor.navn
    assert "Mentor" in text


def test_an_age_outside_the_model_is_left_out_not_a_crash():
    case = load_case(EXAMPLES[0])
    data = case.model_dump(by_alias=True)
    data["borger"]["fødselsdato"] = date(1920, 1, 1)
    old = Case.model_validate(data, context={"actor_ids": {a.id for a in case.aktoerer}})
    assert pseudonymise(old, date(2015, 4, 15)).borger.alder is None
    assert pseudonymise(case, date(2015, 4, 15)).borger.alder == 28


def test_names_inside_free_text_are_replaced_with_genitive():
    case = pseudonymise(load_case(EXAMPLES[0]), date(2015, 4, 15))
    notes = " ".join(n.note for n in case.udvikling)
    assert "Morten" not in notes and "Borgeren" in notes


def test_conflicting_flags_are_a_usage_error(tmp_path):
    result = forloeb("supervision", EXAMPLES[0], "-o", tmp_path, "--med-navne", "--skjul-fagpersoner")
    assert result.returncode == 2 and "kan ikke bruges sammen" in result.stderr
    result = forloeb("network", EXAMPLES[0], "--json", "--skjul-fagpersoner")
    assert result.returncode == 2 and "kræver --pseudonymiser" in result.stderr


def test_build_writes_the_pseudonymised_brief(tmp_path):
    result = forloeb("build", EXAMPLES[0], "-o", tmp_path, "--dato", "2015-04-15")
    assert result.returncode == 0, result.stderr
    case = load_case(EXAMPLES[0])
    brief = tmp_path / case.sag.id / "supervision" / "supervision.docx"
    assert case.borger.navn.split()[0] not in all_text(brief)
    assert (tmp_path / case.sag.id / "supervision" / "netvaerk.html").exists()


def test_headings_form_a_hierarchy_and_every_table_has_a_header_row(briefs):
    """Title is a level-1 heading, sections level 2, their parts level 3: no level is skipped."""
    import zipfile

    from lxml import etree

    _, folder, _ = briefs["horsens-lars"]
    with zipfile.ZipFile(folder / "supervision.docx") as package:
        root = etree.fromstring(package.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    levels = []
    for paragraph in root.iter(f"{{{ns['w']}}}p"):
        style = paragraph.find("w:pPr/w:pStyle", ns)
        outline = paragraph.find("w:pPr/w:outlineLvl", ns)
        if outline is not None:
            levels.append(int(outline.get(f"{{{ns['w']}}}val")) + 1)
        elif style is not None and style.get(f"{{{ns['w']}}}val").startswith("Heading"):
            levels.append(int(style.get(f"{{{ns['w']}}}val")[len("Heading"):]) + 1)  # the title is level 1
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    for table in root.iter(f"{{{ns['w']}}}tbl"):
        assert table.find("w:tr/w:trPr/w:tblHeader", ns) is not None


def test_the_picture_has_alt_text_naming_who_and_which_findings(briefs):
    import zipfile

    case, folder, _ = briefs["aarhus-morten"]
    with zipfile.ZipFile(folder / "supervision.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    [description] = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', xml)
    for secret in identifiers(case):
        assert not re.search(rf"(?<!\w){re.escape(secret)}", description), f"{secret!r} in the alt text"
    assert "Netværkskort med borgeren i midten" in description
    assert "Jonas Holm (mentor)" in description and "fuldbyrdet splitting" in description
    assert "Påkrævet kanal" in description or "påkrævede kanaler" in description
    text = body_text(folder / "supervision.docx")
    assert "Farve = sektor" in text and "Linjer: Hyppig kontakt" in text, "the legend is also text"


def test_aarhus_brief_is_at_most_eight_pages_with_the_agenda_by_page_three(tmp_path):
    result = forloeb("supervision", EXAMPLES[0], "-o", tmp_path, "--dato", "2015-06-01")
    assert result.returncode == 0, result.stderr
    [pdf] = to_pdf([tmp_path / "supervision.docx"], tmp_path)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    assert pages <= 8, pages
    first_three = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"], capture_output=True,
                                  text=True, check=True).stdout for n in (1, 2, 3)]
    assert "Netværket omkring borgeren" in first_three[0]
    assert any("Sagen kort" in page for page in first_three)
    assert any("Forslag til dagsorden" in page.splitlines() for page in first_three)
    last = subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), pdf, "-"], capture_output=True,
                          text=True, check=True).stdout
    assert len([line for line in last.splitlines() if line.strip()]) > 15, "the last page is not near-empty"
