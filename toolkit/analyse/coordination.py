"""Coordination load (koordineringsbelastning): how much holding-together an actor carries.

Computed on the professional layer with the citizen left out: information that only flows
through the citizen is exactly the risk. The load of an actor is the sum of five terms,
each an integer count except the first (see ``actor_load``); bands come from
``Netvaerksindstillinger`` (default: lav under 8, middel 8 to under 16, høj from 16).
"""

from __future__ import annotations

from datetime import date, timedelta

import networkx as nx

from toolkit.analyse.network import CaseNetwork, Pair, pair
from toolkit.analyse.report import ActorLoad, Coordination, Evidence, Niveau
from toolkit.dates import danish_date
from toolkit.model import CITIZEN_ID
from toolkit.model.case import Netvaerksindstillinger
from toolkit.model.names import label
from toolkit.text import count, upper_first

TERMS = ("ikke_redundante_partnere", "grænser", "relæer", "svage_bånd", "åbne_spændinger")


def _among_themselves(layer: nx.Graph, partners: list[str]) -> str:
    """How the actor's partners are tied to each other, in words (nothing to say about one partner)."""
    if len(partners) < 2:
        return ""
    pairs = [(a, b) for n, a in enumerate(partners) for b in partners[n + 1:]]
    linked = sum(layer.has_edge(a, b) for a, b in pairs)
    if linked == 0:
        return ", som ikke har kontakt med hinanden"
    if linked == len(pairs):
        return ", som også har kontakt med hinanden"
    return ", som kun delvist har kontakt med hinanden"


def band(score: float, middel_from: float, hoej_from: float) -> Niveau:
    """``lav``, ``middel`` or ``høj`` for a score and two thresholds."""
    return "høj" if score >= hoej_from else "middel" if score >= middel_from else "lav"


def non_redundant_partners(layer: nx.Graph, actor: str) -> float:
    """Burt's effective size of ``actor``'s own network on the professional layer.

    Definition: the number of direct contacts minus their redundancy, i.e. ``n - 2t/n``
    for an actor with ``n`` contacts among whom there are ``t`` ties (Borgatti 1997).
    A coordinator whose partners do not talk to each other has a high effective size:
    every partner must be kept informed separately.

    Parameters
    ----------
    layer : the professional layer (``CaseNetwork.professional_layer()``)
    actor : the actor's id

    References
    ----------
    R. S. Burt, *Structural Holes*, Harvard University Press (1992).
    S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
    Connections 20 (1997). networkx: ``nx.effective_size``.

    Examples
    --------
    >>> g = nx.Graph([("ks", "a"), ("ks", "b"), ("ks", "c")])
    >>> non_redundant_partners(g, "ks")
    3.0
    >>> g.add_edge("a", "b")
    >>> round(non_redundant_partners(g, "ks"), 2)
    2.33
    """
    if actor not in layer or layer.degree(actor) == 0:
        return 0.0
    return float(nx.effective_size(layer, nodes=[actor])[actor])


def effective_size(layer: nx.Graph, partners: list[str]) -> float:
    """Burt's effective size ``n - 2t/n`` of an ego whose partners are ``partners`` (``t`` = ties among them).

    The same number as ``non_redundant_partners`` on the layer with the ego joined to every partner,
    counted directly: a copy of the layer per actor is too slow for a 200-actor case.

    >>> g = nx.Graph([("a", "b")]); g.add_node("c")
    >>> round(effective_size(g, ["a", "b", "c"]), 2)
    2.33
    """
    n = len(partners)
    if not n:
        return 0.0
    inside = set(partners)
    ties = sum(1 for p in partners for q in layer[p] if q in inside) / 2
    return n - 2 * ties / n


def actor_load(net: CaseNetwork, actor: str, settings: Netvaerksindstillinger, today: date,
               tensions: dict[str, list[Evidence]], layer: nx.Graph | None = None) -> ActorLoad:
    """The coordination load of one actor, with evidence for every point.

    Terms (network design reference, "Coordination load"):

    - ``ikke_redundante_partnere``: ``non_redundant_partners`` of the actor's own network: the
      professional layer plus the actor's required partners (a coordinator who has lost touch
      with a helper still holds that helper's effort);
    - ``grænser``: distinct other organisations (or sectors, where no organisation is
      given) among the actor's required partners;
    - ``relæer``: required pairs without a direct channel for which this actor is the
      only common contact on the professional layer; for the coordinator also the pairs with
      no common contact at all (holding the efforts together is the coordinator's task);
    - ``svage_bånd``: active required ties that have had no contact for
      ``uger_uden_kontakt`` weeks or are rated below ``svag_vurdering_under`` (a rare or
      absent contact is not a tie at all: it counts as a missing channel);
    - ``åbne_spændinger``: unresolved complaints and unbalanced triangles involving the
      actor (given in ``tensions``).

    The score is the sum; the band uses ``koordinering_middel_fra`` and
    ``koordinering_høj_fra``.

    Examples
    --------
    >>> from toolkit.analyse.examples import lean_case
    >>> from toolkit.analyse.network import build_network
    >>> net = build_network(lean_case())
    >>> load = actor_load(net, "ks", lean_case().netvaerksanalyse.indstillinger, date(2015, 5, 1), {})
    >>> load.score, load.niveau
    (1.0, 'lav')
    """
    case = net.case
    layer = layer if layer is not None else net.professional_layer()
    parts = dict.fromkeys(TERMS, 0.0)
    evidence: list[Evidence] = []

    own = sorted((set(layer[actor]) if actor in layer else set())
                 | {p for p in net.required_partners(actor) if p in layer})
    effective = round(effective_size(layer, own), 1)
    if effective:
        partners = ", ".join(label(case, p) for p in own)
        size = f"{effective:g}".replace(".", ",")
        parts["ikke_redundante_partnere"] = effective
        partners_count = count(len(own), "samarbejdspartner", "samarbejdspartnere")
        evidence.append(Evidence(effective, f"Kontakt med eller ansvar for {partners_count}"
                                            f"{_among_themselves(layer, own)} (effektiv størrelse {size}): {partners}",
                                 _sources(net, actor, own),
                                 term="ikke_redundante_partnere"))

    own = _organisation(net, actor)
    others = {}
    for partner in net.required_partners(actor):
        organisation = _organisation(net, partner)
        if organisation and organisation != own:
            others.setdefault(organisation, partner)
    if others:
        parts["grænser"] = float(len(others))
        evidence.append(Evidence(len(others), f"Påkrævet samarbejde på tværs af "
                                              f"{count(len(others), 'anden organisation', 'andre organisationer')}: "
                                              f"{'; '.join(_organisation_named(net, o, p) for o, p in sorted(others.items()))}",
                                 "påkrævede kanaler", term="grænser"))

    coordinating = actor == net.coordinator.id
    for a, b in sorted(net.required):
        if actor in (a, b) or net.active_channel(a, b) or a not in layer or b not in layer:
            continue
        common = set(layer[a]) & set(layer[b])
        if common == {actor}:
            parts["relæer"] += 1
            evidence.append(Evidence(1, f"Eneste bindeled mellem {label(case, a)} og {label(case, b)}, "
                                        "som ikke har direkte kontakt", "påkrævede kanaler", term="relæer"))
        elif coordinating and not common:
            parts["relæer"] += 1
            evidence.append(Evidence(1, f"{upper_first(label(case, a))} og {label(case, b)} har hverken direkte "
                                        "kontakt eller en fælles samarbejdspartner; det falder på koordinatoren at "
                                        "bære informationen", "påkrævede kanaler", term="relæer"))

    stale_before = today - timedelta(weeks=settings.uger_uden_kontakt)
    for partner in net.required_partners(actor):
        channel = net.channel(actor, partner)
        reasons = []
        if channel is None or not channel.active:
            reasons.append(f"ingen aktiv kontakt ({'kontakt: ' + channel.kontakt if channel else 'ingen registreret relation'})")
        elif channel.seneste_kontakt and channel.seneste_kontakt < stale_before:
            reasons.append(f"ingen kontakt siden {danish_date(channel.seneste_kontakt)} "
                           f"(over {settings.uger_uden_kontakt} uger)")
        if channel is not None and channel.vurdering is not None and channel.vurdering < settings.svag_vurdering_under:
            rating = f"{channel.vurdering:g}".replace(".", ",")
            reasons.append(f"samarbejdet vurderet til {rating} af 5")
        if reasons:
            parts["svage_bånd"] += 1
            evidence.append(Evidence(1, f"Svagt eller manglende bånd til {label(case, partner)}: {'; '.join(reasons)}",
                                     _where(channel), channel.seneste_kontakt if channel else None,
                                     term="svage_bånd"))

    for item in tensions.get(actor, []):
        parts["åbne_spændinger"] += item.point
        evidence.append(item)

    score = round(sum(parts.values()), 1)
    return ActorLoad(actor, score, band(score, settings.koordinering_middel_fra, settings.koordinering_hoej_fra),
                     parts, evidence)


def coordination(net: CaseNetwork, settings: Netvaerksindstillinger, today: date,
                 tensions: dict[str, list[Evidence]]) -> Coordination:
    """Coordination load for every helper, and the case-level picture.

    Case level: the coordinator's load and band, the number of professionals and of
    organisations, *coverage* (the share of required channels that exist and are active)
    and the required pairs connected only through the citizen ("citizen as messenger").
    """
    layer = net.professional_layer()
    coordinator = net.coordinator.id
    everywhere = _all_tensions(tensions)
    loads = sorted((actor_load(net, a, settings, today, {**tensions, a: everywhere} if a == coordinator else tensions,
                               layer) for a in net.helpers),
                   key=lambda load: (-load.score, load.id))
    mine = next((load for load in loads if load.id == coordinator), None)
    required = sorted(net.required)
    covered = [p for p in required if net.active_channel(*p)]
    return Coordination(
        niveau=mine.niveau if mine else None,
        score=mine.score if mine else None,
        koordinator=coordinator,
        aktører=loads,
        fagpersoner=sum(1 for a in net.case.aktoerer if a.er_fagperson),
        organisationer=len({_organisation(net, a) for a in net.helpers} - {None}),
        dækning=round(len(covered) / len(required), 2) if required else None,
        borger_som_budbringer=citizen_as_messenger(net, layer),
        koordinator_fundet=net.coordinator.kilde,
        koordinator_tekst=net.coordinator.tekst,
    )


def _all_tensions(tensions: dict[str, list[Evidence]]) -> list[Evidence]:
    """Every open tension in the helper system once: the coordinator must hold them all (Aarhus)."""
    return list(dict.fromkeys(item for items in tensions.values() for item in items))


def citizen_as_messenger(net: CaseNetwork, layer: nx.Graph) -> list[Pair]:
    """Required pairs with no path between them except through the citizen.

    Both helpers are in active contact with the citizen, but nothing connects them on the
    professional layer: whatever one needs to know from the other, the citizen carries.

    Examples
    --------
    >>> from toolkit.analyse.examples import split_case
    >>> from toolkit.analyse.network import build_network
    >>> net = build_network(split_case())
    >>> citizen_as_messenger(net, net.professional_layer())
    []
    """
    found = []
    for a, b in sorted(net.required):
        if not (net.active_channel(CITIZEN_ID, a) and net.active_channel(CITIZEN_ID, b)):
            continue
        if a not in layer or b not in layer or not nx.has_path(layer, a, b):
            found.append(pair(a, b))
    return found


def _organisation(net: CaseNetwork, actor_id: str) -> str | None:
    actor = net.actor(actor_id)
    if actor is None:
        return None
    return actor.organisation or actor.sektor


def _organisation_named(net: CaseNetwork, organisation: str, partner: str) -> str:
    """The organisation as written, or - where the file gives none and the sector stands in for
    it - the partner and the sector, so a bare 'sundhed' is not read as an organisation's name."""
    actor = net.actor(partner)
    if actor is None or actor.organisation:
        return organisation
    return f"{actor.navn} ({organisation}, organisation ikke oplyst)"


def _where(channel) -> str:
    if channel is None:
        return "påkrævede kanaler"
    return f"linje {channel.linje}" if channel.linje else channel.kilde


def _sources(net: CaseNetwork, actor: str, partners) -> str:
    """The relations behind a list of partners; partners held only as required channels are named so."""
    found = [_where(net.channel(actor, p)) for p in sorted(partners) if net.channel(actor, p)]
    if any(net.channel(actor, p) is None for p in partners):
        found.append("påkrævede kanaler")
    return ", ".join(found)
