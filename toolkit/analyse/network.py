"""The collaborator network around the citizen, built from the case file.

Nodes are the citizen (``borger``) and every actor. Edges are typed, directed where
direction means something, and keep their dates and their place in the case file:

- ``kontakt``: a relation (both directions), with frequency, valence, last contact, ratings;
- ``indsats``: an actor delivering an effort to the citizen;
- ``klage``, ``ros``, ``uenighed``, ``sideaftale``: events, from ``fra`` to ``om``.

*Helpers* are the actors the analysis is about: professionals, plus anyone else (a club,
an employer) who delivers an active effort. *Required channels* are pairs of helpers whose
work depends on each other: by default any two who both deliver active efforts, with the
case file adding or dropping pairs (``netværksanalyse.påkrævede_kanaler``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from statistics import mean

import networkx as nx

from toolkit.model import CITIZEN_ID, Case
from toolkit.model.case import Aktoer, Haendelse

ACTIVE_EFFORT = "i gang"
INACTIVE_CONTACT = frozenset({"ingen", "sjældent"})
"""A channel is *active* with contact at least monthly; a rare contact is not a working channel."""

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    """An unordered pair in a stable order."""
    return (a, b) if a <= b else (b, a)


@dataclass(frozen=True)
class Channel:
    """A recorded relation between two actors (or an actor and the citizen)."""

    ends: Pair
    kontakt: str
    valens: str
    seneste_kontakt: date | None
    vurdering: float | None
    kilde: str
    note: str | None = None

    @property
    def active(self) -> bool:
        return self.kontakt not in INACTIVE_CONTACT


@dataclass
class CaseNetwork:
    """The network of one case, with the derived sets every metric needs."""

    case: Case
    graph: nx.MultiDiGraph
    helpers: list[str]
    channels: dict[Pair, Channel]
    required: dict[Pair, str] = field(default_factory=dict)
    """Each required pair with the reason it is required."""

    def actor(self, actor_id: str) -> Aktoer | None:
        return self.case.aktoer(actor_id)

    def channel(self, a: str, b: str) -> Channel | None:
        return self.channels.get(pair(a, b))

    def active_channel(self, a: str, b: str) -> bool:
        found = self.channel(a, b)
        return found is not None and found.active

    def citizen_valence(self, actor_id: str) -> str | None:
        found = self.channel(CITIZEN_ID, actor_id)
        return found.valens if found else None

    def professional_layer(self) -> nx.Graph:
        """Helpers and their active direct channels; the citizen is left out on purpose.

        Information that only flows through the citizen is exactly the risk the analysis
        looks for, so the citizen is not counted as a channel between helpers.
        """
        layer = nx.Graph()
        layer.add_nodes_from(self.helpers)
        for (a, b), found in self.channels.items():
            if found.active and a in layer and b in layer:
                layer.add_edge(a, b)
        return layer

    def required_partners(self, actor_id: str) -> list[str]:
        return sorted({b if a == actor_id else a for a, b in self.required if actor_id in (a, b)})

    def events(self, kind: str) -> list[tuple[int, Haendelse]]:
        return [(i, e) for i, e in enumerate(self.case.haendelser) if e.type == kind]


def build_network(case: Case) -> CaseNetwork:
    """Build the typed graph and the derived sets for ``case``.

    Examples
    --------
    >>> from toolkit.analyse.examples import lean_case
    >>> net = build_network(lean_case())
    >>> net.helpers
    ['ks', 'mentor', 'vk']
    >>> sorted(net.required)
    [('ks', 'mentor'), ('ks', 'vk'), ('mentor', 'vk')]
    """
    graph = nx.MultiDiGraph()
    graph.add_node(CITIZEN_ID, navn=case.borger.navn, rolle="borger", sektor=None, borger=True)
    for actor in case.aktoerer:
        graph.add_node(actor.id, navn=actor.navn, rolle=actor.rolle, sektor=actor.sektor,
                       organisation=actor.organisation, fagperson=actor.er_fagperson, borger=False)

    channels: dict[Pair, Channel] = {}
    for index, relation in enumerate(case.relationer):
        ratings = [v for v in (relation.vurdering.model_dump().values() if relation.vurdering else []) if v]
        found = Channel(pair(*relation.mellem), relation.kontakt, relation.valens, relation.seneste_kontakt,
                        round(mean(ratings), 2) if ratings else None, f"relationer[{index}]", relation.note)
        channels.setdefault(found.ends, found)
        for a, b in (relation.mellem, relation.mellem[::-1]):
            graph.add_edge(a, b, type="kontakt", kontakt=found.kontakt, valens=found.valens,
                           dato=found.seneste_kontakt, kilde=found.kilde)

    delivering: dict[str, list[str]] = {}
    for index, effort in enumerate(case.indsatser):
        if effort.ansvarlig and effort.ansvarlig != CITIZEN_ID:
            graph.add_edge(effort.ansvarlig, CITIZEN_ID, type="indsats", titel=effort.titel, status=effort.status,
                           dato=effort.start, kilde=f"indsatser[{index}]")
            if effort.status == ACTIVE_EFFORT:
                delivering.setdefault(effort.ansvarlig, []).append(effort.titel)

    for index, event in enumerate(case.haendelser):
        if event.fra and event.om:
            graph.add_edge(event.fra, event.om, type=event.type, til=event.til, dato=event.dato,
                           kilde=f"hændelser[{index}]")

    helpers = sorted({a.id for a in case.aktoerer if a.er_fagperson} | set(delivering))
    required: dict[Pair, str] = {}
    for a, b in combinations(sorted(delivering), 2):
        required[pair(a, b)] = (f"begge leverer aktive indsatser ({', '.join(delivering[a])}; "
                                f"{', '.join(delivering[b])})")
    overrides = case.netvaerksanalyse.paakraevede_kanaler
    for index, (a, b) in enumerate(overrides.tilfoej):
        if CITIZEN_ID not in (a, b) and a != b:
            required[pair(a, b)] = f"tilføjet i sagsfilen (netværksanalyse.påkrævede_kanaler.tilføj[{index}])"
            helpers = sorted(set(helpers) | {a, b})
    for a, b in overrides.fjern:
        required.pop(pair(a, b), None)
    return CaseNetwork(case=case, graph=graph, helpers=helpers, channels=channels, required=required)
