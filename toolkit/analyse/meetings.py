"""The planned meetings in a case, and which one a letter to the citizen is about.

A meeting is planned in four places of the case file: a planned samtale (a network meeting
when it is held as one, or when two or more helpers besides the coordinator take part), the
first rehabiliteringsteam meeting before the team has given its indstilling, the next
presentation to the team (``opfølgning.næste_rehabiliteringsteam``), and under the 2026
rules the meeting before a decision on fleksjob or førtidspension (``opfølgning.afgørelsesmøde``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from toolkit.model import CITIZEN_ID, Case
from toolkit.model.case import Aktoer, Teamdeltager
from toolkit.model.coordinator import find_coordinator

Moedeart = Literal["samtale", "netværksmøde", "rehabiliteringsteam", "afgørelsesmøde"]
ORDER: tuple[Moedeart, ...] = ("afgørelsesmøde", "rehabiliteringsteam", "netværksmøde", "samtale")
"""On a day with two planned meetings, the letter is about the weightier one."""
SOON_DAYS = 30
"""``forloeb build`` writes the letter when a meeting is this many days away or fewer."""


@dataclass(frozen=True)
class PlannedMeeting:
    art: Moedeart
    dato: date
    klokkeslaet: str | None = None
    sted: str | None = None
    varighed_minutter: int | None = None
    form: str | None = None
    """How a samtale is held (``telefon``, ``hjemmebesøg``, …); ``None`` for the team and decision meetings."""
    deltagere: tuple[Aktoer, ...] = ()
    """The helpers taking part (not the citizen)."""
    teamdeltagere: tuple[Teamdeltager, ...] = ()
    emne: str | None = None
    """The caseworker's agenda for a samtale."""
    afgoerelse_om: str | None = None
    foerste_teammoede: bool = False
    """The team's first meeting on the case, before any forløb."""
    kilde: str = field(default="", compare=False)
    """Where in the case file the meeting is planned, for messages."""


def coordinator(case: Case) -> Aktoer | None:
    """The coordinating caseworker as the shared lookup finds it (``None`` when not given)."""
    found = find_coordinator(case).id
    return case.aktoer(found) if found else None


def planned_meetings(case: Case) -> list[PlannedMeeting]:
    """Every planned meeting in the case, by date (and weight on the same day)."""
    found: list[PlannedMeeting] = []
    lead = coordinator(case)
    for talk in case.samtaler:
        if talk.status != "planlagt":
            continue
        helpers = tuple(a for a in (case.aktoer(i) for i in talk.deltagere if i != CITIZEN_ID) if a is not None)
        others = [a for a in helpers if lead is None or a.id != lead.id]
        network = talk.form == "netværksmøde" or len(others) >= 2
        found.append(PlannedMeeting(
            "netværksmøde" if network else "samtale", talk.dato, talk.klokkeslaet, talk.sted,
            talk.varighed_minutter, form=talk.form, deltagere=helpers, emne=talk.referat, kilde="samtaler"))
    team = case.rehabiliteringsteam
    if team is not None and team.moededato is not None and team.indstilling is None:
        found.append(PlannedMeeting(
            "rehabiliteringsteam", team.moededato, team.klokkeslaet, team.sted, team.varighed_minutter,
            teamdeltagere=tuple(team.deltagere), foerste_teammoede=True, kilde="rehabiliteringsteam.mødedato"))
    follow = case.opfoelgning
    if follow.naeste_rehabiliteringsteam is not None:
        when = follow.rehabiliteringsteam_moede
        found.append(PlannedMeeting(
            "rehabiliteringsteam", follow.naeste_rehabiliteringsteam, when and when.klokkeslaet, when and when.sted,
            when and when.varighed_minutter, teamdeltagere=tuple(when.deltagere) if when else (),
            foerste_teammoede=False, kilde="opfølgning.næste_rehabiliteringsteam"))
    if follow.afgoerelsesmoede is not None:
        decision = follow.afgoerelsesmoede
        helpers = tuple(a for a in (case.aktoer(i) for i in decision.deltagere if i != CITIZEN_ID) if a is not None)
        found.append(PlannedMeeting(
            "afgørelsesmøde", decision.dato, decision.klokkeslaet, decision.sted, decision.varighed_minutter,
            deltagere=helpers, afgoerelse_om=decision.om, kilde="opfølgning.afgørelsesmøde"))
    return sorted(found, key=lambda m: (m.dato, ORDER.index(m.art)))


def meeting_for_letter(case: Case, today: date, on: date | None = None) -> PlannedMeeting | None:
    """The meeting on ``on``, or the first planned meeting from ``today`` on; ``None`` if there is none."""
    meetings = planned_meetings(case)
    if on is not None:
        return next((m for m in meetings if m.dato == on), None)
    return next((m for m in meetings if m.dato >= today), None)


def meeting_soon(case: Case, today: date, days: int = SOON_DAYS) -> PlannedMeeting | None:
    """The first planned meeting within ``days`` days from ``today`` (both ends included)."""
    meeting = meeting_for_letter(case, today)
    return meeting if meeting is not None and meeting.dato <= today + timedelta(days=days) else None
