"""The results of the network analysis, with the evidence behind every point.

Findings describe the helper system's dynamics (samarbejdsdynamik), never traits of the
citizen: every score is a property of relations between helpers, and every point carries
the relation, event or effort and the date that produced it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Niveau = Literal["lav", "middel", "høj"]
TriangleKind = Literal["pres", "fuldbyrdet splitting", "ubalanceret"]


@dataclass(frozen=True)
class Evidence:
    """One reason for points: what was seen, where in the case file, and when.

    ``term`` names the rule that gave the points (a key of ``ActorLoad.dele`` for
    coordination load, or a splitting signal such as ``klage`` or ``uenighed``), so
    consumers never have to interpret the Danish text.
    """

    point: float
    tekst: str
    kilde: str
    dato: date | None = None
    term: str = ""


@dataclass(frozen=True)
class ActorLoad:
    """Coordination load of one actor: the sum of its parts, each with evidence."""

    id: str
    score: float
    niveau: Niveau
    dele: dict[str, float]
    evidens: list[Evidence]


@dataclass(frozen=True)
class Coordination:
    """The case-level picture; ``niveau`` and ``score`` are ``None`` when no coordinator is found
    (``koordinator_tekst`` then says so in words: a merely unnamed coordinator never scores 0)."""

    niveau: Niveau | None
    score: float | None
    koordinator: str | None
    aktører: list[ActorLoad]
    fagpersoner: int
    organisationer: int
    dækning: float | None
    borger_som_budbringer: list[tuple[str, str]]
    koordinator_fundet: str = "sag"
    """``sag`` (named), ``rolle`` (the one actor with the role), ``ingen`` or ``flere``."""
    koordinator_tekst: str = ""


@dataclass(frozen=True)
class PairRisk:
    """Splitting risk between two helpers."""

    aktører: tuple[str, str]
    score: int
    niveau: Niveau
    evidens: list[Evidence]


@dataclass(frozen=True)
class Triangle:
    """A signed triangle with the citizen: a pressure point or a completed split."""

    type: TriangleKind
    aktører: tuple[str, str, str]
    evidens: list[Evidence]


@dataclass(frozen=True)
class Camps:
    """The best two-group partition of the signed network (fewest relations that disagree with it)."""

    side_med_borger: list[str]
    anden_side: list[str]
    frustration: int
    eksakt: bool
    to_lejre: bool


@dataclass(frozen=True)
class IndirectComplaint:
    """A complaint told to someone other than the one it is about, not taken up with them."""

    fra: str
    om: str
    til: str
    dato: date
    kilde: str
    tilbagemeldt: bool
    """The loop is closed: fed back, or discussed at a joint supervision with both."""
    hændelse: int = -1
    """Index of the event in the case's ``hændelser`` (for drawing; not shown to readers)."""


@dataclass(frozen=True)
class Splitting:
    niveau: Niveau
    begrundelse: list[str]
    andel_klager_til_tredjepart: float | None
    klager: int
    indirekte_klager: list[IndirectComplaint]
    par: list[PairRisk]
    trekanter: list[Triangle]
    lejre: Camps | None


@dataclass(frozen=True)
class AgendaItem:
    """A supervision agenda item, in Danish, naming the finding it answers."""

    fund: str
    overskrift: str
    spørgsmål: list[str]
    aktører: list[str]


@dataclass(frozen=True)
class NetworkReport:
    sag: str
    analysedato: date
    koordinering: Coordination
    splitting: Splitting
    manglende_kanaler: list[tuple[str, str]]
    dagsorden: list[AgendaItem]
    deltagere: list[str]
    indstillinger: dict[str, Any] = field(default_factory=dict)
    siden_sidste_supervision: Any = None
    """``since.SinceLastSupervision``: bands then and now, new and closed findings (None without one)."""

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types: dates as ISO strings, tuples as lists."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
