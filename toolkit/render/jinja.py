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

from jinja2 import StrictUndefined, Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from toolkit.render import bounds

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
    bounds.check_weight(value)  # a list or mapping about to be printed as text
    if isinstance(value, (list, tuple)):
        return ", ".join(str(finalize(v)) for v in value) or NOT_GIVEN
    return value


class _Template(Template):
    """Each rendering gets its own step budget (includes and macros share their caller's) and an output limit."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = bounds.new_budget()
        try:
            context = self.new_context(dict(*args, **kwargs))
            pieces, total = [], 0
            try:
                for piece in self.root_render_func(context):
                    total += len(piece)
                    if total > bounds.MAX_OUTPUT:
                        raise SecurityError(f"skabelonen skriver over {thousands(bounds.MAX_OUTPUT)} tegn")
                    pieces.append(piece)
            except Exception:
                self.environment.handle_exception()
            return "".join(pieces)
        finally:
            bounds.end_budget(token)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also closed to memory and CPU bombs (see :mod:`toolkit.render.bounds`).

    The sandbox stops a template from reaching Python internals; it does not stop
    ``{{ 9**9**9 }}`` or two nested loops over a long text, which would hold a batch of
    25,000 cases forever.
    """

    intercepted_binops = frozenset({"*", "**", "%"})
    template_class = _Template

    def forloeb_step(self) -> str:
        return bounds.step()

    def _generate(self, source: Any, name: Any, filename: Any, defer_init: bool = False) -> str:
        return super()._generate(bounds.bound_tree(source), name, filename, defer_init=defer_init)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        args = bounds.before_call(__obj, args, kwargs)
        return bounds.after_call(__obj, super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)) \
                and abs(right) > 64 and abs(left) > 1:
            raise SecurityError("skabelonen regner med en for stor potens (**)")
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(times, int) and len(text) * times > MAX_MADE:
                    raise SecurityError(_TOO_BIG)
        if operator == "%" and isinstance(left, str):
            bounds.check_format(left, right if isinstance(right, tuple) else (right,))
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None or not isinstance(getattr(value, "__self__", None), str):
            return wrapped
        template = value.__self__

        def checked(*args: Any, **kwargs: Any) -> Any:
            bounds.check_format(template, (*args, *kwargs.values()))
            return bounds.sized(wrapped(*args, **kwargs))

        return checked


MAX_MADE = bounds.MAX_MADE
MAX_STEPS = bounds.MAX_STEPS
_TOO_BIG = bounds.TOO_BIG
_STRINGIFYING = ("join", "string", "tojson", "pprint", "e", "escape", "forceescape", "urlencode", "xmlattr", "sum",
                 "format", "indent", "wordwrap", "center", "list", "replace")


def _bounded(name: str, function: Any) -> Any:
    """A filter that refuses widths no page can hold and inputs whose text would be too large."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = args[1:] if hasattr(function, "jinja_pass_arg") else args
        numbers = [a for a in (*values[1:], *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
        if name in ("center", "indent", "wordwrap", "truncate", "slice") and any(abs(n) > 1_000 for n in numbers):
            raise SecurityError(f"filteret {name} får en for stor bredde")
        if name == "batch" and any(abs(n) > MAX_MADE for n in numbers):
            raise SecurityError(f"filteret {name} får en for stor bredde")
        if name == "format" and values and isinstance(values[0], str):
            bounds.check_format(values[0], (*values[1:], *kwargs.values()))
        if name == "replace" and len(values) >= 3 and all(isinstance(v, str) for v in values[:3]):
            text, old, new = (str(v) for v in values[:3])
            count = text.count(old) if old else len(text) + 1
            if len(text) + count * max(len(new) - len(old), 0) > MAX_MADE:
                raise SecurityError(_TOO_BIG)
        if name in ("indent", "wordwrap") and values:
            extra = max([len(str(v)) for v in (*values[1:], *kwargs.values()) if isinstance(v, str)] + [4])
            if bounds.weight(values[0]) * max(extra, 1) > 10 * MAX_MADE:
                raise SecurityError(_TOO_BIG)
        if name in _STRINGIFYING and values:
            if name in ("join", "sum", "list") and not isinstance(values[0], (str, list, tuple, dict, set)):
                values = (list(bounds._counted(values[0])), *values[1:])
                args = (*args[:len(args) - len(values)], *values)
            bounds.check_weight(*values)
        return bounds.sized(function(*args, **kwargs))

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
    for name, function in list(env.filters.items()):  # every filter's result is sized; some inputs weighed
        env.filters[name] = _bounded(name, function)
    env.filters.update(dato=danish_date, periode=period, ja_nej=yes_no)
    env.filters[bounds.SIZED] = bounds.sized
    env.filters[bounds.WEIGHED] = bounds.weighed
    env.globals.pop("lipsum", None)  # lipsum(10**7) is a memory bomb and no plan needs filler text
    env.globals["range"] = bounds.Steps
    return env
