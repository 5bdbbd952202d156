"""A case as it was known on a date: what is dated after it does not exist yet.

Every network analysis is "as of" a date (design reference, "Time"): events, supervisions,
notes, talks and agreements dated after the date are left out, and a relation's last contact
dated after it is not yet made (the date is dropped, so the tie is not called fresh). Whether
an effort is *active* on the date is decided by ``effort_active``: between its start and its
(extended) end.
"""

from __future__ import annotations

from datetime import date

from toolkit.model.case import Case, Indsats

STARTED = frozenset({"i gang", "afsluttet", "afbrudt"})
"""Statuses of an effort that has begun at some point; ``planlagt`` and ``sat i bero`` have not (or not now)."""


def effort_active(effort: Indsats, on: date) -> bool:
    """Whether ``effort`` is running on ``on``.

    With dates: begun (status ``i gang``, ``afsluttet`` or ``afbrudt``), started on or before
    ``on`` and not ended before it (the end after the latest extension decided by then). An
    ended effort without an end date is not active. Without a start date only the status counts.
    A file that leaves the status out but gives a start date lets the dates decide: the model's
    default ``planlagt`` is not the caseworker saying the effort has not begun.
    """
    dates_decide = "status" not in effort.model_fields_set and effort.start is not None
    if effort.status not in STARTED and not dates_decide:
        return False
    if effort.start is None:
        return effort.status == "i gang"
    if effort.start > on:
        return False
    extensions = [f.til for f in effort.forlaengelser if f.besluttet <= on]
    end = max(extensions, default=effort.slut)
    if end is None:
        return effort.status == "i gang" or dates_decide
    return on <= end


def as_of(case: Case, on: date) -> Case:
    """``case`` with everything dated after ``on`` left out.

    Examples
    --------
    >>> from toolkit.analyse.examples import split_case
    >>> len(as_of(split_case(), date(2015, 1, 1)).haendelser)
    0
    """
    before = lambda when: when is None or when <= on  # noqa: E731
    relations = [r if before(r.seneste_kontakt) else r.model_copy(update={"seneste_kontakt": None})
                 for r in case.relationer]
    efforts = [e if all(before(f.besluttet) for f in e.forlaengelser)
               else e.model_copy(update={"forlaengelser": [f for f in e.forlaengelser if before(f.besluttet)]})
               for e in case.indsatser]
    kept = case.model_copy(update={
        "relationer": relations,
        "indsatser": efforts,
        "haendelser": [e for e in case.haendelser if before(e.dato)],
        "supervisioner": [s for s in case.supervisioner if before(s.dato)],
        "udvikling": [n for n in case.udvikling if before(n.dato)],
        "samtaler": [t for t in case.samtaler if before(t.dato) or t.status == "planlagt"],
    })
    if case._linjer:  # kept items are the same objects; copied ones take their original's line
        lines = dict(case._linjer)
        for old, new in zip(case.relationer + case.indsatser, relations + efforts, strict=True):
            if old is not new and id(old) in lines:
                lines[id(new)] = lines[id(old)]
        kept._linjer = lines
    return kept
