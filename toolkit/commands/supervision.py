"""``forloeb supervision``: a supervision brief and network page, pseudonymised by default."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.analyse import network_as_of
from toolkit.casefile.loader import load_located
from toolkit.exceptions import UsageProblem
from toolkit.model import Case
from toolkit.model.lines import carried
from toolkit.outputs import write_atomic
from toolkit.privacy import Guard, check_all, pseudonymise
from toolkit.settings import Settings, settings_for

BRIEF_NAME = "supervision.docx"
PAGE_NAME = "netvaerk.html"


def for_sharing(case: Case, today: date, *, with_names: bool, hide_professionals: bool) -> Case:
    """The case as supervision material may show it: pseudonymised unless names are asked for."""
    if with_names and hide_professionals:
        raise UsageProblem("--med-navne og --skjul-fagpersoner kan ikke bruges sammen")
    return case if with_names else carried(case, pseudonymise(case, today, hide_professionals=hide_professionals))


def brief_files(case: Case, today: date, *, with_names: bool, hide_professionals: bool,
                template: Path | None = None, settings: Settings | None = None, source: str | None = None,
                locate: Callable[[str], tuple[int, int]] | None = None) -> dict[str, bytes]:
    """The brief and its network page, rendered in memory; pseudonymised ones have passed the last check."""
    from toolkit.render.network_page import ecomap, render_network_page
    from toolkit.render.supervision import render_supervision

    shown = for_sharing(case, today, with_names=with_names, hide_professionals=hide_professionals)
    net, report = network_as_of(shown, today)
    drawing = ecomap(net, report)
    files = {
        BRIEF_NAME: render_supervision(net, report, today=today, with_names=with_names, template=template,
                                       drawing=drawing, settings=settings),
        PAGE_NAME: render_network_page(net, report, drawing, pseudonymised=not with_names).encode("utf-8"),
    }
    if not with_names:
        check_all(Guard.for_case(case, shown, hide_professionals=hide_professionals, source=source, locate=locate),
                  files.items())
    return files


def run(case_path: Path, output: Path, today: date | None, with_names: bool, hide_professionals: bool,
        template: Path | None, say: Callable[[str], None], settings_file: Path | None = None) -> int:
    case, locate = load_located(case_path)
    settings = settings_for(case_path, settings_file)
    files = brief_files(case, today or date.today(), with_names=with_names, hide_professionals=hide_professionals,
                        template=template, settings=settings, source=str(case_path), locate=locate)
    for name, content in files.items():
        write_atomic(output / name, content)
    kind = "med navne (kun til internt brug)" if with_names else "pseudonymiseret"
    say(f"Skrev {output / BRIEF_NAME} og {output / PAGE_NAME} ({kind})")
    return 0
