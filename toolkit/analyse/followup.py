"""The follow-up plan: every dated thing the coordinating caseworker must act on, in date order.

One list feeds both the indsatsplan's "Opfølgningsplan" table and the calendar file, so the
citizen's plan and the caseworker's calendar never disagree. The plan holds what lies ahead
as of ``today`` (planned samtaler, effort ends, the next team meeting, the end of the
forløb, supervision follow-up) and the deadlines that have passed without being met
(delmål, aftaler, rule findings), marked "overskredet".

Each item carries a stable key (``noegle``) naming what it is about in the case, never its
position in a list: the calendar builds its UIDs from it, so a re-imported calendar updates
its events instead of duplicating them when unrelated parts of the case change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date

from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.names import label
from toolkit.rules.decision import after_reform
from toolkit.rules.findings import Finding
from toolkit.rules.praksis import Praksis
from toolkit.text import one_line, shorten

ENDED = ("afsluttet", "afbrudt")
SUBGOAL_DONE = ("nået", "opgivet")
OVERDUE = "overskredet"

KINDS = ("rehabiliteringsteam", "samtale", "supervision", "forløbet slutter", "praktik slutter", "indsats slutter",
         "delmål", "aftale", "frist")
"""Every ``art``, in the order items on the same day are listed: meetings first, then ends, then deadlines."""

TALK_TITLES = {
    "fremmøde": "Samtale med borgeren",
    "telefon": "Telefonsamtale med borgeren",
    "video": "Videosamtale med borgeren",
    "hjemmebesøg": "Hjemmebesøg hos borgeren",
    "virksomhedsbesøg": "Virksomhedsbesøg med borgeren",
    "netværksmøde": "Netværksmøde med borgeren",
}
TITLE_LENGTH = 90


@dataclass(frozen=True)
class PlanItem:
    """One dated entry of the follow-up plan.

    ``art`` is the short Danish kind (one of ``KINDS``); ``titel`` and ``beskrivelse`` are
    plain Danish text for everyone, the citizen included; ``note`` is for the caseworker
    (which rule, what to record in the case file) and appears in the calendar, not in the
    citizen's plan; ``noegle`` identifies the item within the case (see the module
    documentation); ``overskredet`` marks a deadline that passed without being met.
    """

    dato: date
    art: str
    titel: str
    beskrivelse: str
    noegle: str
    overskredet: bool = False
    note: str = ""

    def as_dict(self) -> dict:
        """The item under Danish names, for templates (``nøgle`` rather than ``noegle``)."""
        data = asdict(self)
        data["nøgle"] = data.pop("noegle")
        return data


def follow_up_plan(case: Case, today: date, findings: Iterable[Finding] = (),
                   praksis: Praksis | None = None) -> list[PlanItem]:
    """The follow-up plan of ``case`` as of ``today``, sorted by date.

    ``findings`` are rule findings (``toolkit.rules.check``); those with a due date join the
    plan, and one about the same thing on the same day as an item is added to its description
    instead of becoming a second entry. ``praksis`` (local practice) may set the reform's cut-off.
    """
    items = [*_talks(case, today), *_effort_ends(case, today), *_subgoals(case, today), *_agreements(case, today),
             *_team_and_end(case, today, praksis), *_supervisions(case, today)]
    items = _with_findings(case, today, items, findings)
    items.sort(key=lambda i: (i.dato, KINDS.index(i.art), i.titel, i.noegle))
    return _unique_keys(items)


# -- the parts of the plan ------------------------------------------------------------------

def _talks(case: Case, today: date) -> Iterator[PlanItem]:
    for talk in case.samtaler:
        if talk.status != "planlagt" or talk.dato < today:
            continue
        lines = [f"Form: {talk.form}."]
        if talk.deltagere:
            lines.append("Deltagere: " + ", ".join(label(case, i) for i in talk.deltagere) + ".")
        if talk.referat:
            lines.append(f"Emne: {talk.referat}")
        yield PlanItem(talk.dato, "samtale", TALK_TITLES[talk.form], "\n".join(lines),
                       f"samtale/{talk.dato.isoformat()}")


def _effort_ends(case: Case, today: date) -> Iterator[PlanItem]:
    for effort in case.indsatser:
        end = effort.planlagt_slut
        if end is None or end < today or effort.status in ENDED:
            continue
        lines = []
        if effort.ansvarlig:
            lines.append(f"Ansvarlig: {label(case, effort.ansvarlig)}.")
        if effort.kategori == "virksomhedspraktik":
            if effort.start:
                lines.append(f"Periode: {danish_date(effort.start)} – {danish_date(end)} "
                             f"({_weeks(effort.start, end)} uger).")
            if effort.forlaengelser:
                times = "én gang" if len(effort.forlaengelser) == 1 else f"{len(effort.forlaengelser)} gange"
                lines.append(f"Forlænget {times}, senest besluttet "
                             f"{danish_date(max(f.besluttet for f in effort.forlaengelser))}.")
            yield PlanItem(end, "praktik slutter", f"Praktikken slutter: {shorten(effort.titel, TITLE_LENGTH)}", "\n".join(lines),
                           f"indsats/{effort.id}/slut",
                           note="En forlængelse kræver en beslutning før slutdatoen; skriv den i sagsfilen under "
                                "indsatsens forlængelser.")
        else:
            lines.append("Sidste dag for indsatsen efter planen. Skal den afsluttes, forlænges eller følges af "
                         "noget andet?")
            yield PlanItem(end, "indsats slutter", f"Indsatsen slutter: {shorten(effort.titel, TITLE_LENGTH)}", "\n".join(lines),
                           f"indsats/{effort.id}/slut")


def _subgoals(case: Case, today: date) -> Iterator[PlanItem]:
    for goal in case.maal.delmaal:
        if goal.frist is None or goal.status in SUBGOAL_DONE:
            continue
        late = goal.frist < today
        lines = [goal.tekst] if shorten(goal.tekst, TITLE_LENGTH) != one_line(goal.tekst) else []
        lines.append(f"Status: {goal.status}.")
        yield PlanItem(goal.frist, "delmål", _deadline_title("Delmål", goal.tekst, late), "\n".join(lines),
                       f"delmål/{_digest(goal.tekst)}", late)


def _agreements(case: Case, today: date) -> Iterator[PlanItem]:
    for agreement in case.aftaler:
        if agreement.frist is None or agreement.opfyldt:
            continue
        late = agreement.frist < today
        lines = [agreement.tekst] if shorten(agreement.tekst, TITLE_LENGTH) != one_line(agreement.tekst) else []
        if agreement.ansvarlig:
            lines.append(f"Ansvarlig: {label(case, agreement.ansvarlig)}.")
        else:
            lines.append("Aftale i indsatsplanen.")
        yield PlanItem(agreement.frist, "aftale", _deadline_title("Aftale", agreement.tekst, late), "\n".join(lines),
                       f"aftale/{_digest(agreement.tekst)}", late)


def _team_and_end(case: Case, today: date, praksis: Praksis | None) -> Iterator[PlanItem]:
    """The next team meeting and the end of the forløb, on the decision path the rules give.

    Under the 2026 rules (or when the decision falls after the reform's cut-off) there is no
    rehabiliteringsteam: the end points to the samlet beskrivelse and the sundhedskoordinator.
    """
    reformed = after_reform(case, today, praksis)
    meeting = case.opfoelgning.naeste_rehabiliteringsteam
    if meeting and meeting >= today and not reformed:
        yield PlanItem(meeting, "rehabiliteringsteam", "Sagen forelægges rehabiliteringsteamet",
                       "Borgeren skal i god tid vide, hvad der skal ske på mødet, og hvem der deltager. "
                       "Den opdaterede rehabiliteringsplan sendes til teamet før mødet.",
                       "rehabiliteringsteam/næste")
    end = case.sag.slutdato
    if end and end >= today:
        granted = f"Bevilget {danish_date(case.sag.bevilget)} for {case.sag.varighed}."
        if reformed:
            then = ("Før afgørelsen om fleksjob eller førtidspension skal den samlede beskrivelse af borgerens "
                    "forudsætninger foreligge, og sundhedskoordinatoren skal have rådgivet.")
        else:
            then = ("Før afgørelsen om et nyt forløb, fleksjob eller førtidspension skal sagen forelægges "
                    "rehabiliteringsteamet.")
        yield PlanItem(end, "forløbet slutter", f"{case.sag.forloeb.capitalize()}et slutter",
                       f"Sidste dag i den bevilgede periode. {granted} {then}", "forløb/slut")


def _supervisions(case: Case, today: date) -> Iterator[PlanItem]:
    for session in case.supervisioner:
        if session.opfoelgning is None or session.opfoelgning < today:
            continue
        lines = [f"Opfølgning på aftalerne fra den fælles supervision {danish_date(session.dato)}."]
        if session.deltagere:
            lines.append("Deltagere: " + ", ".join(label(case, i) for i in session.deltagere) + ".")
        lines += [f"Aftale: {a}" for a in session.aftaler]
        yield PlanItem(session.opfoelgning, "supervision", "Opfølgning på supervisionen", "\n".join(lines),
                       f"supervision/{session.dato.isoformat()}/opfølgning")


# -- rule findings ----------------------------------------------------------------------------

def _with_findings(case: Case, today: date, items: list[PlanItem], findings: Iterable[Finding]) -> list[PlanItem]:
    """Add findings with a due date: into the item about the same thing that day, else as their own."""
    for finding in findings:
        if finding.frist is None:
            continue
        source = _stable_source(case, finding.kilde)
        same = next((n for n, item in enumerate(items) if item.dato == finding.frist and source
                     and (item.noegle == source or item.noegle.startswith(source + "/"))), None)
        if same is not None:
            note = f"Regel {finding.regel} ({finding.alvor}): {finding.tekst}" + _source(finding)
            items[same] = replace(items[same], note="\n".join(filter(None, (items[same].note, note))))
            continue
        late = finding.frist < today
        lines = [finding.tekst] if shorten(finding.tekst, TITLE_LENGTH) != one_line(finding.tekst) else []
        lines += finding.evidens
        key = f"regel/{finding.regel}/{source or finding.kilde or 'sag'}"
        title = f"{'Frist ' + OVERDUE if late else 'Frist'}: {shorten(finding.tekst, TITLE_LENGTH)}"
        items.append(PlanItem(finding.frist, "frist", title, "\n".join(lines), key, late,
                              note=f"Regel: {finding.regel} ({finding.alvor})." + _source(finding)))
    return items


def _source(finding: Finding) -> str:
    """The rule's legal source (or "lokal praksis") for the caseworker's note."""
    return f" Hjemmel: {finding.hjemmel}." if finding.hjemmel else ""


_SINGULAR = {"mål.delmål": "delmål", "aftaler": "aftale", "samtaler": "samtale", "supervisioner": "supervision"}
_INDEXED = re.compile(r"^(indsatser|mål\.delmål|aftaler|samtaler|supervisioner)\[(\d+)\]$")


def _stable_source(case: Case, where: str) -> str:
    """A finding's place in the case file without list positions: ``indsatser[2]`` → ``indsats/praktik1``."""
    if where == "samtaler":
        return "samtale"  # a cadence finding joins a samtale planned on its due date
    if where == "sag.varighed":
        return "forløb/slut"  # the decision at the end joins the end of the forløb
    match = _INDEXED.match(where)
    if not match:
        return where
    section, index = match[1], int(match[2])
    entries = {"indsatser": case.indsatser, "mål.delmål": case.maal.delmaal, "aftaler": case.aftaler,
               "samtaler": case.samtaler, "supervisioner": case.supervisioner}[section]
    if index >= len(entries):
        return where
    entry = entries[index]
    if section == "indsatser":
        return f"indsats/{entry.id}"
    if section in ("samtaler", "supervisioner"):
        return f"{_SINGULAR[section]}/{entry.dato.isoformat()}"
    return f"{_SINGULAR[section]}/{_digest(entry.tekst)}"


# -- helpers ----------------------------------------------------------------------------------

def _unique_keys(items: list[PlanItem]) -> list[PlanItem]:
    """Two items with the same identity (two samtaler on one day) get ``/2``, ``/3`` in date order."""
    seen: dict[str, int] = {}
    unique = []
    for item in items:
        seen[item.noegle] = seen.get(item.noegle, 0) + 1
        count = seen[item.noegle]
        unique.append(item if count == 1 else replace(item, noegle=f"{item.noegle}/{count}"))
    return unique


def _deadline_title(what: str, text: str, late: bool) -> str:
    return f"{what}{', frist ' + OVERDUE if late else ''}: {shorten(text, TITLE_LENGTH)}"


def _digest(text: str) -> str:
    """A short fingerprint of free text (whitespace-insensitive): the identity of a delmål or an aftale."""
    return hashlib.sha1(one_line(text).encode("utf-8")).hexdigest()[:10]


def _weeks(start: date, end: date) -> int:
    return round(((end - start).days + 1) / 7)
