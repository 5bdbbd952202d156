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
    from toolkit.rules import Praksis
    from toolkit.settings import Settings

Make = Callable[["Case", date, "Path | None", "Settings | None"], dict[str, bytes]]
"""``make(case, today, template, settings)``: the output's files in memory, by their name in the case folder.

``template`` is the municipality's own Word template for this output, or ``None`` for the
standard one (outputs that are not Word documents ignore it); ``settings`` are the municipal
settings (sender, letterhead), or ``None`` for the case's own kommune and jobcenter. An output
that does not apply to a case on that date (no meeting soon, no decision under the 2026 rules)
makes no files.
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
    """Written by ``build`` unless ``--dokumenter`` chooses."""
    only_when_due: bool = False
    """Made only for cases it applies to on the date (a meeting soon, a decision under the 2026
    rules); otherwise ``make`` returns no files."""


# -- how each output is made -------------------------------------------------------------------

def _plan(kind_name: str) -> Make:
    def make(case: Case, today: date, template: Path | None, settings: Settings | None = None) -> dict[str, bytes]:
        from toolkit.render.documents import DOCUMENTS, render_document

        kind = next(k for k in DOCUMENTS if k.name == kind_name)
        return {kind.filename: render_document(case, kind, template=template, today=today, settings=settings)}

    return make


def network_page(case: Case, today: date, *, pseudonymised: bool = False) -> bytes:
    """The self-contained network page of ``case`` as of ``today`` (pseudonymise the case first to share it)."""
    from toolkit.analyse import network_as_of
    from toolkit.render.network_page import render_network_page

    return render_network_page(*network_as_of(case, today), pseudonymised=pseudonymised).encode("utf-8")


def for_sharing(case: Case, today: date, *, with_names: bool, hide_professionals: bool) -> Case:
    """The case as supervision material may show it: pseudonymised unless names are asked for."""
    from toolkit.exceptions import UsageProblem
    from toolkit.model.lines import carried
    from toolkit.privacy import pseudonymise

    if with_names and hide_professionals:
        raise UsageProblem("--med-navne og --skjul-fagpersoner kan ikke bruges sammen")
    return case if with_names else carried(case, pseudonymise(case, today, hide_professionals=hide_professionals))


def supervision_files(case: Case, today: date, template: Path | None = None, settings: Settings | None = None, *,
                      with_names: bool = False, hide_professionals: bool = False, source: str | None = None,
                      locate: Callable[[str], tuple[int, int]] | None = None) -> dict[str, bytes]:
    """The supervision brief and its network page (one drawing for both), pseudonymised by default;
    pseudonymised ones have passed the last check (``source`` and ``locate`` place its messages)."""
    from toolkit.analyse import network_as_of
    from toolkit.privacy import Guard, check_all
    from toolkit.render.network_page import ecomap, render_network_page
    from toolkit.render.supervision import render_supervision

    shown = for_sharing(case, today, with_names=with_names, hide_professionals=hide_professionals)
    net, report = network_as_of(shown, today)
    drawing = ecomap(net, report)
    files = {
        SUPERVISION_BRIEF: render_supervision(net, report, today=today, with_names=with_names, template=template,
                                              drawing=drawing, settings=settings),
        NETWORK_PAGE: render_network_page(net, report, drawing, pseudonymised=not with_names).encode("utf-8"),
    }
    if not with_names:
        check_all(Guard.for_case(case, shown, hide_professionals=hide_professionals, source=source, locate=locate),
                  files.items())
    return files


def case_calendar(case: Case, today: date, praksis: Praksis | None = None, *, source: str | None = None,
                  locate: Callable[[str], tuple[int, int]] | None = None) -> tuple[list, bytes]:
    """The follow-up plan's items and the .ics bytes for ``case`` as of ``today``.

    Calendars live in mail systems and phones and are shared with colleagues, so the plan is
    made from the pseudonymised case: the citizen is "Borgeren" in every text and no CPR
    number, address or relative's name reaches the file (the last check makes sure). Professionals
    keep their names, and the case keeps its id: the caseworker's own calendar must say which case
    an event is for. ``praksis`` adds the municipality's local practice (its cadence, its cut-off).
    """
    from toolkit.analyse.followup import follow_up_plan
    from toolkit.privacy import Guard, pseudonymise
    from toolkit.render.calendar import calendar_ics
    from toolkit.rules import check

    private = pseudonymise(case, today, keep_case_id=True)
    items = follow_up_plan(private, today, check(private, today, praksis), praksis)
    content = calendar_ics(private, items, stamp=today)
    Guard.for_case(case, private, keep_case_id=True, source=source, locate=locate).check(CALENDAR_FILE, content)
    return items, content


def beskrivelse(case: Case, today: date, template: Path | None, settings: Settings | None = None) -> dict[str, bytes]:
    """The samlet beskrivelse, for a case whose next decision is made under the 2026 rules."""
    from toolkit.render.beskrivelse import render_beskrivelse, wanted

    if not wanted(case, today):
        return {}
    return {BESKRIVELSE_FILE: render_beskrivelse(case, template=template, today=today, settings=settings)}


def meeting_letter(case: Case, today: date, template: Path | None,
                   settings: Settings | None = None) -> dict[str, bytes]:
    """The letter to the citizen, when a meeting is planned within the next 30 days."""
    from toolkit.analyse.meetings import meeting_soon
    from toolkit.render.letter import render_meeting_letter

    meeting = meeting_soon(case, today)
    if meeting is None:
        return {}
    return {LETTER_FILE: render_meeting_letter(case, meeting, today=today, template=template, settings=settings)}


def _in_folder(folder: str, make: Make) -> Make:
    return lambda case, today, template, settings=None: {
        f"{folder}/{name}": content for name, content in make(case, today, template, settings).items()}


NETWORK_PAGE = "netvaerk.html"
SUPERVISION_BRIEF = "supervision.docx"
CALENDAR_FILE = "plan.ics"
BESKRIVELSE_FILE = "beskrivelse.docx"
LETTER_FILE = "moedebrev.docx"

CASE_OUTPUTS: tuple[CaseOutput, ...] = (
    CaseOutput("indsatsplan", "Indsatsplan", ("indsatsplan.docx",), False, _plan("indsatsplan"),
               template="indsatsplan.docx", command="Skriv indsatsplanen for en sag som Word-dokument."),
    CaseOutput("rehabiliteringsplan", "Rehabiliteringsplan", ("rehabiliteringsplan.docx",), False,
               _plan("rehabiliteringsplan"), template="rehabiliteringsplan.docx",
               command="Skriv rehabiliteringsplanen (forberedende del, indstilling, indsatsdel)."),
    CaseOutput("netværk", "Netværk", (NETWORK_PAGE,), False,
               lambda case, today, template, settings=None: {NETWORK_PAGE: network_page(case, today)}),
    CaseOutput("supervision", "Supervisionsoplæg", (f"supervision/{SUPERVISION_BRIEF}", f"supervision/{NETWORK_PAGE}"),
               True, _in_folder("supervision", supervision_files), template=SUPERVISION_BRIEF),
    CaseOutput("beskrivelse", "Samlet beskrivelse af borgerens forudsætninger", (BESKRIVELSE_FILE,), False,
               beskrivelse, template=BESKRIVELSE_FILE, only_when_due=True),
    CaseOutput("mødebrev", "Brev om mødet", (LETTER_FILE,), False, meeting_letter, template=LETTER_FILE,
               only_when_due=True),
    CaseOutput("kalender", "Kalender", (CALENDAR_FILE,), True,
               lambda case, today, template, settings=None: {CALENDAR_FILE: case_calendar(case, today)[1]},
               by_default=False),
)
"""In the order ``build`` writes them and the overview links to them."""

OUTPUT_NAMES = tuple(output.name for output in CASE_OUTPUTS)
DEFAULT_OUTPUTS = tuple(output.name for output in CASE_OUTPUTS if output.by_default)


def case_output(name: str) -> CaseOutput:
    return next(output for output in CASE_OUTPUTS if output.name == name)
