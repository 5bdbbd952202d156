"""Bad input, tried systematically: every case file gives valid documents or located problems.

``tests/corpus/`` holds one small case file per kind of mistake. Its first line says what
must happen: ``# forventet: LINE:COLUMN: part of the message`` (exit code 2 with that
problem at that place) or ``# forventet: gyldig`` (exit code 0 and documents that open).
Files too large or too binary to commit are generated below, with the same expectations.
Everything runs through ``forloeb build`` as a user runs it, in a subprocess with a timeout.

The property tests then generate cases and raw text: whatever comes in, the loader answers
with a ``Case`` or with ``FILE:LINE:COLUMN:`` lines, and a case always renders to documents
whose every XML part parses - never another exception, and never a hang.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, typing_mistakes, with_mistakes
from docx import Document
from docx_text import all_text, body_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from toolkit.casefile.loader import parse_case
from toolkit.casefile.source import MAX_BYTES, MAX_DEPTH, MAX_TEXT
from toolkit.exceptions import CaseFileError
from toolkit.render.beskrivelse import wanted as beskrivelse_wanted
from toolkit.render.documents import DOCUMENTS, render_document

CORPUS = Path(__file__).parent / "corpus"
DOCUMENT_DATE = "2015-04-15"
TIMEOUT = 120
LOCATED = re.compile(r"^.+:\d+:\d+: ")
EXPECTATION = re.compile(r"^# forventet: (?:(?P<valid>gyldig)|(?P<line>\d+):(?P<column>\d+): (?P<text>.+))$")


@dataclass(frozen=True)
class Expected:
    """What ``forloeb build`` must do with one file: build it, or fail at this place with this text."""

    place: str | None = None
    text: str | None = None

    @property
    def valid(self) -> bool:
        return self.place is None


VALID = Expected()


def _minimal(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def _nested_blocks(levels: int) -> str:
    return "x:\n" + "".join(" " * i + "- \n" for i in range(levels))


def _nested_sections(levels: int) -> str:
    return "".join(" " * (2 * i) + "a:\n" for i in range(levels)) + " " * (2 * levels) + "b: c\n"


def _alias_bomb(levels: int = 9, width: int = 10) -> str:
    """The billion laughs: each level is ten aliases of the one before (10^9 values unfolded)."""
    text = "a: &a [" + ", ".join(["lol"] * width) + "]\n"
    for level in range(1, levels):
        name, previous = f"a{level}", "a" if level == 1 else f"a{level - 1}"
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * width) + "]\n"
    return text


def _alias_bomb_sections(levels: int = 9) -> str:
    text = "a: &a {x: lol, y: lol, z: lol, v: lol, w: lol, u: lol, t: lol, s: lol, r: lol, q: lol}\n"
    for level in range(1, levels):
        name, previous = f"a{level}", "a" if level == 1 else f"a{level - 1}"
        text += f"{name}: &{name} {{" + ", ".join(f"k{i}: *{previous}" for i in range(10)) + "}\n"
    return text


WITH_WORD_BREAK = _minimal("  navn: Test Testesen\n", "  navn: Test Testesen\n") + (
    "forberedende_del:\n  egne_mål: Første linje\x0bAnden linje efter Words manuelle linjeskift\x0cNy side\n")

CUT = (MINIMAL + "udvikling:\n  - dato: 2015-01-01\n    note: Ændret\n").encode()[:-7]
"""A file cut off inside 'Æ', as a crashed editor or a full disk leaves it."""
LAST_LINE = MINIMAL.count("\n") + 3

GENERATED: dict[str, tuple[bytes, Expected]] = {
    "tom-fil": (b"", Expected("1:1", "filen er tom")),
    "kun-mellemrum": (b"  \n\n   \n", Expected("1:1", "filen er tom")),
    "ikke-utf8-latin1": (MINIMAL.replace("Test Testesen", "Søren").encode("latin-1"),
                         Expected("7:10", "ikke gemt som UTF-8 (byte 0xf8)")),
    "ikke-utf8-utf16-med-bom": (MINIMAL.encode("utf-16"), Expected("1:1", "ikke gemt som UTF-8 (byte 0xff)")),
    "ikke-utf8-utf16-ascii": ("schema_version: 3\n".encode("utf-16-le"), Expected("1:2", "UTF-16")),
    "ikke-utf8-png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Expected("1:1", "ikke gemt som UTF-8")),
    "ikke-utf8-docx-omdoebt": (b"PK\x03\x04\x14\x00\x06\x00", Expected("1:3", "tegnet U+0003 er et kontroltegn")),
    "ikke-utf8-afbrudt-tegn": (CUT, Expected(f"{LAST_LINE}:{len('    note: ') + 1}",
                                              "ikke gemt som UTF-8 (byte 0xc3)")),
    "kontroltegn-raat": (_minimal("Test Testesen", "Test\x07Testesen").encode(),
                         Expected("7:13", "tegnet U+0007 er et kontroltegn")),
    "kontroltegn-escape-tegn": (_minimal("Test Testesen", "Test\x1bTestesen").encode(),
                                Expected("7:13", "tegnet U+001B")),
    "kontroltegn-nul": (_minimal("Test Testesen", "Test\x00Testesen").encode(), Expected("7:13", "nul-tegn")),
    "kontroltegn-c1": (_minimal("Test Testesen", "Test\x9bTestesen").encode(), Expected("7:13", "tegnet U+009B")),
    "for-stor-fil": ((MINIMAL + "# " + "x" * MAX_BYTES + "\n").encode(),
                     Expected("1:1", "en sagsfil må højst være 1.000.000 bytes")),
    "tekst-paa-1-mb": (_minimal("Test Testesen", "x" * 1_000_000).encode(),
                       Expected("1:1", "højst være 1.000.000 bytes")),
    "tekst-over-graensen": (_minimal("Test Testesen", "æ" * (MAX_TEXT + 1)).encode(),
                            Expected("7:9", f"må højst være {MAX_TEXT:,} tegn".replace(",", "."))),
    "dyb-indlejring-lister": ((MINIMAL + "x: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
                              Expected(f"13:{3 + MAX_DEPTH}", "indlejret i mere end 50 niveauer")),
    "dyb-indlejring-afsnit-flow": ((MINIMAL + "x: " + "{a: " * 5_000 + "b" + "}" * 5_000 + "\n").encode(),
                                   Expected(f"13:{4 + 4 * (MAX_DEPTH - 1)}", "indlejret i mere end 50 niveauer")),
    "dyb-indlejring-blokke": ((MINIMAL + _nested_blocks(1_000)).encode(),
                              Expected(f"{14 + MAX_DEPTH}:{1 + MAX_DEPTH}", "indlejret i mere end 50 niveauer")),
    "dyb-indlejring-afsnit": ((MINIMAL + _nested_sections(200)).encode(),
                              Expected(f"{13 + MAX_DEPTH}:{1 + 2 * MAX_DEPTH}", "indlejret i mere end 50 niveauer")),
    "yaml-alias-bombe": ((MINIMAL + _alias_bomb()).encode(), Expected("1:1", "(efter YAML-aliaser er foldet ud)")),
    "yaml-alias-bombe-afsnit": ((MINIMAL + _alias_bomb_sections()).encode(),
                                Expected("1:1", "(efter YAML-aliaser er foldet ud)")),
    "bom-og-windows-linjeskift-med-fejl": (
        b"\xef\xbb\xbf" + _minimal("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 2015-02-30\n")
        .replace("\n", "\r\n").encode(), Expected("5:13", "datoen 2015-02-30 findes ikke")),
    "gammel-mac-linjeskift-med-fejl": (
        _minimal("  kommune: Testkommune\n", "  kommune: Testkommune\n  bevilget: 2015-02-30\n").replace("\n", "\r")
        .encode(), Expected("5:13", "datoen 2015-02-30 findes ikke")),
    "gyldig-bom": (b"\xef\xbb\xbf" + MINIMAL.encode(), VALID),
    "gyldig-windows-linjeskift": (MINIMAL.replace("\n", "\r\n").encode(), VALID),
    "gyldig-bom-og-windows-linjeskift": (b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode(), VALID),
    "gyldig-gammel-mac-linjeskift": (MINIMAL.replace("\n", "\r").encode(), VALID),
    "gyldig-words-linjeskift-raat": (WITH_WORD_BREAK.encode(), VALID),
    "tabulator-i-tekst-uden-anfoerselstegn": (_minimal("Test Testesen", "Test\tTestesen").encode(),
                                              Expected("7:13", "tabulator-tegn står midt i en tekst")),
    "gyldig-tabulator-i-citeret-tekst": (_minimal("Test Testesen", '"Test\tTestesen"').encode(), VALID),
    "gyldig-tekst-lige-under-graensen": ((MINIMAL + "forberedende_del:\n  egne_mål: " + "æøå " * (MAX_TEXT // 4)
                                          + "\n").encode(), VALID),
    "gyldig-lang-linje": ((MINIMAL + "mål:\n  borgerens_egne_ord: '" + "Jeg vil arbejde. " * 3_000 + "'\n").encode(),
                          VALID),
    "gyldig-lovlige-aliaser": ((MINIMAL + "samtaler:\n  - dato: 2015-05-01\n    deltagere: &alle [borger, ks]\n"
                                "  - dato: 2015-06-01\n    deltagere: *alle\n").encode(), VALID),
}


def expectation(path: Path) -> Expected:
    """The corpus file's first line, read as its expectation."""
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = EXPECTATION.match(first)
    assert match, f"{path.name}: the first line must be '# forventet: LINE:COLUMN: tekst' or '# forventet: gyldig'"
    if match["valid"]:
        return VALID
    return Expected(f"{match['line']}:{match['column']}", match["text"].strip())


@dataclass(frozen=True)
class Run:
    output: Path
    returncode: int
    stdout: str
    stderr: str

    def lines_about(self, path: Path) -> list[str]:
        """The located problems printed for one file (the batch prints every failure)."""
        pattern = re.compile(rf"^(.*/)?{re.escape(path.name)}:\d+:\d+: ")
        return [line for line in self.stderr.splitlines() if pattern.match(line)]


def forloeb_build(paths: list[Path], output: Path) -> Run:
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "build", *map(str, paths), "-o", str(output), "--dato", DOCUMENT_DATE],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT, check=False)
    return Run(output, result.returncode, result.stdout, result.stderr)


def inputs(folder: Path) -> dict[str, tuple[Path, Expected]]:
    """The corpus and the generated files, written to ``folder`` (valid ones to ``gyldige/``)."""
    found = {}
    for name, (raw, expected) in [*((p.stem, (p.read_bytes(), expectation(p))) for p in CORPUS.glob("*.yaml")),
                                  *GENERATED.items()]:
        if expected.valid and name in GENERATED:
            raw = raw.replace(b"id: t-1", f"id: {name}".encode())  # one output folder per case
        path = folder / ("gyldige" if expected.valid else "fejl") / f"{name}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(raw)
        found[name] = (path, expected)
    return found


NAMES = sorted([p.stem for p in CORPUS.glob("*.yaml")] + list(GENERATED))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[dict[str, tuple[Path, Expected]], dict[str, Run]]:
    """``forloeb build DIR -o OUT`` once over the broken files and once over the valid ones.

    One batch per kind keeps the suite fast; the batch must report every broken file on its
    own and build every valid one, so each file is still checked by itself.
    """
    folder = tmp_path_factory.mktemp("sagsfiler")
    found = inputs(folder)
    out = tmp_path_factory.mktemp("out")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {kind: pool.submit(forloeb_build, [folder / kind], out / kind) for kind in ("fejl", "gyldige")}
        return found, {kind: future.result() for kind, future in runs.items()}


def test_every_corpus_file_states_its_expectation():
    assert len(list(CORPUS.glob("*.yaml"))) >= 50
    for path in CORPUS.glob("*.yaml"):
        expectation(path)
        assert path.stat().st_size < 10_000, f"{path.name}: generate large inputs in the test instead"
    assert set(GENERATED).isdisjoint(p.stem for p in CORPUS.glob("*.yaml"))


def test_the_batches_end_as_they_should(built):
    _, runs = built
    for run in runs.values():
        assert "Traceback" not in run.stderr and "intern fejl" not in run.stderr, run.stderr
    assert runs["gyldige"].returncode == 0, runs["gyldige"].stderr
    assert runs["fejl"].returncode == 2, runs["fejl"].stderr
    assert_nothing_written(runs["fejl"].output)


@pytest.mark.parametrize("name", NAMES)
def test_build_gives_documents_or_the_located_problem(built, name):
    found, runs = built
    path, expected = found[name]
    if expected.valid:
        run = runs["gyldige"]
        assert run.lines_about(path) == [], run.stderr
        case = parse_case(path.read_bytes(), path.name)
        assert_documents(run.output / case.sag.id, beskrivelse=beskrivelse_wanted(case, date.fromisoformat(DOCUMENT_DATE)))
        return
    run = runs["fejl"]
    located = run.lines_about(path)
    assert located, run.stderr
    wanted = f"{path.name}:{expected.place}: "
    assert any(wanted in line and expected.text in line for line in located), (wanted, expected.text, located)
    assert not any(line.startswith(str(run.output)) for line in located)


def test_a_single_broken_file_exits_2_and_writes_nothing(tmp_path):
    """The command as a caseworker types it: ``forloeb build FILE -o OUT``."""
    run = forloeb_build([CORPUS / "dato-findes-ikke.yaml"], tmp_path / "out")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.lines_about(CORPUS / "dato-findes-ikke.yaml")[0].endswith(
        "dato-findes-ikke.yaml:6:13: sag.bevilget: datoen 2015-02-30 findes ikke i kalenderen")
    assert_nothing_written(tmp_path / "out")


def test_a_single_nasty_but_valid_file_builds(tmp_path):
    run = forloeb_build([CORPUS / "gyldig-html-og-jinja.yaml"], tmp_path / "out")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert_documents(tmp_path / "out" / "t-html")


def assert_documents(folder: Path, beskrivelse: bool = False) -> None:
    """Both plans and the supervision brief open (the beskrivelse for a case under the 2026 rules, and the
    meeting letter when a meeting is near), and no page runs a script from the case file."""
    documents = sorted(folder.rglob("*.docx"))
    expected = ["indsatsplan.docx", "rehabiliteringsplan.docx", "supervision.docx"]
    assert [d.name for d in documents if d.name != "moedebrev.docx"] == ["beskrivelse.docx"] * beskrivelse + expected
    for document in documents:
        assert_valid_docx(document.read_bytes())
    for page in folder.rglob("*.html"):
        assert "<script>alert" not in page.read_text("utf-8"), page
    assert not list(folder.rglob("*.tmp"))


def test_the_loader_reports_the_expected_problem_in_process(tmp_path):
    """The same expectations without the command line, so a failure points at the loader."""
    for name, (path, expected) in inputs(tmp_path).items():
        if expected.valid:
            parse_case(path.read_bytes(), path.name)
            continue
        with pytest.raises(CaseFileError) as caught:
            parse_case(path.read_bytes(), path.name)
        lines = caught.value.lines()
        assert all(LOCATED.match(line) and "\n" not in line for line in lines), lines
        assert any(line.startswith(f"{path.name}:{expected.place}: ") and expected.text in line for line in lines), (
            name, expected, lines)


def assert_nothing_written(output: Path) -> None:
    """A failed case leaves no document, page, or temporary file; only the build's own record may exist."""
    if not output.exists():
        return
    leftovers = [p for p in output.rglob("*") if p.is_file() and not p.name.startswith(".forloeb-build")]
    assert leftovers == [], leftovers


def assert_valid_docx(content: bytes) -> None:
    """Word can open it: a sound zip, python-docx reads it, and every XML part parses."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert package.testzip() is None
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name))
    Document(io.BytesIO(content))


def test_html_and_jinja_in_values_come_out_as_the_same_text(built):
    run = built[1]["gyldige"]
    plan = run.output / "t-html" / "indsatsplan.docx"
    text = all_text(plan)
    for written in ("Mentor {{ 7*7 }} <b>fed</b>", "Tom & Jerry <Kommune> {{ 7*7 }}",
                    "<script>alert('navn')</script> {{ borger.cpr }}", "{{ range(10**9)|list }}",
                    "<w:p><w:r><w:t>indsprøjtet</w:t></w:r></w:p>", "{% raw %}{{ rå }}{% endraw %}"):
        assert written in text, written
    assert "49" not in body_text(plan) and "42" not in body_text(plan)
    rehab = all_text(run.output / "t-html" / "rehabiliteringsplan.docx")
    assert "{{ ''.__class__.__mro__ }}" in rehab and "&lt;ikke en entitet&gt; &amp; &#x41;" in rehab


def test_control_characters_are_removed_and_line_breaks_kept(built):
    run = built[1]["gyldige"]
    text = all_text(run.output / "t-kontrol" / "rehabiliteringsplan.docx")
    assert "Linje 1\nLinje 2" in text or "Linje 1" in text and "Linje 2" in text
    assert "Titel" in all_text(run.output / "t-kontrol" / "indsatsplan.docx")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)


def test_words_raw_line_break_is_read_as_a_line_break(tmp_path):
    path = tmp_path / "word.yaml"
    path.write_bytes(WITH_WORD_BREAK.encode())
    case = parse_case(path.read_bytes())
    out = tmp_path / "plan.docx"
    out.write_bytes(render_document(case, DOCUMENTS[1], today=date(2015, 4, 15)))
    lines = body_text(out).splitlines()
    assert "Første linje" in lines and "Anden linje efter Words manuelle linjeskift" in lines


def test_numbers_in_text_fields_keep_the_digits_as_written():
    """YAML 1.2 reads ``0101901234`` and ``1.50`` as numbers; the case keeps what was typed."""
    case = parse_case((CORPUS / "gyldig-tal-som-skrevet.yaml").read_bytes())
    assert case.sag.id == "007" and case.sag.kommune == "0800" and case.sag.regelsaet == "2022"
    assert case.borger.navn == "1.50" and case.borger.cpr == "010190-1234"
    assert case.borger.telefon == "004512345678" and case.borger.adresse == "0x1F"
    actor = case.aktoerer[0]
    assert (actor.id, actor.navn, actor.rolle, actor.cvr) == ("01", "1_000", "1e3", "01234567")
    assert case.sag.koordinerende_sagsbehandler == "01" and case.indsatser[0].ansvarlig == "01"
    assert case.indsatser[0].titel == ".inf" and case.indsatser[0].omfang == "7.30"


def test_limits_are_what_the_messages_say():
    assert MAX_BYTES == 1_000_000 and MAX_TEXT == 100_000 and MAX_DEPTH == 50


# -- property tests ---------------------------------------------------------------------------

NASTY = ["{{", "}}", "{%", "%}", "{#", "{{ 7*7 }}", "{%p if x %}", "{{r x }}", "<", ">", "&", "&amp;", "]]>",
         "<w:p>", "</w:t>", "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe",
         "\U0010ffff", "😀", "👨\u200d👩\u200d👧", "\u202e", "e\u0301", "'", '"', "\\", "\t", "\r\n", "\r",
         "\n", ": ", " #", "- ", "*a", "&a", "!tag", "%", "@", "`", "|", ">-", "---", "...", "null", "~", "yes", "0x1F",
         "1e400", ".nan", "2015-02-30", "0101901234", "Ikke oplyst", "None"]
TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=8).map("".join),
    st.builds(lambda part, times: part * times, st.text(min_size=1, max_size=8), st.integers(500, 5_000)),
)
DAY = st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31))
BAD_DATE = st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
                     st.sampled_from(["2015-02-30", "2015-13-01", "12-01-2015", "", "i går", "2015-1-1",
                                      "2015-01-01T10:00:00", "20150101"]), TEXT)
ODD = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                TEXT, BAD_DATE)
IDS = ["ks", "mentor", "bostøtte", "læge", "mor", "vk"]


def _optional(draw, section: dict, **fields) -> None:
    """Each optional field is there about half the time."""
    for key, strategy in fields.items():
        if draw(st.booleans()):
            section[key] = draw(strategy)


def _period(draw) -> tuple[str, str]:
    first, second = sorted([draw(DAY), draw(DAY)])
    return first.isoformat(), second.isoformat()


@st.composite
def valid_case(draw) -> dict:
    """A case the loader must accept, with arbitrary text in every free-text field."""
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=5))
    refs = st.sampled_from(["borger", *ids])
    text, day = TEXT, DAY.map(date.isoformat)
    case: dict = {"schema_version": 3, "sag": {"id": draw(st.sampled_from(["t-1", "aarhus-2014-0117", "Sag_7.b"])),
                                               "kommune": draw(text)},
                  "borger": {"navn": draw(text)}}
    _optional(draw, case["sag"], jobcenter=text, bevilget=day, indsatsplan_udarbejdet=day,
              varighed=st.sampled_from(["3 år", "18 måneder", "2,5 år", "1 måned", "10 år"]),
              forløbsnummer=st.integers(1, 99), regelsæt=st.sampled_from(["2013", "2022", "2026"]),
              koordinerende_sagsbehandler=refs)
    _optional(draw, case["borger"], cpr=st.sampled_from(["010190-1234", "0101901234", "311299-9999"]),
              fødselsdato=day, alder=st.integers(15, 80), adresse=text, telefon=text, email=text)
    case["aktører"] = [{"id": i, "navn": draw(text), "rolle": draw(text),
                        "sektor": draw(st.sampled_from(["beskæftigelse", "social", "sundhed", "uddannelse",
                                                        "virksomhed", "civilsamfund", "familie", "privatperson"]))} for i in ids]
    for actor in case["aktører"]:
        _optional(draw, actor, organisation=text, kerneopgave=text, telefon=text, email=text,
                  cvr=st.sampled_from(["12345678", "01234567"]))
    pairs = draw(st.lists(st.tuples(refs, refs).filter(lambda p: p[0] != p[1]), unique_by=frozenset, max_size=6))
    case["relationer"] = []
    for pair in pairs:
        relation = {"mellem": list(pair), "kontakt": draw(st.sampled_from(["dagligt", "ugentlig", "hver 14. dag",
                                                                            "månedlig", "sjældent", "ingen"]))}
        _optional(draw, relation, valens=st.sampled_from(["positiv", "neutral", "negativ"]), seneste_kontakt=day,
                  note=text, vurdering=st.fixed_dictionaries({}, optional={
                      "hyppighed": st.integers(1, 5), "præcision": st.integers(1, 5),
                      "gensidig_respekt": st.integers(1, 5)}))
        case["relationer"].append(relation)
    case["hændelser"] = [
        {"dato": draw(day), "type": kind, "fra": draw(refs), "om": draw(refs), "note": draw(text),
         "tilbagemeldt": draw(st.sampled_from(["ja", "nej", True, False]))}
        for kind in draw(st.lists(st.sampled_from(["klage", "ros", "uenighed", "fremskridt", "sideaftale"]),
                                  max_size=4))]
    case["indsatser"] = []
    for number in range(draw(st.integers(0, 4))):
        start, end = _period(draw)
        effort = {"id": f"i{number}", "titel": draw(text),
                  "type": draw(st.sampled_from(["beskæftigelse", "uddannelse", "social", "sundhed"])),
                  "kategori": draw(st.sampled_from(["virksomhedspraktik", "mentor", "bostøtte", "misbrugsbehandling",
                                                    "samtaler", "andet"])),
                  "start": start, "slut": end,
                  "status": draw(st.sampled_from(["planlagt", "i gang", "afsluttet", "afbrudt", "sat i bero"]))}
        _optional(draw, effort, ansvarlig=refs, omfang=text, formål=text, lovgrundlag=text, anmodet=day)
        if draw(st.booleans()):
            decided, until = _period(draw)
            effort["forlængelser"] = [{"besluttet": decided, "til": until, "begrundelse": draw(text)}]
        case["indsatser"].append(effort)
    case["samtaler"] = [{"dato": draw(day), "status": draw(st.sampled_from(["afholdt", "planlagt", "aflyst",
                                                                            "udeblevet"])),
                         "deltagere": draw(st.lists(refs, max_size=3)), "referat": draw(text)}
                        for _ in range(draw(st.integers(0, 5)))]
    case["aftaler"] = [{"tekst": draw(text), "ansvarlig": draw(refs), "frist": draw(day),
                        "opfyldt": draw(st.booleans())} for _ in range(draw(st.integers(0, 3)))]
    case["udvikling"] = [{"dato": draw(day), "note": draw(text)} for _ in range(draw(st.integers(0, 2)))]
    start, end = _period(draw)
    case["forberedende_del"] = {"egne_mål": draw(text), "interesser": draw(text),
                                "helbred": {"situation": draw(text), "diagnoser": draw(st.lists(text, max_size=3))},
                                "forsørgelse": [{"ydelse": draw(text), "fra": start, "til": end}],
                                "uddannelse": [{"betegnelse": draw(text), "afsluttet": "ja"}],
                                "beskæftigelse": [{"stilling": draw(text), "note": draw(text)}]}
    case["mål"] = {"beskæftigelsesmål": draw(text), "borgerens_egne_ord": draw(text),
                   "delmål": [{"tekst": draw(text), "frist": draw(day)} for _ in range(draw(st.integers(0, 3)))]}
    if draw(st.booleans()):
        case["rehabiliteringsteam"] = {
            "mødedato": draw(day), "indstilling": draw(st.sampled_from(["ressourceforløb", "fleksjob", "andet"])),
            "anbefalede_indsatser": draw(st.lists(text, max_size=2)), "begrundelse": draw(text),
            "deltagere": [{"funktion": draw(text)}], "kommunens_afgørelse": {"fulgt": "ja"}}
    case["opfølgning"] = {"plan": draw(text), "samtaleinterval_uger": draw(st.integers(1, 52)),
                          "næste_rehabiliteringsteam": draw(day)}
    if draw(st.booleans()):
        case["netværksanalyse"] = {"indstillinger": {"uger_uden_kontakt": draw(st.integers(1, 520)),
                                                     "klager_maks": draw(st.integers(0, 100)),
                                                     "point_uenighed": draw(st.integers(-1000, 1000)),
                                                     "koordinering_middel_fra": draw(st.floats(0, 1000))}}
    return case


def _places(data, path=()):
    """Every place in the data, for a random key or value to be put there."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _places(value, (*path, index))


def _at(data, path):
    for step in path:
        data = data[step]
    return data


@st.composite
def case_data(draw) -> dict:
    """Mostly valid cases; a third get one or two mistakes: an unknown key or a value of the wrong kind."""
    data = draw(valid_case())
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2]))):
        places = list(_places(data))
        if draw(st.booleans()):
            sections = [p for p in places if isinstance(_at(data, p), dict)]
            _at(data, draw(st.sampled_from(sections)))[draw(st.text(min_size=1, max_size=12))] = draw(ODD)
        else:
            place = draw(st.sampled_from(places[1:]))
            _at(data, place[:-1])[place[-1]] = draw(ODD)
    return data


_NOT_IN_YAML = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _dump(data, style: str) -> bytes:
    """Case data as a file: JSON (which is YAML 1.2) or YAML as ruamel writes it."""
    if style == "json":
        text = json.dumps(data, ensure_ascii=False, indent=1)
        text = _NOT_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # JSON escapes them; YAML needs it
        return text.encode("utf-8", "surrogatepass")
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = style == "yaml"
    yaml.width = 80
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue().encode("utf-8", "surrogatepass")


def assert_located(error: CaseFileError) -> None:
    lines = error.lines()
    assert lines
    for line in lines:
        assert LOCATED.match(line) and "\n" not in line and "\r" not in line, repr(line)
        assert len(line) < 2_000, line[:200]


PROPERTY = settings(max_examples=40, deadline=timedelta(seconds=10), derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


@PROPERTY
@given(data=case_data(), style=st.sampled_from(["json", "yaml", "yaml-ascii"]),
       today=st.dates(min_value=date(2010, 1, 1), max_value=date(2035, 12, 31)))
def test_generated_cases_give_documents_or_located_problems(data, style, today):
    raw = _dump(data, style)
    try:
        case = parse_case(raw, "sag.yaml")
    except CaseFileError as error:
        assert_located(error)
        return
    for kind in DOCUMENTS:
        assert_valid_docx(render_document(case, kind, today=today))


@settings(max_examples=300, deadline=timedelta(seconds=5), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_arbitrary_bytes_give_a_case_or_located_problems(raw):
    try:
        parse_case(raw, "sag.yaml")
    except CaseFileError as error:
        assert_located(error)


@settings(max_examples=400, deadline=timedelta(seconds=5), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(edits=typing_mistakes(NASTY))
def test_a_valid_file_with_random_edits_gives_a_case_or_located_problems(edits):
    """Typing mistakes in a real file: characters inserted and deleted anywhere."""
    text = with_mistakes(EDITED, edits)
    try:
        parse_case(text.encode("utf-8", "surrogatepass"), "sag.yaml")
    except CaseFileError as error:
        assert_located(error)


EDITED = MINIMAL + """\
  - id: mentor
    navn: "Mia Mentor"
    rolle: mentor
    sektor: social
relationer:
  - mellem: [borger, mentor]
    kontakt: ugentlig
    vurdering: {hyppighed: 4, gensidig_respekt: 5}
indsatser:
  - id: m
    titel: 'Mentor, 2 timer'
    type: social
    kategori: mentor
    ansvarlig: mentor
    start: 2015-02-01
forberedende_del:
  egne_mål: |
    Jeg vil gerne
    arbejde med dyr.
"""
