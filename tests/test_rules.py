"""Process rules. Every expectation below is worked out by hand from the rule sets and the
case data, not copied from the program's output."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date

import pytest

from conftest import ROOT
from toolkit.casefile import load_case
from toolkit.model import Case
from toolkit.exceptions import UsageProblem
from toolkit.rules import check, load_praksis, rule_set_for, rule_sets
from toolkit.rules.efforts import guarantee_due
from toolkit.rules.folkepension import pension_age, pension_date

EXAMPLE = {name: ROOT / "examples" / f"{name}.yaml"
           for name in ("aarhus-morten", "halsnaes-anne", "horsens-lars", "odense-sofie")}


def found(case: Case, today: date) -> set[tuple[str, str, date | None]]:
    return {(f.alvor, f.regel, f.frist) for f in check(case, today)}


# -- the examples as of several dates ------------------------------------------------

def test_aarhus_mid_april_2015():
    # Mentor from 20 Oct 2014 to 19 Oct 2015 with no renewal: 6-month period ended 20 Apr 2015.
    # Own (agreed) cadence 2 weeks: 17 Dec → 21 Jan is 5 weeks (7 Jan was 'udeblevet'); next by 15 Apr + 2 weeks.
    # The plan was made 8 Oct 2014 and never recorded as updated, though efforts started after it.
    assert found(load_case(EXAMPLE["aarhus-morten"]), date(2015, 4, 15)) == {
        ("advarsel", "2013/mentor", date(2015, 4, 20)),
        ("advarsel", "2013/samtaler.aftalt", None),
        ("advarsel", "2013/indsatsplan", None),
        ("info", "2013/samtaler.aftalt", date(2015, 4, 29)),
    }


def test_aarhus_july_2015_a_missed_agreed_samtale_is_a_warning_not_an_error():
    # After six months there is no statutory interval: missing the case's own agreement is advarsel.
    findings = found(load_case(EXAMPLE["aarhus-morten"]), date(2015, 7, 1))
    assert ("advarsel", "2013/samtaler.aftalt", date(2015, 4, 29)) in findings
    assert ("advarsel", "2013/delmål", date(2015, 6, 30)) in findings  # psychological assessment, still 'i gang'
    assert not any(kind == "fejl" for kind, _, _ in findings)


def test_aarhus_near_the_end_team_three_months_before_is_local_practice():
    # Granted 1 Oct 2014 for 5 years: last day 30 Sep 2019. "Three months before" is Halsnæs practice, not law.
    case = load_case(EXAMPLE["aarhus-morten"])
    assert not any("forelæggelse" in f.regel for f in check(case, date(2019, 8, 1)))
    halsnaes = load_praksis("halsnaes")
    [near] = [f for f in check(case, date(2019, 8, 1), halsnaes) if "forelæggelse" in f.regel]
    assert (near.alvor, near.regel, near.frist) == ("advarsel", "praksis-halsnaes/forelæggelse", date(2019, 9, 30))
    assert "lokal praksis" in near.hjemmel
    # After the end: the team met during the forløb (9 Mar 2016), so the law's own rule is satisfied.
    assert not any("rehabiliteringsteam" in f.regel for f in check(case, date(2019, 10, 2)))


def test_the_team_before_the_decision_at_the_end():
    # Granted 1 Mar 2022 for 2 years: last day 29 Feb 2024, before the reform.
    assert ("advarsel", "2022/rehabiliteringsteam.før_afgørelse", None) in found(case(), date(2024, 3, 1))
    assert not rules_of(found(case(), date(2024, 2, 29)), "rehabiliteringsteam")
    presented = case(lambda d: d.update(opfølgning={"næste_rehabiliteringsteam": "2024-02-01"}))
    assert not rules_of(found(presented, date(2024, 3, 1)), "rehabiliteringsteam")


def test_halsnaes_in_november_2019():
    # Mentor 18 Feb - 15 Nov 2019 (9 months) without renewal; the team's 'behandling hos egen læge' is not an
    # effort; the 13+13+13-week trial chain ends 15 Nov (within 4 weeks), each step at most 13 weeks and the
    # last one beyond 26 weeks with its purpose written; next agreed samtale 13 Nov + 9 weeks = 15 Jan 2020.
    assert found(load_case(EXAMPLE["halsnaes-anne"]), date(2019, 11, 13)) == {
        ("advarsel", "2013/mentor", date(2019, 8, 18)),
        ("advarsel", "2013/anbefalede_indsatser", None),
        ("advarsel", "2013/indsatsplan", None),
        ("info", "2013/virksomhedspraktik.slut", date(2019, 11, 15)),
        ("info", "2013/samtaler.aftalt", date(2020, 1, 15)),
    }


def test_horsens_one_jump_from_13_to_39_weeks_is_flagged():
    # 19 Sep 2016 - 16 Dec 2016 (12 weeks 5 days), extended 7 Dec 2016 to 16 Jun 2017 (38 weeks 5 days) in one
    # decision: past 26 weeks only 13 weeks at a time. Decided before LAB § 61 (2020), so advarsel, not fejl.
    findings = check(load_case(EXAMPLE["horsens-lars"]), date(2018, 1, 31))
    [jump] = [f for f in findings if f.regel == "2013/virksomhedspraktik.trin"]
    assert jump.alvor == "advarsel" and "12 uger og 5 dage til 38 uger og 5 dage" in jump.tekst
    [gaps] = [f for f in findings if f.regel == "2013/samtaler.aftalt" and f.alvor == "advarsel"]
    assert len(gaps.evidens) == 8 and gaps.evidens[0] == "16 uger: 11. maj 2016 – 31. august 2016"


def test_before_the_grant_only_grant_rules_apply():
    assert found(load_case(EXAMPLE["horsens-lars"]), date(2015, 7, 1)) == set()


def test_the_examples_have_no_error_the_law_does_not_support_and_every_finding_names_its_source():
    halsnaes = load_praksis("halsnaes")
    for path in EXAMPLE.values():
        case = load_case(path)
        for day in (date(2015, 4, 15), date(2015, 7, 1), date(2018, 1, 31), date(2019, 11, 13), date(2026, 11, 30)):
            for finding in check(case, day, halsnaes):
                assert finding.hjemmel, finding
                if finding.regel.startswith("praksis-"):
                    assert finding.alvor != "fejl" and "lokal praksis" in finding.hjemmel
                assert finding.alvor != "fejl", (path.name, day, finding)


# -- each rule on a small case -------------------------------------------------------

BASE = {
    "schema_version": 3,
    "sag": {"id": "regel", "kommune": "K", "bevilget": "2022-03-01", "varighed": "2 år",
            "koordinerende_sagsbehandler": "ks", "indsatsplan_udarbejdet": "2022-03-07",
            "indsatsplan_opdateret": "2022-07-01"},
    "borger": {"navn": "B", "alder": 35},
    "aktører": [{"id": "ks", "navn": "K", "rolle": "koordinerende sagsbehandler", "sektor": "beskæftigelse"},
                {"id": "firma", "navn": "F", "rolle": "praktikvirksomhed", "sektor": "beskæftigelse"}],
    "samtaler": [{"dato": d, "status": "afholdt"} for d in ("2022-03-07", "2022-04-20", "2022-06-01", "2022-07-27")],
    "indsatser": [{"id": "p", "titel": "Virksomhedspraktik", "type": "beskæftigelse", "kategori": "virksomhedspraktik",
                   "ansvarlig": "firma", "start": "2022-04-04", "slut": "2022-07-01", "status": "afsluttet"}],
}


def case(change=None) -> Case:
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    return Case.model_validate(data, context={"actor_ids": {a["id"] for a in data["aktører"]}})


def rules_of(findings, part: str) -> set[tuple[str, str, date | None]]:
    return {f for f in findings if part in f[1]}


def test_the_base_case_is_clean_in_august_and_september_2022():
    # 4 samtaler before 1 Sep 2022; a 13-week trial; an effort started within 6 months; the plan updated after
    # the trial ended. After six months nothing is due by law: no 'next samtale' either.
    assert found(case(), date(2022, 8, 15)) == set()
    assert found(case(), date(2022, 9, 5)) == set()
    assert found(case(), date(2022, 12, 1)) == set()


def test_rule_set_follows_the_grant_date_and_the_case_file_can_choose():
    assert rule_set_for(case(), date(2022, 8, 1)).id == "2022"
    assert rule_set_for(case(lambda d: d["sag"].update(bevilget="2019-03-01")), date(2022, 8, 1)).id == "2013"
    assert rule_set_for(case(lambda d: d["sag"].update(regelsæt="2013")), date(2022, 8, 1)).id == "2013"
    assert rule_set_for(case(lambda d: d["sag"].update(bevilget="2026-01-31")), date(2026, 3, 1)).id == "2022"
    assert rule_set_for(case(lambda d: d["sag"].update(bevilget="2026-02-01")), date(2026, 3, 1)).id == "2026"
    assert set(rule_sets()) == {"2013", "2022", "2026"}


def test_every_rule_names_its_act_and_when_it_was_checked():
    for rules in rule_sets().values():
        for name, rule in rules.rules():
            assert rule.hjemmel.lov and rule.hjemmel.kontrolleret, (rules.id, name)
            assert "kontrolleret" in rule.hjemmel.fuld()


def test_duration_beyond_three_years_is_an_error_under_2022_but_not_2013():
    five = case(lambda d: d["sag"].update(varighed="5 år"))
    assert ("fejl", "2022/varighed", None) in found(five, date(2022, 8, 15))
    old = case(lambda d: d["sag"].update(varighed="5 år", regelsæt="2013"))
    assert not any(f.regel.endswith("/varighed") for f in check(old, date(2022, 8, 15)))


def test_jobafklaringsforloeb_is_not_held_to_the_ressourceforloeb_minimum():
    # Ressourceforløb: at least 12 months. Jobafklaringsforløb: its own programme, up to 2 years at a time.
    short = case(lambda d: d["sag"].update(varighed="6 måneder"))
    assert ("advarsel", "2022/varighed", None) in found(short, date(2022, 8, 15))
    job = case(lambda d: d["sag"].update(varighed="6 måneder", forløb="jobafklaringsforløb"))
    assert not rules_of(found(job, date(2022, 8, 15)), "varighed")
    assert not rules_of(found(job, date(2022, 8, 15)), "jobafklaring")
    two = case(lambda d: d["sag"].update(varighed="24 måneder", forløb="jobafklaringsforløb"))
    assert not rules_of(found(two, date(2022, 8, 15)), "jobafklaring")
    longer = case(lambda d: d["sag"].update(varighed="25 måneder", forløb="jobafklaringsforløb"))
    assert ("advarsel", "2022/jobafklaringsforløb", None) in found(longer, date(2022, 8, 15))


# -- the reform's two stages (lov nr. 1750 af 29. december 2025, 1 February and 1 July 2026) ------

def granted_on(day: str, **sag):
    return case(lambda d: (d["sag"].update(bevilget=day, **sag), d.update(samtaler=[], indsatser=[])))


def test_a_grant_before_the_first_stage_is_allowed():
    # 15 January 2026: the reform is not in force yet; the 2022 rules apply.
    assert not rules_of(found(granted_on("2026-01-15"), date(2026, 1, 20)), "nye_forløb")
    assert not rules_of(found(granted_on("2026-01-31"), date(2026, 2, 2)), "nye_forløb")


def test_a_grant_between_the_stages_is_uncertain_not_an_error():
    for day in ("2026-02-01", "2026-06-30"):
        [finding] = [f for f in check(granted_on(day), date(2026, 7, 10)) if "nye_forløb" in f.regel]
        assert (finding.alvor, finding.regel) == ("advarsel", "2026/nye_forløb")
        assert "første trin" in finding.tekst and "andet trin" in finding.tekst


def test_a_grant_from_the_second_stage_is_an_error_and_jobafklaring_is_not_affected():
    assert ("fejl", "2026/nye_forløb", None) in found(granted_on("2026-07-01"), date(2026, 7, 10))
    job = granted_on("2026-08-01", forløb="jobafklaringsforløb")
    assert not rules_of(found(job, date(2026, 8, 10)), "nye_forløb")


def test_a_municipality_can_set_the_cut_off_in_its_local_practice(tmp_path):
    profile = tmp_path / "kommune.yaml"
    profile.write_text("id: testkommune\nnavn: Testkommune\nkilde: byrådets beslutning\n"
                       "reform_skæringsdato: 2026-02-01\n", encoding="utf-8")
    own = load_praksis(str(profile))
    assert ("fejl", "2026/nye_forløb", None) in {(f.alvor, f.regel, f.frist)
                                                 for f in check(granted_on("2026-02-01"), date(2026, 3, 1), own)}
    assert not [f for f in check(granted_on("2026-01-31"), date(2026, 3, 1), own) if "nye_forløb" in f.regel]


def test_a_forloeb_ending_between_the_stages_says_the_decision_path_is_uncertain():
    # Granted 1 Apr 2023 for 3 years: last day 31 Mar 2026, between 1 Feb and 1 Jul 2026.
    between = granted_on("2023-04-01", varighed="3 år")
    assert ("advarsel", "2026/reform", None) in found(between, date(2026, 1, 10))
    before = granted_on("2023-01-31", varighed="3 år")  # last day 30 Jan 2026
    assert not rules_of(found(before, date(2026, 1, 10)), "reform")


def test_after_the_reform_the_decision_needs_the_beskrivelse_and_the_sundhedskoordinator_not_the_team():
    # Granted 1 Jan 2024 for 3 years: last day 31 Dec 2026, after the second stage.
    running = granted_on("2024-01-01", varighed="3 år")
    assert ("info", "2026/afgørelsesgrundlag", date(2026, 12, 31)) in found(running, date(2026, 11, 30))
    assert ("advarsel", "2026/afgørelsesgrundlag", None) in found(running, date(2027, 1, 5))
    assert not any("rehabiliteringsteam" in f.regel for f in check(running, date(2027, 1, 5)))
    assert not any("forelæggelse" in f.regel for f in check(running, date(2026, 11, 30), load_praksis("halsnaes")))
    advised = case(lambda d: (d["sag"].update(bevilget="2024-01-01", varighed="3 år"),
                              d.update(sundhedskoordinatorens_rådgivning={"dato": "2026-11-20",
                                                                          "rådgivning": "Fleksjob 10 timer."})))
    assert not any("afgørelsesgrundlag" in f.regel for f in check(advised, date(2026, 11, 30)))


# -- samtaler: four in the first six months, then only what was agreed ---------------------

def test_too_few_samtaler_in_the_first_six_months():
    three = case(lambda d: d["samtaler"].pop())
    # First period: 1 Mar - 31 Aug 2022; during it a warning, after it an error.
    assert ("advarsel", "2022/samtaler.første_periode", date(2022, 8, 31)) in found(three, date(2022, 8, 1))
    assert ("fejl", "2022/samtaler.første_periode", date(2022, 8, 31)) in found(three, date(2022, 9, 2))


def test_after_six_months_there_is_no_statutory_interval():
    # Last samtale 27 Jul 2022; half a year later nothing is an error by law.
    assert not rules_of(found(case(), date(2023, 2, 1)), "samtaler")


def test_an_agreed_interval_is_followed_as_a_warning_with_its_day_before_of_and_after():
    # Agreed: at most 6 weeks between samtaler. Last held 27 Jul 2022 → next by 7 Sep 2022.
    agreed = case(lambda d: d["opfølgning"].update(samtaleinterval_uger=6) if "opfølgning" in d
                  else d.update(opfølgning={"samtaleinterval_uger": 6}))
    assert ("info", "2022/samtaler.aftalt", date(2022, 9, 7)) in found(agreed, date(2022, 9, 6))
    assert ("info", "2022/samtaler.aftalt", date(2022, 9, 7)) in found(agreed, date(2022, 9, 7))
    assert ("advarsel", "2022/samtaler.aftalt", date(2022, 9, 7)) in found(agreed, date(2022, 9, 8))
    assert not any(f.alvor == "fejl" for f in check(agreed, date(2022, 12, 1)))


def test_halsnaes_cadence_is_local_practice_and_never_an_error():
    # Halsnæs: about every second month (9 weeks) → 27 Jul + 63 days = 28 Sep 2022.
    halsnaes = load_praksis("halsnaes")
    late = {(f.alvor, f.regel, f.frist, f.hjemmel) for f in check(case(), date(2022, 10, 1), halsnaes)}
    assert ("advarsel", "praksis-halsnaes/samtaler.interval", date(2022, 9, 28),
            "lokal praksis, Halsnæs Kommune") in late


# -- virksomhedspraktik: 13 weeks, up to 26 after an assessment, then steps of at most 13 -------
# The trial starts Monday 4 April 2022. 13 weeks end Sunday 3 July, 26 weeks Sunday 2 October 2022,
# a further 13-week step Sunday 1 January 2023 (39 weeks), 46 weeks Sunday 19 February 2023.

def trial(slut: str, *extensions: tuple[str, str, str | None]):
    def change(data):
        data["sag"]["indsatsplan_opdateret"] = "2023-12-31"
        effort = data["indsatser"][0]
        effort.update(slut=slut, status="i gang",
                      forlængelser=[{"besluttet": b, "til": t, **({"begrundelse": r} if r else {})}
                                    for b, t, r in extensions])
    return case(change)


def praktik(c: Case, today: date = date(2023, 6, 1)):
    return {(f.alvor, f.regel) for f in check(c, today) if "virksomhedspraktik" in f.regel and f.alvor != "info"}


def test_the_first_13_weeks_need_no_decision_day_before_of_after():
    assert praktik(trial("2022-07-02")) == set()
    assert praktik(trial("2022-07-03")) == set()
    assert praktik(trial("2022-07-04")) == {("advarsel", "2022/virksomhedspraktik.forlængelse")}


def test_up_to_26_weeks_after_a_concrete_assessment():
    assert praktik(trial("2022-07-03", ("2022-06-20", "2022-10-02", None))) == set()


def test_beyond_26_weeks_a_step_of_at_most_13_weeks_day_before_of_after():
    reason = "Helt særligt behov: afklaring af skånehensyn kræver længere tid."
    steps = [("2022-06-20", "2022-10-02", None)]
    assert praktik(trial("2022-07-03", *steps, ("2022-09-20", "2022-12-31", reason))) == set()
    assert praktik(trial("2022-07-03", *steps, ("2022-09-20", "2023-01-01", reason))) == set()
    assert praktik(trial("2022-07-03", *steps, ("2022-09-20", "2023-01-02", reason))) == {
        ("fejl", "2022/virksomhedspraktik.trin")}


def test_one_jump_from_13_to_39_weeks_is_an_error_but_46_weeks_in_lawful_steps_is_not():
    jump = trial("2022-07-03", ("2022-06-20", "2023-01-01", "Helt særligt behov."))
    assert praktik(jump) == {("fejl", "2022/virksomhedspraktik.trin")}
    lawful = trial("2022-07-03", ("2022-06-20", "2022-10-02", None),
                   ("2022-09-20", "2023-01-01", "Helt særligt behov: ny opgave afprøves."),
                   ("2022-12-15", "2023-02-19", "Helt særligt behov: overgang til fleksjob forberedes."))
    assert praktik(lawful) == set()


def test_a_step_beyond_26_weeks_needs_the_special_need_written():
    silent = trial("2022-07-03", ("2022-06-20", "2022-10-02", None), ("2022-09-20", "2022-12-01", None))
    assert praktik(silent) == {("advarsel", "2022/virksomhedspraktik.særligt_behov")}


# -- the effort guarantee (LAB § 113, stk. 2) -----------------------------------------------
# The forløb began 1 March 2022: a qualifying offer must have begun by 1 September 2022.

def effort(kategori: str, start: str, **extra):
    return {"id": "e", "titel": kategori.capitalize(), "type": "social", "kategori": kategori, "ansvarlig": "ks",
            "start": start, "status": "i gang", **extra}


def guarantee(*efforts, **sag):
    return case(lambda d: (d.update(indsatser=list(efforts)), d["sag"].update(**sag)))


def test_effort_guarantee_day_before_of_and_after():
    assert not rules_of(found(guarantee(effort("bostøtte", "2022-08-31")), date(2022, 9, 10)), "indsatsgaranti")
    assert not rules_of(found(guarantee(effort("bostøtte", "2022-09-01")), date(2022, 9, 10)), "indsatsgaranti")
    assert ("fejl", "2022/indsatsgaranti", date(2022, 9, 1)) in found(guarantee(effort("bostøtte", "2022-09-02")),
                                                                       date(2022, 9, 10))


def test_mentor_support_alone_does_not_count():
    only_mentor = guarantee(effort("mentor", "2022-04-01"))
    [finding] = [f for f in check(only_mentor, date(2022, 9, 2)) if "indsatsgaranti" in f.regel]
    assert finding.alvor == "fejl" and finding.evidens == ["Tæller ikke: Mentor (mentor)"]
    assert ("advarsel", "2022/indsatsgaranti", date(2022, 9, 1)) in found(only_mentor, date(2022, 5, 1))


def test_an_offer_under_lab_chapter_11_counts_by_its_legal_basis():
    course = guarantee(effort("andet", "2022-05-01", lovgrundlag="LAB kapitel 11"))
    assert not rules_of(found(course, date(2022, 9, 10)), "indsatsgaranti")


def test_counted_from_when_the_forloeb_began_not_the_grant():
    # Began 1 April 2022 → by 1 October 2022.
    late_start = guarantee(effort("virksomhedspraktik", "2022-09-15"), påbegyndt="2022-04-01")
    assert not rules_of(found(late_start, date(2022, 10, 1)), "indsatsgaranti")
    assert ("fejl", "2022/indsatsgaranti", date(2022, 10, 1)) in found(
        guarantee(effort("virksomhedspraktik", "2022-10-02"), påbegyndt="2022-04-01"), date(2022, 10, 5))


def test_exemption_periods_move_the_deadline_and_special_reasons_settle_it():
    # Exempt 1-10 May 2022 (10 days) → the deadline moves from 1 to 11 September 2022.
    exempt = {"fritagelser": [{"fra": "2022-05-01", "til": "2022-05-10", "begrundelse": "indlagt"}]}
    assert not rules_of(found(guarantee(effort("sundhedstilbud", "2022-09-11"), indsatsgaranti=exempt),
                              date(2022, 9, 20)), "indsatsgaranti")
    assert ("fejl", "2022/indsatsgaranti", date(2022, 9, 11)) in found(
        guarantee(effort("sundhedstilbud", "2022-09-12"), indsatsgaranti=exempt), date(2022, 9, 20))
    reasons = guarantee(indsatsgaranti={"særlige_grunde": "Borgeren er i udredning på sygehuset."})
    assert ("info", "2022/indsatsgaranti", None) in found(reasons, date(2022, 9, 20))


def test_overlapping_exemptions_count_once_and_only_inside_the_period():
    # 1-10 May and 5-14 May overlap: 14 exempt days → 15 September. An exemption from 1 Feb to 10 Mar counts
    # only from the start of the forløb (1-10 March, 10 days) → 11 September. One from 2 September, after the
    # deadline, moves nothing.
    def due(*periods):
        exempt = {"fritagelser": [{"fra": a, "til": b} for a, b in periods]}
        return guarantee_due(guarantee(indsatsgaranti=exempt), rule_sets()["2022"])
    assert due(("2022-05-01", "2022-05-10"), ("2022-05-05", "2022-05-14")) == date(2022, 9, 15)
    assert due(("2022-02-01", "2022-03-10")) == date(2022, 9, 11)
    assert due(("2022-09-02", "2022-09-30")) == date(2022, 9, 1)


def test_no_effort_guarantee_before_2022():
    old = guarantee(regelsæt="2013")
    assert not rules_of(found(old, date(2022, 9, 2)), "indsatsgaranti")


# -- the age rules of 2022 (LAB § 112, stk. 3) and of 2013 -------------------------------------

def aged(born: str, number: int = 1, **sag):
    return case(lambda d: (d["borger"].pop("alder"), d["borger"].update(fødselsdato=born),
                           d["sag"].update(forløbsnummer=number, **sag)))


def test_from_40_at_most_five_years_in_all_day_before_and_of_the_birthday():
    # Granted 1 Mar 2022 for 2 years after 4 years of earlier forløb: 6 years in all.
    assert not rules_of(found(aged("1982-03-02", 2, tidligere_forløb_måneder=48), date(2022, 8, 15)), "alder")
    assert ("advarsel", "2022/aldersregler.fra_40", None) in found(
        aged("1982-03-01", 2, tidligere_forløb_måneder=48), date(2022, 8, 15))
    # A second forløb at 45 within five years in all is allowed.
    assert not rules_of(found(aged("1977-01-10", 2, tidligere_forløb_måneder=24), date(2022, 8, 15)), "alder")
    assert ("fejl", "2022/aldersregler.fra_40", None) in found(
        aged("1977-01-10", 2, tidligere_forløb_måneder=48, borgerens_ønske=False), date(2022, 8, 15))
    assert not rules_of(found(aged("1977-01-10", 2, tidligere_forløb_måneder=48, borgerens_ønske=True),
                              date(2022, 8, 15)), "alder")


def test_from_50_one_forloeb():
    assert ("advarsel", "2022/aldersregler.fra_50", None) in found(aged("1972-03-01", 2), date(2022, 8, 15))
    assert not rules_of(found(aged("1972-03-02", 2, tidligere_forløb_måneder=12), date(2022, 8, 15)), "fra_50")


def test_under_six_years_to_folkepension_day_before_of_after():
    # Born 1 Mar 1962: folkepension at 67 on 1 Mar 2029; six years before is 1 Mar 2023.
    def first(grant):
        return found(aged("1962-03-01", 1, bevilget=grant), date(2023, 3, 10))
    assert not rules_of(first("2023-02-28"), "folkepension")
    assert not rules_of(first("2023-03-01"), "folkepension")
    assert ("advarsel", "2022/aldersregler.folkepension", None) in first("2023-03-02")


def test_folkepension_age_follows_the_birth_date():
    # Born 1 Jan 1963: 68 → 1 Jan 2031; six years before is 1 Jan 2025.
    assert not rules_of(found(aged("1963-01-01", 1, bevilget="2025-01-01"), date(2025, 2, 1)), "folkepension")
    assert ("advarsel", "2022/aldersregler.folkepension", None) in found(
        aged("1963-01-01", 1, bevilget="2025-01-02"), date(2025, 2, 1))


def test_folkepension_ages_by_birth_date_from_the_data():
    # Lov om social pension § 1 a: 67 for those born 1 Jul 1955 - 31 Dec 1962, 68 for 1963-1966, 69 for
    # 1967-1970, 70 from 1971.
    assert [pension_age(date(*born)) for born in ((1962, 12, 31), (1963, 1, 1), (1970, 12, 31), (1971, 1, 1))] == [
        (67, 0), (68, 0), (69, 0), (70, 0)]
    assert pension_date(date(1955, 1, 31)) == date(2021, 7, 31)  # 66½ years


def test_the_2013_rule_for_repeated_forloeb_from_40():
    assert ("advarsel", "2013/gentagne_forløb", None) in found(aged("1976-01-01", 2, bevilget="2019-03-01"),
                                                             date(2019, 4, 1))
    assert not rules_of(found(aged("1980-01-01", 2, bevilget="2019-03-01"), date(2019, 4, 1)), "gentagne")


# -- treatment within 14 days, the team, the plan ------------------------------------------

def treatment(kategori: str, start: str | None):
    def change(data):
        data["indsatser"].append({"id": "m", "titel": "Behandling", "type": "social", "kategori": kategori,
                                  "ansvarlig": "ks", "anmodet": "2022-05-02",
                                  **({"start": start} if start else {}), "status": "i gang"})
        data["sag"]["indsatsplan_opdateret"] = "2022-12-31"
    return case(change)


def test_drug_and_alcohol_treatment_start_within_14_days_day_before_of_after():
    # Asked 2 May 2022: at the latest 16 May 2022.
    for kind in ("misbrugsbehandling", "alkoholbehandling"):
        assert not rules_of(found(treatment(kind, "2022-05-15"), date(2022, 6, 1)), kind)
        assert not rules_of(found(treatment(kind, "2022-05-16"), date(2022, 6, 1)), kind)
        assert ("fejl", f"2022/{kind}", date(2022, 5, 16)) in found(treatment(kind, "2022-05-17"), date(2022, 6, 1))
        assert ("info", f"2022/{kind}", date(2022, 5, 16)) in found(treatment(kind, None), date(2022, 5, 16))
        assert ("fejl", f"2022/{kind}", date(2022, 5, 16)) in found(treatment(kind, None), date(2022, 5, 17))
    [alcohol] = [f for f in check(treatment("alkoholbehandling", "2022-05-17"), date(2022, 6, 1))
                 if "alkohol" in f.regel]
    assert alcohol.hjemmel == "SUL § 141, stk. 2"


def not_followed(next_team: str | None, **decision):
    def change(data):
        data["rehabiliteringsteam"] = {"mødedato": "2022-02-15", "indstilling": "ressourceforløb",
                                       "kommunens_afgørelse": {"dato": "2022-03-01", "fulgt": "nej", **decision}}
        if next_team:
            data["opfølgning"] = {"næste_rehabiliteringsteam": next_team}
    return case(change)


def test_the_team_sees_the_case_again_when_its_recommendation_is_not_followed():
    rule = "rehabiliteringsteam.genbehandling"
    assert ("advarsel", f"2022/{rule}", None) in found(not_followed("2022-02-28"), date(2022, 8, 15))
    assert not rules_of(found(not_followed("2022-03-01"), date(2022, 8, 15)), rule)
    assert not rules_of(found(not_followed("2022-03-02"), date(2022, 8, 15)), rule)
    assert not rules_of(found(not_followed(None, ny_forelæggelse="2022-04-05"), date(2022, 8, 15)), rule)


def plan(updated: str | None):
    def change(data):
        data["indsatser"][0].update(slut="2022-06-30", status="i gang")
        data["sag"]["indsatsplan_opdateret"] = updated
    return case(change)


def test_the_plan_is_updated_when_an_effort_starts_day_before_of_after():
    # The trial started 4 April 2022; the plan was made 7 March.
    assert ("advarsel", "2022/indsatsplan", None) in found(plan("2022-04-03"), date(2022, 5, 1))
    assert not rules_of(found(plan("2022-04-04"), date(2022, 5, 1)), "indsatsplan")
    assert not rules_of(found(plan("2022-04-05"), date(2022, 5, 1)), "indsatsplan")
    assert ("advarsel", "2022/indsatsplan", None) in found(plan(None), date(2022, 5, 1))


def test_effort_without_responsible_actor_and_overdue_milestone():
    def change(data):
        data["indsatser"].append({"id": "x", "titel": "Mentor", "type": "beskæftigelse", "kategori": "mentor",
                                  "status": "planlagt"})
        data["mål"] = {"delmål": [{"tekst": "Møder stabilt", "frist": "2022-06-30", "status": "i gang"},
                                  {"tekst": "Nået mål", "frist": "2022-06-30", "status": "nået"}]}
    findings = found(case(change), date(2022, 8, 15))
    assert ("advarsel", "2022/ansvarlig", None) in findings
    assert ("advarsel", "2022/delmål", date(2022, 6, 30)) in findings
    assert len([f for f in check(case(change), date(2022, 8, 15)) if f.regel == "2022/delmål"]) == 1


def test_recommended_effort_missing_from_the_plan():
    def change(data):
        data["rehabiliteringsteam"] = {"anbefalede_indsatser": ["Virksomhedspraktik i 13 uger", "Bostøtte"]}
    [finding] = [f for f in check(case(change), date(2022, 8, 15)) if "anbefalede" in f.regel]
    assert "'Bostøtte'" in finding.tekst and finding.kilde == "rehabiliteringsteam.anbefalede_indsatser[1]"


def test_a_bad_practice_profile_is_a_located_message(tmp_path):
    bad = tmp_path / "praksis.yaml"
    bad.write_text("id: x\nnavn: X\nkilde: k\nsamtaleinterval_uger: nul\n", encoding="utf-8")
    with pytest.raises(UsageProblem) as error:
        load_praksis(str(bad))
    assert str(error.value).startswith(f"{bad}:1:1: samtaleinterval_uger:")


def run_forloeb(*args):
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT)


def test_check_command_exit_codes_and_located_lines_with_their_source(tmp_path):
    data = copy.deepcopy(BASE)
    data["indsatser"].append({"id": "a", "titel": "Alkoholbehandling", "type": "sundhed",
                              "kategori": "alkoholbehandling", "ansvarlig": "ks", "anmodet": "2022-05-02",
                              "start": "2022-05-20", "status": "i gang"})
    late = tmp_path / "sen.yaml"
    late.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    result = run_forloeb("check", late, "--dato", "2022-06-01")
    assert result.returncode == 1 and "regelsæt 2022" in result.stdout
    error = next(line for line in result.stdout.splitlines() if ": fejl [" in line)
    assert error.startswith(f"{late}:") and error.split(":")[1].isdigit()
    assert "[2022/alkoholbehandling]" in error and error.endswith("(frist 16. maj 2022) [SUL § 141, stk. 2]")
    clean = run_forloeb("check", EXAMPLE["halsnaes-anne"], "--dato", "2019-11-13")
    assert clean.returncode == 0 and "3 advarsel, 2 info" in clean.stdout
    practice = run_forloeb("check", EXAMPLE["halsnaes-anne"], "--dato", "2019-11-13", "--praksis", "halsnaes")
    assert practice.returncode == 0 and "lokal praksis, Halsnæs Kommune" in practice.stdout
    broken = tmp_path / "x.yaml"
    broken.write_text("schema_version: 3\nsag: [\n", encoding="utf-8")
    invalid = run_forloeb("check", broken)
    assert invalid.returncode == 2 and f"{broken}:3:1: filen slutter midt i en liste" in invalid.stderr
    unknown = run_forloeb("check", late, "--praksis", tmp_path / "findes-ikke.yaml")
    assert unknown.returncode == 2 and "lokal praksis kan ikke læses" in unknown.stderr


def test_check_prints_every_rule_with_its_legal_source():
    result = run_forloeb("check", "--regler")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    for rules in rule_sets().values():
        for name, _rule in rules.rules():
            heading = next(n for n, line in enumerate(lines) if line.startswith(f"  {rules.id}/{name}: "))
            assert lines[heading + 1].startswith("    Hjemmel: ") and "kontrolleret" in lines[heading + 1]
    assert "LAB § 61, stk. 2" not in result.stdout  # the full form names the act
    assert "Lov om en aktiv beskæftigelsesindsats (LAB) § 61, stk. 2" in result.stdout
    assert "lov nr. 1160 af 8. juni 2021" in result.stdout and "Lov nr. 1750 af 29. december 2025" in result.stdout
    one = run_forloeb("check", "--regler", "--regelsæt", "2026", "--praksis", "halsnaes")
    assert "Regelsæt 2022" not in one.stdout and "praksis-halsnaes/samtaleinterval_uger: 9" in one.stdout
