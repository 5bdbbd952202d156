"""``forloeb kalender``: the case's follow-up plan as an .ics file for the caseworker's calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from toolkit.casefile.loader import load_located
from toolkit.dates import danish_date
from toolkit.outputs import write_atomic
from toolkit.render.registry import CALENDAR_FILE, case_calendar
from toolkit.rules import load_praksis

FILE_SUFFIX = CALENDAR_FILE
__all__ = ["case_calendar", "run"]


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
