"""The process rules, each a pure function of the case, its rule set and a date.

Every finding names its rule set and rule (``2022/samtaler.første_periode``), the place in
the case file it concerns, the evidence, and where it makes sense a due date. Severities:
``fejl`` (a rule is broken), ``advarsel`` (about to be broken, or needs a recorded
decision), ``info`` (the next due date, or local practice).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.case import Indsats, add_months
from toolkit.rules.findings import Finding
from toolkit.rules.ruleset import RuleSet

ENDED = ("afsluttet", "afbrudt")
Check = Callable[[Case, RuleSet, date], Iterator[Finding]]


def _weeks(start: date, end: date) -> float:
    return ((end - start).days + 1) / 7


def _age(case: Case, on: date) -> int | None:
    born = case.borger.foedselsdato
    if born:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return case.borger.alder


def new_forloeb_allowed(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """After the 2025-2026 reform no new ressourceforløb can be granted."""
    if not rules.nye_forloeb and case.sag.bevilget and case.sag.forloeb == "ressourceforløb":
        yield Finding("fejl", f"{rules.id}/nye_forløb",
                      f"Ressourceforløb kan ikke bevilges efter {danish_date(rules.bevilget_fra)} "
                      f"({rules.navn}); forløbet er bevilget {danish_date(case.sag.bevilget)}.", "sag.bevilget")


def duration(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """A forløb lasts between the rule set's shortest and longest duration."""
    months = case.sag.varighed_maaneder
    if months is None:
        return
    if months > rules.varighed.hoejst_maaneder:
        yield Finding("fejl", f"{rules.id}/varighed",
                      f"Forløbet er bevilget for {case.sag.varighed}, men må højst vare "
                      f"{rules.varighed.hoejst_maaneder} måneder efter {rules.navn.lower()}.", "sag.varighed")
    elif months < rules.varighed.mindst_maaneder:
        yield Finding("advarsel", f"{rules.id}/varighed",
                      f"Forløbet er bevilget for {case.sag.varighed}; et ressourceforløb varer mindst "
                      f"{rules.varighed.mindst_maaneder} måneder.", "sag.varighed")


def repeated_forloeb(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """From the age limit, a repeated forløb needs the citizen's wish and the jobcentre's assessment."""
    if case.sag.forloebsnummer <= 1:
        return
    age = _age(case, case.sag.bevilget or today)
    limit = rules.gentagne_forloeb.aldersgraense
    if age is None:
        yield Finding("advarsel", f"{rules.id}/gentagne_forløb",
                      f"Forløb nr. {case.sag.forloebsnummer}, men borgerens alder er ikke oplyst; for borgere på "
                      f"{limit} år og derover kræver et nyt forløb, at {rules.gentagne_forloeb.betingelse}.",
                      "sag.forløbsnummer")
    elif age >= limit:
        yield Finding("advarsel", f"{rules.id}/gentagne_forløb",
                      f"Forløb nr. {case.sag.forloebsnummer} for en borger på {age} år: det kræver, at "
                      f"{rules.gentagne_forloeb.betingelse}. Dokumentér begge dele i sagen.", "sag.forløbsnummer")


def talks(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Four samtaler in the first six months, then at most the agreed interval apart.

    The rule set's cadence applies from its ``gælder_fra`` date (it came with the 2020 act);
    the case's own interval (``opfølgning.samtaleinterval_uger``) applies whenever it is set.
    """
    granted = case.sag.bevilget
    if granted is None or today < granted:
        return
    cadence = rules.samtaler
    period_end = add_months(granted, cadence.foerste_periode_maaneder)
    held = sorted(t.dato for t in case.samtaler if t.status == "afholdt" and granted <= t.dato <= today)
    in_period = [d for d in held if d < period_end]
    planned = [t.dato for t in case.samtaler if t.status == "planlagt" and today < t.dato < period_end]
    needed = cadence.antal_i_foerste_periode
    if granted >= cadence.gaelder_fra:
        rule = f"{rules.id}/samtaler.første_periode"
        evidence = [f"Afholdt: {', '.join(danish_date(d, 'short') for d in in_period) or 'ingen'}"]
        if today >= period_end and len(in_period) < needed:
            yield Finding("fejl", rule, f"Der er holdt {len(in_period)} samtaler i de første "
                                        f"{cadence.foerste_periode_maaneder} måneder; reglen kræver {needed}.",
                          "samtaler", period_end - timedelta(days=1), evidence)
        elif today < period_end and len(in_period) + len(planned) < needed:
            missing = needed - len(in_period) - len(planned)
            yield Finding("advarsel", rule, f"Der mangler {missing} samtale{'r' if missing != 1 else ''} for at nå "
                                            f"{needed} i de første {cadence.foerste_periode_maaneder} måneder.",
                          "samtaler", period_end - timedelta(days=1), evidence)

    own = case.opfoelgning.samtaleinterval_uger
    interval = own or cadence.interval_uger_derefter
    source = "sagens egen kadence" if own else f"regelsæt {rules.id}"
    rule = f"{rules.id}/samtaler.interval"
    start = granted if own else max(period_end, cadence.gaelder_fra)
    checked = [d for d in held if d >= start - timedelta(weeks=interval)]
    gaps = [(a, b) for a, b in zip(checked, checked[1:]) if b >= start and (b - a).days > interval * 7]
    if gaps:
        yield Finding("advarsel", rule, f"{len(gaps)} gang{'e' if len(gaps) != 1 else ''} er der gået mere end "
                                        f"{interval} uger mellem to samtaler ({source}).", "samtaler",
                      evidens=[f"{(b - a).days // 7} uger: {danish_date(a)} – {danish_date(b)}" for a, b in gaps])
    in_force = own or today >= cadence.gaelder_fra
    if in_force and today >= (granted if own else period_end) and held and \
            (case.sag.slutdato is None or today <= case.sag.slutdato):
        due = held[-1] + timedelta(weeks=interval)
        if today > due:
            yield Finding("fejl", rule, f"Seneste samtale var {danish_date(held[-1])}; den næste skulle have været "
                                        f"holdt senest {danish_date(due)} ({source}).", "samtaler", due)
        else:
            yield Finding("info", rule, f"Næste samtale senest {danish_date(due)} (højst {interval} uger efter "
                                        f"{danish_date(held[-1])}; {source}).", "samtaler", due)


def work_trials(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """A virksomhedspraktik runs 13 weeks; longer needs a recorded decision, and never past the maximum.

    Consecutive trials with the same responsible actor count as one trial that was extended.
    """
    limits = rules.virksomhedspraktik
    trials = [(i, e) for i, e in enumerate(case.indsatser) if e.kategori == "virksomhedspraktik" and e.start]
    chains: list[list[tuple[int, Indsats]]] = []
    for index, effort in sorted(trials, key=lambda item: item[1].start):
        previous = chains[-1][-1][1] if chains else None
        if previous and previous.ansvarlig == effort.ansvarlig and previous.planlagt_slut and \
                effort.start <= previous.planlagt_slut + timedelta(days=7):
            chains[-1].append((index, effort))
        else:
            chains.append([(index, effort)])
    for chain in chains:
        first, last = chain[0][1], chain[-1][1]
        end = last.planlagt_slut or (today if last.status not in ENDED else None)
        if end is None:
            continue
        weeks = _weeks(first.start, end)
        where = f"indsatser[{chain[-1][0]}]"
        decided = any(e.forlaengelser for _, e in chain) or len(chain) > 1
        titles = "; ".join(e.titel for _, e in chain)
        evidence = [f"{e.titel}: {danish_date(e.start)} – {danish_date(e.planlagt_slut)}" for _, e in chain]
        if weeks > limits.hoejst_uger + 0.5:
            yield Finding("fejl", f"{rules.id}/virksomhedspraktik.højst",
                          f"Virksomhedspraktikken varer {math.ceil(weeks - 0.5)} uger; højst {limits.hoejst_uger} uger "
                          f"({titles}).", where, evidens=evidence)
        elif weeks > limits.uger_uden_forlaengelse + 0.5 and not decided:
            yield Finding("advarsel", f"{rules.id}/virksomhedspraktik.forlængelse",
                          f"Virksomhedspraktikken varer {math.ceil(weeks - 0.5)} uger, men der er ikke registreret en "
                          f"beslutning om forlængelse ud over {limits.uger_uden_forlaengelse} uger ({titles}).", where,
                          first.start + timedelta(weeks=limits.uger_uden_forlaengelse), evidence)
        if last.status == "i gang" and last.planlagt_slut and today <= last.planlagt_slut <= today + timedelta(weeks=4):
            yield Finding("info", f"{rules.id}/virksomhedspraktik.slut",
                          f"Praktikken slutter {danish_date(last.planlagt_slut)}: skal den forlænges, afsluttes eller "
                          f"følges af noget nyt? ({last.titel})", where, last.planlagt_slut)


def mentor_periods(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Mentor support is granted for periods of up to six months; a longer one needs a renewal."""
    months = rules.mentor.periode_maaneder
    for index, effort in enumerate(case.indsatser):
        if effort.kategori != "mentor" or not effort.start:
            continue
        end = effort.planlagt_slut or today
        limit = add_months(effort.start, months)
        renewals = sorted(f.besluttet for f in effort.forlaengelser)
        if end > limit and not renewals:
            yield Finding("advarsel", f"{rules.id}/mentor",
                          f"Mentorstøtten '{effort.titel}' løber fra {danish_date(effort.start)} til "
                          f"{danish_date(end) if effort.planlagt_slut else 'i dag'}: mentor bevilges i perioder på "
                          f"højst {months} måneder, og der er ikke registreret en fornyelse.", f"indsatser[{index}]",
                          limit)


def drug_treatment(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Drug treatment starts at the latest 14 days after the citizen asked for it (SEL § 101)."""
    days = rules.misbrugsbehandling.start_senest_dage
    for index, effort in enumerate(case.indsatser):
        if effort.kategori != "misbrugsbehandling" or not effort.anmodet:
            continue
        due = effort.anmodet + timedelta(days=days)
        where = f"indsatser[{index}]"
        if effort.start and effort.start > due:
            yield Finding("fejl", f"{rules.id}/misbrugsbehandling",
                          f"Misbrugsbehandlingen startede {danish_date(effort.start)}, "
                          f"{(effort.start - effort.anmodet).days} dage efter anmodningen "
                          f"{danish_date(effort.anmodet)}; den skal starte inden for {days} dage.", where, due)
        elif not effort.start:
            severity = "fejl" if today > due else "info"
            yield Finding(severity, f"{rules.id}/misbrugsbehandling",
                          f"Misbrugsbehandlingen skal starte senest {danish_date(due)} ({days} dage efter "
                          f"anmodningen {danish_date(effort.anmodet)}).", where, due)


def effort_guarantee(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Since 2022: if no effort has started within six months, the case goes back to the team."""
    months = rules.indsatsgaranti_maaneder
    granted = case.sag.bevilget
    if months is None or granted is None:
        return
    due = add_months(granted, months)
    started = [e for e in case.indsatser if e.kategori != "samtaler" and e.start and e.start <= min(due, today)
               and e.status != "planlagt"]
    if started:
        return
    if today > due:
        yield Finding("fejl", f"{rules.id}/indsatsgaranti",
                      f"Ingen indsats er startet inden for {months} måneder efter bevillingen; sagen skal tilbage "
                      "til rehabiliteringsteamet.", "indsatser", due)
    else:
        yield Finding("advarsel", f"{rules.id}/indsatsgaranti",
                      f"Ingen indsats er startet endnu; en indsats skal være i gang senest {danish_date(due)}.",
                      "indsatser", due)


def responsible_actor(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Every running or planned effort has someone responsible for delivering it."""
    for index, effort in enumerate(case.indsatser):
        if effort.ansvarlig is None and effort.status not in ENDED:
            yield Finding("advarsel", f"{rules.id}/ansvarlig",
                          f"Indsatsen '{effort.titel}' har ingen ansvarlig aktør.", f"indsatser[{index}]")


def subgoals(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """A milestone past its deadline that is neither reached nor dropped needs attention."""
    for index, goal in enumerate(case.maal.delmaal):
        if goal.frist and goal.frist < today and goal.status not in ("nået", "opgivet", "ikke nået"):
            yield Finding("advarsel", f"{rules.id}/delmål",
                          f"Delmålet '{goal.tekst}' havde frist {danish_date(goal.frist)} og står som "
                          f"'{goal.status}'.", f"mål.delmål[{index}]", goal.frist)


_GENERIC = {"samtaler", "samtale", "forløb", "forløbet", "indsats", "støtte", "efter", "ugentligt", "gange",
            "måneder", "mulighed", "fokus", "deltagelse", "henblik", "fortsat", "koordinerende", "borgeren"}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-zæøå]+", text.lower())
    return {w[:6] for w in words if len(w) >= 5 and w not in _GENERIC}


def recommended_efforts(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """The efforts the rehabiliteringsteam recommended should be in the plan (matched by key words)."""
    team = case.rehabiliteringsteam
    if team is None or not case.sag.bevilget:
        return
    planned = [_stems(f"{e.titel} {e.kategori}") for e in case.indsatser]
    for index, recommended in enumerate(team.anbefalede_indsatser):
        if not any(_stems(recommended) & words for words in planned):
            yield Finding("advarsel", f"{rules.id}/anbefalede_indsatser",
                          f"Rehabiliteringsteamet anbefalede '{recommended}', men den står ikke i planen.",
                          f"rehabiliteringsteam.anbefalede_indsatser[{index}]")


def back_to_team(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Before the granted period ends the case goes back to the rehabiliteringsteam.

    A team meeting counts when it lies in the last months before the end (the rule set's
    ``forelæg_senest_måneder_før_slut``); an old meeting from early in the forløb does not.
    """
    end = case.sag.slutdato
    if end is None:
        return
    months = rules.rehabiliteringsteam.forelaeg_senest_maaneder_foer_slut
    meeting = case.opfoelgning.naeste_rehabiliteringsteam
    warn_from = add_months(end, -months)
    rule = f"{rules.id}/forelæggelse"
    presented = meeting is not None and warn_from <= meeting <= end
    if today > end and not presented:
        yield Finding("fejl", rule, f"Forløbet udløb {danish_date(end)} uden en forelæggelse for "
                                    "rehabiliteringsteamet.", "opfølgning.næste_rehabiliteringsteam", end)
    elif warn_from <= today <= end and not presented:
        yield Finding("advarsel", rule, f"Forløbet slutter {danish_date(end)}, og der er ikke planlagt en "
                                        "forelæggelse for rehabiliteringsteamet inden da.",
                      "opfølgning.næste_rehabiliteringsteam", end)
    elif meeting and meeting > end:
        yield Finding("advarsel", rule, f"Forelæggelsen {danish_date(meeting)} ligger efter forløbets slut "
                                        f"{danish_date(end)}.", "opfølgning.næste_rehabiliteringsteam", end)


def first_meeting(case: Case, rules: RuleSet, today: date) -> Iterator[Finding]:
    """Local practice (Halsnæs): the indsatsplan is made with the citizen the week after the grant."""
    granted = case.sag.bevilget
    if granted is None:
        return
    due = granted + timedelta(days=rules.foerste_samtale.senest_dage_efter_bevilling)
    first = case.sag.indsatsplan_udarbejdet or min((t.dato for t in case.samtaler if t.status == "afholdt"
                                                    and t.dato >= granted), default=None)
    if first is None and today > due:
        yield Finding("info", f"{rules.id}/første_samtale",
                      f"Der er ikke registreret en første samtale eller indsatsplan; praksis er senest "
                      f"{danish_date(due)}.", "sag.indsatsplan_udarbejdet", due)
    elif first and first > due:
        yield Finding("info", f"{rules.id}/første_samtale",
                      f"Indsatsplanen blev lavet {danish_date(first)}, {(first - granted).days} dage efter "
                      f"bevillingen; praksis er ugen efter.", "sag.indsatsplan_udarbejdet")


GRANT_CHECKS: tuple[Check, ...] = (new_forloeb_allowed, duration, repeated_forloeb)
"""Rules about the grant itself; the only ones that apply on a date before the grant."""
CHECKS: tuple[Check, ...] = GRANT_CHECKS + (
    talks, work_trials, mentor_periods, drug_treatment, effort_guarantee, responsible_actor, subgoals,
    recommended_efforts, back_to_team, first_meeting,
)
