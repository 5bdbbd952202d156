"""Network analysis: the bands discriminate, each signal moves the score by its weight,
and every point is backed by evidence that names its relation or event."""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import sys
from datetime import date

import networkx as nx
import pytest

from conftest import ROOT
from toolkit.analyse import analyse_network
from toolkit.analyse.balance import frustration_partition
from toolkit.analyse.examples import lean_case
from toolkit.casefile import load_case
from toolkit.model import Case

AARHUS = ROOT / "examples" / "aarhus-morten.yaml"
HALSNAES = ROOT / "examples" / "halsnaes-anne.yaml"
APRIL_2015 = date(2015, 4, 15)


@pytest.fixture(scope="module")
def aarhus():
    return analyse_network(load_case(AARHUS), APRIL_2015)


def test_aarhus_shows_high_coordination_need_around_the_coordinator(aarhus):
    assert aarhus.koordinering.koordinator == "ks"
    assert aarhus.koordinering.niveau == "høj" and aarhus.koordinering.score >= 16
    assert aarhus.koordinering.aktører[0].id == "ks"


def test_aarhus_shows_the_splitting_pattern_of_the_slides(aarhus):
    split = aarhus.splitting
    assert split.niveau == "høj"
    assert split.andel_klager_til_tredjepart >= 0.5
    assert any(t.type == "fuldbyrdet splitting" and set(t.aktører[1:]) == {"mentor", "bostøtte"}
               for t in split.trekanter)
    top = split.par[0]
    assert set(top.aktører) == {"mentor", "bostøtte"} and top.niveau == "høj"
    assert any("fremført for" in e.tekst for e in top.evidens)
    assert {"ks", "bostøtte", "misbrug", "mentor"} <= set(aarhus.deltagere)
    first = aarhus.dagsorden[0]
    assert first.fund == "fuldbyrdet splitting" and "fælles front" in first.overskrift
    assert "bostøtte" in " ".join(first.spørgsmål) and "mentor" in " ".join(first.spørgsmål)


@pytest.mark.parametrize("case", [lean_case(), load_case(HALSNAES)], ids=["three-helpers", "halsnaes"])
def test_lean_case_is_low_on_both(case):
    report = analyse_network(case, date(2019, 11, 13))
    assert report.koordinering.niveau == "lav" and report.koordinering.score <= 7
    assert report.splitting.niveau == "lav"
    assert report.manglende_kanaler == [] and report.splitting.trekanter == []


def test_findings_are_framed_as_helper_dynamics_not_the_citizen(aarhus):
    text = json.dumps(aarhus.to_json(), ensure_ascii=False).lower()
    for blaming in ("borgeren splitter", "manipul", "borgerens skyld", "personlighed"):
        assert blaming not in text


def _sources_exist(path, source: str) -> bool:
    """Every source is a line of the case file that opens a listed item, or a named derived set."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for part in source.split(", "):
        match = re.fullmatch(r"linje (\d+)", part)
        if match:
            if not lines[int(match[1]) - 1].lstrip().startswith("- "):
                return False
        elif part not in ("påkrævede kanaler", "trekanter"):
            return False
    return True


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_point_is_accounted_for_by_evidence_with_a_real_source(path):
    case = load_case(path)
    report = analyse_network(case, APRIL_2015)
    for load in report.koordinering.aktører:
        assert round(sum(e.point for e in load.evidens), 1) == load.score, load.id
        assert round(sum(load.dele.values()), 1) == load.score
    for risk in report.splitting.par:
        assert max(0, sum(e.point for e in risk.evidens)) == risk.score, risk.aktører
    for item in [e for load in report.koordinering.aktører for e in load.evidens] + \
                [e for risk in report.splitting.par for e in risk.evidens]:
        assert item.tekst and _sources_exist(path, item.kilde), item


# -- each signal moves its score by the stated amount ------------------------------

BASE = {
    "schema_version": 3,
    "sag": {"id": "signal", "kommune": "K", "koordinerende_sagsbehandler": "ks"},
    "borger": {"navn": "B"},
    "aktører": [
        {"id": "ks", "navn": "K", "rolle": "koordinerende sagsbehandler", "organisation": "Jobcentret",
         "sektor": "beskæftigelse"},
        {"id": "a", "navn": "A", "rolle": "mentor", "organisation": "Jobcentret", "sektor": "beskæftigelse"},
        {"id": "b", "navn": "B", "rolle": "bostøttemedarbejder", "organisation": "Jobcentret", "sektor": "social"},
    ],
    "relationer": [
        {"mellem": ["borger", "a"], "kontakt": "ugentlig", "valens": "neutral"},
        {"mellem": ["borger", "b"], "kontakt": "ugentlig", "valens": "neutral"},
        {"mellem": ["a", "b"], "kontakt": "ugentlig", "valens": "neutral"},
        {"mellem": ["ks", "a"], "kontakt": "ugentlig", "valens": "neutral"},
        {"mellem": ["ks", "b"], "kontakt": "ugentlig", "valens": "neutral"},
    ],
    "indsatser": [{"id": "ia", "titel": "Mentor", "type": "beskæftigelse", "kategori": "mentor", "ansvarlig": "a",
                   "status": "i gang"},
                  {"id": "ib", "titel": "Bostøtte", "type": "social", "kategori": "bostøtte", "ansvarlig": "b",
                   "status": "i gang"}],
    "hændelser": [],
}

COMPLAINT = {"dato": "2015-02-03", "type": "klage", "fra": "borger", "om": "a", "til": "b",
             "taget_op_med_den_omtalte": False}


def _case(change=None) -> Case:
    data = json.loads(json.dumps(BASE))
    if change:
        change(data)
    return Case.model_validate(data, context={"actor_ids": {a["id"] for a in data["aktører"]}})


def _pair_score(case: Case) -> int:
    report = analyse_network(case, date(2015, 3, 1))
    found = [r for r in report.splitting.par if r.aktører == ("a", "b")]
    return found[0].score if found else 0


def _relation(data, ends):
    return next(r for r in data["relationer"] if set(r["mellem"]) == set(ends))


def _events(*events):
    return lambda data: data["hændelser"].extend(events)


def _both(*changes):
    def apply(data):
        for change in changes:
            change(data)
    return apply


SIGNALS = [
    ("complaint to the other", _events(COMPLAINT), 2),
    ("two complaints", _events(COMPLAINT, {**COMPLAINT, "om": "b", "til": "a"}), 4),
    ("complaints are capped at two", _events(COMPLAINT, COMPLAINT, COMPLAINT), 4),
    ("complaint raised with the one concerned", _events({**COMPLAINT, "taget_op_med_den_omtalte": True}), 0),
    ("complaint with the loop closed", _events({**COMPLAINT, "tilbagemeldt": True}), 1),
    ("no active direct channel", lambda d: _relation(d, ("a", "b")).update(kontakt="ingen"), 2),
    ("rare contact is no channel", lambda d: _relation(d, ("a", "b")).update(kontakt="sjældent"), 2),
    ("polarisation", _both(lambda d: _relation(d, ("borger", "a")).update(valens="negativ"),
                           lambda d: _relation(d, ("borger", "b")).update(valens="positiv")), 1),
    ("disagreement", _events({"dato": "2015-02-04", "type": "uenighed", "fra": "a", "om": "b", "emne": "krav"}), 2),
    ("negative relation", lambda d: _relation(d, ("a", "b")).update(valens="negativ"), 2),
]


def test_base_pair_scores_zero():
    assert _pair_score(_case()) == 0


@pytest.mark.parametrize("name, change, points", SIGNALS, ids=[s[0] for s in SIGNALS])
def test_each_signal_moves_the_pair_score_by_its_weight(name, change, points):
    assert _pair_score(_case(change)) == points


def test_weights_and_thresholds_are_overridable_from_the_case_file():
    def heavier(data):
        data["hændelser"].append(COMPLAINT)
        data["netværksanalyse"] = {"indstillinger": {"point_klage_til_anden": 5, "splitting_høj_fra": 5}}
    report = analyse_network(_case(heavier), date(2015, 3, 1))
    [risk] = [r for r in report.splitting.par if r.aktører == ("a", "b")]
    assert risk.score == 5 and risk.niveau == "høj"
    assert report.indstillinger["point_klage_til_anden"] == 5


def test_pressure_triangle_is_at_least_medium_and_completed_split_always_high():
    polarise = _both(lambda d: _relation(d, ("borger", "a")).update(valens="negativ"),
                     lambda d: _relation(d, ("borger", "b")).update(valens="positiv"))
    pressure = analyse_network(_case(_both(polarise, lambda d: _relation(d, ("a", "b")).update(valens="positiv"))),
                               date(2015, 3, 1))
    [risk] = pressure.splitting.par
    assert risk.score == 1 and risk.niveau == "middel"
    assert pressure.splitting.trekanter[0].type == "pres"
    split = analyse_network(_case(_both(polarise, lambda d: _relation(d, ("a", "b")).update(valens="negativ"))),
                            date(2015, 3, 1))
    [risk] = split.splitting.par
    assert risk.score == 3 and risk.niveau == "høj" and split.splitting.niveau == "høj"


def test_required_channels_can_be_added_and_dropped():
    def drop(data):
        _relation(data, ("a", "b")).update(kontakt="ingen")
        data["netværksanalyse"] = {"påkrævede_kanaler": {"fjern": [["a", "b"]]}}
    assert analyse_network(_case(drop), date(2015, 3, 1)).manglende_kanaler == []

    def add(data):
        data["aktører"].append({"id": "læge", "navn": "L", "rolle": "praktiserende læge", "sektor": "sundhed"})
        data["netværksanalyse"] = {"påkrævede_kanaler": {"tilføj": [["ks", "læge"]]}}
    assert analyse_network(_case(add), date(2015, 3, 1)).manglende_kanaler == [("ks", "læge")]


def test_stale_ties_count_after_six_weeks():
    def stale(data):
        _relation(data, ("a", "b")).update(seneste_kontakt="2015-01-01")
    before = analyse_network(_case(stale), date(2015, 2, 12)).koordinering.aktører
    after = analyse_network(_case(stale), date(2015, 2, 13)).koordinering.aktører
    load = {x.id: x.dele["svage_bånd"] for x in before}, {x.id: x.dele["svage_bånd"] for x in after}
    assert load[0] == {"ks": 0, "a": 0, "b": 0} and load[1] == {"ks": 0, "a": 1, "b": 1}


def test_citizen_as_messenger_and_relay():
    def no_contact(data):
        _relation(data, ("a", "b")).update(kontakt="ingen")
        _relation(data, ("ks", "a")).update(kontakt="ingen")
        _relation(data, ("ks", "b")).update(kontakt="ingen")
    report = analyse_network(_case(no_contact), date(2015, 3, 1))
    assert ("a", "b") in report.koordinering.borger_som_budbringer
    relayed = analyse_network(_case(lambda d: _relation(d, ("a", "b")).update(kontakt="ingen")), date(2015, 3, 1))
    ks = next(x for x in relayed.koordinering.aktører if x.id == "ks")
    assert ks.dele["relæer"] == 1


def test_frustration_partition_matches_exhaustive_search():
    rng = random.Random(7)
    for trial in range(30):
        graph = nx.gnp_random_graph(rng.randint(2, 8), 0.5, seed=trial)
        graph = nx.relabel_nodes(graph, {n: f"n{n}" for n in graph})
        for a, b in graph.edges:
            graph[a][b]["sign"] = rng.choice([1, -1])
        nodes = sorted(graph)
        best = min(sum(1 for a, b, d in graph.edges(data=True)
                       if (sides[nodes.index(a)] == sides[nodes.index(b)]) != (d["sign"] > 0))
                   for sides in itertools.product((0, 1), repeat=len(nodes)))
        same, other, frustration, exact = frustration_partition(graph, nodes[0])
        assert exact and frustration == best
        assert nodes[0] in same and same | other == set(nodes)


def test_network_json_on_the_command_line():
    result = subprocess.run([sys.executable, "-m", "toolkit", "network", str(AARHUS), "--json", "--dato",
                             "2015-04-15"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sag"] == "aarhus-2014-0117"
    assert set(data["koordinering"]) >= {"niveau", "score", "aktører"}
    assert set(data["splitting"]) >= {"niveau", "andel_klager_til_tredjepart", "par", "trekanter"}
    assert isinstance(data["manglende_kanaler"][0], list) and data["dagsorden"]
    for listed in (data["koordinering"]["aktører"], data["splitting"]["par"]):
        scores = [x["score"] for x in listed]
        assert scores == sorted(scores, reverse=True)
    assert all({"id", "score", "niveau", "evidens"} <= set(x) for x in data["koordinering"]["aktører"])
    assert all(isinstance(item["fund"], str) and item["overskrift"] for item in data["dagsorden"])
