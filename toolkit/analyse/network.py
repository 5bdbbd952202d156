"""The collaborator network around the citizen, built from the case file.

Nodes are the citizen (``borger``) and every actor. Edges are typed, directed where
direction means something, and keep their dates and their place in the case file:

- ``kontakt``: a relation (both directions), with frequency, valence, last contact, ratings;
- ``indsats``: an actor delivering an effort to the citizen;
- ``klage``, ``ros``, ``uenighed``, ``sideaftale``: events, from ``fra`` to ``om``.

*Helpers* are the actors the analysis is about: professionals, plus anyone else (a club,
an employer) who delivers an active effort. *Required channels* are pairs of helpers whose
work depends on each other (design reference, "required channels"): the coordinator and
every deliverer of an active effort; two deliverers whose efforts are interdependent by kind
(``toolkit/data/afhaengige_indsatser.yaml``, a reason per row); the parties of one delmål or
aftale; plus the case file's own additions and removals (``netværksanalyse.påkrævede_kanaler``).
Not every pair of deliverers: two helpers whose work does not touch need no channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from itertools import combinations
from statistics import mean

import networkx as nx

from ruamel.yaml import YAML

from toolkit.dates import danish_date
from toolkit.model import CITIZEN_ID, Case
from toolkit.model.as_of import effort_active
from toolkit.model.case import Aktoer, Haendelse
from toolkit.model.coordinator import Coordinator, find_coordinator
from toolkit.model.lines import line_of

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
    linje: int | None = None

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
    coordinator: Coordinator = field(default_factory=lambda: Coordinator(None, "ingen"))
    today: date | None = None
    """The analysis date; ``None`` reads efforts by status alone."""
    _events: dict[str, list[tuple[int, Haendelse]]] = field(default_factory=dict, repr=False)

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
        """The events of one kind with their index, in file order (computed once per kind)."""
        if kind not in self._events:
            self._events[kind] = [(i, e) for i, e in enumerate(self.case.haendelser) if e.type == kind]
        return self._events[kind]

    def joint_supervision(self, since: date, a: str, b: str):
        """The first joint supervision on or after ``since`` attended by both ``a`` and ``b``, if any.

        Design reference, "Supervision history": such a supervision counts as discussing the
        complaints dated before it jointly (the loop is closed, as with ``tilbagemeldt``).
        """
        return next((s for s in sorted(self.case.supervisioner, key=lambda s: s.dato)
                     if s.dato >= since and {a, b} <= set(s.deltagere)), None)

    def loop_closed(self, event: Haendelse) -> str | None:
        """How a complaint's loop was closed, in Danish, or ``None`` while it is open."""
        if event.tilbagemeldt:
            return "meldt tilbage eller drøftet i fællesskab"
        if event.om and event.til:
            found = self.joint_supervision(event.dato, event.om, event.til)
            if found:
                return f"drøftet på den fælles supervision {danish_date(found.dato)}"
        return None

    def where(self, item: object, fallback: str) -> str:
        """Where the caseworker finds ``item``: ``linje 57`` in the case file, else ``fallback``."""
        line = line_of(self.case, item)
        return f"linje {line}" if line else fallback


@cache
def interdependent_efforts() -> dict[frozenset[str], str]:
    """Pairs of effort categories whose deliverers must talk, with the reason (package data)."""
    text = files("toolkit").joinpath("data/afhaengige_indsatser.yaml").read_text(encoding="utf-8")
    return {frozenset(row["kategorier"]): row["begrundelse"] for row in YAML(typ="safe").load(text)["par"]}


def build_network(case: Case, today: date | None = None) -> CaseNetwork:
    """Build the typed graph and the derived sets for ``case`` (as of ``today``, if given).

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
                        round(mean(ratings), 2) if ratings else None, f"relationer[{index}]", relation.note,
                        line_of(case, relation))
        channels.setdefault(found.ends, found)
        for a, b in (relation.mellem, relation.mellem[::-1]):
            graph.add_edge(a, b, type="kontakt", kontakt=found.kontakt, valens=found.valens,
                           dato=found.seneste_kontakt, kilde=found.kilde)

    delivering: dict[str, list[tuple[str, str]]] = {}
    for index, effort in enumerate(case.indsatser):
        if effort.ansvarlig and effort.ansvarlig != CITIZEN_ID:
            graph.add_edge(effort.ansvarlig, CITIZEN_ID, type="indsats", titel=effort.titel, status=effort.status,
                           dato=effort.start, kilde=f"indsatser[{index}]")
            active = effort_active(effort, today) if today else effort.status == ACTIVE_EFFORT
            if active:
                delivering.setdefault(effort.ansvarlig, []).append((effort.kategori, effort.titel))

    for index, event in enumerate(case.haendelser):
        if event.fra and event.om:
            graph.add_edge(event.fra, event.om, type=event.type, til=event.til, dato=event.dato,
                           kilde=f"hændelser[{index}]")

    coordinator = find_coordinator(case)
    helpers = set(a.id for a in case.aktoerer if a.er_fagperson) | set(delivering)
    if coordinator.id and case.aktoer(coordinator.id):
        helpers.add(coordinator.id)  # the coordinator is analysed whatever sector the file gives
    required = _required_channels(case, coordinator, delivering)
    for a, b in required:
        helpers |= {a, b}
    return CaseNetwork(case=case, graph=graph, helpers=sorted(helpers), channels=channels, required=required,
                       coordinator=coordinator, today=today)


def _required_channels(case: Case, coordinator: Coordinator,
                       delivering: dict[str, list[tuple[str, str]]]) -> dict[Pair, str]:
    """Every required pair with the reason, in Danish, that it is required."""
    required: dict[Pair, str] = {}

    def add(a: str | None, b: str | None, reason: str) -> None:
        if a and b and a != b and CITIZEN_ID not in (a, b):
            required.setdefault(pair(a, b), reason)

    ks = coordinator.id
    for deliverer, efforts in sorted(delivering.items()):
        titles = ", ".join(title for _, title in efforts)
        add(ks, deliverer, f"den koordinerende sagsbehandler holder sammen på de aktive indsatser ({titles})")

    table = interdependent_efforts()
    for a, b in combinations(sorted(delivering), 2):
        for kind_a, title_a in delivering[a]:
            reasons = [(table[frozenset((kind_a, kind_b))], title_b) for kind_b, title_b in delivering[b]
                       if frozenset((kind_a, kind_b)) in table and kind_a != kind_b]
            if reasons:
                reason, title_b = reasons[0]
                add(a, b, f"{title_a} og {title_b} afhænger af hinanden: {reason}")
                break

    for goal in case.maal.delmaal:
        if goal.status in ("i gang", "ikke påbegyndt"):
            for a, b in combinations(sorted(set(goal.involverede)), 2):
                add(a, b, f"arbejder sammen om delmålet \"{_short(goal.tekst)}\"")
    for agreement in case.aftaler:
        if agreement.opfyldt is not True:
            parties = sorted(set(agreement.involverede) | ({agreement.ansvarlig} if agreement.ansvarlig else set()))
            for a, b in combinations(parties, 2):
                add(a, b, f"er parter i aftalen \"{_short(agreement.tekst)}\"")

    overrides = case.netvaerksanalyse.paakraevede_kanaler
    for a, b in overrides.tilfoej:
        if CITIZEN_ID not in (a, b) and a != b:
            required[pair(a, b)] = "tilføjet i sagsfilen (netværksanalyse, påkrævede kanaler)"
    for a, b in overrides.fjern:
        required.pop(pair(a, b), None)
    return required


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
