"""Where a document's date falls in the granted period, said once in plain words.

A document dated before the grant, or long after the period ended, must not compute
"0 måneder af 12" or "145 måneder af 60": it says what the date means instead. Dates
that have passed are never called "næste".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from toolkit.dates import danish_date
from toolkit.model import Case

LONG_AFTER_MONTHS = 3
"""After this many months past the end, the period is over in every practical sense (an extension
would have been decided by then), so a document says so instead of counting months."""


@dataclass(frozen=True)
class Timing:
    """The document date against the granted period."""

    stilling: str
    """``ukendt`` (no grant date), ``før`` (before the grant), ``i gang``, ``slut`` (ended lately)
    or ``længe efter`` (more than :data:`LONG_AFTER_MONTHS` past the end)."""
    måneder: int | None
    """Whole months from the grant to the document date, within the period only."""
    note: str | None
    """The one sentence a document prints when its date lies outside the period."""


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def timing(case: Case, today: date) -> Timing:
    sag = case.sag
    kind = sag.forloeb
    if sag.bevilget is None:
        return Timing("ukendt", None, None)
    if today < sag.bevilget:
        return Timing("før", None, f"Dokumentet er dateret {danish_date(today)}, før {kind}et blev bevilget "
                                   f"{danish_date(sag.bevilget)}.")
    end = sag.slutdato
    if end is None or today <= end:
        return Timing("i gang", months_between(sag.bevilget, today), None)
    after = months_between(end, today)
    if after < LONG_AFTER_MONTHS:
        return Timing("slut", None, f"Den bevilgede periode sluttede {danish_date(end)}.")
    years = after // 12
    span = f"{years} år" if years else f"{after} måneder"
    return Timing("længe efter", None, f"Dokumentet er dateret {danish_date(today)}, {span} efter at den bevilgede "
                                       f"periode sluttede {danish_date(end)}; tal og frister gælder perioden, som "
                                       "sagsfilen beskriver den.")


def meeting_heading(meeting: date | None, today: date) -> str:
    """The label of the planned team meeting: "Næste …" only while it lies ahead."""
    if meeting is not None and meeting < today:
        return "Planlagt forelæggelse i rehabiliteringsteamet (datoen er passeret)"
    return "Næste forelæggelse i rehabiliteringsteamet"
