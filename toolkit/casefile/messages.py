"""Pydantic's validation errors in plain Danish, with the path written as in the file."""

from __future__ import annotations

import types
import typing
from difflib import get_close_matches
from typing import Any

from pydantic import BaseModel

from toolkit.casefile.source import Path_
from toolkit.model.types import shown


def dotted(path: Path_) -> str:
    """``('relationer', 0, 'mellem')`` as ``relationer[0].mellem``; an odd key is quoted, so a key
    with a line break in it cannot break the ``FILE:LINE:COLUMN:`` line."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
            continue
        name = step if step.isprintable() and len(step) <= 60 else shown(step)
        text += f".{name}" if text else name
    return text


def _type_name(value: Any) -> str:
    if value is None:
        return "ingenting"
    if isinstance(value, bool):
        return f"ja/nej-værdien {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"tallet {getattr(value, 'written', value)}"
    if isinstance(value, str):
        return f"teksten {shown(value)}"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en række felter"
    return type(value).__name__


def _or(expected: str) -> str:
    return expected.replace(" or ", " eller ")


def _unwrap(annotation: Any) -> Any:
    """The model class inside ``X | None``, ``list[X]``, ``tuple[X, X]`` and ``Annotated``."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        for arg in typing.get_args(annotation):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def model_at(root: type[BaseModel], path: Path_) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``path``, if there is one."""
    current: Any = root
    for step in path:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for name, f in current.model_fields.items() if (f.alias or name) == step), None)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def keys_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def translate(error: dict[str, Any], root: type[BaseModel]) -> str:
    """One pydantic error dict as a Danish sentence a caseworker can act on."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    loc = tuple(error["loc"])
    if kind == "missing":
        return f"mangler det påkrævede felt {loc[-1]!r}"
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        known = keys_of(parent) if parent else []
        close = get_close_matches(str(loc[-1]), known, n=1)
        hint = f" Mente du {close[0]!r}?" if close else ""
        allowed = f" Tilladte felter her: {', '.join(known)}." if known else ""
        return f"ukendt felt {shown(str(loc[-1]))}.{hint}{allowed}"
    if kind == "literal_error":
        return f"{_type_name(value)} er ikke en af de tilladte værdier: {_or(ctx.get('expected', ''))}"
    if kind == "string_unicode":
        return "teksten indeholder ugyldige tegn (fx et halvt surrogatpar fra en \\u-escape); skriv tegnet direkte"
    if kind in ("string_type", "str_type"):
        return f"forventede tekst, fik {_type_name(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return f"forventede et helt tal, fik {_type_name(value)}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"forventede et tal, fik {_type_name(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"forventede en liste (linjer der starter med '- '), fik {_type_name(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"forventede en række felter ('navn: værdi' på hver sin linje), fik {_type_name(value)}"
    if kind == "too_short" or kind == "too_long":
        expected = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        return f"skal have {expected} elementer, har {ctx.get('actual_length')}"
    if kind == "greater_than_equal":
        return f"skal være mindst {ctx.get('ge')}, fik {value}"
    if kind == "less_than_equal":
        return f"må højst være {ctx.get('le')}, fik {value}"
    if kind == "string_pattern_mismatch":
        return f"{_type_name(value)} har ikke den forventede form ({ctx.get('pattern')})"
    if kind == "literal_error" or kind.startswith("enum"):
        return f"ugyldig værdi {_type_name(value)}"
    return error["msg"]
