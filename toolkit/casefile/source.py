"""Read a case file as YAML 1.2 and remember where every key and value stands.

ruamel.yaml keeps line and column for each node. We turn its round-trip tree into plain
Python data for validation, and keep a map from each path in the data to its position,
so a problem found later can point at the exact place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

Path_ = tuple[str | int, ...]

MAX_BYTES = 5 * 1024 * 1024
"""A case file is text a person writes; anything larger is a mistake or an attack."""

MAX_NODES = 200_000
"""Upper bound on values after aliases are expanded (guards against alias bombs)."""


class _CaseConstructor(RoundTripConstructor):
    """Round-trip constructor that leaves dates as text.

    ruamel.yaml turns ``2015-02-30`` into a bare ``ValueError`` with no position; the
    model parses dates itself and reports them where they stand.
    """


_CaseConstructor.add_constructor("tag:yaml.org,2002:timestamp", lambda c, node: c.construct_scalar(node))


@dataclass
class SourceProblem(Exception):
    """A problem found while reading the file, with a 1-based position."""

    line: int
    column: int
    message: str


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
        raise SourceProblem(1, 1, f"filen er {len(raw):,} bytes; en sagsfil må højst være {MAX_BYTES:,} bytes"
                            .replace(",", "."))
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


def _locate(exc: MarkedYAMLError) -> tuple[int, int, str]:
    """Position and Danish message; an unclosed quote or bracket is shown where it opens."""
    context = (exc.context or "").strip()
    if context in _UNCLOSED and exc.context_mark:
        return exc.context_mark.line + 1, exc.context_mark.column + 1, _UNCLOSED[context]
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, column, _yaml_message(exc)


def _yaml_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem:
        return "tabulator-tegn kan ikke bruges til indrykning i YAML; brug mellemrum"
    if "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else "?"
        return f"nøglen {key!r} står to gange i samme afsnit"
    if "mapping values are not allowed" in problem:
        return "et kolon står et sted hvor det ikke kan stå; sæt teksten i anførselstegn ('…')"
    if "could not find expected ':'" in problem:
        return "en linje mangler kolon efter nøglen, eller en tekst går over flere linjer uden anførselstegn"
    if "<stream end>" in problem or "end of stream" in problem:
        return "filen slutter midt i en liste eller et afsnit; mangler der en ']' eller '}'?"
    if "found undefined alias" in problem:
        return f"ukendt YAML-alias ({problem})"
    context = f"{exc.context.strip()}: " if exc.context else ""
    return f"ugyldig YAML ({context}{problem})"


def parse(text: str) -> Source:
    """Parse YAML 1.2 text into a ``Source``; raises ``SourceProblem`` with a position."""
    try:
        tree = _yaml().load(text)
    except MarkedYAMLError as exc:
        raise SourceProblem(*_locate(exc)) from None
    except YAMLError as exc:
        raise SourceProblem(1, 1, f"ugyldig YAML ({exc})") from None
    except RecursionError:
        raise SourceProblem(1, 1, "filen er indlejret for dybt til at være en sagsfil") from None
    if tree is None:
        raise SourceProblem(1, 1, "filen er tom; start med 'forloeb init' for en skabelon")
    source = Source(data=None)
    counter = [0]
    try:
        source.data = _plain(tree, (), source, counter)
    except RecursionError:
        raise SourceProblem(1, 1, "filen er indlejret for dybt til at være en sagsfil") from None
    return source


def _plain(node: Any, path: Path_, source: Source, counter: list[int]) -> Any:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise SourceProblem(1, 1, f"filen har over {MAX_NODES:,} værdier (efter YAML-aliaser er foldet ud)"
                            .replace(",", "."))
    if isinstance(node, CommentedMap):
        result: dict[str, Any] = {}
        for key in node:
            child = (*path, str(key))
            try:
                kl, kc = node.lc.key(key)
                source.keys[child] = (kl + 1, kc + 1)
                vl, vc = node.lc.value(key)
                source.values[child] = (vl + 1, vc + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            result[str(key)] = _plain(node[key], child, source, counter)
        return result
    if isinstance(node, CommentedSeq):
        items = []
        for index, item in enumerate(node):
            try:
                line, column = node.lc.item(index)
                source.values[(*path, index)] = (line + 1, column + 1)
            except (KeyError, TypeError, AttributeError):
                pass
            items.append(_plain(item, (*path, index), source, counter))
        return items
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node
