"""``forloeb skabelon tjek``: check a municipality's Word template before it is used on cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.exceptions import EXIT_USER_ERROR, UsageProblem


def run(template: Path, kind: str | None, say: Callable[[str], None], complain: Callable[[str], None]) -> int:
    from toolkit.render.template_lint import KINDS, kind_for, lint

    kind = kind or kind_for(template)
    if kind is None:
        raise UsageProblem(f"{template}: angiv hvilket dokument skabelonen er til med --type "
                           f"({' | '.join(KINDS)}); det fremgår ikke af filnavnet")
    findings = lint(template, kind)
    if not findings:
        say(f"{template}: i orden (skabelon til {kind})")
        return 0
    for finding in findings:
        for line in finding.lines(str(template)):
            complain(line)
    complain(f"{template}: {len(findings)} problem{'er' if len(findings) != 1 else ''} i skabelonen til {kind}")
    return EXIT_USER_ERROR
