"""``forloeb ændringer``: what changed in the plan, from hand-made pairs of cases and from real git history.

The expected Danish sentences are written by hand from what a caseworker would want to
read, not copied from the program's output.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT
from docx_text import body_text, header_text, table_rows
from toolkit.analyse.changes import SECTIONS, Change, compare
from toolkit.casefile import load_case
from toolkit.casefile.loader import parse_case

EXAMPLE = ROOT / "examples" / "halsnaes-anne.yaml"
FORMAT_1 = ROOT / "tests" / "fixtures" / "format-1" / "halsnaes-anne.yaml"

BASE = MINIMAL + """\
  - id: bs
    navn: Bente Bo
    rolle: bostøttemedarbejder
    organisation: Socialområdet
    sektor: social
mål:
  beskæftigelsesmål: Et fleksjob på 10 timer om ugen.
  delmål:
    - tekst: Møder stabilt til samtalerne.
      frist: 2015-03-01
      status: i gang
indsatser:
  - id: bostoette
    titel: Bostøtte
    type: social
    kategori: bostøtte
    ansvarlig: bs
    omfang: 1½ time hver 14. dag
    status: planlagt
  - id: samtaler
    titel: Samtaler med koordinerende sagsbehandler
    type: beskæftigelse
    kategori: samtaler
    ansvarlig: ks
    start: 2015-01-12
    status: i gang
samtaler:
  - dato: 2015-01-19
    status: planlagt
    deltagere: [borger, ks]
rehabiliteringsteam:
  mødedato: 2015-01-05
"""

MENTOR_ACTOR = """\
  - id: mentor
    navn: Jonas Holm
    rolle: mentor
    organisation: Mentorkorpset
    sektor: beskæftigelse
mål:"""

MENTOR_EFFORT = """
  - id: mentor
    titel: Mentor på arbejdspladsen
    type: beskæftigelse
    kategori: mentor
    ansvarlig: mentor
    start: 2015-03-01
samtaler:"""


def case(text: str = BASE):
    return parse_case(textwrap.dedent(text).encode("utf-8"), "test.yaml")


def edited(*replacements: tuple[str, str]) -> str:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# -- compare() on hand-made pairs ------------------------------------------------

def test_the_same_case_has_no_changes():
    assert compare(case(), case()) == []


def test_effort_added_with_a_new_actor():
    new = case(edited(("mål:", MENTOR_ACTOR), ("\nsamtaler:", MENTOR_EFFORT)))
    assert compare(case(), new) == [
        Change("Indsatser", "tilføjet",
               "Indsats tilføjet: Mentor på arbejdspladsen (ansvarlig: Jonas Holm, mentor), start 1. marts 2015",
               "indsatser[2]"),
        Change("Aktører", "tilføjet", "Aktør kommet til: Jonas Holm (mentor, Mentorkorpset)", "aktører[2]"),
    ]


def test_effort_changed_omfang_and_status():
    new = case(edited(("omfang: 1½ time hver 14. dag\n    status: planlagt",
                       "omfang: 1½ time ugentligt\n    status: i gang")))
    assert compare(case(), new) == [Change(
        "Indsatser", "ændret",
        "Indsats ændret: Bostøtte - omfang: '1½ time hver 14. dag' → '1½ time ugentligt'; status: planlagt → i gang",
        "indsatser[0]")]


def test_effort_started_and_effort_ended():
    new = case(edited(("omfang: 1½ time hver 14. dag\n    status: planlagt",
                       "omfang: 1½ time hver 14. dag\n    start: 2015-02-02\n    status: i gang"),
                      ("start: 2015-01-12\n    status: i gang", "start: 2015-01-12\n    slut: 2015-06-30\n"
                                                                "    status: afsluttet")))
    assert compare(case(), new) == [
        Change("Indsatser", "startet", "Indsats startet: Bostøtte, start 2. februar 2015", "indsatser[0]"),
        Change("Indsatser", "afsluttet",
               "Indsats afsluttet: Samtaler med koordinerende sagsbehandler, slut 30. juni 2015", "indsatser[1]"),
    ]


def test_subgoal_reached():
    new = case(edited(("status: i gang\nindsatser:", "status: nået\nindsatser:")))
    assert compare(case(), new) == [
        Change("Mål og delmål", "afsluttet", "Delmål nået: Møder stabilt til samtalerne.", "mål.delmål[0]")]


def test_reworded_subgoal_counts_as_changed_and_a_new_one_as_added():
    new = case(edited(("- tekst: Møder stabilt til samtalerne.", "- tekst: Møder stabilt til alle samtaler."),
                      ("status: i gang\nindsatser:", "status: i gang\n    - tekst: Har en fast ugentlig opgave i "
                                                     "klubben.\n      frist: 2015-06-01\nindsatser:")))
    assert compare(case(), new) == [
        Change("Mål og delmål", "ændret",
               "Delmål omformuleret: 'Møder stabilt til samtalerne.' → 'Møder stabilt til alle samtaler.'",
               "mål.delmål[0]"),
        Change("Mål og delmål", "tilføjet", "Delmål tilføjet: Har en fast ugentlig opgave i klubben (frist 1. juni 2015)",
               "mål.delmål[1]"),
    ]


def test_actor_leaving_with_the_effort_they_delivered():
    text = edited(("""  - id: bs
    navn: Bente Bo
    rolle: bostøttemedarbejder
    organisation: Socialområdet
    sektor: social
""", ""), ("""  - id: bostoette
    titel: Bostøtte
    type: social
    kategori: bostøtte
    ansvarlig: bs
    omfang: 1½ time hver 14. dag
    status: planlagt
""", ""))
    assert compare(case(), case(text)) == [
        Change("Indsatser", "fjernet", "Indsats fjernet: Bostøtte", "tidligere indsatser[0]"),
        Change("Aktører", "fjernet", "Aktør ikke længere med: Bente Bo (bostøttemedarbejder, Socialområdet)",
               "tidligere aktører[1]"),
    ]


def test_new_event():
    new = case(BASE + textwrap.dedent("""\
        hændelser:
          - dato: 2015-02-03
            type: klage
            fra: borger
            om: bs
            til: ks
            taget_op_med_den_omtalte: nej
            note: Siger, at bostøtten aldrig kommer til tiden.
        """))
    assert compare(case(), new) == [Change(
        "Hændelser", "tilføjet",
        "Ny hændelse 3. februar 2015: klage fra borgeren over Bente Bo (bostøttemedarbejder), fremført for "
        "Kim Koordinator (koordinerende sagsbehandler), ikke taget op med den omtalte: Siger, at bostøtten aldrig "
        "kommer til tiden.",
        "hændelser[0]")]


def test_held_samtale_new_team_meeting_and_the_order_of_sections():
    new = case(edited(("  mødedato: 2015-01-05", "  mødedato: 2015-06-10\n  indstilling: fleksjob"),
                      ("status: planlagt\n    deltagere:", "status: afholdt\n    referat: Gennemgik planen.\n"
                                                          "    deltagere:"),
                      ("beskæftigelsesmål: Et fleksjob på 10 timer om ugen.",
                       "beskæftigelsesmål: Et fleksjob på 12 timer om ugen.")))
    changes = compare(case(), new)
    assert changes == [
        Change("Mål og delmål", "ændret", "Beskæftigelsesmål ændret: 'Et fleksjob på 10 timer om ugen.' → "
                                          "'Et fleksjob på 12 timer om ugen.'", "mål.beskæftigelsesmål"),
        Change("Samtaler", "ændret", "Samtale afholdt 19. januar 2015 (fremmøde): Gennemgik planen.", "samtaler[0]"),
        Change("Rehabiliteringsteamet", "tilføjet", "Indstilling tilføjet: fleksjob",
               "rehabiliteringsteam.indstilling"),
        Change("Rehabiliteringsteamet", "ændret", "Mødedato ændret: 5. januar 2015 → 10. juni 2015",
               "rehabiliteringsteam.mødedato"),
    ]


def test_compare_is_ordered_by_section_then_place_in_the_file():
    old, new = load_case(ROOT / "examples" / "aarhus-morten.yaml"), load_case(EXAMPLE)
    changes = compare(old, new)
    assert [SECTIONS.index(c.afsnit) for c in changes] == sorted(SECTIONS.index(c.afsnit) for c in changes)
    efforts = [c for c in changes if c.afsnit == "Indsatser" and not c.kilde.startswith("tidligere")]
    assert [c.kilde for c in efforts] == sorted((c.kilde for c in efforts), key=lambda k: int(k[10:-1]))
    assert {c.art for c in changes} <= {"tilføjet", "fjernet", "ændret", "afsluttet", "startet"}


# -- the command ----------------------------------------------------------------

def forloeb(*args, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          check=False, cwd=cwd or ROOT, timeout=120, env={**os.environ, **(env or {})})


def test_two_files_without_git(tmp_path):
    old, new = tmp_path / "gammel.yaml", tmp_path / "ny.yaml"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(edited(("status: i gang\nindsatser:", "status: nået\nindsatser:"), ("mål:", MENTOR_ACTOR)),
                   encoding="utf-8")
    result = forloeb("ændringer", old, new, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Ændringer i planen for sag t-1: {old} → {new}",
        "",
        "Mål og delmål:",
        "  - Delmål nået: Møder stabilt til samtalerne.  [mål.delmål[0]]",
        "",
        "Aktører:",
        "  - Aktør kommet til: Jonas Holm (mentor, Mentorkorpset)  [aktører[2]]",
    ]


def test_two_equal_files_and_the_ascii_alias(tmp_path):
    old, new = tmp_path / "a.yaml", tmp_path / "b.yaml"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(BASE, encoding="utf-8")
    result = forloeb("aendringer", old, new)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Ingen ændringer i planen."


def test_siden_with_two_files_is_a_usage_error(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = forloeb("ændringer", path, path, "--siden", "HEAD")
    assert result.returncode == 2 and "--siden" in result.stderr and "Traceback" not in result.stderr


# -- real git history -------------------------------------------------------------

def git(repo: Path, *args: str, day: str | None = None) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00"}
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.dk", "-c",
                             "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


NEW_EFFORT = """\
  - id: fleksjobsamtale
    titel: Samtale om fleksjob med virksomheden
    type: beskæftigelse
    kategori: virksomhedskonsulent
    ansvarlig: vk
    start: 2019-11-20

samtaler:"""
SUBGOAL = "Arbejdsevne og skånehensyn er beskrevet af praktikvirksomheden."


@pytest.fixture
def history(tmp_path):
    """A repository with three commits of Anne's case: format 1, ready for the team, after the evaluation."""
    repo = tmp_path / "sager"
    (repo / "halsnaes").mkdir(parents=True)
    git(repo, "init", "-q")
    path = repo / "halsnaes" / "anne.yaml"
    path.write_bytes(FORMAT_1.read_bytes())
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Forberedende del", day="2019-01-10")
    first = git(repo, "rev-parse", "HEAD")
    path.write_bytes(EXAMPLE.read_bytes())
    git(repo, "commit", "-qam", "Klar til teamet", day="2019-01-14")
    second = git(repo, "rev-parse", "HEAD")
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(f"    - tekst: {SUBGOAL}\n      frist: 2019-11-22\n      status: i gang",
                        f"    - tekst: {SUBGOAL}\n      frist: 2019-11-22\n      status: nået")
    text = text.replace("\nsamtaler:", "\n" + NEW_EFFORT, 1)
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "Efter evalueringen", day="2019-11-14")
    return path, first, second


def expected_changes() -> list[str]:
    example = load_case(EXAMPLE)
    effort = len(example.indsatser)
    subgoal = next(i for i, d in enumerate(example.maal.delmaal) if d.tekst == SUBGOAL)
    return [
        "Indsatser:",
        "  - Indsats tilføjet: Samtale om fleksjob med virksomheden (ansvarlig: Jesper Nyholm, virksomhedskonsulent), "
        f"start 20. november 2019  [indsatser[{effort}]]",
        "",
        "Mål og delmål:",
        f"  - Delmål nået: {SUBGOAL}  [mål.delmål[{subgoal}]]",
    ]


def test_default_is_the_version_before_the_team_meeting(history):
    path, _first, second = history
    result = forloeb("ændringer", path.name, cwd=path.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Ændringer i planen for sag halsnaes-2019-0042: version {second[:7]} fra 14. januar 2019 "
        f"(\"Klar til teamet\") → den nuværende {path.name}",
        f"Version {second[:7]} er den sidste version før mødet i rehabiliteringsteamet 16. januar 2019.",
        "",
        *expected_changes(),
    ]


def test_siden_a_format_1_revision_is_migrated_in_memory(history, tmp_path):
    path, first, _second = history
    result = forloeb("ændringer", path, "--siden", first[:10], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Ændringer i planen for sag halsnaes-2019-0042: version {first[:7]} fra "
                               "10. januar 2019 (\"Forberedende del\")")
    assert lines[1] == f"Version {first[:7]} er valgt med --siden {first[:10]}."
    for line in expected_changes():
        assert line in lines
    assert "kategori" not in result.stdout, "the old format-1 file was not upgraded before comparing"


def test_siden_head_and_the_docx_appendix(history, tmp_path):
    path, _first, second = history
    target = tmp_path / "bilag" / "aendringer.docx"
    result = forloeb("ændringer", path, "--siden", "HEAD~1", "--docx", target, cwd=path.parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"Skrev {target}"
    rows = table_rows(target)
    assert rows[0] == ["Afsnit", "Ændring"]
    texts = [line.split("  [")[0].removeprefix("  - ") for line in expected_changes() if line.startswith("  - ")]
    assert rows[1:] == [["Indsatser", texts[0]], ["Mål og delmål", texts[1]]]
    body = body_text(target)
    assert f"version {second[:7]} fra 14. januar 2019" in body and "den nuværende" in body
    assert "er valgt med --siden HEAD~1" in body
    header = header_text(target)
    assert "Ændringer i planen" in header and "halsnaes-2019-0042" in header and "Halsnæs Kommune" in header
    assert not list(target.parent.glob("*.tmp"))


def test_without_a_meeting_date_the_previous_version_is_used(tmp_path):
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    path = repo / "sag.yaml"
    without_team = BASE.replace("rehabiliteringsteam:\n  mødedato: 2015-01-05\n", "")
    path.write_text(without_team, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Første", day="2015-01-02")
    result = forloeb("ændringer", path)
    assert result.returncode == 2 and "kun én version" in result.stderr and "Traceback" not in result.stderr
    path.write_text(without_team.replace("status: i gang\nindsatser:", "status: nået\nindsatser:"), encoding="utf-8")
    result = forloeb("ændringer", path)
    assert result.returncode == 0, result.stderr
    first = git(repo, "rev-parse", "--short=7", "HEAD")
    assert result.stdout.splitlines()[1] == (f"Version {first} er den seneste i git (filen har ændringer, der ikke er "
                                             "committet); sagsfilen har ingen mødedato i rehabiliteringsteamet.")
    git(repo, "commit", "-qam", "Anden", day="2015-03-02")
    result = forloeb("ændringer", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        f"Version {first} er den forrige version af filen i git; sagsfilen har ingen mødedato i "
        "rehabiliteringsteamet.",
        "",
        "Mål og delmål:",
        "  - Delmål nået: Møder stabilt til samtalerne.  [mål.delmål[0]]",
    ]


def test_not_a_git_repository(tmp_path):
    folder = tmp_path / "ingen-git"
    folder.mkdir()
    path = folder / "sag.yaml"
    path.write_text(BASE, encoding="utf-8")
    result = forloeb("ændringer", path, env={"GIT_CEILING_DIRECTORIES": str(tmp_path)})
    assert result.returncode == 2, result.stdout
    assert "ligger ikke i et git-repository" in result.stderr and "Traceback" not in result.stderr


def test_unknown_revision_and_a_file_missing_in_the_revision(history, tmp_path):
    path, first, _second = history
    result = forloeb("ændringer", path, "--siden", "findes-ikke")
    assert result.returncode == 2
    assert "ukendt git-version 'findes-ikke'" in result.stderr and "Traceback" not in result.stderr
    other = path.parent / "lars.yaml"
    other.write_text(BASE, encoding="utf-8")
    git(path.parent, "add", "lars.yaml")
    git(path.parent, "commit", "-qm", "Lars", day="2019-11-15")
    result = forloeb("ændringer", other, "--siden", first)
    assert result.returncode == 2
    assert f"halsnaes/lars.yaml findes ikke i version {first[:7]}" in result.stderr
    assert "Traceback" not in result.stderr
