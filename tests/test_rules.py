"""Process rules. Every expectation below is worked out by hand from the rule sets and the
case data, not copied from the program's output."""

from __future__ import annotations

import copy
import subprocess
import sys
from datetime import date


from conftest import ROOT
from toolkit.casefile import load_case
from toolkit.model import Case
from toolkit.rules import check, rule_set_for, rule_sets

EXAMPLE = {name: ROOT / "examples" / f"{name}.yaml"
           for name in ("aarhus-morten", "halsnaes-anne", "horsens-lars", "odense-sofie")}


def found(case: Case, today: date) -> set[tuple[str, str, date | None]]:
    return {(f.alvor, f.regel, f.frist) for f in check(case, today)}


# -- the examples as of several dates ------------------------------------------------

def test_aarhus_mid_april_2015():
    # Mentor from 20 Oct 2014 to 19 Oct 2015 with no renewal: 6-month period ended 20 Apr 2015.
    # Own cadence 2 weeks: 17 Dec → 21 Jan is 5 weeks (7 Jan was 'udeblevet'); next by 15 Apr + 2 weeks.
    assert found(load_case(EXAMPLE["aarhus-morten"]), date(2015, 4, 15)) == {
        ("advarsel", "2013/mentor", date(2015, 4, 20)),
        ("advarsel", "2013/samtaler.interval", None),
        ("info", "2013/samtaler.interval", date(2015, 4, 29)),
    }


def test_aarhus_july_2015_has_a_missed_samtale_and_an_overdue_milestone():
    findings = found(load_case(EXAMPLE["aarhus-morten"]), date(2015, 7, 1))
    assert ("fejl", "2013/samtaler.interval", date(2015, 4, 29)) in findings
    assert ("advarsel", "2013/delmål", date(2015, 6, 30)) in findings  # psychological assessment, still 'i gang'
    assert ("info", "2013/samtaler.interval", date(2015, 4, 29)) not in findings


def test_aarhus_near_the_end_of_five_years_needs_the_team():
    # Granted 1 Oct 2014 for 5 years: last day 30 Sep 2019; the recorded team date (9 Mar 2016) is long past.
    findings = found(load_case(EXAMPLE["aarhus-morten"]), date(2019, 8, 1))
    assert ("advarsel", "2013/forelæggelse", date(2019, 9, 30)) in findings
    after = found(load_case(EXAMPLE["aarhus-morten"]), date(2019, 10, 2))
    assert ("fejl", "2013/forelæggelse", date(2019, 9, 30)) in after


def test_halsnaes_in_november_2019():
    # Mentor 18 Feb - 15 Nov 2019 (9 months) without renewal; the team's 'behandling hos egen læge' is not an
    # effort; the 39-week trial chain ends 15 Nov (within 4 weeks); next samtale 13 Nov + 9 weeks = 15 Jan 2020.
    assert found(load_case(EXAMPLE["halsnaes-anne"]), date(2019, 11, 13)) == {
        ("advarsel", "2013/mentor", date(2019, 8, 18)),
        ("advarsel", "2013/anbefalede_indsatser", None),
        ("info", "2013/virksomhedspraktik.slut", date(2019, 11, 15)),
        ("info", "2013/samtaler.interval", date(2020, 1, 15)),
    }


def test_halsnaes_trial_of_39_weeks_is_within_the_maximum_but_40_is_not():
    case = load_case(EXAMPLE["halsnaes-anne"])
    assert not any(f.regel.endswith("virksomhedspraktik.højst") for f in check(case, date(2019, 11, 13)))
    data = case.model_dump(by_alias=True)
    data["indsatser"][3]["slut"] = date(2019, 11, 22)
    longer = Case.model_validate(data, context={"actor_ids": {a.id for a in case.aktoerer}})
    assert ("fejl", "2013/virksomhedspraktik.højst", None) in found(longer, date(2019, 11, 13))


def test_horsens_january_2018():
    # Own cadence 8 weeks: 8 gaps longer than that; the service trial (extended, so no warning) ends 9 Feb 2018;
    # next samtale 17 Jan + 8 weeks = 14 Mar; the indsatsplan came 9 days after the grant (practice: 7).
    assert found(load_case(EXAMPLE["horsens-lars"]), date(2018, 1, 31)) == {
        ("advarsel", "2013/samtaler.interval", None),
        ("info", "2013/virksomhedspraktik.slut", date(2018, 2, 9)),
        ("info", "2013/samtaler.interval", date(2018, 3, 14)),
        ("info", "2013/første_samtale", None),
    }
    [gaps] = [f for f in check(load_case(EXAMPLE["horsens-lars"]), date(2018, 1, 31)) if f.alvor == "advarsel"]
    assert len(gaps.evidens) == 8 and gaps.evidens[0] == "16 uger: 11. maj 2016 – 31. august 2016"


def test_before_the_grant_only_grant_rules_apply():
    assert found(load_case(EXAMPLE["horsens-lars"]), date(2015, 7, 1)) == set()


# -- each rule on a small case -------------------------------------------------------

BASE = {
    "schema_version": 3,
    "sag": {"id": "regel", "kommune": "K", "bevilget": "2022-03-01", "varighed": "2 år",
            "koordinerende_sagsbehandler": "ks", "indsatsplan_udarbejdet": "2022-03-07"},
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


def test_the_base_case_is_clean_in_august_2022():
    # 4 samtaler before 1 Sep 2022; 13-week trial; an effort started within 6 months. Inside the first six
    # months the rule is the count, not an interval, so there is no 'next samtale' yet.
    assert found(case(), date(2022, 8, 15)) == set()
    assert found(case(), date(2022, 9, 5)) == {("info", "2022/samtaler.interval", date(2022, 9, 28))}


def test_rule_set_follows_the_grant_date_and_the_case_file_can_choose():
    assert rule_set_for(case(), date(2022, 8, 1)).id == "2022"
    assert rule_set_for(case(lambda d: d["sag"].update(bevilget="2019-03-01")), date(2022, 8, 1)).id == "2013"
    assert rule_set_for(case(lambda d: d["sag"].update(regelsæt="2013")), date(2022, 8, 1)).id == "2013"
    assert set(rule_sets()) == {"2013", "2022", "2026"}


def test_duration_beyond_three_years_is_an_error_under_2022_but_not_2013():
    five = case(lambda d: d["sag"].update(varighed="5 år"))
    assert ("fejl", "2022/varighed", None) in found(five, date(2022, 8, 15))
    old = case(lambda d: d["sag"].update(varighed="5 år", regelsæt="2013"))
    assert not any(f.regel.endswith("/varighed") for f in check(old, date(2022, 8, 15)))


def test_no_new_forloeb_after_the_reform():
    reform = case(lambda d: d["sag"].update(bevilget="2026-02-01"))
    assert ("fejl", "2026/nye_forløb", None) in found(reform, date(2026, 2, 10))


def test_repeated_forloeb_from_age_40_needs_the_citizens_wish():
    assert not any("gentagne" in f.regel for f in check(case(lambda d: d["sag"].update(forløbsnummer=2)),
                                                        date(2022, 8, 15)))
    older = case(lambda d: (d["sag"].update(forløbsnummer=2), d["borger"].update(alder=45)))
    assert ("advarsel", "2022/gentagne_forløb", None) in found(older, date(2022, 8, 15))


def test_too_few_samtaler_in_the_first_six_months():
    three = case(lambda d: d["samtaler"].pop())
    # First period: 1 Mar - 31 Aug 2022; during it a warning, after it an error.
    assert ("advarsel", "2022/samtaler.første_periode", date(2022, 8, 31)) in found(three, date(2022, 8, 1))
    assert ("fejl", "2022/samtaler.første_periode", date(2022, 8, 31)) in found(three, date(2022, 9, 2))


def test_samtale_overdue_after_the_first_period():
    # Last held 27 Jul; rule set interval 9 weeks → due 28 Sep 2022.
    assert ("fejl", "2022/samtaler.interval", date(2022, 9, 28)) in found(case(), date(2022, 10, 1))


def test_trial_past_13_weeks_needs_a_recorded_extension():
    longer = case(lambda d: d["indsatser"][0].update(slut="2022-08-26"))
    assert ("advarsel", "2022/virksomhedspraktik.forlængelse", date(2022, 7, 4)) in found(longer, date(2022, 9, 1))
    extended = case(lambda d: d["indsatser"][0].update(forlængelser=[{"besluttet": "2022-06-20",
                                                                      "til": "2022-08-26"}]))
    assert not any("virksomhedspraktik" in f.regel for f in check(extended, date(2022, 9, 1)))


def test_effort_guarantee_since_2022():
    nothing = case(lambda d: d.update(indsatser=[]))
    assert ("advarsel", "2022/indsatsgaranti", date(2022, 9, 1)) in found(nothing, date(2022, 5, 1))
    assert ("fejl", "2022/indsatsgaranti", date(2022, 9, 1)) in found(nothing, date(2022, 9, 2))
    old = case(lambda d: (d.update(indsatser=[]), d["sag"].update(regelsæt="2013")))
    assert not any("indsatsgaranti" in f.regel for f in check(old, date(2022, 9, 2)))


def test_drug_treatment_starts_within_14_days():
    def treatment(start):
        def change(data):
            data["indsatser"].append({"id": "m", "titel": "Misbrugsbehandling", "type": "social",
                                      "kategori": "misbrugsbehandling", "ansvarlig": "ks", "anmodet": "2022-05-02",
                                      **({"start": start} if start else {}), "status": "i gang"})
        return case(change)
    assert ("fejl", "2022/misbrugsbehandling", date(2022, 5, 16)) in found(treatment("2022-05-20"), date(2022, 6, 1))
    assert not any("misbrug" in f.regel for f in check(treatment("2022-05-16"), date(2022, 6, 1)))
    assert ("info", "2022/misbrugsbehandling", date(2022, 5, 16)) in found(treatment(None), date(2022, 5, 10))
    assert ("fejl", "2022/misbrugsbehandling", date(2022, 5, 16)) in found(treatment(None), date(2022, 5, 17))


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


def test_check_command_exit_codes_and_located_lines(tmp_path):
    result = subprocess.run([sys.executable, "-m", "toolkit", "check", str(EXAMPLE["aarhus-morten"]), "--dato",
                             "2015-07-01"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "regelsæt 2013" in result.stdout
    error = next(line for line in result.stdout.splitlines() if ": fejl [" in line)
    assert error.startswith(f"{EXAMPLE['aarhus-morten']}:") and "(frist 29. april 2015)" in error
    clean = subprocess.run([sys.executable, "-m", "toolkit", "check", str(EXAMPLE["halsnaes-anne"]), "--dato",
                            "2019-11-13"], capture_output=True, text=True, cwd=ROOT)
    assert clean.returncode == 0 and "2 advarsel, 2 info" in clean.stdout
    broken = tmp_path / "x.yaml"
    broken.write_text("schema_version: 3\nsag: [\n", encoding="utf-8")
    invalid = subprocess.run([sys.executable, "-m", "toolkit", "check", str(broken)], capture_output=True, text=True)
    assert invalid.returncode == 2 and f"{broken}:3:1: filen slutter midt i en liste" in invalid.stderr
