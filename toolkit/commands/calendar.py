"""``forloeb kalender``: the case's follow-up plan as an .ics file for the caseworker's calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.analyse.followup import PlanItem, follow_up_plan
from toolkit.casefile.loader import load_located
from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.outputs import write_atomic
from toolkit.privacy import Guard, pseudonymise
from toolkit.render.calendar import calendar_ics
from toolkit.rules import Praksis, check, load_praksis

FILE_SUFFIX = "plan.ics"


def case_calendar(case: Case, today: date, praksis: Praksis | None = None, *, source: str | None = None,
                  locate: Callable[[str], tuple[int, int]] | None = None) -> tuple[list[PlanItem], bytes]:
    """The plan items and the .ics bytes for ``case`` as of ``today``.

    Calendars live in mail systems and phones and are shared with colleagues, so the plan is
    made from the pseudonymised case: the citizen is "Borgeren" in every text and no CPR
    number, address or relative's name reaches the file (the last check makes sure). Professionals
    keep their names, and the case keeps its id: the caseworker's own calendar must say which case
    an event is for. ``praksis`` adds the municipality's local practice (its cadence, its cut-off).
    """
    private = pseudonymise(case, today, keep_case_id=True)
    items = follow_up_plan(private, today, check(private, today, praksis), praksis)
    content = calendar_ics(private, items, stamp=today)
    Guard.for_case(case, private, keep_case_id=True, source=source, locate=locate).check(FILE_SUFFIX, content)
    return items, content


def run(case_path: Path, output: Path | None, today: date | None, say: Callable[[str], None],
        praksis: str | None = None) -> int:
    practice = load_praksis(praksis) if praksis else None
    case, locate = load_located(case_path)
    today = today or date.today()
    items, content = case_calendar(case, today, practice, source=str(case_path), locate=locate)
    target = output or Path(f"{case.sag.id}-{FILE_SUFFIX}")
    write_atomic(target, content)
    if items:
        say(f"Skrev {target} med {len(items)} {'begivenhed' if len(items) == 1 else 'begivenheder'} i kalenderen "
            f"fra {danish_date(today)}.")
    else:
        say(f"Skrev {target}, men opfølgningsplanen har ingen datoer fra {danish_date(today)}.")
    return 0
