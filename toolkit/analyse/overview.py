"""The team's overview: one row per case, and the views a team leader works from.

Every figure comes from the analyses the single-case commands use, through their public
functions: the process rules (``toolkit.rules.check``), the follow-up plan
(``follow_up_plan``) and the network analysis (``analyse_network``). This module only puts
them side by side and weighs them into an attention level, with the weights in
``toolkit/data/oversigt.yaml``.

``case_row`` works on one case and returns plain data (it runs in worker processes);
the views (caseload, deadlines, ending cases, providers) are made from all rows at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from toolkit.model import CITIZEN_ID, Case
from toolkit.model.case import add_months

LEVELS = ("lav", "middel", "høj")


@dataclass(frozen=True)
class Settings:
    windows: tuple[int, ...]
    ending_months: int
    points: dict[str, int]
    levels: dict[str, int]
    """Attention level name -> lowest score, most urgent first."""


@cache
def settings() -> Settings:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((files("toolkit") / "data" / "oversigt.yaml").read_text(encoding="utf-8"))
    levels = dict(sorted(data["niveauer"].items(), key=lambda item: -item[1]))
    return Settings(tuple(data["frister_dage"]), data["slutter_inden_måneder"], data["point"], levels)


@dataclass(frozen=True)
class Deadline:
    """One dated item of a case's follow-up plan, as the overview lists it."""

    sag: str
    dato: date
    art: str
    titel: str
    overskredet: bool


@dataclass(frozen=True)
class PairHelper:
    """A professional in a medium or high splitting pair of one case."""

    navn: str
    organisation: str
    niveau: str


@dataclass
class CaseRow:
    """One case in the overview: plain values, so it crosses process boundaries."""

    fil: str
    sag: str
    borger: str
    koordinator: str
    forloeb: str
    regelsaet: str
    bevilget: date | None
    slut: date | None
    brugt: float | None
    """Share of the granted period used on the overview's date (1.0 = ended)."""
    naeste: Deadline | None
    overskredne: int
    fejl: int
    advarsler: int
    koordinering: str
    splitting: str
    seneste_samtale: date | None
    seneste_supervision: date | None
    plan_opdateret: date | None
    naeste_skridt: date | None
    """The planned presentation to the rehabiliteringsteam that decides what follows the forløb."""
    slutter_uden_naeste_skridt: bool
    frister: list[Deadline] = field(default_factory=list)
    par: list[PairHelper] = field(default_factory=list)
    point: int = 0
    niveau: str = ""
    grunde: list[str] = field(default_factory=list)


def case_row(case: Case, today: date, *, path: str = "", citizen: str | None = None) -> CaseRow:
    """The overview's row for ``case`` as of ``today`` (``citizen`` replaces the name, e.g. an alias)."""
    from toolkit.analyse import analyse_network
    from toolkit.analyse.followup import follow_up_plan
    from toolkit.rules import check, rule_set_for

    rules = rule_set_for(case, today)
    findings = check(case, today)
    plan = follow_up_plan(case, today, findings)
    report = analyse_network(case, today)
    conf = settings()

    deadlines = [Deadline(case.sag.id, item.dato, item.art, item.titel, item.overskredet) for item in plan]
    horizon = today + timedelta(days=max(conf.windows))
    upcoming = [d for d in deadlines if not d.overskredet and d.dato >= today]
    start, end = case.sag.bevilget, case.sag.slutdato
    step = _next_step(case, end, conf.ending_months)
    ending = end is not None and end <= add_months(today, conf.ending_months) and step is None
    row = CaseRow(
        fil=path, sag=case.sag.id, borger=citizen or case.borger.navn, koordinator=coordinator(case),
        forloeb=case.sag.forloeb, regelsaet=rules.id, bevilget=start, slut=end,
        brugt=_used(start, end, today), naeste=upcoming[0] if upcoming else None,
        overskredne=sum(d.overskredet for d in deadlines),
        fejl=sum(f.alvor == "fejl" for f in findings), advarsler=sum(f.alvor == "advarsel" for f in findings),
        koordinering=report.koordinering.niveau, splitting=report.splitting.niveau,
        seneste_samtale=max((t.dato for t in case.samtaler if t.status == "afholdt" and t.dato <= today),
                            default=None),
        seneste_supervision=max((s.dato for s in case.supervisioner if s.dato <= today), default=None),
        plan_opdateret=_plan_updated(case, today), naeste_skridt=step, slutter_uden_naeste_skridt=ending,
        frister=[d for d in deadlines if d.overskredet or d.dato <= horizon],
        par=_pair_helpers(case, report, case.sag.koordinerende_sagsbehandler),
    )
    return weigh(row, conf)


def coordinator(case: Case) -> str:
    """The coordinating caseworker's name; by role when the case names no id; else 'Ikke angivet'."""
    chosen = case.aktoer(case.sag.koordinerende_sagsbehandler) if case.sag.koordinerende_sagsbehandler else None
    chosen = chosen or next((a for a in case.aktoerer if "koordinerende" in a.rolle.lower()), None)
    return chosen.navn if chosen else "Ikke angivet"


def weigh(row: CaseRow, conf: Settings) -> CaseRow:
    """Score the row's findings into points, reasons in Danish, and an attention level."""
    points, reasons = conf.points, []

    def add(key: str, count: int, text: str) -> int:
        if count:
            reasons.append(text)
        return points[key] * count

    score = add("fejl", row.fejl, f"{row.fejl} fejl")
    score += add("overskredet", row.overskredne, f"{row.overskredne} overskredne")
    score += add("slutter_uden_næste_skridt", row.slutter_uden_naeste_skridt,
                 "udløbet uden næste skridt" if row.brugt and row.brugt >= 1 else "slutter uden næste skridt")
    for band in ("splitting", "koordinering"):
        level = getattr(row, band)
        if level in ("middel", "høj"):
            score += add(f"{band}_{level}", 1, f"{band} {level}")
    score += add("advarsel", row.advarsler, f"{row.advarsler} advarsl{'er' if row.advarsler != 1 else 'e'}")
    row.point, row.grunde = score, reasons
    row.niveau = next(name for name, lowest in conf.levels.items() if score >= lowest)
    return row


def _used(start: date | None, end: date | None, today: date) -> float | None:
    if start is None or end is None or end < start:
        return None
    return round(min(max((today - start).days / ((end - start).days + 1), 0.0), 1.0), 3)


def _next_step(case: Case, end: date | None, months: int) -> date | None:
    """The decided next step near the end: a presentation to the rehabiliteringsteam or, under the 2026
    rules, the decision meeting, planned in the last ``months`` before the end."""
    follow = case.opfoelgning
    planned = [follow.naeste_rehabiliteringsteam, follow.afgoerelsesmoede and follow.afgoerelsesmoede.dato]
    if end is None:
        return None
    window = add_months(end, -months)
    return min((d for d in planned if d is not None and window <= d <= end), default=None)


def _plan_updated(case: Case, today: date) -> date | None:
    dates = [case.sag.indsatsplan_udarbejdet, case.sag.indsatsplan_opdateret]
    return max((d for d in dates if d and d <= today), default=None)


def _pair_helpers(case: Case, report, own: str | None) -> list[PairHelper]:
    """Professionals in medium or high splitting pairs: the providers, not relatives and not the
    team's own coordinating caseworker (the caseload view covers them)."""
    found: dict[str, PairHelper] = {}
    for pair in report.splitting.par:
        if pair.niveau not in ("middel", "høj"):
            continue
        for actor_id in pair.aktører:
            actor = case.aktoer(actor_id) if actor_id != CITIZEN_ID else None
            if actor is None or not actor.er_fagperson or actor_id == own:
                continue
            seen = found.get(actor_id)
            if seen is None or LEVELS.index(pair.niveau) > LEVELS.index(seen.niveau):
                found[actor_id] = PairHelper(actor.navn, actor.organisation or actor.rolle, pair.niveau)
    return sorted(found.values(), key=lambda h: (h.organisation, h.navn))


# -- the views ----------------------------------------------------------------------------------

def attention_order(rows: list[CaseRow]) -> list[CaseRow]:
    """Most points first; then the nearest deadline, then the case id."""
    return sorted(rows, key=lambda r: (-r.point, r.naeste.dato if r.naeste else date.max, r.sag))


@dataclass(frozen=True)
class Caseload:
    koordinator: str
    sager: int
    overskredne: int
    hoej_risiko: int
    """Cases with a high coordination or splitting band."""
    handl_nu: int
    """Cases at the most urgent attention level."""


def caseload(rows: list[CaseRow]) -> list[Caseload]:
    """Per coordinating caseworker, the heaviest first."""
    urgent = next(iter(settings().levels))
    by: dict[str, list[CaseRow]] = defaultdict(list)
    for row in rows:
        by[row.koordinator].append(row)
    loads = [Caseload(name, len(mine), sum(r.overskredne for r in mine),
                      sum("høj" in (r.koordinering, r.splitting) for r in mine),
                      sum(r.niveau == urgent for r in mine)) for name, mine in by.items()]
    return sorted(loads, key=lambda c: (-c.handl_nu, -c.overskredne, -c.hoej_risiko, -c.sager, c.koordinator))


def deadlines(rows: list[CaseRow], today: date) -> list[tuple[Deadline, CaseRow]]:
    """Overdue items, then everything due within the widest window, by date."""
    items = [(d, row) for row in rows for d in row.frister]
    return sorted(items, key=lambda pair: (not pair[0].overskredet, pair[0].dato, pair[1].sag, pair[0].titel))


def ending_without_next_step(rows: list[CaseRow]) -> list[CaseRow]:
    return sorted((r for r in rows if r.slutter_uden_naeste_skridt), key=lambda r: (r.slut, r.sag))


@dataclass(frozen=True)
class Provider:
    """An organisation or a helper seen in medium or high splitting pairs in more than one case."""

    art: str
    navn: str
    organisation: str
    sager: tuple[str, ...]
    hoej: int
    """In how many of those cases the pair was high."""


def providers(rows: list[CaseRow]) -> list[Provider]:
    organisations: dict[str, dict[str, str]] = defaultdict(dict)
    helpers: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in rows:
        for helper in row.par:
            for bucket, key in ((organisations, helper.organisation), (helpers, (helper.navn, helper.organisation))):
                old = bucket[key].get(row.sag)
                if old is None or LEVELS.index(helper.niveau) > LEVELS.index(old):
                    bucket[key][row.sag] = helper.niveau
    found = [Provider("organisation", org, org, tuple(sorted(cases)), sum(v == "høj" for v in cases.values()))
             for org, cases in organisations.items() if len(cases) > 1]
    found += [Provider("fagperson", name, org, tuple(sorted(cases)), sum(v == "høj" for v in cases.values()))
              for (name, org), cases in helpers.items() if len(cases) > 1]
    return sorted(found, key=lambda p: (-len(p.sager), -p.hoej, p.art != "organisation", p.navn))
