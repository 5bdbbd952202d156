"""The rules about the efforts: praktik steps, mentor periods, treatment guarantees, the effort guarantee.

Weeks are counted in days from the first day: "13 weeks" from a Monday ends on the Sunday
91 days later at the latest; one day more is past the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.case import Indsats, add_months
from toolkit.rules.checks import ENDED
from toolkit.rules.decision import reform_cutoff
from toolkit.rules.findings import Finding
from toolkit.rules.praksis import Praksis
from toolkit.rules.ruleset import RuleSet, rule_sets


def last_day(start: date, weeks: int) -> date:
    """The last day of a period of ``weeks`` weeks that begins on ``start``."""
    return start + timedelta(days=7 * weeks - 1)


def weeks_between(start: date, end: date) -> str:
    """``26`` or ``26 uger og 3 dage`` - what a caseworker would write."""
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    return f"{weeks} uger" + (f" og {rest} dag{'e' if rest != 1 else ''}" if rest else "")


@dataclass(frozen=True)
class _Step:
    end: date
    decided: date | None
    """When the step was decided; ``None`` for the first period of the first trial."""
    reason: str | None
    index: int


def _chains(case: Case) -> list[list[tuple[int, Indsats]]]:
    """Consecutive trials with the same responsible actor count as one trial that was extended."""
    trials = [(i, e) for i, e in enumerate(case.indsatser) if e.kategori == "virksomhedspraktik" and e.start]
    chains: list[list[tuple[int, Indsats]]] = []
    for index, effort in sorted(trials, key=lambda item: item[1].start):
        previous = chains[-1][-1][1] if chains else None
        if previous and previous.ansvarlig == effort.ansvarlig and previous.planlagt_slut and \
                effort.start <= previous.planlagt_slut + timedelta(days=7):
            chains[-1].append((index, effort))
        else:
            chains.append([(index, effort)])
    return chains


def _steps(chain: list[tuple[int, Indsats]]) -> list[_Step]:
    steps = []
    for position, (index, effort) in enumerate(chain):
        if effort.slut:
            steps.append(_Step(effort.slut, effort.start if position else None, effort.formaal, index))
        steps += [_Step(f.til, f.besluttet, f.begrundelse, index) for f in sorted(effort.forlaengelser,
                                                                                   key=lambda f: f.til)]
    return sorted(steps, key=lambda s: s.end)


def work_trials(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """LAB § 61, stk. 2: 13 weeks; up to 26 after a concrete assessment; then steps of at most 13 weeks.

    Each decision that takes the trial past 26 weeks may add at most 13 weeks to the end
    decided before it (so 13 → 39 weeks in one decision is two steps in one), and needs a
    *helt særligt behov*, written as the extension's ``begrundelse``. There is no ceiling.
    """
    limits, source = rules.virksomhedspraktik, rules.virksomhedspraktik.hjemmel.kort()
    for chain in _chains(case):
        first, last = chain[0][1], chain[-1][1]
        start = first.start
        where = f"indsatser[{chain[-1][0]}]"
        titles = "; ".join(e.titel for _, e in chain)
        evidence = [f"{e.titel}: {danish_date(e.start)} – {danish_date(e.planlagt_slut)}" for _, e in chain]
        evidence += [f"Forlænget {danish_date(f.besluttet)} til {danish_date(f.til)}" for _, e in chain
                     for f in e.forlaengelser]
        steps = _steps(chain)
        basic, assessed = last_day(start, limits.uger_uden_forlaengelse), last_day(start, limits.uger_efter_vurdering)
        undecided = steps[0].end if steps and steps[0].decided is None else (
            today if not steps and last.status not in ENDED else None)
        if undecided and undecided > basic:
            yield Finding("advarsel", f"{rules.id}/virksomhedspraktik.forlængelse",
                          f"Virksomhedspraktikken varer {weeks_between(start, undecided)}, men der er ikke registreret "
                          f"en beslutning om forlængelse ud over {limits.uger_uden_forlaengelse} uger ({titles}); ud "
                          f"over {limits.uger_efter_vurdering} uger forlænges den i trin på højst {limits.trin_uger} "
                          "uger, hvert med sin egen beslutning.", where, basic, evidence, source)
        previous = steps[0].end if steps else None
        for step in steps[1:]:
            if step.end > assessed:
                allowed = previous + timedelta(days=7 * limits.trin_uger)
                if step.end > allowed:
                    in_force = step.decided is None or step.decided >= limits.trin_gaelder_fra
                    yield Finding("fejl" if in_force else "advarsel", f"{rules.id}/virksomhedspraktik.trin",
                                  f"Praktikken blev {danish_date(step.decided)} forlænget fra "
                                  f"{weeks_between(start, previous)} til {weeks_between(start, step.end)} i én "
                                  f"beslutning; ud over {limits.uger_efter_vurdering} uger højst {limits.trin_uger} "
                                  f"uger ad gangen ({titles})." + ("" if in_force else
                                  f" Beslutningen er fra før {danish_date(limits.trin_gaelder_fra)}, da den "
                                  "dagældende lov gjaldt: efterprøv den."), f"indsatser[{step.index}]",
                                  evidens=evidence, hjemmel=source)
                elif not step.reason:
                    yield Finding("advarsel", f"{rules.id}/virksomhedspraktik.særligt_behov",
                                  f"Forlængelsen til {weeks_between(start, step.end)} ({danish_date(step.end)}) går ud "
                                  f"over {limits.uger_efter_vurdering} uger og kræver et helt særligt behov; skriv "
                                  f"det som forlængelsens begrundelse ({titles}).", f"indsatser[{step.index}]",
                                  evidens=evidence, hjemmel=source)
            previous = max(previous, step.end)
        end = last.planlagt_slut
        if last.status == "i gang" and end and today <= end <= today + timedelta(weeks=4):
            yield Finding("info", f"{rules.id}/virksomhedspraktik.slut",
                          f"Praktikken slutter {danish_date(end)}: skal den forlænges, afsluttes eller følges af "
                          f"noget nyt? ({last.titel})", where, end, hjemmel=source)


def mentor_periods(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Mentor support is granted for periods of up to six months; a longer one needs a renewal."""
    months = rules.mentor.periode_maaneder
    for index, effort in enumerate(case.indsatser):
        if effort.kategori != "mentor" or not effort.start:
            continue
        end = effort.planlagt_slut or today
        limit = add_months(effort.start, months)
        if end > limit and not effort.forlaengelser:
            yield Finding("advarsel", f"{rules.id}/mentor",
                          f"Mentorstøtten '{effort.titel}' løber fra {danish_date(effort.start)} til "
                          f"{danish_date(end) if effort.planlagt_slut else 'i dag'}: mentor bevilges i perioder på "
                          f"højst {months} måneder, og der er ikke registreret en fornyelse.", f"indsatser[{index}]",
                          limit, hjemmel=rules.mentor.hjemmel.kort())


def treatment_guarantees(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Drug (SEL § 101) and alcohol (SUL § 141) treatment start at the latest 14 days after the request."""
    for rule in rules.behandlingsgaranti:
        days, name, source = rule.start_senest_dage, f"{rules.id}/{rule.kategori}", rule.hjemmel.kort()
        for index, effort in enumerate(case.indsatser):
            if effort.kategori != rule.kategori or not effort.anmodet:
                continue
            due = effort.anmodet + timedelta(days=days)
            where = f"indsatser[{index}]"
            if effort.start and effort.start > due:
                yield Finding("fejl", name, f"{rule.betegnelse} startede {danish_date(effort.start)}, "
                                            f"{(effort.start - effort.anmodet).days} dage efter anmodningen "
                                            f"{danish_date(effort.anmodet)}; den skal starte inden for {days} dage.",
                              where, due, hjemmel=source)
            elif not effort.start:
                yield Finding("fejl" if today > due else "info", name,
                              f"{rule.betegnelse} skal starte senest {danish_date(due)} ({days} dage efter "
                              f"anmodningen {danish_date(effort.anmodet)}).", where, due, hjemmel=source)


def qualifies(effort: Indsats, rules: RuleSet) -> bool:
    """An offer under LAB chapters 11, 12 or 14, a serviceloven effort or a municipal health effort."""
    guarantee = rules.indsatsgaranti
    if effort.kategori in guarantee.taeller_kategorier:
        return True
    return bool(effort.lovgrundlag) and any(re.search(p, effort.lovgrundlag) for p in guarantee.taeller_lovgrundlag)


def guarantee_due(case: Case, rules: RuleSet) -> date | None:
    """Six months after the forløb began, moved on by the days the citizen was exempt within them.

    The deadline moves a day for each exempt day before it, so an exemption that begins
    before the (moving) deadline counts in full; overlapping exemptions count once.
    """
    begun = case.sag.paabegyndt or case.sag.bevilget
    if begun is None or rules.indsatsgaranti is None:
        return None
    due = add_months(begun, rules.indsatsgaranti.maaneder)
    exemptions = case.sag.indsatsgaranti.fritagelser if case.sag.indsatsgaranti else []
    counted_to = begun - timedelta(days=1)
    for period in sorted(exemptions, key=lambda p: p.fra):
        if period.fra > due:
            break
        first = max(period.fra, counted_to + timedelta(days=1))
        if period.til >= first:
            try:
                due += timedelta(days=(period.til - first).days + 1)
            except OverflowError:  # an exemption without a real end: no deadline in the calendar
                return date.max
            counted_to = period.til
    return due


def effort_guarantee(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Since 2022 (LAB § 113, stk. 2): a qualifying offer has begun within six months of the forløb's start.

    Counted from when the forløb began (``sag.påbegyndt``, else the grant), extended by
    recorded exemption periods; special reasons recorded in the case file settle it.
    Mentor support, samtaler and treatment in the region do not count.
    """
    guarantee = rules.indsatsgaranti
    due = guarantee_due(case, rules)
    if guarantee is None or due is None or case.sag.forloeb != "ressourceforløb":
        return
    begun = case.sag.paabegyndt or case.sag.bevilget
    if today < begun:
        return
    started = [e for e in case.indsatser if e.start and e.start <= min(due, today) and e.status != "planlagt"
               and qualifies(e, rules)]
    if started:
        return
    name, source = f"{rules.id}/indsatsgaranti", guarantee.hjemmel.kort()
    others = [e for e in case.indsatser if e.start and e.start <= min(due, today) and e.status != "planlagt"]
    evidence = [f"Tæller ikke: {e.titel} ({e.kategori})" for e in others]
    reasons = case.sag.indsatsgaranti.saerlige_grunde if case.sag.indsatsgaranti else None
    if today > due:
        if reasons:
            yield Finding("info", name, f"Ingen indsats, der tæller, er startet senest {danish_date(due)}; der er "
                                        f"registreret særlige grunde: {reasons}", "sag.indsatsgaranti", hjemmel=source)
            return
        # The consequence is the team; after the reform there is none, so the finding asks for follow-up.
        team = rules.rehabiliteringsteam is not None and today < reform_cutoff(praksis)
        consequence = guarantee.konsekvens if team else next(
            r.indsatsgaranti.konsekvens for r in rule_sets().values()
            if r.indsatsgaranti and r.rehabiliteringsteam is None)
        yield Finding("fejl" if team else "advarsel", name,
                      f"Ingen indsats, der tæller, er startet senest {danish_date(due)} (6 måneder "
                      f"efter at forløbet begyndte {danish_date(begun)}); {consequence}, "
                      "medmindre særlige grunde taler imod.", "indsatser", due, evidence, source)
    else:
        yield Finding("advarsel", name, f"Ingen indsats, der tæller (tilbud efter LAB kapitel 11, 12 eller 14, "
                                        f"serviceloven eller kommunal sundhedsindsats), er startet endnu; en skal "
                                        f"være i gang senest {danish_date(due)}.", "indsatser", due, evidence, source)
