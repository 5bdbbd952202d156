"""The one Jinja environment every template is rendered with.

Strict and safe by construction: autoescaping (so ``&``, ``<`` and quotes in a case file
stay text), undefined variables are errors (a template cannot silently print nothing),
the sandbox (a template cannot reach Python internals), and a ``finalize`` hook that
turns every printed value into clean, Danish text: ``None`` and empty text become
``Ikke oplyst``, dates become ``12. januar 2015``, and characters that XML cannot hold
are removed.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from toolkit.dates import NOT_GIVEN, danish_date

__all__ = ["NOT_GIVEN", "clean_text", "danish_date", "environment", "finalize", "period", "yes_no"]

_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_NOT_XML = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_text(text: str) -> str:
    """Text that XML 1.0 can hold: line breaks normalised, control characters removed.

    Word's manual line break (vertical tab) and page break become ordinary line breaks,
    since text pasted from Word carries them.
    """
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def period(start: date | None, end: date | None) -> str:
    """A period in words: both ends, an open end, or ``Ikke oplyst``."""
    if start and end:
        return f"{danish_date(start)} – {danish_date(end)}"
    if start:
        return f"fra {danish_date(start)}"
    if end:
        return f"til {danish_date(end)}"
    return NOT_GIVEN


def yes_no(value: bool | None) -> str:
    return NOT_GIVEN if value is None else ("Ja" if value else "Nej")


def finalize(value: Any) -> Any:
    """Every ``{{ … }}`` passes through here before it is escaped."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, date):
        return danish_date(value)
    if isinstance(value, str):
        cleaned = clean_text(value).strip()
        return cleaned if cleaned else NOT_GIVEN
    if isinstance(value, (list, tuple)):
        return ", ".join(str(finalize(v)) for v in value) or NOT_GIVEN
    return value


@cache
def environment() -> SandboxedEnvironment:
    """The shared strict environment (built once; it holds no per-case state)."""
    env = SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(dato=danish_date, periode=period, ja_nej=yes_no)
    return env
