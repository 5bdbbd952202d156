"""Where an item stands in the case file, so evidence can cite a line the caseworker can find.

An external supervisor cannot look up ``hændelser[2]``; a caseworker can open the file at
line 57. The loader records the line of every listed item (relation, event, effort,
supervision, actor, delmål, aftale); filtered copies (``as_of``) keep the same item objects,
and a re-validated copy (pseudonymised) takes the lines over by position.
"""

from __future__ import annotations

from collections.abc import Callable

from toolkit.model.case import Case

SECTIONS = (("relationer", "relationer"), ("hændelser", "haendelser"), ("indsatser", "indsatser"),
            ("supervisioner", "supervisioner"), ("aktører", "aktoerer"), ("aftaler", "aftaler"))
"""Case-file section names (as written) and the model's attribute for each."""


def _lists(case: Case):
    for written, attribute in SECTIONS:
        yield written, getattr(case, attribute)
    yield "mål.delmål", case.maal.delmaal


def remember_lines(case: Case, line_of_path: Callable[[tuple], int]) -> None:
    """Record the line of every listed item of ``case`` (``line_of_path(('hændelser', 2))``)."""
    lines: dict[int, int] = {}
    for written, items in _lists(case):
        steps = tuple(written.split("."))
        for index, item in enumerate(items):
            lines[id(item)] = line_of_path((*steps, index))
    case._linjer = lines


def carry_lines(source: Case, target: Case) -> None:
    """Give ``target`` the lines of ``source``: same item objects, or the same positions."""
    _carry_left_out(source, target)
    known = source._linjer
    if not known:
        return
    lines = dict(known)
    for (_, old), (_, new) in zip(_lists(source), _lists(target), strict=True):
        if len(old) == len(new):
            for a, b in zip(old, new, strict=True):
                if id(a) in known:
                    lines[id(b)] = known[id(a)]
    target._linjer = lines


def _carry_left_out(source: Case, target: Case) -> None:
    """Which fields each effort's file left out, by position: a re-validated copy writes every
    default out, but an effort whose status was left out is active by its dates (``as_of``)."""
    if len(source.indsatser) != len(target.indsatser):
        return
    for old, new in zip(source.indsatser, target.indsatser, strict=True):
        if old.id == new.id:
            object.__setattr__(new, "__pydantic_fields_set__", set(old.model_fields_set))


def line_of(case: Case, item: object) -> int | None:
    """The case-file line of ``item`` (an object from ``case``'s lists), if the case was loaded from a file."""
    return (case._linjer or {}).get(id(item))


def carried(source: Case, target: Case) -> Case:
    """``target`` with the lines of ``source`` (``carry_lines``), for use in an expression."""
    carry_lines(source, target)
    return target
