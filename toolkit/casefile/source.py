"""Read a case file as YAML 1.2 and remember where every key and value stands.

ruamel.yaml keeps line and column for each node. We turn its tree into plain Python data
for validation, and keep a map from each path in the data to its position, so a problem
found later can point at the exact place in the file.

Two readers give the same result. A clean file (no aliases, explicit tags, merge keys or
duplicate keys: nearly every case file) is composed by ruamel.yaml's C parser
(ruamel.yaml.clib) and resolved with ruamel.yaml's YAML 1.2 rules, about ten times
faster. Anything else, and every file with an error, goes through ruamel.yaml's pure-Python
round-trip loader, whose messages the toolkit translates. ``tests/test_source.py`` checks
that both readers agree.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, CommentedSet, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import (
    BlockEndToken,
    BlockMappingStartToken,
    BlockSequenceStartToken,
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
)

from toolkit.text import thousands

Path_ = tuple[str | int, ...]

MAX_BYTES = 1_000_000
"""A case file is text a person writes (the richest example is 31 kB); anything larger is a
mistake or an attack, and ruamel.yaml needs seconds per megabyte."""

MAX_NODES = 200_000
"""Upper bound on values after aliases are expanded (guards against alias bombs)."""

MAX_TEXT = 100_000
"""Longest single text (about 40 pages); a longer one is a pasted file, not a note."""

MAX_DEPTH = 50
"""Deepest nesting of sections and lists; a case file needs six. Deeper nesting makes the
YAML parser recurse (and, for ``[[[…``, scan in quadratic time)."""


class WrittenInt(int):
    """An integer that remembers how it was written, so ``cpr: 0101901234`` keeps its zero.

    YAML 1.2 reads ``0101901234``, ``1.50`` and ``0x1F`` as numbers; a text field gets the
    characters the caseworker typed (``toolkit.model.types.as_written``), not ``str(number)``.
    """

    written: str


class WrittenFloat(float):
    """A float that remembers how it was written (see ``WrittenInt``)."""

    written: str


class _CaseConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text and numbers as written.

    ruamel.yaml turns ``2015-02-30`` into a bare ``ValueError`` with no position; the
    model parses dates itself and reports them where they stand.
    """

    def construct_written_int(self, node: Any) -> Any:
        try:
            value = self.construct_yaml_int(node)
        except ValueError:  # more digits than Python converts; it can only be meant as text
            return str(node.value)
        number = WrittenInt(value)
        number.written = str(node.value)
        return number

    def construct_written_float(self, node: Any) -> Any:
        number = WrittenFloat(self.construct_yaml_float(node))
        number.written = str(node.value)
        return number


_CaseConstructor.add_constructor("tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node))
_CaseConstructor.add_constructor("tag:yaml.org,2002:int", _CaseConstructor.construct_written_int)
_CaseConstructor.add_constructor("tag:yaml.org,2002:float", _CaseConstructor.construct_written_float)

_STANDARD_TAGS = {None, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str",
                  "tag:yaml.org,2002:omap"}


@dataclass
class SourceProblem(Exception):
    """A problem found while reading the file, with a 1-based position (and its path, if known)."""

    line: int
    column: int
    message: str
    path: Path_ = ()


@dataclass
class Source:
    """Plain data from a case file plus the positions of its keys and values (1-based)."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path`` or, failing that, of its nearest parent."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return (1, 1)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _CaseConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def decode(raw: bytes) -> str:
    """The file as text; a BOM is allowed, anything that is not UTF-8 is located."""
    if len(raw) > MAX_BYTES:
        raise SourceProblem(1, 1, f"filen er {thousands(len(raw))} bytes; en sagsfil må højst være "
                            f"{thousands(MAX_BYTES)} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise SourceProblem(
            line, column,
            f"filen er ikke gemt som UTF-8 (byte 0x{raw[exc.start]:02x}); gem den som UTF-8 i din editor",
        ) from None
    return text.replace("\r\n", "\n")


_UNCLOSED = {
    "while scanning a quoted scalar": "anførselstegnet der begynder her, bliver ikke lukket",
    "while parsing a flow sequence": "listen der begynder med '[' her, bliver ikke lukket med ']'",
    "while parsing a flow mapping": "afsnittet der begynder med '{' her, bliver ikke lukket med '}'",
}


def _locate(exc: MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Position and Danish message; an unclosed quote or bracket is shown where it opens."""
    context = (exc.context or "").strip()
    if context in _UNCLOSED and exc.context_mark:
        return exc.context_mark.line + 1, exc.context_mark.column + 1, _UNCLOSED[context]
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "'\\t'" in (exc.problem or "") and mark and _line(text, mark.line)[: mark.column].strip():
        return line, column, ("et tabulator-tegn står midt i en tekst uden anførselstegn; sæt teksten i "
                              "anførselstegn (\"…\"), eller skriv mellemrum i stedet")
    return line, column, _one_line(_yaml_message(exc))


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _yaml_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem:
        return "tabulator-tegn kan ikke bruges til indrykning i YAML; brug mellemrum"
    if "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else "?"
        return f"nøglen {key!r} står to gange i samme afsnit"
    if "mapping values are not allowed" in problem:
        return ("et kolon står et sted hvor det ikke kan stå; mangler linjen ovenfor et kolon efter nøglen, "
                "er linjen rykket forkert ind, eller skal teksten stå i anførselstegn ('…')?")
    if "could not find expected ':'" in problem:
        return "en linje mangler kolon efter nøglen, eller en tekst går over flere linjer uden anførselstegn"
    if "<stream end>" in problem or "end of stream" in problem:
        return "filen slutter midt i en liste eller et afsnit; mangler der en ']' eller '}'?"
    if "incompatible YAML document" in problem:
        return "filen beder om en YAML-version som forloeb ikke læser; slet linjen '%YAML …' øverst"
    if "expected a single document" in problem or "but found another document" in problem:
        return "filen indeholder mere end ét YAML-dokument (adskilt af '---'); en sagsfil er ét dokument"
    if "found undefined alias" in problem:
        name = problem.split("'")[1] if "'" in problem else "?"
        return (f"ukendt YAML-alias '*{name}': et alias skal henvise til et anker '&{name}' længere oppe "
                "(skal '*' stå i anførselstegn?)")
    context = (exc.context or "").strip()
    found = re.search(r"but found '(.*)'\)?$", problem)
    shown = found[1] if found else ""
    if "while scanning a block scalar" in context:
        return ("efter '|' eller '>' skal teksten begynde på en ny linje; sæt teksten i anførselstegn, hvis den "
                "skal begynde med '|' eller '>'")
    if "while scanning an anchor" in context or "while scanning an alias" in context:
        return "'&' og '*' først i en værdi er YAML-ankre og -aliaser; sæt teksten i anførselstegn"
    if "while scanning a tag" in context or "expected URI" in problem:
        return "'!' først i en værdi er et YAML-mærke; sæt teksten i anførselstegn"
    if "while scanning a directive" in context or "<document start>" in problem:
        return "'%' først på en linje er et YAML-direktiv; sæt teksten i anførselstegn"
    if "cannot start any token" in problem:
        character = problem.split("'")[1] if "'" in problem else "?"
        return f"tegnet '{character}' kan ikke stå først i en værdi; sæt teksten i anførselstegn"
    if "expected the node content" in problem:
        return (f"her mangler en værdi (fandt '{shown}'); sæt teksten i anførselstegn, hvis den begynder med "
                "et tegn som : [ ] { } , # & * ! | > % @ `")
    if "expected <block end>" in problem:
        what = "tekst" if shown == "<scalar>" else f"'{shown}'"
        return (f"uventet {what} her: er linjen rykket forkert ind, eller står der tekst efter et "
                "afsluttende anførselstegn?")
    if "sequence entries are not allowed" in problem:
        return "en listelinje ('- ') står et sted hvor den ikke kan stå; er den rykket forkert ind?"
    if "mapping keys are not allowed" in problem:
        return "et '?' står et sted hvor det ikke kan stå; sæt teksten i anførselstegn"
    return f"ugyldig YAML ({context + ': ' if context else ''}{problem})"


_WORD_BREAKS = str.maketrans({"\x0b": "\u2028", "\x0c": "\u2028"})
"""Word puts its manual line break (and page break) on the clipboard as a control character
YAML forbids; pasted text is common, so it is read as a line break (``clean_text`` writes it
as one). One character for one keeps every position."""

_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TOO_DEEP = "lister og afsnit er indlejret i mere end {} niveauer; en sagsfil bruger kun nogle få"


def parse(text: str) -> Source:
    """Parse YAML 1.2 text into a ``Source``; raises ``SourceProblem`` with a position."""
    if "\x0b" in text or "\x0c" in text:
        text = text.translate(_WORD_BREAKS)
    _check_characters(text)
    _check_flow_depth(text)
    return parse_fast(text) or parse_round_trip(text)


def parse_round_trip(text: str) -> Source:
    """The careful reader: ruamel.yaml's round-trip loader, and every message about the file."""
    try:
        with warnings.catch_warnings():  # a reused anchor is valid YAML; ruamel.yaml's warning is noise here
            warnings.simplefilter("ignore")
            tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        raise SourceProblem(*_locate(exc, text)) from None
    except YAMLError as exc:
        raise SourceProblem(1, 1, _one_line(f"ugyldig YAML ({exc})")) from None
    except RecursionError:
        raise _too_deep(text) from None
    except Exception as exc:  # noqa: BLE001 - ruamel.yaml has asserts and TypeErrors for some valid-looking input
        raise SourceProblem(1, 1, _one_line(f"YAML som forloeb ikke kan læse ({_reason(exc)}); skriv sagsfilen "
                                            "som almindelige afsnit, lister og tekster")) from None
    if tree is None:
        raise SourceProblem(1, 1, "filen er tom; start med 'forloeb init' for en skabelon")
    source = Source(data=None)
    counter = [0]
    try:
        source.data = _plain(tree, (), source, counter, 0)
    except RecursionError:
        raise _too_deep(text) from None
    return source


def _reason(exc: Exception) -> str:
    if isinstance(exc, AssertionError) and "version" in str(exc):
        return "kun YAML 1.1 og 1.2 kan læses; fjern linjen %YAML"
    if isinstance(exc, TypeError) and "unhashable" in str(exc):
        return "en liste eller et afsnit bruges som nøgle"
    return f"{type(exc).__name__}: {exc}"


def _one_line(message: str) -> str:
    """ruamel's messages span lines; a problem is printed as one ``FILE:LINE:COLUMN:`` line."""
    return " ".join(message.split())


def _check_characters(text: str) -> None:
    """Characters YAML cannot hold, at their place and by name (ruamel says only 'position 110')."""
    bad = _FORBIDDEN.search(text)
    if bad is None:
        return
    start = bad.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    code = ord(bad.group())
    if code == 0:
        message = "filen indeholder nul-tegn (U+0000); er den gemt som UTF-16? Gem den som UTF-8"
    else:
        kind = "et kontroltegn" if code < 0xA0 else "ikke et tegn"
        message = (f"tegnet U+{code:04X} er {kind}, som ikke kan stå i en sagsfil; slet det "
                   "(det kommer typisk med, når tekst kopieres fra et andet program)")
    raise SourceProblem(line, column, message)


def _check_flow_depth(text: str) -> None:
    """Refuse ``[[[[…`` before ruamel.yaml spends minutes scanning it.

    Counting brackets is a cheap upper bound (brackets in quoted text count too); only a
    file that could be too deep is scanned properly.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        problem = _deep_place(text)
        if problem:
            raise problem


def _deep_place(text: str) -> SourceProblem | None:
    """Where nesting first goes past ``MAX_DEPTH``, found with ruamel's (iterative) scanner."""
    opening = (BlockMappingStartToken, BlockSequenceStartToken, FlowMappingStartToken, FlowSequenceStartToken)
    closing = (BlockEndToken, FlowMappingEndToken, FlowSequenceEndToken)
    depth = 0
    try:
        for token in _yaml().scan(text):
            if isinstance(token, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = token.start_mark
                    return SourceProblem(mark.line + 1, mark.column + 1, _TOO_DEEP.format(MAX_DEPTH))
            elif isinstance(token, closing):
                depth -= 1
    except (YAMLError, RecursionError):
        return None  # the real parse reports the syntax error
    return None


def _too_deep(text: str) -> SourceProblem:
    return _deep_place(text) or SourceProblem(1, 1, _TOO_DEEP.format(MAX_DEPTH))


def _plain(node: Any, path: Path_, source: Source, counter: list[int], depth: int) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise SourceProblem(1, 1, f"filen har over {thousands(MAX_NODES)} værdier (efter YAML-aliaser er foldet ud)")
    tag = getattr(getattr(node, "tag", None), "value", None)
    if isinstance(node, TaggedScalar) and tag == "tag:yaml.org,2002:str":
        node = node.value
    elif isinstance(node, (CommentedMap, CommentedSeq, TaggedScalar)) and tag not in _STANDARD_TAGS:
        raise SourceProblem(*source.position(path), f"YAML-mærket {tag!r} kan ikke bruges i en sagsfil; "
                                                    "fjern det", path)
    if isinstance(node, (CommentedMap, CommentedSeq)) and depth >= MAX_DEPTH:
        raise SourceProblem(*source.position(path), _TOO_DEEP.format(MAX_DEPTH), path)
    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key in node:
            name = str(getattr(key, "written", key))
            child = (*path, name)
            try:
                kl, kc = node.lc.key(key)
                source.keys[child] = (kl + 1, kc + 1)
                vl, vc = node.lc.value(key)
                source.values[child] = (vl + 1, vc + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            if name in result:
                raise SourceProblem(*source.position(child, key=True),
                                    f"nøglen {_short(name)!r} står to gange i samme afsnit", child)
            result[name] = _plain(node[key], child, source, counter, depth + 1)
            if result[name] is None and child in source.keys:
                source.values[child] = source.keys[child]
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            try:
                line, column = node.lc.item(index)
                source.values[(*path, index)] = (line + 1, column + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            items.append(_plain(item, (*path, index), source, counter, depth + 1))
        return items
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, (WrittenInt, WrittenFloat)):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        if len(node) > MAX_TEXT:
            raise SourceProblem(*source.position(path), f"teksten er {thousands(len(node))} tegn; en tekst i en "
                                f"sagsfil må højst være {thousands(MAX_TEXT)} tegn", path)
        return str(node)
    if node is None:
        return None
    kind = ("binære data (!!binary)" if isinstance(node, bytes) else "en mængde (!!set)"
            if isinstance(node, CommentedSet) else f"en YAML-værdi af typen {type(node).__name__}")
    raise SourceProblem(*source.position(path), f"{kind} kan ikke bruges i en sagsfil; skriv almindelig tekst", path)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


# --- the fast reader ---------------------------------------------------------------------

try:
    from ruamel.yaml.cyaml import CBaseLoader as _CBaseLoader
except ImportError:  # no C extension for this platform: every file takes the careful path
    _CBaseLoader = None

_PLAIN = Tag(suffix="forloeb:plain")
_QUOTED = Tag(suffix="forloeb:quoted")
_MAP = Tag(suffix="tag:yaml.org,2002:map")
_SEQ = Tag(suffix="tag:yaml.org,2002:seq")
"""Implicit tags, one object each, so a node's tag is told by identity (an explicit tag in the
file is a new object and sends the file to the careful reader)."""
_RISKY = re.compile("[\t\r\x85\u2028\u2029]|^%", re.MULTILINE)
"""Line breaks that YAML 1.1 (the C parser) and YAML 1.2 (the careful reader) treat
differently, tabs (which ruamel.yaml refuses in places the C parser allows, and the
careful reader explains), and directives: a file with any of them takes the careful path."""


_NODE_PROPERTY = re.compile(r"(?:^|[ \t\[{,])(?:[&*]\S|!)", re.MULTILINE)
"""An anchor (``&a``), a tag (``!x``, ``!``) or an alias where a value begins: the C parser and
ruamel.yaml read anchor names differently (``&an:chor``), so such a file takes the careful path.
Prose (``Peter & Anna``, ``mentor &`` at a line's end) has no name after ``&`` and does not count."""
_COMMENTED_KEY = re.compile(r":[ \t]+#[^\n]*\n[ \t]*#")
"""A key whose value comes after two or more comment lines, which ruamel.yaml cannot place
(``NotImplementedError: overlap in comment``); the careful reader reports it."""
_BLOCK_HEADER = re.compile(r"(?:^|[ \t])[|>]([-+0-9]*)([ \t]*#|#)?[^\n]*$", re.MULTILINE)
"""A line that may end in a block scalar's header (``|``, ``>-``, ``|2 # note``)."""


def _block_scalars_agree(text: str) -> bool:
    """Whether every block scalar is one both readers read alike.

    They differ on an indentation indicator, on a comment glued to the header (``>#``), and on
    blank lines before the first text line that hold as many spaces as that line's indentation
    or more (ruamel.yaml refuses those).
    """
    for match in _BLOCK_HEADER.finditer(text):
        indicators, comment = match[1], match[2]
        if any(c.isdigit() for c in indicators) or comment == "#":
            return False
        position, widest = match.end() + 1, 0
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line = text[position:end]
            if line.strip(" "):
                if widest and widest >= len(line) - len(line.lstrip(" ")):
                    return False
                break
            widest = max(widest, len(line))
            position = end + 1
    return True


_STRUCTURE = re.compile(r"^[ ]*(?:[-?:][ ]+)*", re.MULTILINE)
"""Indentation plus the ``- ``/``? `` indicators that open block collections on one line: how
deep a line's block nesting can go."""

MAX_STRUCTURE = 200
"""The C parser composes recursively in C, and ``- - - - …`` a hundred thousand times deep
overflows the C stack (a crash, not an exception). A file with a line this deep takes the
careful path, whose depth limit reports it."""

MAX_BRACKETS = 2_000
"""``[`` and ``{`` in all, above which a file takes the careful path: this bounds how deep flow
collections can nest in the C parser (thousands of levels fit its stack; a large case file
has a few hundred brackets, and the depth check has already refused real nesting past 50)."""


class _Fallback(Exception):
    """The fast reader met something it leaves to the careful one."""


if _CBaseLoader is not None:
    class _ComposeOnly(_CBaseLoader):  # type: ignore[misc, valid-type]
        """The C parser, marking implicit tags instead of resolving them (explicit ones stay)."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
            if kind is ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return _MAP if kind is MappingNode else _SEQ


class _Scalars:
    """Plain scalars resolved and built exactly as the careful reader's constructor does."""

    def __init__(self) -> None:
        resolver = VersionedResolver(version=(1, 2))
        self.constructor = _CaseConstructor(loader=SimpleNamespace(_resolver=resolver, _constructor=None))
        self.rules = {first: list(rules) for first, rules in resolver.versioned_resolver.items()}
        """ruamel.yaml's YAML 1.2 rules for plain scalars, by first character, as its resolver uses them."""
        self.cache: dict[str, Any] = {}

    def value(self, node: Any) -> Any:
        text = node.value
        try:
            return self.cache[text]
        except KeyError:
            pass
        tag = next((tag for tag, rule in (*self.rules.get(text[:1], ()), *self.rules.get(None, ()))
                    if rule.match(text)), "tag:yaml.org,2002:str")
        if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:timestamp":
            value: Any = text
        elif tag == "tag:yaml.org,2002:null":
            value = None
        elif tag == "tag:yaml.org,2002:bool":
            value = bool(self.constructor.construct_yaml_bool(node))
        elif tag == "tag:yaml.org,2002:int":
            value = self.constructor.construct_written_int(node)
        elif tag == "tag:yaml.org,2002:float":
            value = self.constructor.construct_written_float(node)
        else:
            raise _Fallback
        if len(self.cache) < 10_000:
            self.cache[text] = value
        return value


def parse_fast(text: str) -> Source | None:
    """The fast reader; ``None`` when the file needs the careful one (or it is not installed)."""
    if _CBaseLoader is None or _RISKY.search(text) or text.count("[") + text.count("{") > MAX_BRACKETS \
            or max(map(len, _STRUCTURE.findall(text))) > MAX_STRUCTURE or _NODE_PROPERTY.search(text) \
            or _COMMENTED_KEY.search(text) or not _block_scalars_agree(text):
        return None
    loader = _ComposeOnly(text)
    try:
        root = loader.get_single_node()
    except Exception:  # any syntax problem: the careful reader says where and what
        return None
    finally:
        loader.dispose()
    if root is None:
        return None
    source = Source(data=None)
    walk = _FastWalk(source)
    try:
        source.data = walk.plain(root, (), 0)
    except (_Fallback, RecursionError):
        return None
    return source


class _FastWalk:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.scalars = _Scalars()
        self.seen: set[int] = set()

    def plain(self, node: Any, path: Path_, depth: int) -> Any:
        if id(node) in self.seen or len(self.seen) >= MAX_NODES:  # an alias, or too many values
            raise _Fallback
        self.seen.add(id(node))
        tag = node.ctag
        if tag is _PLAIN or tag is _QUOTED:
            if len(node.value) > MAX_TEXT:
                raise _Fallback
            return self.scalars.value(node) if tag is _PLAIN else node.value
        if depth >= MAX_DEPTH or (tag is not _MAP and tag is not _SEQ):
            raise _Fallback
        values, keys = self.source.values, self.source.keys
        if tag is _SEQ:
            items = []
            for index, item in enumerate(node.value):
                child = (*path, index)
                mark = item.start_mark
                values[child] = (mark.line + 1, mark.column + 1)
                items.append(self.plain(item, child, depth + 1))
            return items
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.ctag is _PLAIN:
                key = self.scalars.value(key_node)
                if key == "<<" or not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise _Fallback
                name = key if isinstance(key, str) else str(getattr(key, "written", key))
            elif key_node.ctag is _QUOTED:
                name = key_node.value
            else:
                raise _Fallback
            if name in result:
                raise _Fallback
            child = (*path, name)
            mark = key_node.start_mark
            keys[child] = (mark.line + 1, mark.column + 1)
            mark = value_node.start_mark
            values[child] = (mark.line + 1, mark.column + 1)
            self.seen.add(id(key_node))
            result[name] = value = self.plain(value_node, child, depth + 1)
            if value is None:
                values[child] = keys[child]
        return result
