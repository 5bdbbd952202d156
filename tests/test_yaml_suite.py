"""The fast and the careful YAML reader over every case of the official YAML test suite.

The cases (``tests/yaml_test_suite/cases.json``, MIT licence beside it) are the suite's
inputs, valid and invalid, gathered by ``scripts/vendor_yaml_test_suite.py``. For each one
the fast reader either gives exactly what the careful reader gives or declines (and the
careful reader decides); the careful reader gives a value or a located message, never an
exception of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from toolkit.casefile import source

SUITE = json.loads((Path(__file__).parent / "yaml_test_suite" / "cases.json").read_text("utf-8"))["cases"]


def prepared(text: str) -> str | None:
    """The text as ``parse`` hands it to the readers, or None when its own checks refuse it first."""
    if "\x0b" in text or "\x0c" in text:
        text = text.translate(source._WORD_BREAKS)
    try:
        source._check_characters(text)
        source._check_flow_depth(text)
    except source.SourceProblem:
        return None
    return text


def test_the_suite_is_all_there():
    assert len(SUITE) > 400 and sum(case["error"] for case in SUITE) > 80


def test_both_readers_agree_or_the_fast_one_declines_on_every_case():
    disagreements = []
    for case in SUITE:
        text = prepared(case["yaml"])
        if text is None:
            continue
        fast = source.parse_fast(text)
        try:
            careful, refused = source.parse_round_trip(text).data, None
        except source.SourceProblem as problem:
            careful, refused = None, problem
        if fast is not None and (refused is not None or fast.data != careful):
            disagreements.append((case["id"], case["name"], fast.data, careful, refused and str(refused)))
    assert disagreements == []


def test_parse_gives_a_value_or_a_located_message_for_every_case():
    for case in SUITE:
        try:
            source.parse(case["yaml"])
        except source.SourceProblem as problem:
            assert problem.line >= 1 and problem.column >= 1 and "\n" not in str(problem.message), case["id"]


@pytest.mark.parametrize("text", ["%YAML 1.3\n---\nsag: {id: t-1}\n", "---\n[\n  [ a, [ [[b,c]]: d, e]]: 23\n]\n"])
def test_validate_prints_a_message_not_a_traceback(tmp_path, text):
    path = tmp_path / "sag.yaml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "toolkit", "validate", str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{path}:1:1: "), result.stderr


@pytest.mark.parametrize("text, expected", [
    ("id: &an:chor T-1\n", {"id": "T-1"}),
    ("tekst: |\n  linje 1\n  linje 2\n", {"tekst": "linje 1\nlinje 2\n"}),
    ("navn: Peter & Anna\n", {"navn": "Peter & Anna"}),
])
def test_the_suites_disagreements_in_a_case_file(text, expected):
    assert source.parse(text).data == expected
