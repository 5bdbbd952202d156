"""Every output a case can have, in one place: ``build``, the one-case commands and the overview.

An output is a name (what ``forloeb build --dokumenter`` and the command line call it), a
Danish title, the files it writes into the case's folder, whether those files are
pseudonymised, and how they are made from a case and a date. Adding an output is one entry
in ``CASE_OUTPUTS``. Each ``make`` imports what it needs when called, so listing the outputs
(the command line's help, the overview's links) stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.model import Case

Make = Callable[["Case", date, "Path | None"], dict[str, bytes]]
"""``make(case, today, template)``: the output's files in memory, by their name in the case folder.

``template`` is the municipality's own Word template for this output, or ``None`` for the
standard one (outputs that are not Word documents ignore it).
"""


@dataclass(frozen=True)
class CaseOutput:
    name: str
    """What the user calls it: ``forloeb build --dokumenter NAME`` (and ``forloeb NAME`` with ``command``)."""
    title: str
    """Danish title, for links and messages."""
    files: tuple[str, ...]
    """The files it writes, relative to the case's folder; the first is the one to open."""
    pseudonymised: bool
    """True when the files carry no identity of the citizen or relatives (safe to share, safe in a
    pseudonymised overview)."""
    make: Make
    template: str | None = None
    """The file name ``build --templates FOLDER`` looks up for this output, if it uses one."""
    command: str | None = None
    """Help text of its own one-case command ``forloeb NAME CASE [-o FILE] [--template] [--pdf]``."""
    by_default: bool = True
    """Written by ``build`` unless ``--dokumenter`` chooses; an output for some cases only can say False."""


# -- how each output is made -------------------------------------------------------------------

def _plan(kind_name: str) -> Make:
    def make(case: Case, today: date, template: Path | None) -> dict[str, bytes]:
        from toolkit.render.documents import DOCUMENTS, render_document

        kind = next(k for k in DOCUMENTS if k.name == kind_name)
        return {kind.filename: render_document(case, kind, template=template, today=today)}

    return make


def network_page(case: Case, today: date, template: Path | None = None) -> dict[str, bytes]:
    """The self-contained network page of ``case`` (as given: pseudonymise it first to share it)."""
    from toolkit.analyse import analyse_network, build_network
    from toolkit.render.network_page import render_network_page

    page = render_network_page(build_network(case), analyse_network(case, today))
    return {NETWORK_PAGE: page.encode("utf-8")}


def for_sharing(case: Case, today: date, *, with_names: bool, hide_professionals: bool) -> Case:
    """The case as supervision material may show it: pseudonymised unless names are asked for."""
    from toolkit.exceptions import UsageProblem
    from toolkit.privacy import pseudonymise

    if with_names and hide_professionals:
        raise UsageProblem("--med-navne og --skjul-fagpersoner kan ikke bruges sammen")
    return case if with_names else pseudonymise(case, today, hide_professionals=hide_professionals)


def supervision_files(case: Case, today: date, template: Path | None = None, *, with_names: bool = False,
                      hide_professionals: bool = False) -> dict[str, bytes]:
    """The supervision brief and its network page (one drawing for both), pseudonymised by default."""
    from toolkit.analyse import analyse_network, build_network
    from toolkit.render.network_page import ecomap, render_network_page
    from toolkit.render.supervision import render_supervision

    shown = for_sharing(case, today, with_names=with_names, hide_professionals=hide_professionals)
    net, report = build_network(shown), analyse_network(shown, today)
    drawing = ecomap(net, report)
    return {
        SUPERVISION_BRIEF: render_supervision(net, report, today=today, with_names=with_names, template=template,
                                              drawing=drawing),
        NETWORK_PAGE: render_network_page(net, report, drawing).encode("utf-8"),
    }


def case_calendar(case: Case, today: date) -> tuple[list, bytes]:
    """The follow-up plan's items and the .ics bytes for ``case`` as of ``today``.

    Calendars live in mail systems and phones and are shared with colleagues, so the plan is
    made from the pseudonymised case: the citizen is "Borgeren" in every text and no CPR
    number, address or relative's name reaches the file. Professionals keep their names.
    """
    from toolkit.analyse.followup import follow_up_plan
    from toolkit.privacy import pseudonymise
    from toolkit.render.calendar import calendar_ics
    from toolkit.rules import check

    private = pseudonymise(case, today)
    items = follow_up_plan(private, today, check(private, today))
    return items, calendar_ics(private, items, stamp=today)


def _in_folder(folder: str, make: Make) -> Make:
    return lambda case, today, template: {f"{folder}/{name}": content
                                          for name, content in make(case, today, template).items()}


NETWORK_PAGE = "netvaerk.html"
SUPERVISION_BRIEF = "supervision.docx"
CALENDAR_FILE = "plan.ics"

CASE_OUTPUTS: tuple[CaseOutput, ...] = (
    CaseOutput("indsatsplan", "Indsatsplan", ("indsatsplan.docx",), False, _plan("indsatsplan"),
               template="indsatsplan.docx", command="Skriv indsatsplanen for en sag som Word-dokument."),
    CaseOutput("rehabiliteringsplan", "Rehabiliteringsplan", ("rehabiliteringsplan.docx",), False,
               _plan("rehabiliteringsplan"), template="rehabiliteringsplan.docx",
               command="Skriv rehabiliteringsplanen (forberedende del, indstilling, indsatsdel)."),
    CaseOutput("netværk", "Netværk", (NETWORK_PAGE,), False, network_page),
    CaseOutput("supervision", "Supervisionsoplæg", (f"supervision/{SUPERVISION_BRIEF}", f"supervision/{NETWORK_PAGE}"),
               True, _in_folder("supervision", supervision_files)),
    CaseOutput("kalender", "Kalender", (CALENDAR_FILE,), True,
               lambda case, today, template: {CALENDAR_FILE: case_calendar(case, today)[1]}, by_default=False),
)
"""In the order ``build`` writes them and the overview links to them."""

OUTPUT_NAMES = tuple(output.name for output in CASE_OUTPUTS)
DEFAULT_OUTPUTS = tuple(output.name for output in CASE_OUTPUTS if output.by_default)


def case_output(name: str) -> CaseOutput:
    return next(output for output in CASE_OUTPUTS if output.name == name)
