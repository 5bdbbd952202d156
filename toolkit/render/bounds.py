"""The limits every template rendering runs within: one step budget, one size limit.

A template is code written by a municipality (or by anyone who can put a file in the
templates folder). The sandbox keeps it away from Python internals; these limits keep it from
holding a batch hostage:

- **steps**: every pass through a ``{% for %}`` body, every call (macros included, so
  recursion), and every number taken from ``range()`` counts against one budget per
  rendering (:data:`MAX_STEPS`);
- **size**: no text, list or mapping made while rendering may grow past :data:`MAX_MADE`
  characters or items, however it is made (operators, ``~``, string methods, formatting,
  filters, ``namespace`` attributes, ``{% set %}`` blocks, macros), and the whole rendered
  part may not pass :data:`MAX_OUTPUT`. What can grow by a factor in one step (``ljust``,
  ``replace``, ``join``, field widths, ``indent``) is refused *before* it is made; the rest is
  checked as soon as it exists, so nothing larger than about twice the limit is ever built.

The checks are put into the compiled template (:func:`bound_tree`): each loop body starts
with a step, and each expression that can make something large passes through
:func:`sized`. Jinja's parser is unchanged, so the template lint sees the template as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import safe_range

from toolkit.text import thousands

MAX_MADE = 100_000
"""Most characters (or list items) one value made by a template may have; a plan's longest text
is shorter, and ``{{ 'x' * 10**9 }}`` would otherwise take the machine's memory."""
MAX_OUTPUT = 20_000_000
"""Most characters one rendered part (body, header, footer) may have; a plan has well under one million."""
MAX_STEPS = 1_000_000
"""Most steps (loop passes, calls, numbers from ``range``) one rendering may take. A plan needs a
few thousand; two nested loops over long lists would hold a batch for hours."""
MAX_BITS = 65_536
"""Largest whole number a template may make (in bits); ``ns.x * ns.x`` repeated doubles them."""
SIZED = "__forloeb_sized"
"""The filter the compiled template passes each growing expression through."""
WEIGHED = "__forloeb_weighed"
"""The filter each part of a ``~`` concatenation passes through before it is turned into text."""

TOO_BIG = f"skabelonen laver en tekst eller liste på over {thousands(MAX_MADE)} tegn"
TOO_MANY_STEPS = (f"skabelonen tager over {thousands(MAX_STEPS)} trin (gennemløb af løkker og kald); "
                  "er der en løkke inde i en anden, eller en makro der kalder sig selv?")
WIDE = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\d{6,}|\*)|%(?:\([^)]*\))?[-+ #0]*\d*\.(?:\d{6,}|\*)"
                  r"|\{[^{}]*:[^{}]*?\d{6,}|\{[^{}]*:[^{}]*\{")
"""A printf or ``str.format`` field width or precision of a million or more, or one computed
from an argument (``'{:>{w}}'``, ``'%*s'``)."""

_STEPS: ContextVar[list[int] | None] = ContextVar("forloeb_template_steps", default=None)


def new_budget() -> Any:
    """Start a rendering's step budget; give the token to :func:`end_budget`."""
    return _STEPS.set([MAX_STEPS])


def end_budget(token: Any) -> None:
    _STEPS.reset(token)


def step(count: int = 1) -> str:
    """Take ``count`` steps from the current rendering's budget; refuse when it is spent."""
    budget = _STEPS.get()
    if budget is not None:
        budget[0] -= count
        if budget[0] < 0:
            raise SecurityError(TOO_MANY_STEPS)
    return ""


def weight(value: Any, limit: int = MAX_MADE) -> int:
    """About how many characters ``str(value)`` takes, counted only until it passes ``limit``."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 8
        if total > limit:
            return total
    return total


def check_weight(*values: Any) -> None:
    if sum(weight(v) for v in values) > MAX_MADE:
        raise SecurityError(TOO_BIG)


def sized(value: Any) -> Any:
    """A value a template has just made, refused if it is too large to keep."""
    if isinstance(value, (str, list, tuple, dict, set, frozenset)):
        if len(value) > MAX_MADE:
            raise SecurityError(TOO_BIG)
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_BITS:
        raise SecurityError("skabelonen regner med et alt for stort tal")
    return value


def weighed(value: Any) -> Any:
    """A value about to be joined into text by ``~``; refused if its text would be too large."""
    if not isinstance(value, str):
        check_weight(value)
    return value


# -- what a call may make ---------------------------------------------------------------------

_WIDTHS = {"ljust", "rjust", "center", "zfill"}
_GROWING = {"append", "extend", "insert", "update", "setdefault", "add", "__iadd__"}


def before_call(obj: Any, args: tuple, kwargs: dict) -> tuple:
    """Refuse a call that would make something too large; may return the arguments materialised."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if name != "forloeb_step":  # the loop's own step is taken inside it
        step()
    if isinstance(owner, str):
        if name in _WIDTHS and any(isinstance(a, int) and a > MAX_MADE for a in (*args, *kwargs.values())):
            raise SecurityError(TOO_BIG)
        if name == "expandtabs":
            size = next((a for a in (*args, *kwargs.values()) if isinstance(a, int)), 8)
            if size * owner.count("\t") + len(owner) > MAX_MADE:
                raise SecurityError(TOO_BIG)
        if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
            count = owner.count(args[0]) if args[0] else len(owner) + 1
            if len(owner) + count * max(len(args[1]) - len(args[0]), 0) > MAX_MADE:
                raise SecurityError(TOO_BIG)
        if name == "join" and args:
            items = list(_counted(args[0]))
            if weight(items) + len(owner) * len(items) > MAX_MADE:
                raise SecurityError(TOO_BIG)
            return (items, *args[1:])
        if name == "translate" and args and isinstance(args[0], dict):
            longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
            if longest * len(owner) > MAX_MADE:
                raise SecurityError(TOO_BIG)
    return args


def after_call(obj: Any, result: Any) -> Any:
    owner = getattr(obj, "__self__", None)
    if getattr(obj, "__name__", "") in _GROWING and isinstance(owner, (list, dict, set)):
        sized(owner)
    return sized(result)


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    for number, item in enumerate(items):
        if number > MAX_MADE:
            raise SecurityError(TOO_BIG)
        yield item


class Steps(Sequence):
    """``range(…)`` for templates: a sandboxed range whose numbers count against the rendering's steps."""

    def __init__(self, *args: int) -> None:
        self.numbers = safe_range(*args)

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        return self.numbers[index]

    def __iter__(self) -> Iterator[int]:
        for number in self.numbers:
            step()
            yield number


def check_format(template: str, args: Iterable[Any]) -> None:
    """``%`` and ``format``: no computed or huge widths, and no argument too large to print."""
    if WIDE.search(template):
        raise SecurityError("skabelonen formaterer med en alt for stor eller beregnet feltbredde")
    check_weight(template, *args)


# -- putting the checks into a compiled template -------------------------------------------------

_GROWS = (nodes.Concat, nodes.BinExpr, nodes.Call, nodes.Filter)


def _wrap(node: nodes.Expr, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def bound_tree(tree: nodes.Template) -> nodes.Template:
    """The parsed template with a step at each loop pass and a size check after each growing expression."""
    return _bound(tree)


def _bound(node: Any) -> Any:
    for field, value in node.iter_fields():
        if isinstance(value, nodes.Node):
            setattr(node, field, _bound_child(node, field, value))
        elif isinstance(value, list):
            setattr(node, field, [_bound_child(node, field, v) if isinstance(v, nodes.Node) else v for v in value])
    if isinstance(node, (nodes.For, nodes.Macro, nodes.CallBlock)):
        node.body = [nodes.ExprStmt(nodes.Call(nodes.EnvironmentAttribute("forloeb_step"), [], [], None, None,
                                               lineno=node.lineno), lineno=node.lineno), *node.body]
    if isinstance(node, (nodes.AssignBlock, nodes.FilterBlock)):  # the captured body, once it is text
        node.filter = nodes.Filter(node.filter, SIZED, [], [], None, None, lineno=node.lineno)
    if isinstance(node, nodes.Concat):
        node.nodes = [_wrap(part, WEIGHED) for part in node.nodes]
    return node


def _bound_child(parent: Any, field: str, child: Any) -> Any:
    child = _bound(child)
    if isinstance(parent, nodes.CallBlock) and field == "call":
        return child  # must stay a Call; what the block makes is counted as output
    if isinstance(parent, (nodes.AssignBlock, nodes.FilterBlock)) and field == "filter":
        return child
    if isinstance(child, nodes.Filter) and child.node is None:
        return child  # a filter applied to a block's body
    if isinstance(child, _GROWS) and not (isinstance(child, nodes.Filter) and child.name in (SIZED, WEIGHED)):
        return _wrap(child, SIZED)
    return child
