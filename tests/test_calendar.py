"""The follow-up plan and its calendar file: what a caseworker imports into Outlook or Google.

The file is read back with two independent parsers (icalendar, which wrote it, and vobject),
and the UIDs are checked for what makes re-importing update instead of duplicate: stable
across runs and across unrelated edits of the case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from conftest import EXAMPLES, MINIMAL, ROOT
from docx_text import body_text, table_rows
from toolkit.analyse.followup import follow_up_plan
from toolkit.casefile import load_case
from toolkit.commands.calendar import case_calendar
from toolkit.model import Case
from toolkit.dates import danish_date
from toolkit.render.calendar import calendar_ics
from toolkit.render.documents import INDSATSPLAN, render_document
from toolkit.rules import check
from toolkit.rules.findings import Finding

ANALYSIS_DATES = {
    "aarhus-morten": date(2015, 4, 15),
    "halsnaes-anne": date(2019, 11, 13),
    "horsens-lars": date(2018, 1, 15),
    "odense-sofie": date(2015, 5, 15),
}


def examples():
    return [pytest.param(load_case(p), ANALYSIS_DATES[p.stem], id=p.stem) for p in EXAMPLES]


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def edited(case: Case, change) -> Case:
    """The case after ``change`` edited its data as a caseworker would edit the file."""
    data = case.model_dump(by_alias=True)
    change(data)
    return Case.model_validate(data, context={"actor_ids": {a["id"] for a in data["aktører"]}})


def test_every_example_has_an_analysis_date():
    assert {p.stem for p in EXAMPLES} == set(ANALYSIS_DATES)


# -- the plan ---------------------------------------------------------------------------------

def test_halsnaes_plan_as_the_caseworker_would_write_it():
    """Two days before the last praktik period ends (written by hand from the case file)."""
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    plan = [(i.dato, i.art, i.noegle.split("/")[0]) for i in follow_up_plan(case, date(2019, 11, 13))]
    assert plan == [
        (date(2019, 11, 15), "praktik slutter", "indsats"),     # praktik3, 39 weeks
        (date(2019, 11, 15), "indsats slutter", "indsats"),     # mentor
        (date(2019, 11, 22), "delmål", "delmål"),               # arbejdsevne beskrevet (i gang)
        (date(2019, 11, 22), "aftale", "aftale"),               # the company's statement
        (date(2019, 12, 4), "samtale", "samtale"),
        (date(2019, 12, 4), "aftale", "aftale"),                # letter to the citizen before the meeting
        (date(2019, 12, 11), "rehabiliteringsteam", "rehabiliteringsteam"),
        (date(2019, 12, 11), "indsats slutter", "indsats"),     # the company consultant's follow-up
        (date(2019, 12, 11), "delmål", "delmål"),
        (date(2020, 1, 20), "forløbet slutter", "forløb"),      # granted 21 January 2019 for 1 year
        (date(2020, 1, 20), "indsats slutter", "indsats"),      # samtaler
    ]


def test_praktik_end_asks_for_a_decision_on_extension():
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    item = next(i for i in follow_up_plan(case, date(2019, 11, 13)) if i.art == "praktik slutter")
    assert item.titel.startswith("Praktikken slutter: ") and item.noegle == "indsats/praktik3/slut"
    assert "forlængelse kræver en beslutning" in item.note  # for the caseworker, not the citizen
    assert "sagsfilen" not in item.beskrivelse


def test_ended_efforts_reached_goals_and_past_talks_are_left_out():
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    keys = {i.noegle for i in follow_up_plan(case, date(2019, 11, 13))}
    assert not keys & {"indsats/praktik1/slut", "indsats/praktik2/slut", "indsats/familiebehandling/slut"}
    assert "samtale/2019-10-09" not in keys  # held, in the past
    assert len([k for k in keys if k.startswith("delmål/")]) == 2  # three of five are nået


def test_overdue_deadlines_stay_in_the_plan_marked_overskredet():
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    plan = follow_up_plan(case, date(2019, 11, 25))
    late = [i for i in plan if i.overskredet]
    assert [(i.dato, i.art) for i in late] == [(date(2019, 11, 22), "delmål"), (date(2019, 11, 22), "aftale")]
    assert all("frist overskredet" in i.titel for i in late)
    assert not any(i.art in ("praktik slutter", "samtale") and i.dato < date(2019, 11, 25) for i in plan)


def test_findings_with_a_due_date_join_the_plan_and_merge_with_their_item():
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    praktik = next(n for n, e in enumerate(case.indsatser) if e.id == "praktik3")
    findings = [
        Finding("info", "2013/virksomhedspraktik.slut", "Praktikken slutter snart.", f"indsatser[{praktik}]",
                date(2019, 11, 15)),
        Finding("fejl", "2013/test", "En frist der er sprunget over; tegn ; , \\ 😀", "sag.bevilget",
                date(2019, 11, 1)),
        Finding("advarsel", "2013/uden_frist", "Ingen dato.", "sag"),
    ]
    plan = follow_up_plan(case, date(2019, 11, 13), findings)
    assert len(plan) == len(follow_up_plan(case, date(2019, 11, 13))) + 1
    praktik_item = next(i for i in plan if i.noegle == "indsats/praktik3/slut")
    assert "Regel 2013/virksomhedspraktik.slut (info): Praktikken slutter snart." in praktik_item.note
    assert "Regel" not in praktik_item.beskrivelse
    late = next(i for i in plan if i.art == "frist")
    assert (late.dato, late.overskredet, late.noegle) == (date(2019, 11, 1), True, "regel/2013/test/sag.bevilget")
    assert late.titel == "Frist overskredet: En frist der er sprunget over; tegn ; , \\ 😀"
    assert "Regel: 2013/test (fejl)." in late.note and "Regel" not in late.beskrivelse


def test_keys_name_things_not_positions():
    case = load_case(ROOT / "examples" / "aarhus-morten.yaml")
    today = ANALYSIS_DATES["aarhus-morten"]
    before = {i.noegle: i for i in follow_up_plan(case, today)}
    reordered = edited(case, lambda d: (d["mål"]["delmål"].reverse(), d["aftaler"].reverse(),
                                        d["indsatser"].reverse(), d["samtaler"].reverse()))
    assert {i.noegle: i for i in follow_up_plan(reordered, today)} == before
    assert len(before) == len(follow_up_plan(case, today))


def test_two_talks_on_one_day_get_distinct_keys(case_file):
    case = load_case(case_file(MINIMAL + "samtaler:\n"
                               "  - {dato: 2026-02-02, status: planlagt, form: telefon}\n"
                               "  - {dato: 2026-02-02, status: planlagt}\n"))
    assert sorted(i.noegle for i in follow_up_plan(case, date(2026, 1, 5))) == ["samtale/2026-02-02",
                                                                                "samtale/2026-02-02/2"]


# -- the calendar file --------------------------------------------------------------------------

@pytest.mark.parametrize("case, today", examples())
def test_calendar_parses_back_with_icalendar(case, today):
    items, ics = case_calendar(case, today)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["PRODID"]) == "-//forloeb//forloeb//DA" and str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == f"Ressourceforløb {case.sag.id}"
    found = events(ics)
    assert len(found) == len(items) > 0
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids) and all(u.endswith("@forloeb") for u in uids)
    for event, item in zip(found, items, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and start == item.dato and end == item.dato + timedelta(days=1)
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert str(event["SUMMARY"]) == f"{item.titel} ({case.sag.id})"
        assert str(event["DESCRIPTION"]).startswith(item.beskrivelse)
        assert [str(c) for c in event["CATEGORIES"].cats] == [item.art]
        assert event.decoded("DTSTAMP") == datetime(today.year, today.month, today.day, tzinfo=event.decoded(
            "DTSTAMP").tzinfo) and event["DTSTAMP"].to_ical() == today.strftime("%Y%m%dT000000Z").encode()


@pytest.mark.parametrize("case, today", examples())
def test_calendar_parses_back_with_vobject(case, today):
    _, ics = case_calendar(case, today)
    reference = events(ics)
    parsed = vobject.readOne(ics.decode("utf-8"))
    found = parsed.vevent_list
    assert parsed.prodid.value == "-//forloeb//forloeb//DA" and parsed.version.value == "2.0"
    assert len(found) == len(reference)
    for event, other in zip(found, reference, strict=True):
        assert event.uid.value == str(other["UID"])
        assert event.dtstart.value == other.decoded("DTSTART") and type(event.dtstart.value) is date
        assert event.dtend.value == other.decoded("DTEND")
        assert event.summary.value == str(other["SUMMARY"])
        assert event.description.value == str(other["DESCRIPTION"])
        assert event.categories.value == [str(c) for c in other["CATEGORIES"].cats]


@pytest.mark.parametrize("case, today", examples())
def test_every_planned_talk_is_in_the_calendar(case, today):
    _, ics = case_calendar(case, today)
    talks = {e.decoded("DTSTART") for e in events(ics) if [str(c) for c in e["CATEGORIES"].cats] == ["samtale"]}
    planned = {t.dato for t in case.samtaler if t.status == "planlagt"}
    assert planned and all(d >= today for d in planned)
    assert talks == planned


@pytest.mark.parametrize("case, today", examples())
def test_calendar_is_byte_identical_when_rendered_twice(case, today):
    assert case_calendar(case, today)[1] == case_calendar(case, today)[1]


@pytest.mark.parametrize("case, today", examples())
def test_uids_survive_unrelated_edits(case, today):
    """Add actors, reorder lists, rewrite a note: the same events, so the whole file is unchanged."""
    _, original = case_calendar(case, today)

    def change(data):
        data["aktører"].append({"id": "ny-fagperson", "navn": "Xenia Nyborg", "rolle": "jobkonsulent",
                                "sektor": "beskæftigelse"})
        data["aktører"].append({"id": "ny-paarorende", "navn": "Gudrun Quistgaard", "rolle": "pårørende (faster)",
                                "sektor": "familie"})
        data["aktører"].reverse()
        for section in (data["mål"]["delmål"], data["aftaler"], data["indsatser"], data["samtaler"],
                        data["relationer"], data["udvikling"]):
            section.reverse()
        data["forberedende_del"]["interesser"] = "Noget helt andet."

    assert case_calendar(edited(case, change), today)[1] == original


def test_uids_follow_the_item_when_its_date_moves():
    """A postponed team meeting or an extended praktik updates the event it imported before."""
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    today = ANALYSIS_DATES["halsnaes-anne"]

    def change(data):
        data["opfølgning"]["næste_rehabiliteringsteam"] = date(2020, 1, 8)
        praktik = next(e for e in data["indsatser"] if e["id"] == "praktik3")
        praktik["forlængelser"] = [{"besluttet": date(2019, 11, 13), "til": date(2019, 12, 13)}]

    before = {str(e["UID"]): e.decoded("DTSTART") for e in events(case_calendar(case, today)[1])}
    after = {str(e["UID"]): e.decoded("DTSTART") for e in events(case_calendar(edited(case, change), today)[1])}
    assert set(before) <= set(after)
    moved = {uid for uid in before if before[uid] != after[uid]}
    assert sorted(after[uid] for uid in moved) == [date(2019, 12, 13), date(2020, 1, 8)]


def test_a_later_export_is_a_later_revision_with_the_same_uids():
    case = load_case(ROOT / "examples" / "halsnaes-anne.yaml")
    first, later = (events(case_calendar(case, d)[1]) for d in (date(2019, 11, 13), date(2019, 11, 14)))
    common = {str(e["UID"]): e for e in first}
    for event in later:
        if str(event["UID"]) in common:
            earlier = common[str(event["UID"])]
            assert event.decoded("SEQUENCE") > earlier.decoded("SEQUENCE")
            assert event.decoded("DTSTAMP") > earlier.decoded("DTSTAMP")


@pytest.mark.parametrize("case, today", examples())
def test_calendar_carries_no_identity_of_the_citizen(case, today):
    text = case_calendar(case, today)[1].decode("utf-8").replace("\r\n ", "")
    citizen = case.borger
    for secret in filter(None, (citizen.navn, citizen.cpr, citizen.adresse, citizen.telefon, citizen.email,
                                *citizen.navn.split())):
        assert secret not in text, secret
    for actor in case.aktoerer:
        if not actor.er_fagperson:
            assert actor.navn not in text, actor.navn


@pytest.mark.parametrize("case, today", examples())
def test_file_is_well_formed_rfc5545(case, today):
    ics = case_calendar(case, today)[1]
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and ics.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in ics.replace(b"\r\n", b"")
    for line in ics.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character


HOSTILE = 'Tom & Jerry; a,b \\ c\\nd "citat" <b> æøå 😀🚀 {{ 7*7 }} \x00\x07slut'
HOSTILE_CLEAN = 'Tom & Jerry; a,b \\ c\\nd "citat" <b> æøå 😀🚀 {{ 7*7 }} slut'
HOSTILE_AGENDA = "Første linje; med semikolon\nAnden linje, med komma\r\nTredje \\ linje 🎉"
HOSTILE_EFFORT = 'Praktik; hos "Bager & Co", Vej 1\nlinje 2'


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON escapes, so control characters survive)."""
    return json.dumps(text, ensure_ascii=False)


def test_hostile_text_round_trips(case_file):
    case = load_case(case_file(MINIMAL + f"""\
mål:
  delmål:
    - tekst: {_yaml(HOSTILE)}
      frist: 2026-03-01
samtaler:
  - dato: 2026-02-02
    status: planlagt
    deltagere: [borger, ks]
    referat: {_yaml(HOSTILE_AGENDA)}
indsatser:
  - id: a
    titel: {_yaml(HOSTILE_EFFORT)}
    type: beskæftigelse
    kategori: virksomhedspraktik
    ansvarlig: ks
    start: 2026-01-05
    slut: 2026-04-03
    status: i gang
"""))
    items, ics = case_calendar(case, date(2026, 1, 5))
    assert [i.art for i in items] == ["samtale", "delmål", "praktik slutter"]
    summaries = {}
    for parsed in (events(ics), vobject.readOne(ics.decode()).vevent_list):
        for event in parsed:
            summary = str(event["SUMMARY"]) if isinstance(event, dict) else event.summary.value
            description = str(event["DESCRIPTION"]) if isinstance(event, dict) else event.description.value
            summaries.setdefault(summary, set()).add(description)
    assert f"Delmål: {HOSTILE_CLEAN} (t-1)" in summaries
    assert 'Praktikken slutter: Praktik; hos "Bager & Co", Vej 1 linje 2 (t-1)' in summaries
    talk = summaries["Samtale med borgeren (t-1)"]
    assert len(talk) == 1  # both parsers read the same text
    assert "Emne: Første linje; med semikolon\nAnden linje, med komma\nTredje \\ linje 🎉\n" in talk.pop()


def test_empty_plan_still_gives_a_valid_calendar(case_file):
    case = load_case(case_file(MINIMAL))
    items, ics = case_calendar(case, date(2026, 1, 5))
    assert items == [] and events(ics) == []
    assert vobject.readOne(ics.decode()).prodid.value == "-//forloeb//forloeb//DA"


def test_calendar_ics_without_a_stamp_is_still_deterministic():
    case = load_case(ROOT / "examples" / "odense-sofie.yaml")
    items = follow_up_plan(case, date(2015, 5, 15))
    ics = calendar_ics(case, items)
    assert ics == calendar_ics(case, items) and b"DTSTAMP:20000101T000000Z" in ics


# -- the indsatsplan shows the same plan --------------------------------------------------------

@pytest.mark.parametrize("case, today", examples())
def test_indsatsplan_shows_the_follow_up_plan(case, today, tmp_path):
    path = tmp_path / "indsatsplan.docx"
    path.write_bytes(render_document(case, INDSATSPLAN, today=today))
    rows = table_rows(path)
    start, end = rows.index(["Dato", "Hvad", "Beskrivelse"]), rows.index(["Aftale", "Ansvarlig", "Frist"])
    shown = [(row[0], row[1]) for row in rows[start + 1:end]]
    findings = check(case, today)
    plan = follow_up_plan(case, today, [f for f in findings if f.alvor == "info"])
    assert shown == [(danish_date(i.dato), i.titel) for i in plan]
    text = body_text(path)
    for finding in findings:
        if finding.alvor != "info":  # the caseworker's warnings are not part of the citizen's plan
            assert finding.tekst[:60] not in text, finding.tekst


def test_indsatsplan_without_follow_up_says_so(case_file, tmp_path):
    path = tmp_path / "indsatsplan.docx"
    path.write_bytes(render_document(load_case(case_file(MINIMAL)), INDSATSPLAN, today=date(2026, 1, 5)))
    lines = body_text(path).splitlines()
    assert lines[lines.index("Opfølgningsplan") + 2] == "Der er ikke planlagt opfølgning endnu."


# -- the command ----------------------------------------------------------------------------------

def forloeb(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], check=False, capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)


def test_kalender_writes_the_file_and_returns_0(tmp_path):
    target = tmp_path / "ud" / "plan.ics"
    result = forloeb("kalender", ROOT / "examples" / "horsens-lars.yaml", "-o", target, "--dato", "2018-01-15")
    assert result.returncode == 0, result.stderr
    assert f"Skrev {target}" in result.stdout
    case = load_case(ROOT / "examples" / "horsens-lars.yaml")
    assert target.read_bytes() == case_calendar(case, date(2018, 1, 15))[1]


def test_kalender_default_name_is_the_case_id(tmp_path):
    result = forloeb("kalender", ROOT / "examples" / "odense-sofie.yaml", "--dato", "2015-05-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert events((tmp_path / "odense-2014-0058-plan.ics").read_bytes())


def test_kalender_with_a_broken_case_is_a_user_error(tmp_path):
    result = forloeb("kalender", tmp_path / "findes-ikke.yaml", "-o", tmp_path / "x.ics")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert not (tmp_path / "x.ics").exists()


# -- the plan follows the corrected rules and the reform's decision path --------------------------

RUNNING = MINIMAL.replace("  koordinerende_sagsbehandler: ks\n", """\
  koordinerende_sagsbehandler: ks
  bevilget: {granted}
  varighed: {duration}
""") + """\
opfølgning:
  næste_rehabiliteringsteam: {team}
samtaler:
  - dato: {talk}
"""


def running(case_file, granted: str, duration: str, team: str, talk: str) -> Case:
    return load_case(case_file(RUNNING.format(granted=granted, duration=duration, team=team, talk=talk)))


def test_after_the_reform_the_plan_points_to_the_beskrivelse_not_the_team(case_file, tmp_path):
    # Granted 1 Jan 2024 for 3 years: the decision falls on 31 Dec 2026, after the reform's second stage.
    case = running(case_file, "2024-01-01", "3 år", "2026-12-10", "2026-11-02")
    today = date(2026, 11, 30)
    items = follow_up_plan(case, today, check(case, today))
    assert "rehabiliteringsteam" not in [i.art for i in items]
    [end] = [i for i in items if i.noegle == "forløb/slut"]
    assert end.dato == date(2026, 12, 31)
    assert "samlede beskrivelse af borgerens forudsætninger" in end.beskrivelse and "sundhedskoordinatoren" in end.beskrivelse
    assert "rehabiliteringsteam" not in end.beskrivelse + end.note
    assert "forloeb beskrivelse" in end.note  # the rule's reminder joins the end of the forløb
    assert "Hjemmel: L 1750/2025." in end.note
    ics = case_calendar(case, today)[1].decode()
    assert "rehabiliteringsteam" not in ics.replace("\r\n ", "").lower()
    path = tmp_path / "indsatsplan.docx"
    path.write_bytes(render_document(case, INDSATSPLAN, today=today))
    text = body_text(path)
    assert "Afgørelse ved forløbets slut" in text and "rehabiliteringsteam" not in text


def test_before_the_reform_the_plan_still_points_to_the_team(case_file, tmp_path):
    case = running(case_file, "2022-03-01", "2 år", "2024-01-15", "2023-11-02")
    today = date(2023, 12, 1)
    items = follow_up_plan(case, today, check(case, today))
    assert [i.dato for i in items if i.art == "rehabiliteringsteam"] == [date(2024, 1, 15)]
    [end] = [i for i in items if i.noegle == "forløb/slut"]
    assert "forelægges rehabiliteringsteamet" in end.beskrivelse
    path = tmp_path / "indsatsplan.docx"
    path.write_bytes(render_document(case, INDSATSPLAN, today=today))
    assert "Næste forelæggelse i rehabiliteringsteamet: 15. januar 2024" in body_text(path)


def test_no_statutory_samtale_deadline_after_six_months(case_file):
    # Last samtale 2 Nov 2023, well after the first six months: the law sets no interval, so the calendar
    # holds no 'next samtale' deadline unless the case has its own agreement.
    case = running(case_file, "2022-03-01", "2 år", "2024-01-15", "2023-11-02")
    def later(items):  # the first six months' count is a separate rule (this case held none then)
        return [i for i in items if "samtale" in i.noegle and "første_periode" not in i.noegle]
    assert not later(follow_up_plan(case, date(2023, 12, 1), check(case, date(2023, 12, 1))))
    agreed = edited(case, lambda d: d["opfølgning"].update(samtaleinterval_uger=6))
    deadlines = later(follow_up_plan(agreed, date(2023, 12, 1), check(agreed, date(2023, 12, 1))))
    assert [i.dato for i in deadlines] == [date(2023, 12, 14)]  # 2 Nov + 6 weeks
