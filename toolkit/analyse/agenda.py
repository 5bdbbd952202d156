"""From findings to a supervision agenda, in Danish, each item naming its finding.

The items follow the design reference's table ("From findings to a supervision agenda"):
the most serious dynamics first, every item with questions for the session and the actors
it concerns. Participants (design reference, "Who is invited"): the coordinator and every
professional named in a ``middel`` or ``høj`` finding; volunteers, relatives and employers only
when the case file says so (``netværksanalyse.inviter``). Roles in the wording come from the
case, never from a fixed list.
"""

from __future__ import annotations

from toolkit.analyse.network import CaseNetwork
from toolkit.analyse.report import AgendaItem, Coordination, Splitting
from toolkit.dates import danish_date
from toolkit.model import CITIZEN_ID
from toolkit.model.case import EMPLOYER_SECTORS
from toolkit.model.names import label


def _roles(net: CaseNetwork, actors: list[str]) -> str:
    """The roles of ``actors`` as written in the case, each once, in the order given."""
    roles = [net.actor(a).rolle for a in actors if net.actor(a)]
    roles = list(dict.fromkeys(roles))
    return ", ".join(roles[:-1]) + (" og " if len(roles) > 1 else "") + roles[-1] if roles else "alle involverede"


def agenda(net: CaseNetwork, coordination: Coordination, splitting: Splitting,
           missing: list[tuple[str, str]]) -> list[AgendaItem]:
    """Agenda items for the findings in ``coordination`` and ``splitting``."""
    case = net.case
    name = lambda actor: label(case, actor)  # noqa: E731
    _from = lambda who: "" if who in (None, CITIZEN_ID) else f" fra {name(who)}"  # noqa: E731 (a helper's own complaint)
    items: list[AgendaItem] = []

    splits = [t for t in splitting.trekanter if t.type == "fuldbyrdet splitting"]
    camps = splitting.lejre if splitting.lejre and splitting.lejre.to_lejre else None
    if splits or camps:
        involved = sorted({a for t in splits for a in t.aktører[1:]}
                          | (set(camps.side_med_borger) | set(camps.anden_side) if camps else set()))
        finding = "fuldbyrdet splitting" if splits else "to lejre"
        invited = set(case.netvaerksanalyse.inviter)
        who = [a for a in ([coordination.koordinator] if coordination.koordinator else []) + involved
               if net.actor(a) and (_invited_by_default(net.actor(a)) or a in invited)]
        items.append(AgendaItem(
            finding, "Fælles supervision med alle involverede og en fælles front",
            [f"Fælles supervision med alle involverede ({_roles(net, who)}), gerne med en ekstern supervisor.",
             "Hvad er den fælles opgave, og hvad er hver enkelts kerneopgave?",
             "Hvilken fælles strategi (fælles front) aftaler vi, så hver holder fokus på sin egen indsats?"],
            involved))

    pressure = [t.aktører[1:] for t in splitting.trekanter if t.type == "pres"]
    if pressure:
        items.append(AgendaItem(
            "pres-trekant", "Hold hjælperne på linje, når borgeren trækker i hver sin retning",
            [f"Borgeren er negativ over for {name(a)} og positiv over for {name(b)}: hvordan holder de to sig på "
             "linje uden at løse det ved at tage parti?" for a, b in pressure],
            sorted({x for ends in pressure for x in ends})))

    unreturned = [c for c in splitting.indirekte_klager if not c.tilbagemeldt]
    if unreturned:
        involved = sorted({x for c in unreturned for x in (c.om, c.til) if x != CITIZEN_ID})
        items.append(AgendaItem(
            "klage ikke meldt tilbage", "Klager der ikke er taget op med den omtalte",
            ["Kan vi aftale, at den der hører en klage, støtter borgeren i at tage den op med den omtalte?",
             "Hvordan sikrer vi, at de to hjælpere taler direkte sammen om klagen?"]
            + [f"{danish_date(c.dato)}: klage{_from(c.fra)} over {name(c.om)} fremført for {name(c.til)}."
               for c in unreturned],
            involved))

    serious = [r for r in splitting.par if r.niveau in ("middel", "høj")]
    polarised = [r.aktører for r in serious if any(e.term == "polarisering" for e in r.evidens)]
    if polarised:
        items.append(AgendaItem(
            "polarisering", "Hvad står hver hjælper for over for borgeren?",
            ["Hvad står hver hjælper for over for borgeren: krav eller omsorg?",
             "Har klagen eller kritikken delvist ret, og hvad kan vi lære af den?"]
            + [f"Borgeren forholder sig forskelligt til {name(a)} og {name(b)}." for a, b in polarised],
            sorted({x for ends in polarised for x in ends})))

    disagreeing = [r.aktører for r in serious if any(e.term == "uenighed" for e in r.evidens)]
    if disagreeing:
        items.append(AgendaItem(
            "uenighed om mål, tempo eller krav", "Ét fælles mål",
            ["Hvad er det fælles mål, og hvad kan forhandles?", "Hvem leverer de svære budskaber til borgeren?"]
            + [f"Uenighed mellem {name(a)} og {name(b)}." for a, b in disagreeing],
            sorted({x for ends in disagreeing for x in ends})))

    if coordination.koordinator is None:
        items.append(AgendaItem(
            "koordinator ikke angivet", "Hvem koordinerer forløbet?",
            [f"{coordination.koordinator_tekst[0].upper()}{coordination.koordinator_tekst[1:]}.",
             "Hvem holder sammen på indsatserne, og hvordan får alle parter det at vide?"], []))
    elif coordination.niveau in ("middel", "høj"):
        items.append(AgendaItem(
            f"koordineringsbelastning {coordination.niveau}", "Koordineringen er tung",
            ["Hvad kan overdrages til andre?", "Kan vi aftale en fast kadence for netværksmøder?",
             "Skal rollerne og ansvaret skrives ind i indsatsplanen?"], [coordination.koordinator]))

    if missing:
        items.append(AgendaItem(
            "manglende kanaler", "Åbn direkte kanaler mellem hjælpere, hvis arbejde afhænger af hinanden",
            ["Kan der åbnes en direkte kanal (med borgerens samtykke) mellem disse par? Hvem orienterer hvem, "
             "og hvornår?"]
            + [f"{name(a)} og {name(b)}: {net.required[(a, b)]}." for a, b in missing],
            sorted({x for p in missing for x in p})))

    weak = [load for load in coordination.aktører if load.dele.get("svage_bånd")]
    ties = _weak_ties(weak, name, {frozenset((name(a), name(b))) for a, b in missing})
    if ties:
        items.append(AgendaItem(
            "svage eller forældede bånd", "Hvad har hver part brug for at vide fra den anden?",
            ["Hvad har hver part brug for at vide fra den anden, og hvornår?"] + ties,
            sorted(load.id for load in weak)))
    return items


def participants(net: CaseNetwork, coordination: Coordination, splitting: Splitting,
                 items: list[AgendaItem]) -> list[str]:
    """The coordinator and every professional named in a ``middel`` or ``høj`` finding.

    Volunteers, relatives and employers (actors outside the professional sectors) are invited
    only when the case file lists them in ``netværksanalyse.inviter``.
    """
    named: list[str] = []
    if coordination.koordinator:
        named.append(coordination.koordinator)
    for risk in splitting.par:
        if risk.niveau in ("middel", "høj"):
            named.extend(risk.aktører)
    for triangle in splitting.trekanter:
        named.extend(triangle.aktører[1:])
    if splitting.lejre and splitting.lejre.to_lejre:
        named.extend(splitting.lejre.side_med_borger + splitting.lejre.anden_side)
    for load in coordination.aktører:
        if load.niveau in ("middel", "høj"):
            named.append(load.id)
    for item in items:
        if item.fund in ("fuldbyrdet splitting", "to lejre"):
            named.extend(item.aktører)
    invited = set(net.case.netvaerksanalyse.inviter)
    return [a for a in dict.fromkeys(named)
            if a != CITIZEN_ID and net.actor(a) is not None and (_invited_by_default(net.actor(a)) or a in invited)]


def _invited_by_default(actor) -> bool:
    """Professionals of the helper system; an employer is a professional too, but is invited only when asked."""
    return actor.er_fagperson and actor.sektor not in EMPLOYER_SECTORS


WEAK_TIE = "Svagt eller manglende bånd til "


def _weak_ties(weak, name, listed: set[frozenset[str]]) -> list[str]:
    """Each weak tie once, both parties named, with the reason; ties already listed as missing
    channels are left out (the agenda says it once)."""
    lines, seen = [], set(listed)
    for load in weak:
        for evidence in load.evidens:
            if evidence.term != "svage_bånd" or not evidence.tekst.startswith(WEAK_TIE):
                continue
            partner, _, why = evidence.tekst[len(WEAK_TIE):].partition(": ")
            key = frozenset((name(load.id), partner))
            if key not in seen:
                seen.add(key)
                lines.append(f"{name(load.id)} og {partner}: {why}.")
    return lines

