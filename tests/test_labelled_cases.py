"""The labelled cases: short realistic case files written for this, not tuned examples.

Each case in ``tests/labelled/`` has, in ``tests/labelled-forventet.yaml`` (kept outside the folder so
the folder holds only case files and can be built as it is), a Danish paragraph saying what a
supervisor would conclude and why, and the bands the analysis must give. A change of weights
that breaks one of them is a change of the network design reference.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date

import pytest
from ruamel.yaml import YAML

from conftest import ROOT
from docx_text import all_text, body_text
from toolkit.analyse import analyse_network
from toolkit.casefile import load_case

LABELLED = ROOT / "tests" / "labelled"
EXPECTED = YAML(typ="safe").load((ROOT / "tests" / "labelled-forventet.yaml").read_text(encoding="utf-8"))


def test_the_set_covers_at_least_twelve_cases_each_with_a_conclusion():
    assert len(EXPECTED) >= 12
    assert sorted(p.stem for p in LABELLED.glob("*.yaml")) == sorted(EXPECTED)
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


def forloeb(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_coordinator_by_role_without_effort_carries_the_load_in_json_page_and_brief(tmp_path):
    case = LABELLED / "koordinator-kun-rolle.yaml"
    result = forloeb("network", case, "--json", "--dato", "2026-03-01", "-o", tmp_path / "netvaerk.html")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["koordinering"]["koordinator"] == "sb" and report["koordinering"]["niveau"] == "høj"
    score = report["koordinering"]["score"]
    page = (tmp_path / "netvaerk.html").read_text(encoding="utf-8")
    assert "Hanne Lund (Koordinerende sagsbehandler)" in page and f"{score:g} point" in page
    result = forloeb("supervision", case, "-o", tmp_path / "brief", "--dato", "2026-03-01")
    assert result.returncode == 0, result.stderr
    text = body_text(tmp_path / "brief" / "supervision.docx")
    assert f"Koordineringsbelastningen for Hanne Lund (Koordinerende sagsbehandler) er høj ({score:g} point)" in text
    assert "Koordinerende sagsbehandler\nHanne Lund" in text or "Hanne Lund (Koordinerende sagsbehandler)" in text
    validated = forloeb("validate", case)
    assert re.search(r"koordinator-kun-rolle\.yaml:\d+:\d+: tip: koordinatoren er fundet ud fra rollen",
                     validated.stdout), validated.stdout


def test_no_coordinator_is_said_in_words_never_as_a_load_of_zero(tmp_path):
    result = forloeb("network", LABELLED / "to-koordinatorer.yaml", "--json", "--dato", "2026-03-01",
                     "-o", tmp_path / "netvaerk.html")
    assert result.returncode == 0, result.stderr
    co = json.loads(result.stdout)["koordinering"]
    assert co["niveau"] is None and co["score"] is None and "koordinator ikke angivet" in co["koordinator_tekst"]
    page = (tmp_path / "netvaerk.html").read_text(encoding="utf-8")
    assert "Koordinator ikke angivet" in page and "0 point" not in page


def test_the_date_is_as_of_before_the_first_complaint_no_finding_after_it_the_finding():
    case = LABELLED / "haendelser-efter-dato.yaml"
    before = json.loads(forloeb("network", case, "--json", "--dato", "2026-01-09").stdout)
    after = json.loads(forloeb("network", case, "--json", "--dato", "2026-02-10").stdout)
    assert before["splitting"]["niveau"] == "lav" and before["splitting"]["klager"] == 0
    assert not [p for p in before["splitting"]["par"] if p["niveau"] != "lav"]
    assert after["splitting"]["niveau"] == "middel" and after["splitting"]["par"][0]["niveau"] == "høj"


def test_changes_since_the_last_supervision_show_bands_then_and_now():
    case = load_case(LABELLED / "supervision-droeftet.yaml")
    since = analyse_network(case, date(2026, 3, 1)).siden_sidste_supervision
    assert since is not None and since.supervision == date(2026, 2, 5)
    lines = since.lines()
    assert lines[0] == "Siden den fælles supervision 5. februar 2026:"
    assert "Splittingrisiko: uændret lav." in lines
    # as of the day before the supervision the complaints were open; the supervision closed them
    earlier = analyse_network(case, date(2026, 2, 4))
    assert any(c.om == "mentor" and not c.tilbagemeldt for c in earlier.splitting.indirekte_klager)


def test_the_plans_print_the_coordinator_found_by_role(tmp_path):
    from toolkit.render.documents import INDSATSPLAN, render_document

    case = load_case(LABELLED / "koordinator-kun-rolle.yaml")
    target = tmp_path / "indsatsplan.docx"
    target.write_bytes(render_document(case, INDSATSPLAN, today=date(2026, 3, 1)))
    lines = all_text(target).splitlines()
    assert "Hanne Lund, Jobcenter Vestby" in lines  # the coordinator field, not only the list of actors
    assert "Koordinerende sagsbehandler: Hanne Lund" in lines  # the signature line
