"""The process rules about the grant, the samtaler and the plan, each a pure function.

Every check takes the case, its rule set, the date and the municipality's local practice
(or ``None``) and yields findings. Every finding names its rule set and rule
(``2022/samtaler.første_periode``), the place in the case file it concerns, the evidence,
its legal source (``hjemmel``) and where it makes sense a due date. Severities: ``fejl``
(the law's wording is broken), ``advarsel`` (about to be broken, uncertain, or needs a
recorded decision), ``info`` (the next due date). The efforts' rules are in
:mod:`toolkit.rules.efforts`, the decision at the end in :mod:`toolkit.rules.decision`,
local practice in :mod:`toolkit.rules.practice`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from toolkit.dates import danish_date
from toolkit.model import Case
from toolkit.model.case import add_months
from toolkit.rules.findings import Finding
from toolkit.rules.folkepension import folkepension, pension_date
from toolkit.rules.praksis import Praksis
from toolkit.rules.ruleset import RuleSet

ENDED = ("afsluttet", "afbrudt")
Check = Callable[[Case, RuleSet, date, "Praksis | None"], Iterator[Finding]]


def age_on(case: Case, on: date) -> int | None:
    """Whole years on ``on``: a person has "fyldt 40 år" from the 40th birthday itself."""
    born = case.borger.foedselsdato
    if born:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return case.borger.alder


def new_forloeb_allowed(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """After the 2025-2026 reform no new ressourceforløb; between its two stages that is uncertain."""
    rule, granted = rules.nye_forloeb, case.sag.bevilget
    if granted is None or case.sag.forloeb not in rule.forloebstyper:
        return
    name, source = f"{rules.id}/nye_forløb", rule.hjemmel.kort()
    cut = praksis.reform_skaeringsdato if praksis else None
    if cut is not None:
        if granted >= cut:
            yield Finding("fejl", name, f"Et {case.sag.forloeb} kan ikke bevilges fra {danish_date(cut)} (kommunens "
                                        f"skæringsdato for reformen); forløbet er bevilget {danish_date(granted)}.",
                          "sag.bevilget", hjemmel=f"{source}; skæringsdato fra {praksis.label}")
    elif rule.ophoert_fra and granted >= rule.ophoert_fra:
        yield Finding("fejl", name, f"Et {case.sag.forloeb} kan ikke bevilges efter reformens andet trin "
                                    f"({danish_date(rule.ophoert_fra)}); forløbet er bevilget "
                                    f"{danish_date(granted)}.", "sag.bevilget", hjemmel=source)
    elif rule.usikker_fra and granted >= rule.usikker_fra:
        yield Finding("advarsel", name, f"Forløbet er bevilget {danish_date(granted)}, mellem reformens to trin: "
                                        f"{rule.usikkerhed}.", "sag.bevilget", hjemmel=source)


def duration(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """A ressourceforløb lasts within the rule set's limits; a jobafklaringsforløb has its own."""
    months = case.sag.varighed_maaneder
    if months is None:
        return
    if case.sag.forloeb == "jobafklaringsforløb":
        rule = rules.jobafklaringsforloeb
        if months > rule.hoejst_maaneder_ad_gangen:
            yield Finding("advarsel", f"{rules.id}/jobafklaringsforløb",
                          f"Jobafklaringsforløbet er bevilget for {case.sag.varighed}; det bevilges for højst "
                          f"{rule.hoejst_maaneder_ad_gangen} måneder ad gangen.", "sag.varighed",
                          hjemmel=rule.hjemmel.kort())
        return
    rule = rules.varighed
    if months > rule.hoejst_maaneder:
        yield Finding("fejl", f"{rules.id}/varighed",
                      f"Forløbet er bevilget for {case.sag.varighed}, men må højst vare {rule.hoejst_maaneder} "
                      f"måneder efter {rules.navn.lower()}.", "sag.varighed", hjemmel=rule.hjemmel.kort())
    elif months < rule.mindst_maaneder:
        yield Finding("advarsel", f"{rules.id}/varighed",
                      f"Forløbet er bevilget for {case.sag.varighed}; et ressourceforløb varer mindst "
                      f"{rule.mindst_maaneder} måneder.", "sag.varighed", hjemmel=rule.hjemmel.kort())


def _wish(case: Case, name: str, text: str, source: str) -> Iterator[Finding]:
    """The age rules all end "medmindre personen selv ønsker det": a recorded wish settles them."""
    wish = case.sag.borgerens_oenske
    if wish:
        return
    if wish is False:
        yield Finding("fejl", name, f"{text} Borgeren ønsker ifølge sagen ikke forløbet.", "sag.borgerens_ønske",
                      hjemmel=source)
    else:
        yield Finding("advarsel", name, f"{text} Det kræver, at borgeren selv ønsker det: skriv det i sagen "
                                        "(sag.borgerens_ønske).", "sag.bevilget", hjemmel=source)


def repeated_forloeb(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """2013: from 40 a further forløb only if the citizen wishes it."""
    rule = rules.gentagne_forloeb
    if rule is None or case.sag.forloeb != "ressourceforløb" or case.sag.forloebsnummer <= 1:
        return
    age = age_on(case, case.sag.bevilget or today)
    name = f"{rules.id}/gentagne_forløb"
    if age is None:
        yield from _wish(case, name, f"Forløb nr. {case.sag.forloebsnummer}, og borgerens alder er ikke oplyst; fra "
                                     f"{rule.aldersgraense} år gives et nyt forløb kun, hvis borgeren ønsker det.",
                         rule.hjemmel.kort())
    elif age >= rule.aldersgraense:
        yield from _wish(case, name, f"Forløb nr. {case.sag.forloebsnummer} for en borger på {age} år.",
                         rule.hjemmel.kort())


def age_rules(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """2022: from 40 at most 5 years in all, from 50 one forløb, none under 6 years to folkepension.

    Each limit gives way when the citizen wishes the forløb. Folkepension age depends on the
    birth date (data with its source, :mod:`toolkit.rules.folkepension`).
    """
    rule, granted = rules.aldersregler, case.sag.bevilget
    if rule is None or granted is None or case.sag.forloeb != "ressourceforløb":
        return
    name, source = f"{rules.id}/aldersregler", rule.hjemmel.kort()
    born = case.borger.foedselsdato
    if born:
        pension = pension_date(born)
        last_full = add_months(pension, -12 * rule.aar_foer_folkepension)
        if granted > last_full:
            yield from _wish(case, f"{name}.folkepension",
                             f"Forløbet er bevilget {danish_date(granted)}, under {rule.aar_foer_folkepension} år før "
                             f"borgerens folkepensionsalder ({danish_date(pension)}).",
                             f"{source}; {folkepension().hjemmel.kort()}")
            return
    age = age_on(case, granted)
    if age is None:
        return
    if not born and age >= 65 - rule.aar_foer_folkepension:
        yield Finding("advarsel", f"{name}.folkepension",
                      f"Borgeren er {age} år, men fødselsdatoen er ikke oplyst, så det kan ikke afgøres, om der er "
                      f"under {rule.aar_foer_folkepension} år til folkepensionsalderen.", "borger",
                      hjemmel=source)
    if age >= rule.et_forloeb_fra_alder and case.sag.forloebsnummer > 1:
        yield from _wish(case, f"{name}.fra_{rule.et_forloeb_fra_alder}",
                         f"Forløb nr. {case.sag.forloebsnummer} for en borger på {age} år; fra "
                         f"{rule.et_forloeb_fra_alder} år gives ét forløb.", source)
    elif age >= rule.samlet_fra_alder and case.sag.forloebsnummer > 1:
        earlier, months = case.sag.tidligere_forloeb_maaneder, case.sag.varighed_maaneder or 0
        if earlier is None:
            yield Finding("advarsel", f"{name}.fra_{rule.samlet_fra_alder}",
                          f"Forløb nr. {case.sag.forloebsnummer} for en borger på {age} år: fra "
                          f"{rule.samlet_fra_alder} år højst {rule.samlet_hoejst_maaneder // 12} år i alt, men de "
                          "tidligere forløbs varighed er ikke oplyst (sag.tidligere_forløb_måneder).", "sag.forløbsnummer",
                          hjemmel=source)
        elif earlier + months > rule.samlet_hoejst_maaneder:
            yield from _wish(case, f"{name}.fra_{rule.samlet_fra_alder}",
                             f"Med dette forløb får borgeren ({age} år) {earlier + months} måneder i ressourceforløb i "
                             f"alt; fra {rule.samlet_fra_alder} år højst {rule.samlet_hoejst_maaneder} måneder.", source)


def talks(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Four samtaler in the first six months; afterwards only what was agreed with the citizen.

    There is no statutory interval after six months: the contact is agreed individually
    (``opfølgning.samtaleinterval_uger``, the case's own agreement) and held when needed.
    A municipality's usual cadence is local practice (:mod:`toolkit.rules.practice`).
    """
    granted = case.sag.bevilget
    if granted is None or today < granted:
        return
    cadence = rules.samtaler
    period_end = add_months(granted, cadence.foerste_periode_maaneder)
    held = held_talks(case, today)
    in_period = [d for d in held if d < period_end]
    planned = [t.dato for t in case.samtaler if t.status == "planlagt" and today < t.dato < period_end]
    needed = cadence.antal_i_foerste_periode
    source = cadence.hjemmel.kort()
    if granted >= cadence.gaelder_fra:
        rule = f"{rules.id}/samtaler.første_periode"
        evidence = [f"Afholdt: {', '.join(danish_date(d, 'short') for d in in_period) or 'ingen'}"]
        if today >= period_end and len(in_period) < needed:
            yield Finding("fejl", rule, f"Der er holdt {len(in_period)} samtaler i de første "
                                        f"{cadence.foerste_periode_maaneder} måneder; reglen kræver {needed}.",
                          "samtaler", period_end - timedelta(days=1), evidence, source)
        elif today < period_end and len(in_period) + len(planned) < needed:
            missing = needed - len(in_period) - len(planned)
            yield Finding("advarsel", rule, f"Der mangler {missing} samtale{'r' if missing != 1 else ''} for at nå "
                                            f"{needed} i de første {cadence.foerste_periode_maaneder} måneder.",
                          "samtaler", period_end - timedelta(days=1), evidence, source)
    own = case.opfoelgning.samtaleinterval_uger
    if own:
        yield from cadence_findings(case, today, held, own, granted, f"{rules.id}/samtaler.aftalt",
                                    "den aftalte kadence", f"sagens egen aftale; {source}", "advarsel")


def held_talks(case: Case, today: date) -> list[date]:
    granted = case.sag.bevilget
    return sorted(t.dato for t in case.samtaler if t.status == "afholdt" and granted <= t.dato <= today)


def cadence_findings(case: Case, today: date, held: list[date], interval: int, start: date, rule: str, what: str,
                     source: str, late: str) -> Iterator[Finding]:
    """Gaps longer than ``interval`` weeks since ``start``, and the next samtale's due date."""
    checked = [d for d in held if d >= start - timedelta(weeks=interval)]
    gaps = [(a, b) for a, b in zip(checked, checked[1:]) if b >= start and (b - a).days > interval * 7]
    if gaps:
        yield Finding("info" if late == "info" else "advarsel", rule,
                      f"{len(gaps)} gang{'e' if len(gaps) != 1 else ''} er der gået mere end {interval} uger "
                      f"mellem to samtaler ({what}).", "samtaler",
                      evidens=[f"{(b - a).days // 7} uger: {danish_date(a)} – {danish_date(b)}" for a, b in gaps],
                      hjemmel=source)
    if today >= start and held and (case.sag.slutdato is None or today <= case.sag.slutdato):
        due = held[-1] + timedelta(weeks=interval)
        if today > due:
            yield Finding(late, rule, f"Seneste samtale var {danish_date(held[-1])}; efter {what} skulle den næste "
                                      f"have været holdt senest {danish_date(due)}.", "samtaler", due, hjemmel=source)
        else:
            yield Finding("info", rule, f"Næste samtale senest {danish_date(due)} (højst {interval} uger efter "
                                        f"{danish_date(held[-1])}; {what}).", "samtaler", due, hjemmel=source)


def plan_updated(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """The indsatsplan (Min Plan) is updated when an effort starts, ends or is extended."""
    made = case.sag.indsatsplan_udarbejdet
    if made is None or made > today:
        return
    updated = max(filter(None, (made, case.sag.indsatsplan_opdateret)))
    changes = []
    for index, effort in enumerate(case.indsatser):
        if effort.start and effort.status != "planlagt" and effort.start <= today:
            changes.append((effort.start, f"'{effort.titel}' startede", index))
        if effort.slut and effort.status in ENDED and effort.slut <= today:
            changes.append((effort.slut, f"'{effort.titel}' sluttede", index))
        changes += [(f.besluttet, f"'{effort.titel}' blev forlænget", index) for f in effort.forlaengelser
                    if f.besluttet <= today]
    late = sorted(c for c in changes if c[0] > updated)
    if late:
        day, what, index = late[-1]
        yield Finding("advarsel", f"{rules.id}/indsatsplan",
                      f"Indsatsplanen er senest opdateret {danish_date(updated)}, men {what} {danish_date(day)}: "
                      "opdatér planen med borgeren og skriv datoen i sag.indsatsplan_opdateret.",
                      f"indsatser[{index}]", evidens=_latest(late),
                      hjemmel=rules.indsatsplan.hjemmel.kort())


def _latest(changes: list[tuple[date, str, int]], shown: int = 5) -> list[str]:
    lines = [f"{danish_date(d)}: {w}" for d, w, _ in changes[-shown:]]
    if len(changes) > shown:
        lines.insert(0, f"… og {len(changes) - shown} tidligere ændringer")
    return lines


def responsible_actor(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """Every running or planned effort has someone responsible for delivering it."""
    for index, effort in enumerate(case.indsatser):
        if effort.ansvarlig is None and effort.status not in ENDED:
            yield Finding("advarsel", f"{rules.id}/ansvarlig",
                          f"Indsatsen '{effort.titel}' har ingen ansvarlig aktør.", f"indsatser[{index}]",
                          hjemmel=rules.indsatsplan.hjemmel.kort())


def subgoals(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """A milestone past its deadline that is neither reached nor dropped needs attention."""
    for index, goal in enumerate(case.maal.delmaal):
        if goal.frist and goal.frist < today and goal.status not in ("nået", "opgivet", "ikke nået"):
            yield Finding("advarsel", f"{rules.id}/delmål",
                          f"Delmålet '{goal.tekst}' havde frist {danish_date(goal.frist)} og står som "
                          f"'{goal.status}'.", f"mål.delmål[{index}]", goal.frist,
                          hjemmel=rules.indsatsplan.hjemmel.kort())


_GENERIC = {"samtaler", "samtale", "forløb", "forløbet", "indsats", "støtte", "efter", "ugentligt", "gange",
            "måneder", "mulighed", "fokus", "deltagelse", "henblik", "fortsat", "koordinerende", "borgeren"}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-zæøå]+", text.lower())
    return {w[:6] for w in words if len(w) >= 5 and w not in _GENERIC}


def recommended_efforts(case: Case, rules: RuleSet, today: date, praksis: Praksis | None) -> Iterator[Finding]:
    """The efforts the rehabiliteringsteam recommended should be in the plan (matched by key words)."""
    team = case.rehabiliteringsteam
    if team is None or not case.sag.bevilget:
        return
    planned = [_stems(f"{e.titel} {e.kategori}") for e in case.indsatser]
    source = (rules.rehabiliteringsteam or rules.indsatsplan).hjemmel.kort()
    for index, recommended in enumerate(team.anbefalede_indsatser):
        if not any(_stems(recommended) & words for words in planned):
            yield Finding("advarsel", f"{rules.id}/anbefalede_indsatser",
                          f"Rehabiliteringsteamet anbefalede '{recommended}', men den står ikke i planen.",
                          f"rehabiliteringsteam.anbefalede_indsatser[{index}]", hjemmel=source)
