"""The fast reader (C parser) and the careful reader (round-trip) must read every file alike.

Where the fast reader takes a file, its data (with types, and numbers as written) and the
position of every key and value must be exactly the careful reader's; where the careful
reader finds a problem, the fast reader must not have taken the file.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import typing_mistakes, with_mistakes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.casefile import source
from toolkit.casefile.source import SourceProblem, decode, parse_fast, parse_round_trip

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*(ROOT / "examples").glob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")])


def strict(value):
    """The data with every type spelled out (``True == 1`` and ``1 == 1.0`` in Python)."""
    if isinstance(value, dict):
        return {key: strict(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strict(item) for item in value]
    shown = "nan" if isinstance(value, float) and math.isnan(value) else value
    return (type(value).__name__, shown, getattr(value, "written", None))


STRICTER_THAN_YAML = ("more indented follow up line than first in a block scalar",)
"""ruamel.yaml's pure-Python scanner rejects some valid YAML 1.2 that the C parser reads as
the specification says (leading blank lines of a block scalar with a few spaces on them)."""


def assert_same_reading(text: str) -> bool:
    """True when the fast reader took the file (and then read it exactly as the careful one)."""
    fast = parse_fast(text)
    try:
        careful = parse_round_trip(text)
    except SourceProblem as problem:
        assert fast is None or any(quirk in problem.message for quirk in STRICTER_THAN_YAML), (
            f"the fast reader took a file the careful reader rejects: {problem}")
        return False
    if fast is None:
        return False
    assert strict(fast.data) == strict(careful.data)
    assert fast.values == careful.values
    assert fast.keys == careful.keys
    return True


def prepared(raw: bytes) -> str:
    return decode(raw).translate(source._WORD_BREAKS)


def test_the_c_parser_is_installed():
    """Without ruamel.yaml.clib every file would take the slow path; the install must bring it."""
    assert source._CBaseLoader is not None


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_and_corpus_file_reads_alike(path):
    try:
        text = prepared(path.read_bytes())
    except SourceProblem:
        return
    assert_same_reading(text)


def test_the_examples_take_the_fast_path():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert parse_fast(prepared(path.read_bytes())) is not None, path


def test_generated_jobcentre_cases_read_alike(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import write_cases
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for path in write_cases(tmp_path, 3, seed=7):
        assert assert_same_reading(prepared(path.read_bytes())), path


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",
    "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "a: !!str 5\n",
    "a: !!binary aGVq\n",
    "a: !!set {x}\n",
    "a: 1\na: 2\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 'x'\r\nb: y\r",
    "a: x\u2028y\n",
    "? [1, 2]\n: x\n",
    "a: " + "x" * (source.MAX_TEXT + 1) + "\n",
    "- " * 100_000 + "x\n",  # composed in C, this depth would overflow the stack and crash
    "".join(" " * level + "a:\n" for level in range(300)),
    "a: " + "[" * 3_000 + "]" * 3_000 + "\n",
])
def test_unusual_files_take_the_careful_path(text):
    assert parse_fast(text) is None


def test_a_file_nested_too_deep_for_the_c_parser_is_a_located_problem():
    with pytest.raises(SourceProblem) as caught:
        source.parse("sag:\n  noter:\n    " + "- " * 100_000 + "x\n")
    assert (caught.value.line, caught.value.column) == (3, 101)  # where the 51st level opens
    assert "indlejret i mere end 50 niveauer" in caught.value.message


SCALARS = [
    "0101", "0101901234", "1_000", "0o17", "0x1F", "0b101", "+1", "-0", ".5", "1.", "1e3", "1E-3", "1.50",
    ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "true", "True", "TRUE", "false", "yes", "no", "on", "off", "y", "n",
    "~", "null", "Null", "NULL", "", "2015-02-30", "2015-1-1", "2015-01-01T10:00:00", "2015-01-01 10:00",
    "12:30", "1:30:00", "0:0", "1,5", "1.000.000", "99999999999999999999999999", "1e999", "-", "--", ".",
    "æøå", "Ærø", "hej # ikke kommentar", "a#b", "x: y", "50 %", "@x", "`x`", "'", "\"", "\\", "%x",
    "!x", "&x", "*x", "|", ">", "[x]", "{x}", "- x", "? x", ", x", "x,", "tab\there", " lead", "trail ",
]


def plain(value: str) -> st.SearchStrategy[str]:
    """A scalar written plain, single-quoted, double-quoted (JSON escapes) or as a block."""
    return st.sampled_from([
        value,
        "'" + value.replace("'", "''") + "'",
        json.dumps(value, ensure_ascii=False),
        json.dumps(value, ensure_ascii=True),
    ])


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
WORD = st.one_of(st.sampled_from(SCALARS), TEXT)


@st.composite
def scalar(draw, indent: int) -> str:
    value = draw(WORD)
    if draw(st.integers(0, 5)) == 0:
        lines = draw(st.lists(st.sampled_from(["hej", "  mere ind", "", "æ ø å", "# ikke kommentar", "x: y",
                                               "- punkt", " ", "\t", "slut  "]), min_size=1, max_size=4))
        head = draw(st.sampled_from(["|", "|-", "|+", ">", ">-", ">+", "|2", ">1-"]))
        pad = " " * (indent + 2)
        return head + "".join("\n" + (pad + line if line.strip() else line) for line in lines)
    if draw(st.integers(0, 6)) == 0:
        return draw(plain(value)) + " # en kommentar"
    return draw(plain(value))


@st.composite
def block(draw, indent: int = 0, depth: int = 0) -> str:
    """A block mapping or sequence of scalars, flow collections and nested blocks."""
    pad = " " * indent
    lines = []
    sequence = depth > 0 and draw(st.integers(0, 3)) == 0
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 9))
        if choice == 0 and depth < 3:
            body = draw(block(indent + 2, depth + 1))
            value = "\n" + body
        elif choice == 1:
            items = draw(st.lists(plain(draw(st.sampled_from(SCALARS[:40]))), max_size=4))
            value = " " + draw(st.sampled_from(["[{}]", "{{k: [{}]}}"])).format(", ".join(items))
        elif choice == 2:
            value = " " + draw(scalar(indent)) + "\n" + pad + "  " + draw(st.sampled_from(["fortsat", "og mere"]))
        else:
            value = " " + draw(scalar(indent))
        if sequence:
            lines.append(f"{pad}-{value}")
        else:
            key = draw(st.one_of(st.sampled_from(["navn", "æble", "1", "0101", "true", "'citeret'", "\"x y\"", "a b",
                                                  "null", "1.5"]), st.from_regex(r"[a-zæøå_]{1,8}", fullmatch=True)))
            lines.append(f"{pad}{key}:{value}")
    if draw(st.integers(0, 4)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), pad + "# kommentar")
    return "\n".join(lines)


DIFFERENTIAL = settings(max_examples=600, deadline=timedelta(seconds=5), derandomize=True, database=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@DIFFERENTIAL
@given(text=block())
def test_generated_yaml_reads_alike(text):
    try:
        prepared_text = prepared((text + "\n").encode("utf-8"))
    except SourceProblem:
        return
    assert_same_reading(prepared_text)


EDITED = (ROOT / "examples" / "horsens-lars.yaml").read_text("utf-8")[:6000]
NASTY = ["\n", " ", "  ", ":", "- ", "#", "'", '"', "[", "]", "{", "}", ",", "&a ", "*a", "!", "|", ">", "\t", "?",
         "0", "1.", "~", "æ", "\\", "%"]


@DIFFERENTIAL
@given(edits=typing_mistakes(NASTY))
def test_a_real_file_with_random_edits_reads_alike(edits):
    text = with_mistakes(EDITED, edits)
    try:
        prepared_text = prepared(text.encode("utf-8", "surrogatepass"))
    except (SourceProblem, UnicodeEncodeError):
        return
    assert_same_reading(prepared_text)
