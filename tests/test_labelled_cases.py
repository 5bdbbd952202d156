"""The labelled cases: short realistic case files written for this, not tuned examples.

Each case in ``tests/labelled/`` has, in ``forventet.yaml``, a Danish paragraph saying what a
supervisor would conclude and why, and the bands the analysis must give. A change of weights
that breaks one of them is a change of the network design reference.
"""

from __future__ import annotations

from datetime import date

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from toolkit.analyse import analyse_network
from toolkit.casefile import load_case

LABELLED = ROOT / "tests" / "labelled"
EXPECTED = YAML(typ="safe").load((LABELLED / "forventet.yaml").read_text(encoding="utf-8"))


def test_the_set_covers_at_least_twelve_cases_each_with_a_conclusion():
    assert len(EXPECTED) >= 12
    assert sorted(p.stem for p in LABELLED.glob("*.yaml") if p.stem != "forventet") == sorted(EXPECTED)
    for name, expected in EXPECTED.items():
        assert len(expected["konklusion"].split()) >= 20, name


def _check(report, expected: dict, name: str) -> None:
    co, sp = report.koordinering, report.splitting
    if "koordinator" in expected:
        assert co.koordinator == expected["koordinator"], name
    if "koordinering" in expected:
        if expected["koordinering"] == "ikke angivet":
            assert co.niveau is None and co.score is None and "koordinator ikke angivet" in co.koordinator_tekst
        else:
            assert co.niveau == expected["koordinering"], (name, co.score)
    assert sp.niveau == expected["splitting"], (name, sp.begrundelse)
    if "top_par" in expected:
        top = sp.par[0]
        assert sorted(top.aktører) == sorted(expected["top_par"]), (name, top)
        assert top.niveau == expected["top_niveau"], (name, top.score)
    missing = {tuple(sorted(p)) for p in report.manglende_kanaler}
    for must in expected.get("manglende_skal", []):
        assert tuple(sorted(must)) in missing, (name, must)
    if expected.get("manglende_skal") == []:
        assert not missing, (name, missing)
    for never in expected.get("manglende_ikke", []):
        assert tuple(sorted(never)) not in missing, (name, never)
    if "manglende_højst" in expected:
        assert len(missing) <= expected["manglende_højst"], (name, len(missing))
    for who in expected.get("deltagere_skal", []):
        assert who in report.deltagere, (name, who)
    for who in expected.get("deltagere_ikke", []):
        assert who not in report.deltagere, (name, who)
    if "aabne_spaendinger" in expected:
        mine = next(load for load in co.aktører if load.id == co.koordinator)
        assert mine.dele["åbne_spændinger"] == expected["aabne_spaendinger"], name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_labelled_case(name):
    expected = EXPECTED[name]
    case = load_case(LABELLED / f"{name}.yaml")
    _check(analyse_network(case, expected["dato"]), expected, name)
    if "senere" in expected:
        later = {**{k: v for k, v in expected.items() if k in ("koordinator",)}, **expected["senere"]}
        _check(analyse_network(case, later["dato"]), later, f"{name} senere")


def test_a_coordinator_named_by_role_only_is_found_and_carries_the_load_everywhere():
    case = load_case(LABELLED / "koordinator-kun-rolle.yaml")
    report = analyse_network(case, date(2026, 3, 1))
    mine = report.koordinering.aktører[0]
    assert mine.id == "sb" and report.koordinering.score == mine.score >= 16
    # every active deliverer is a required partner of the coordinator, with the reason given
    assert {p for p in case.aktoerer if p.id != "sb"} and all(
        "koordinerende sagsbehandler holder sammen" in reason
        for pair, reason in report_required(case).items() if "sb" in pair)


def report_required(case):
    from toolkit.analyse import build_network

    return build_network(case, date(2026, 3, 1)).required
