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
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, Template, filters
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment, safe_range

from toolkit.dates import NOT_GIVEN, danish_date
from toolkit.text import thousands

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


MAX_MADE = 100_000
"""Most characters (or list items) one expression in a template may make; a plan's longest text
is shorter, and ``{{ 'x' * 10**9 }}`` would otherwise take the machine's memory."""

_WIDE = re.compile(r"%[-+ #0]*(\d{6,}|\*)|\{[^{}]*:[^{}]*?\d{6,}")
"""A printf or ``str.format`` field width of a million characters or more."""


_TOO_BIG = f"skabelonen laver en tekst eller liste på over {thousands(MAX_MADE)} tegn"


def _too_big(value: Any) -> None:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_MADE:
        raise SecurityError(_TOO_BIG)


MAX_STEPS = 1_000_000
"""Most steps over ``range(…)`` one rendering may take. A plan needs a few hundred; a loop over
``range`` inside another (``range(100000)`` twice is ten billion steps) would hold a batch
for hours, so it stops with a clear message instead."""

_STEPS: ContextVar[list[int] | None] = ContextVar("forloeb_template_steps", default=None)


class _Steps(Sequence):
    """``range(…)`` for templates: a sandboxed range whose steps count against the rendering."""

    def __init__(self, *args: int) -> None:
        self.numbers = safe_range(*args)

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        return self.numbers[index]

    def __iter__(self) -> Iterator[int]:
        budget = _STEPS.get()
        for number in self.numbers:
            if budget is not None:
                budget[0] -= 1
                if budget[0] < 0:
                    raise SecurityError(f"skabelonen gennemløber over {thousands(MAX_STEPS)} trin med range(); "
                                        "er der en range-løkke inde i en anden?")
            yield number


class _Template(Template):
    """Each rendering gets its own step budget (includes and macros share their caller's)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _STEPS.set([MAX_STEPS])
        try:
            return super().render(*args, **kwargs)
        finally:
            _STEPS.reset(token)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also closed to one-line memory and CPU bombs (repetition, powers, widths).

    The sandbox stops a template from reaching Python internals; it does not stop
    ``{{ 9**9**9 }}``, which would hold a batch of 25,000 cases forever.
    """

    intercepted_binops = frozenset({"*", "**", "%"})
    template_class = _Template

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)) \
                and abs(right) > 64 and abs(left) > 1:
            raise SecurityError("skabelonen regner med en for stor potens (**)")
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(times, int) and len(text) * times > MAX_MADE:
                    raise SecurityError(_TOO_BIG)
        if operator == "%" and isinstance(left, str) and _WIDE.search(left):
            raise SecurityError("skabelonen formaterer med en alt for stor feltbredde")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and isinstance(getattr(value, "__self__", None), str) and _WIDE.search(value.__self__):
            def refused(*args: Any, **kwargs: Any) -> Any:
                raise SecurityError("skabelonen formaterer med en alt for stor feltbredde")

            return refused
        return wrapped


def _bounded(name: str, function: Any) -> Any:
    """A width-taking filter (``center``, ``indent``…) that refuses widths no page can hold."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        numbers = [a for a in (*args[1:], *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
        if any(abs(n) > 1_000 for n in numbers):
            raise SecurityError(f"filteret {name} får en for stor bredde")
        if name == "format" and any(isinstance(a, str) and _WIDE.search(a) for a in args):
            raise SecurityError("skabelonen formaterer med en alt for stor feltbredde")
        result = function(*args, **kwargs)
        _too_big(result)
        return result

    if hasattr(function, "jinja_pass_arg"):  # @pass_environment and friends
        bounded.jinja_pass_arg = function.jinja_pass_arg
    return bounded


@cache
def environment() -> SandboxedEnvironment:
    """The shared strict environment (built once; it holds no per-case state)."""
    env = _Sandbox(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(dato=danish_date, periode=period, ja_nej=yes_no)
    for name in ("center", "indent", "wordwrap", "truncate", "format", "slice"):
        env.filters[name] = _bounded(name, getattr(filters, f"do_{name}"))
    env.globals.pop("lipsum", None)  # lipsum(10**7) is a memory bomb and no plan needs filler text
    env.globals["range"] = _Steps
    return env
