"""Load a case file: bytes → text → located YAML → validated ``Case``.

All problems are collected and raised together as one ``CaseFileError``, each with
file, line and column, so a caseworker can fix a file in one pass.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from toolkit.casefile.messages import dotted, translate
from toolkit.casefile.source import MAX_BYTES, Path_, Source, SourceProblem, decode, parse
from toolkit.exceptions import CaseFileError, Problem
from toolkit.model import CITIZEN_ID, SCHEMA_VERSION, Case
from toolkit.model.lines import remember_lines
from toolkit.text import thousands

CASE_SUFFIXES = (".yaml", ".yml")
SETTINGS_NAME = "forloeb-indstillinger.yaml"
"""The municipal settings (``toolkit.settings``) may lie among the case files; they are not a case."""


def shown_name(path: Path | str) -> str:
    """A file name as printed in a message: control characters (a newline) escaped, so one problem is one line."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in str(path))


def read_case_file(path: Path | str) -> bytes:
    """A case file's bytes: only from a regular file, and only after its size is known to be allowed.

    A case file that is a FIFO would block forever and one that is a link to ``/dev/zero``
    would be read until memory runs out; both are located errors instead. The file is opened
    without blocking, and the size is read from the opened file, so swapping it in between
    changes nothing.
    """
    shown = shown_name(path)

    def problem(message: str) -> CaseFileError:
        return CaseFileError([Problem(shown, 1, 1, "", message)])

    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise problem(f"kan ikke læse filen ({exc.strerror})") from None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise problem("er ikke en almindelig fil (men en mappe, enhed, FIFO eller socket); en sagsfil er en "
                          "tekstfil")
        if info.st_size > MAX_BYTES:
            raise problem(f"filen er {thousands(info.st_size)} bytes; en sagsfil må højst være "
                          f"{thousands(MAX_BYTES)} bytes")
        try:
            return stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise problem(f"kan ikke læse filen ({exc.strerror})") from None


def load_case(path: Path | str) -> Case:
    """Read and validate one case file; raises ``CaseFileError`` listing every problem."""
    return parse_case(read_case_file(path), shown_name(path))


def load_located(path: Path | str) -> tuple[Case, Callable[[str], tuple[int, int]]]:
    """The case and a function giving the line and column of a place such as ``indsatser[2].slut``."""
    case, source = _parse(read_case_file(path), shown_name(path))
    return case, lambda where: source.position(_path_of(where))


def _path_of(where: str) -> Path_:
    """``mål.delmål[3]`` as ``('mål', 'delmål', 3)``."""
    steps: list[str | int] = []
    for part in where.split("."):
        name, *indices = part.replace("]", "").split("[")
        if name:
            steps.append(name)
        steps.extend(int(i) for i in indices if i.isdigit())
    return tuple(steps)


def parse_case(raw: bytes, shown: str = "<sagsfil>") -> Case:
    """Validate case-file bytes; ``shown`` is the name used in messages."""
    return _parse(raw, shown)[0]


def _parse(raw: bytes, shown: str) -> tuple[Case, Source]:
    try:
        source = parse(decode(raw))
    except SourceProblem as problem:
        raise CaseFileError([Problem(shown, problem.line, problem.column, dotted(problem.path),
                                     _one_line(problem.message))]) from None

    if not isinstance(source.data, dict):
        raise CaseFileError([Problem(shown, 1, 1, "", "sagsfilen skal bestå af afsnit som 'sag:' og 'borger:'")])

    def at(path: Path_, message: str, *, key: bool = False) -> Problem:
        line, column = source.position(path, key=key)
        return Problem(shown, line, column, dotted(path), _one_line(message))

    version = source.data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version != SCHEMA_VERSION:
        if version < 1:
            message = f"format {_written(version)} findes ikke; denne forloeb læser format {SCHEMA_VERSION}"
        elif version < SCHEMA_VERSION:
            message = f"sagsfilen er i format {version}; opdatér den med: forloeb migrér {shown}"
        else:
            message = (f"sagsfilen er i format {_written(version)}, som er nyere end denne forloeb "
                       f"(format {SCHEMA_VERSION}); opdatér forloeb")
        raise CaseFileError([at(("schema_version",), message)])

    problems = [at(path, message) for path, message in (*_unique_ids(source.data),
                                                         *_unique_relations(source.data))]
    actor_ids = _actor_ids(source.data)
    try:
        case = Case.model_validate(source.data, context={"actor_ids": actor_ids})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if error["type"] == "missing":
                problems.append(at(loc[:-1], translate(error, Case), key=True))
            else:
                problems.append(at(loc, translate(error, Case), key=error["type"] == "extra_forbidden"))
        case = None
    if problems:
        raise CaseFileError(_dedupe(problems))
    remember_lines(case, lambda path: source.position(path)[0])
    return case, source


def _actor_ids(data: dict[str, Any]) -> set[str] | None:
    """The ids references may use; ``None`` (check nothing) when ``aktører`` itself is malformed,
    so one mistake there is not reported again at every reference."""
    if not isinstance(data.get("aktører", []), list):
        return None
    return {str(getattr(a["id"], "written", a["id"])) for a in _items(data, "aktører")
            if isinstance(a.get("id"), (str, int)) and not isinstance(a.get("id"), bool)}


def _written(value: Any) -> str:
    """A value as the caseworker wrote it (``007`` stays ``007``), shortened for a message."""
    text = str(getattr(value, "written", value))
    return text if len(text) <= 60 else text[:60] + "…"


def _one_line(message: str) -> str:
    """Every problem is one ``FILE:LINE:COLUMN:`` line, whatever text it quotes."""
    return " ".join(message.split())


def _items(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = data.get(section)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def same_id(ident: str) -> str:
    """An id as it is compared: ``ks``, ``"ks "``, ``KS`` and the decomposed ``ø`` are one id."""
    return unicodedata.normalize("NFC", ident).strip().casefold()


def _unique_ids(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """Ids must be unique within their section, compared as :func:`same_id`; ``borger`` is the citizen's own."""
    for section in ("aktører", "indsatser"):
        seen: dict[str, tuple[int, str]] = {}
        value = data.get(section)
        if not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            ident = item["id"]
            key = same_id(ident)
            if section == "aktører" and key == CITIZEN_ID:
                yield (section, index, "id"), f"id'et {CITIZEN_ID!r} er forbeholdt borgeren; vælg et andet"
            elif key in seen:
                first, written = seen[key]
                same = "" if written == ident else f" (som {written!r}; mellemrum og store/små bogstaver tæller ikke)"
                yield (section, index, "id"), f"id'et {ident!r} er allerede brugt i {section}[{first}]{same}"
            else:
                seen[key] = (index, ident)


def _unique_relations(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """One relation per pair: a second one would silently override the first."""
    seen: dict[frozenset, int] = {}
    for index, item in enumerate(_items(data, "relationer")):
        ends = item.get("mellem")
        if not (isinstance(ends, list) and len(ends) == 2 and all(isinstance(e, str) for e in ends)):
            continue
        key = frozenset(ends)
        if key in seen:
            yield ("relationer", index, "mellem"), (f"der er allerede en relation mellem {ends[0]!r} og {ends[1]!r} "
                                                    f"(relationer[{seen[key]}]); saml dem i én")
        else:
            seen[key] = index


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def find_case_files(paths: Iterable[Path | str]) -> list[Path]:
    """Case files named on the command line, with directories searched recursively."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES and p.is_file()
                                and p.name != SETTINGS_NAME))
        else:
            found.append(path)
    return list(dict.fromkeys(found))
