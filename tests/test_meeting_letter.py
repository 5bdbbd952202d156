"""The meeting letter to the citizen: which meeting, what it says, how readable, how it prints."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Pt

from conftest import EXAMPLES, ROOT, soffice, to_pdf
from docx_text import header_text, part_paragraphs
from readability import lix, longest_sentence
from toolkit.analyse.meeting_letter import letter_texts
from toolkit.analyse.meetings import coordinator, meeting_for_letter, meeting_soon, planned_meetings
from toolkit.casefile import load_case
from toolkit.cli import main
from toolkit.render.letter import render_meeting_letter

MAX_LIX = 38
MAX_WORDS = 25

# -- own cases, unlike the examples -------------------------------------------------------------

NO_PARTICIPANTS = """\
schema_version: 3
sag:
  id: egen-1
  kommune: Vejby Kommune
  jobcenter: Jobcenter Vejby
  forløb: jobafklaringsforløb
  bevilget: 2026-06-01
borger:
  navn: Ida Holm
aktører:
  # the coordinator is given only by role, not in sag.koordinerende_sagsbehandler
  - id: sb
    navn: Rasmus Berg
    rolle: Koordinerende sagsbehandler
    sektor: beskæftigelse
    telefon: 11 22 33 44
    email: rasmus.berg@example.dk
samtaler:
  - dato: 2026-12-07
    status: planlagt
"""

FIRST_TEAM_MEETING = """\
schema_version: 3
sag: {id: egen-2, kommune: Sølund Kommune}
borger: {navn: Ahmad Karimi, adresse: "Skovvej 3, 1. th., 9999 Sølund"}
rehabiliteringsteam:
  mødedato: 2026-12-15
  klokkeslæt: 8.45
  sted: Rådhuset, indgang B, lokale 12
  deltagere:
    - funktion: Beskæftigelse, mødeleder
    - funktion: Sundhedskoordinator
      navn: Lise Dam
    - funktion: Socialafdelingen
    - funktion: UU-vejledning (uddannelse)
      navn: Omar Said
"""

NETWORK_MEETING = """\
schema_version: 3
sag:
  id: egen-3
  kommune: Kystby Kommune
  jobcenter: Jobcenter Kystby
  koordinerende_sagsbehandler: k
  bevilget: 2025-03-01
  varighed: 2 år
borger: {navn: Bo Winther-Larsen}
aktører:
  - {id: fys, navn: Sara Lind, rolle: fysioterapeut, sektor: sundhed, organisation: Træningscentret}
  - {id: k, navn: Jens Ravn, rolle: koordinerende sagsbehandler, sektor: beskæftigelse, telefon: "99 88 77 66"}
  - {id: søster, navn: Maja Winther, rolle: pårørende, sektor: familie}
  - {id: klub, navn: Ole Sand, rolle: træner, sektor: civilsamfund, organisation: Kystby Roklub}
  - {id: vk, navn: Tina Bech, rolle: virksomhedskonsulent, sektor: beskæftigelse}
  - {id: m, navn: Ali Demir, rolle: mentor, sektor: beskæftigelse}
samtaler:
  - dato: 2026-12-20
    form: fremmøde
    status: planlagt
    deltagere: [borger, fys, k, søster, klub, vk, m]
    referat: Hvordan går træningen, og er Bo klar til at prøve en praktik i foråret?
    klokkeslæt: "14:00"
    sted: Roklubben, Havnevej 2
    varighed_minutter: 120
  - dato: 2026-12-20
    status: planlagt
    deltagere: [borger, k]
"""

DECISION_2026 = """\
schema_version: 3
sag:
  id: egen-4
  kommune: Bakke Kommune
  regelsæt: "2026"
  bevilget: 2024-02-01
  varighed: 3 år
  koordinerende_sagsbehandler: ks
borger: {navn: Karen Mølgaard}
aktører:
  - {id: ks, navn: Nina Friis, rolle: koordinerende sagsbehandler, sektor: beskæftigelse,
     organisation: Jobcenter Bakke, email: nina.friis@example.dk}
opfølgning:
  afgørelsesmøde:
    dato: 2026-12-09
    om: førtidspension
    klokkeslæt: "11:00"
    sted: video
    varighed_minutter: 40
"""

FEW_FIELDS = """\
schema_version: 3
sag: {id: egen-5, kommune: Lilleby Kommune}
borger: {navn: Sam}
samtaler:
  - {dato: 2026-12-02, status: planlagt, form: telefon}
"""

NEXT_TEAM_NO_MEMBERS = """\
schema_version: 3
sag:
  id: egen-6
  kommune: Åby Kommune
  jobcenter: Jobcenter Åby
  bevilget: 2024-01-10
  varighed: 3 år
borger: {navn: Lene Kragh}
aktører:
  - {id: x, navn: Per Sø, rolle: koordinerende sagsbehandler, sektor: beskæftigelse, telefon: "12 12 12 12"}
opfølgning:
  næste_rehabiliteringsteam: 2026-12-03
"""

OWN_CASES = {"uden-deltagere": NO_PARTICIPANTS, "første-team": FIRST_TEAM_MEETING, "netværk": NETWORK_MEETING,
             "afgørelse-2026": DECISION_2026, "få-felter": FEW_FIELDS, "team-igen": NEXT_TEAM_NO_MEMBERS}
TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> dict[str, Path]:
    """Every planned meeting of every example, and the next meeting of each own case, as a .docx."""
    folder = tmp_path_factory.mktemp("letters")
    found = {}
    for path in EXAMPLES:
        case = load_case(path)
        for meeting in planned_meetings(case):
            target = folder / f"{path.stem}-{meeting.dato}.docx"
            target.write_bytes(render_meeting_letter(case, meeting, today=meeting.dato - timedelta(days=14)))
            found[target.stem] = target
    for name, text in OWN_CASES.items():
        source = folder / f"{name}.yaml"
        source.write_text(text, encoding="utf-8")
        case = load_case(source)
        target = folder / f"{name}.docx"
        target.write_bytes(render_meeting_letter(case, meeting_for_letter(case, TODAY), today=TODAY))
        found[name] = target
    return found


def text_of(letter: Path) -> str:
    return "\n".join(part_paragraphs(letter))


# -- which meeting -------------------------------------------------------------------------------

def _case(case_file, text):
    return load_case(case_file(text))


def test_every_example_has_a_planned_meeting_and_one_example_gives_time_and_place():
    cases = [load_case(p) for p in EXAMPLES]
    assert all(planned_meetings(c) for c in cases)
    assert any(m.klokkeslaet and m.sted and m.varighed_minutter for c in cases for m in planned_meetings(c))


def test_the_next_meeting_and_the_one_on_a_date(case_file):
    case = _case(case_file, NETWORK_MEETING)
    # two meetings on one day: the network meeting is the weightier one
    assert meeting_for_letter(case, TODAY).art == "netværksmøde"
    assert meeting_for_letter(case, TODAY, on=date(2026, 12, 20)).art == "netværksmøde"
    assert meeting_for_letter(case, TODAY, on=date(2026, 12, 21)) is None
    assert meeting_for_letter(case, date(2026, 12, 21)) is None
    assert meeting_soon(case, TODAY) is not None and meeting_soon(case, date(2026, 11, 19)) is None


def test_kinds_of_meeting(case_file):
    assert meeting_for_letter(_case(case_file, FIRST_TEAM_MEETING), TODAY).foerste_teammoede
    team = meeting_for_letter(_case(case_file, NEXT_TEAM_NO_MEMBERS), TODAY)
    assert team.art == "rehabiliteringsteam" and not team.foerste_teammoede
    assert meeting_for_letter(_case(case_file, DECISION_2026), TODAY).art == "afgørelsesmøde"
    assert meeting_for_letter(_case(case_file, FEW_FIELDS), TODAY).art == "samtale"


def test_coordinator_named_in_sag_else_found_by_role(case_file):
    assert coordinator(_case(case_file, NO_PARTICIPANTS)).navn == "Rasmus Berg"
    assert coordinator(_case(case_file, NETWORK_MEETING)).navn == "Jens Ravn"
    assert coordinator(_case(case_file, FEW_FIELDS)) is None


# -- what it says --------------------------------------------------------------------------------

def test_readability_lix_and_sentence_length(letters):
    assert len(letters) >= len(EXAMPLES) + len(OWN_CASES)
    for name, letter in letters.items():
        paragraphs = part_paragraphs(letter)
        assert lix(paragraphs) <= MAX_LIX, (name, lix(paragraphs))
        longest = longest_sentence(paragraphs)
        assert len(longest) <= MAX_WORDS, (name, " ".join(longest))


def test_professional_words_are_explained_where_first_used_and_no_law_abbreviations(letters):
    glossary = letter_texts()["ord"]
    for name, letter in letters.items():
        # the title and the template's fixed headings name a word; the text under them explains it
        paragraphs = [p.text for p in Document(str(letter)).paragraphs
                      if p.style.name != "Title" and not p.style.name.startswith("Heading")]
        text = "\n".join(paragraphs)
        assert not re.search(r"§|\b(LAB|LAS|SEL|SUL|LBR|LAB-loven|stk\.)\b|Ikke oplyst|None", text), name
        for entry in glossary:
            pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, entry["former"])) + r")(?!\w)", re.I)
            first = next((p for p in paragraphs if pattern.search(p)), None)
            explanation = " ".join(entry["forklaring"].split())
            if first is not None:
                assert explanation in first, (name, entry["former"][0])
                assert text.count(explanation) == 1, (name, entry["former"][0])


def test_explanations_use_no_word_that_itself_needs_explaining():
    glossary = letter_texts()["ord"]
    forms = [f for entry in glossary for f in entry["former"]]
    for entry in glossary:
        for form in forms:
            assert not re.search(rf"(?<!\w){re.escape(form)}(?!\w)", entry["forklaring"], re.I) or \
                form in entry["former"], (entry["former"][0], form)


def test_a_letter_says_why_when_where_who_how_to_prepare_bisidder_afterwards_and_contact(letters):
    samtale = text_of(letters["aarhus-morten-2015-04-29"])
    assert "hvordan det går med dit ressourceforløb" in samtale and "Du er med til at bestemme" in samtale
    text = text_of(letters["aarhus-morten-2015-05-13"])
    for expected in ("Kære Morten", "Vi holder et netværksmøde om dit ressourceforløb", "Alle er med på samme tid", "Onsdag den 13. maj 2015 klokken 13.00", "Værkmestergade 15", "halvanden time",
                     "Kan du ikke komme", "Hvorfor holder vi mødet?", "Jonas Holm er din mentor",
                     "Sådan kan du forberede dig", "Hvad er dit eget mål?", "bisidder", "Hvad sker der bagefter?",
                     "Telefon: 00 00 00 01", "E-mail: mette.kjaergaard@example.dk",
                     "Status på den psykologiske vurdering"):
        assert expected in text, expected
    # room to write: ruled lines (tab leaders) under each question
    assert sum(1 for p in part_paragraphs(letters["aarhus-morten-2015-05-13"]) if p == "\t") >= 6
    assert "Jobcenter Aarhus" in header_text(letters["aarhus-morten-2015-05-13"])


def test_team_meeting_names_each_function_and_says_they_read_the_case(letters):
    text = text_of(letters["aarhus-morten-2016-03-09"])
    assert "Per Vinther fra jobcentret leder mødet." in text
    assert "Jens Aggerholm er sundhedskoordinator." in text and "Lægen giver kommunen råd" in text
    assert "læst om din sag før mødet" in text
    assert "klokken 9.30" in text
    first = text_of(letters["første-team"])
    assert "En medarbejder kommer fra kommunens sociale område." in first
    assert "Omar Said ved meget om uddannelse." in first
    assert "klokken 8.45" in first and "Skovvej 3" in first
    unknown = text_of(letters["team-igen"])
    assert "En sundhedskoordinator fra regionen er også med." in unknown
    assert "Per Sø er din koordinerende sagsbehandler" in unknown
    assert "Er du under 30 år" in unknown  # no age in the case


def test_decision_meeting_under_2026_rules(letters):
    text = text_of(letters["afgørelse-2026"])
    assert "om du skal have førtidspension" in text
    assert "Førtidspension er faste penge hver måned." in text
    assert "sundhedskoordinator" in text and "samlet beskrivelse" in text
    assert "Mødet foregår på video. Du får et link" in text and "klage" in text
    assert "E-mail: nina.friis@example.dk" in text


def test_letters_with_little_in_the_case_still_tell_what_to_do(letters):
    few = text_of(letters["få-felter"])
    assert "Kære Sam" in few and "Vi ringer til dig." in few
    assert "hvordan det går for dig" in few and "ressourceforløb" not in few
    assert "Du er med til at bestemme" in few
    assert "Vi fortæller dig før mødet, hvem der kommer." in few
    assert "kontakt Lilleby Kommune" in few and "Vi aftaler klokkeslættet med dig." in few
    alone = text_of(letters["uden-deltagere"])
    assert "Rasmus Berg er din koordinerende sagsbehandler." in alone
    assert "jobafklaringsforløb" in alone and "Telefon: 11 22 33 44" in alone
    network = text_of(letters["netværk"])
    assert "Maja Winther kommer, fordi du gerne vil have det." in network
    assert "Ole Sand er træner fra Kystby Roklub." in network
    assert "cirka to timer" in network.lower()


def test_body_text_is_at_least_12_pt(letters):
    for name, letter in letters.items():
        document = Document(str(letter))
        for paragraph in document.paragraphs:
            if not paragraph.text.strip():
                continue
            style, size = paragraph.style, None
            while style is not None and size is None:
                size, style = style.font.size, style.base_style
            for run in paragraph.runs:
                assert (run.font.size or size or Pt(0)) >= Pt(12), (name, paragraph.text)


# -- how it prints -------------------------------------------------------------------------------

def test_letters_print_on_at_most_two_pages(letters, tmp_path):
    """The longest letters (most people, most text) through LibreOffice; pdfinfo counts the pages."""
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "pdfinfo is not installed: apt-get install poppler-utils"
    soffice()
    chosen = sorted(letters.values(), key=lambda p: len(text_of(p)), reverse=True)[:3] + [letters["få-felter"]]
    for pdf in to_pdf(chosen, tmp_path):
        info = subprocess.run([pdfinfo, str(pdf)], check=True, capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
        assert 1 <= pages <= 2, (pdf.name, pages)


def test_command_writes_letter_and_tagged_pdf(tmp_path):
    soffice()
    target = tmp_path / "brev.docx"
    result = CliRunner().invoke(main, ["mødebrev", str(ROOT / "examples" / "aarhus-morten.yaml"), "--møde",
                                       "2015-04-29", "--dato", "2015-04-20", "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    assert "samtale 29. april 2015" in result.output
    assert "klokken 10.00" in text_of(target)
    info = subprocess.run(["pdfinfo", str(target.with_suffix(".pdf"))], check=True, capture_output=True,
                          text=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)


def test_no_planned_meeting_is_a_clear_message_exit_2_and_no_file(case_file, tmp_path):
    target = tmp_path / "brev.docx"
    path = case_file(FEW_FIELDS.replace("status: planlagt", "status: afholdt"))
    result = CliRunner().invoke(main, ["mødebrev", str(path), "-o", str(target), "--dato", "2026-11-30"])
    assert result.exit_code == 2 and not target.exists()
    assert "intet planlagt møde fra 30. november 2026" in result.output
    assert "opfølgning.næste_rehabiliteringsteam" in result.output and "Traceback" not in result.output
    later = case_file(NETWORK_MEETING)
    result = CliRunner().invoke(main, ["moedebrev", str(later), "--møde", "2026-12-21", "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()
    assert "ikke planlagt noget møde den 21. december 2026" in result.output
    assert "netværksmøde 20. december 2026" in result.output


def test_a_bad_time_of_day_is_located(case_file):
    path = case_file(FEW_FIELDS.replace("form: telefon", "form: telefon, klokkeslæt: '25:10'"))
    result = CliRunner().invoke(main, ["mødebrev", str(path)])
    assert result.exit_code == 2
    assert re.search(r"sag\.yaml:5:\d+: samtaler\[0\]\.klokkeslæt: skriv klokkeslættet som TT:MM", result.output)


def test_build_writes_the_letter_only_when_a_meeting_is_within_30_days(case_file, tmp_path):
    path = case_file(NETWORK_MEETING)
    for day, expected in (("2026-11-20", True), ("2026-11-19", False), ("2026-12-21", False)):
        out = tmp_path / day
        result = CliRunner().invoke(main, ["build", str(path), "-o", str(out), "--dato", day,
                                           "--dokumenter", "mødebrev", "-j", "1"])
        assert result.exit_code == 0, result.output
        assert (out / "egen-3" / "moedebrev.docx").is_file() is expected, day

def test_template_check_accepts_the_letter_template():
    result = CliRunner().invoke(main, ["skabelon", "tjek", str(ROOT / "templates" / "moedebrev.docx")])
    assert result.exit_code == 0, result.output


def test_texts_file_says_where_its_words_come_from():
    source = (ROOT / "toolkit" / "data" / "moedebrev.yaml").read_text(encoding="utf-8")
    assert "SFI" in source and "Videnscenter om handicap" in source and "1750" in source


def test_braces_and_markup_in_the_case_are_printed_as_written(case_file, tmp_path):
    hostile = "{navn} <b>&amp; {0}"
    text = NETWORK_MEETING.replace("navn: Ole Sand", f"navn: '{hostile}'").replace(
        "sted: Roklubben, Havnevej 2", f"sted: '{hostile}'").replace(
        "referat: Hvordan går træningen, og er Bo klar til at prøve en praktik i foråret?", f"referat: '{hostile}'")
    case = load_case(case_file(text))
    letter = tmp_path / "brev.docx"
    letter.write_bytes(render_meeting_letter(case, meeting_for_letter(case, TODAY), today=TODAY))
    body = text_of(letter)
    assert f"Hvor: {hostile}" in body and f"{hostile} er træner fra Kystby Roklub." in body
    assert body.count(hostile) == 3


def test_the_letter_and_the_beskrivelse_use_the_municipal_settings(tmp_path):
    """The sender the municipality set once (forloeb-indstillinger.yaml beside the case files)."""
    shutil.copy(EXAMPLES[0], tmp_path / EXAMPLES[0].name)
    (tmp_path / "forloeb-indstillinger.yaml").write_text("afsender: Jobcenter Testby\nadresse: Testvej 1, 9999 Testby\n",
                                                          encoding="utf-8")
    runner = CliRunner()
    for args in (["mødebrev", str(tmp_path / EXAMPLES[0].name), "--dato", "2015-04-15", "-o", str(tmp_path / "b.docx")],
                 ["beskrivelse", str(tmp_path / EXAMPLES[0].name), "--dato", "2015-04-15",
                  "-o", str(tmp_path / "s.docx")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    for name in ("b.docx", "s.docx"):
        assert "Jobcenter Testby" in header_text(tmp_path / name) and "Testvej 1" in header_text(tmp_path / name)
