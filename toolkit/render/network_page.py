"""The collaborator network as one self-contained, interactive HTML page (an ecomap).

pyvis assembles the vis.js node and edge data, but its own template is not used: pyvis 0.3.2
links stylesheets from CDNs even in ``in_line`` mode and switches tooltips to ``innerHTML``
when a title contains "href". Instead the page is rendered from ``assets/netvaerk.html`` in
the shared strict Jinja environment (every case text autoescaped), and three trusted blocks
are spliced in afterwards: vis-network's CSS and JS from the pyvis package, and the graph as
JSON with ``<``, ``>`` and ``&`` escaped. The page loads nothing from anywhere.

The drawing follows ecomap conventions: the citizen in the centre, actors in fixed sectors,
distance by how often they see the citizen, node size by coordination load, line style by
strength and tension. The layout is computed here, not by physics, so a case always gives
the same picture.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from pyvis.network import Network

from toolkit.analyse.network import CaseNetwork, Channel, Pair, pair
from toolkit.analyse.report import Camps, Evidence, NetworkReport, PairRisk
from toolkit.model import CITIZEN_ID, Case
from toolkit.model.case import Aktoer, Haendelse
from toolkit.model.names import label, name
from toolkit.render.jinja import clean_text, danish_date, environment
from toolkit.text import count
from toolkit.render.marking import marking

VIS_DIR = "templates/lib/vis-9.1.2"
TEMPLATE = "assets/netvaerk.html"

# Markers in the template where trusted blocks go after rendering. They contain "<", which
# autoescaping always turns into "&lt;", so no case text can ever produce a marker.
CSS_MARK = "<!--forloeb:vis-css-->"
JS_MARK = "<!--forloeb:vis-js-->"
DATA_MARK = "<!--forloeb:data-->"


@dataclass(frozen=True)
class Sector:
    """A fixed wedge of the ecomap: angles in degrees clockwise from twelve o'clock."""

    name: str
    label: str
    colour: str
    start: float
    end: float

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2


# Fixed for every case so caseworkers learn where to look; the jobcentre's own sector is
# widest because most cases have several actors there, companies (employers, work-trial
# places) sit beside it and private persons beside the family. Colours: Okabe-Ito
# (colour-blind safe).
SECTORS = (
    Sector("beskæftigelse", "Beskæftigelse", "#0072B2", -45, 55),
    Sector("social", "Socialområdet", "#E69F00", 55, 115),
    Sector("sundhed", "Sundhed", "#009E73", 115, 175),
    Sector("uddannelse", "Uddannelse", "#CC79A7", 175, 215),
    Sector("civilsamfund", "Civilsamfund", "#56B4E9", 215, 250),
    Sector("familie", "Familie", "#D4B000", 250, 280),
    Sector("privatperson", "Privatpersoner", "#8C6D31", 280, 295),
    Sector("virksomhed", "Virksomheder", "#D55E00", 295, 315),
)
SECTOR_BY_NAME = {s.name: s for s in SECTORS}
CITIZEN_COLOUR = "#2D3748"
CITIZEN_SIZE = 24

# Distance from the citizen by contact frequency: close contact near the centre. Canvas units
# are chosen so that the whole map fits a 1400x900 screen at about 1:1, keeping labels legible.
RADIUS = {"dagligt": 150, "ugentlig": 180, "hver 14. dag": 240, "månedlig": 270, "sjældent": 330, "ingen": 355}
NO_CONTACT_RADIUS = 355
RINGS = (
    (210, "ugentlig eller oftere"),
    (300, "hver 14. dag – månedlig"),
    (385, "sjældent eller ingen"),
)
SECTOR_LABEL_RADIUS = 410
SECTOR_FONT_SIZE, SECTOR_CHAR_WIDTH, SECTOR_LINE_HEIGHT = 17, 10.5, 22
EXTENT_MARGIN = 12
SECTOR_MARGIN = 8
"""Degrees kept free at each sector edge, so neighbours across a border do not touch."""
PUSH_STEP, MAX_PUSH, NUDGE = 20, 140, 4
"""An actor that would overlap another moves outwards in these steps (canvas px), at most this far,
and sideways by this many degrees; in a hopelessly crowded sector it takes the least crowded spot."""
FONT_SIZE = 15
CHAR_WIDTH, LINE_HEIGHT, LABEL_WIDTH, BOX_GAP = 8.4, 19, 190, 4
"""Label size estimates at FONT_SIZE: average character width, line height, wrap width, spacing."""
EDGE_FONT_SIZE = 13
EDGE_CHAR_WIDTH, EDGE_LINE_HEIGHT = 6.6, 17
BENDS = tuple((kind, roundness) for roundness in (0.3, 0.6, 0.9) for kind in ("curvedCW", "curvedCCW"))
"""Curves a complaint arrow may take; the one whose label is least crowded wins."""
ROUTES = tuple((kind, roundness) for roundness in (0.15, 0.3, 0.45) for kind in ("curvedCW", "curvedCCW"))
"""Curves a relation may take when the straight line would run through another dot."""
EDGE_CLEARANCE = 6

EDGE_WIDTH = {"dagligt": 5, "ugentlig": 4.5, "hver 14. dag": 4, "månedlig": 2.2, "sjældent": 1.6, "ingen": 1.2}
STEADY = frozenset({"dagligt", "ugentlig", "hver 14. dag", "månedlig"})
"""Contact at least monthly: drawn solid (less often is dashed, as on an ecomap)."""
RED = "#C53030"
GREEN = "#2F855A"
NEUTRAL = "#4A5568"
GREY = "#A0AEC0"
DASHED = [10, 7]
DOTTED = [2, 6]
DASH_DOT = [14, 5, 3, 5]
"""Tension: a dash-dot, so it differs from weak (dashed) and missing (dotted) ties in black and white."""
SPLIT_BEND = 0.07
"""A completed split is drawn as a double line: two red curves bowed apart by this much."""
TOOLTIP_LINES = 6
FOLD_FROM = 20
"""From this many actors, peripheral persons of a sector are folded into one dot (each listed in its tooltip)."""
FOLD_PREFIX = "samlet:"
CROWDED_AT = 10
SPILL = 25
"""Degrees an actor may lean over its sector's edges when its own sector has no free spot."""
"""Up to this many dots the map has its normal size; beyond it the rings grow (``ring_scale``)."""
VALENCE_COLOUR = {"positiv": GREEN, "neutral": NEUTRAL, "negativ": RED}
TENSE_RISK = frozenset({"middel", "høj"})
PARTS = {
    "ikke_redundante_partnere": "ikke-redundante samarbejdspartnere",
    "grænser": "organisationsgrænser",
    "relæer": "eneste bindeled mellem to",
    "svage_bånd": "svage eller forældede bånd",
    "åbne_spændinger": "åbne spændinger",
}
"""Danish names for the terms of the coordination load (``ActorLoad.dele``)."""
"""How the coordination analysis words a weak or stale tie (``svage_bånd``) in its evidence."""

NOTE = ("Kortet viser samarbejdsdynamikken i hjælpersystemet omkring borgeren: hvem der taler "
        "med hvem, hvor kontakten er hyppig, svag eller mangler, og hvor der er spændinger. Det "
        "beskriver relationerne mellem hjælperne, ikke borgerens egenskaber, og er et oplæg til "
        "supervision, ikke en afgørelse.")


def render_network_page(net: CaseNetwork, report: NetworkReport, drawing: dict[str, Any] | None = None, *,
                        pseudonymised: bool = False) -> str:
    """The whole page as one HTML document (write it as UTF-8); ``drawing`` is ``ecomap``'s, if made already.

    Its header says whether it is pseudonymised or holds personal data for internal use only.
    """
    graph = drawing or ecomap(net, report)
    html = environment().from_string(_asset(TEMPLATE)).render(**_panel(net, report), mærkning=marking(pseudonymised),
                                                              pseudonymiseret=pseudonymised)
    return _splice(html, {
        CSS_MARK: _vis_file("vis-network.css"),
        JS_MARK: _vis_file("vis-network.min.js"),
        DATA_MARK: script_json(graph),
    })


def script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no case text can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _splice(html: str, blocks: dict[str, str]) -> str:
    for mark, block in blocks.items():
        if html.count(mark) != 1:
            raise ValueError(f"the network page template must hold {mark} exactly once")
        if "</script" in block.lower() or "</style" in block.lower():
            raise ValueError(f"the block for {mark} would close its element")
        before, after = html.split(mark)
        html = before + block + after
    return html


@cache
def _asset(name: str) -> str:
    return (files("toolkit.render") / name).read_text(encoding="utf-8")


@cache
def _vis_file(name: str) -> str:
    return (files("pyvis") / VIS_DIR / name).read_text(encoding="utf-8")


# --- layout -------------------------------------------------------------------------------


Box = tuple[float, float, float, float]
"""(left, top, right, bottom) in canvas units."""


@dataclass(frozen=True)
class Placed:
    """One dot on the map: an actor, or a fold of several peripheral persons in one sector."""

    id: str
    navn: str
    rolle: str
    sektor: str
    radius: float


def _layout(placed_actors: list[Placed], sizes: dict[str, float],
            scale: float) -> tuple[dict[str, tuple[float, float]], list[Box]]:
    """Fixed positions: each actor in its sector, inside the ring its citizen contact gives.

    Actors spread over their sector's width; one whose dot or label would overlap an actor
    already placed moves within its own ring band (outwards or sideways, never across a
    ring), so the distance to the citizen keeps its meaning and labels stay readable.
    """
    positions = {CITIZEN_ID: (0.0, 0.0)}
    placed = _boxes(0.0, 0.0, sizes[CITIZEN_ID], "Borgeren", "")
    for sector in SECTORS:
        actors = [a for a in placed_actors if a.sektor == sector.name]
        for actor, angle in zip(actors, _spread(sector, len(actors))):
            best = None
            # Inside its own sector first; in a crowded sector the dot may lean over the sector's edge
            # (still inside its ring) rather than have its label run into another.
            for spread in (0.0, SPILL, 2 * SPILL):
                wider = Sector(sector.name, sector.label, sector.colour, sector.start - spread, sector.end + spread)
                for x, y in _candidates(wider, angle, actor.radius, sizes[actor.id], scale):
                    boxes = _boxes(x, y, sizes[actor.id], actor.navn, actor.rolle)
                    crowding = sum(_overlap_area(box, other) for box in boxes for other in placed)
                    if best is None or crowding < best[0]:
                        best = (crowding, (x, y), boxes)
                    if crowding == 0:
                        break
                if best[0] == 0:
                    break
            positions[actor.id] = best[1]
            placed.extend(best[2])
    return positions, placed


def _band(radius: float, scale: float) -> tuple[float, float]:
    """The ring band (inner, outer radius) that a contact distance belongs to."""
    inner = 0.0
    for outer, _text in RINGS:
        if radius < outer * scale:
            return inner, outer * scale
        inner = outer * scale
    return inner, RINGS[-1][0] * scale


def ring_scale(shown: int) -> float:
    """How much larger the map is drawn for a large network: the rings grow with the number of
    dots so that labels keep apart (the page zooms to fit, the picture scales to the paper)."""
    return round(max(1.0, math.sqrt(shown / CROWDED_AT)), 2)


def _candidates(sector: Sector, angle: float, radius: float, size: float, scale: float) -> list[tuple[float, float]]:
    """Where an actor may go, best first: its own spot, then further out within its ring band, then
    sideways anywhere in its sector (the dot always stays inside its band)."""
    inner, outer = _band(radius, scale)
    low, high = inner + size + 3, outer - size - 3
    start = min(max(radius, low), high)
    radii = [r for r in range(int(start), int(high) + 1, PUSH_STEP)] or [round((inner + outer) / 2, 1)]
    turns = [0.0]
    step = 0.0
    while True:
        step += NUDGE
        options = [t for t in (-step, step) if sector.start + 1 <= angle + t <= sector.end - 1]
        if not options:
            break
        turns += options
    return [_point(angle + turn, r) for turn in turns for r in radii]


def _spread(sector: Sector, count: int) -> list[float]:
    """Angles for ``count`` actors: the centre for one, else evenly from edge to edge (with a margin)."""
    if count <= 1:
        return [sector.centre] * count
    margin = min(SECTOR_MARGIN, (sector.end - sector.start) / (2 * count))
    width = sector.end - sector.start - 2 * margin
    return [sector.start + margin + width * i / (count - 1) for i in range(count)]


def _boxes(x: float, y: float, size: float, name: str, role: str) -> list[Box]:
    """The dot and its label (below it) as boxes."""
    width = min(max(len(name), len(role)) * CHAR_WIDTH, LABEL_WIDTH)
    # vis wraps at word boundaries, so a wrapped line holds a little less than the full width.
    lines = sum(math.ceil(len(line) * CHAR_WIDTH / (LABEL_WIDTH * 0.85)) for line in (name, role) if line)
    dot = (x - size, y - size, x + size, y + size)
    label_box = (x - width / 2, y + size + 2, x + width / 2, y + size + 4 + LINE_HEIGHT * max(lines, 1))
    return [dot, label_box]


def _overlap(a: Box, b: Box) -> bool:
    return _overlap_area(a, b) > 0


def _overlap_area(a: Box, b: Box) -> float:
    """How much two boxes (each grown by BOX_GAP) overlap; 0 when they are apart."""
    width = min(a[2], b[2]) - max(a[0], b[0]) + 2 * BOX_GAP
    height = min(a[3], b[3]) - max(a[1], b[1]) + 2 * BOX_GAP
    return width * height if width > 0 and height > 0 else 0.0


def _placements(net: CaseNetwork, report: NetworkReport) -> tuple[list[Placed], dict[str, list[Aktoer]]]:
    """What the map shows: every actor, except that in a large network the peripheral persons of a
    sector (no active effort, not the coordinator, in no finding, not invited) fold into one dot.

    Returns the dots and, for each fold's id, the actors folded into it.
    """
    case = net.case
    camps = _camp_of(report)
    folded: dict[str, list[Aktoer]] = {}
    if len(case.aktoerer) > FOLD_FROM:
        central = _central(net, report)
        for actor in case.aktoerer:
            if actor.id not in central:
                folded.setdefault(f"{FOLD_PREFIX}{actor.sektor}", []).append(actor)
        folded = {key: group for key, group in folded.items() if len(group) >= 2}
    hidden = {a.id for group in folded.values() for a in group}
    shown = [Placed(a.id, a.navn, "\n".join(filter(None, [_role_line(a), camps.get(a.id)])), a.sektor,
                    _citizen_radius(net, a.id)) for a in case.aktoerer if a.id not in hidden]
    for key, group in folded.items():
        sector = SECTOR_BY_NAME[group[0].sektor]
        kind = "fagpersoner" if group[0].er_fagperson else "personer"
        radius = min(_citizen_radius(net, a.id) for a in group)
        shown.append(Placed(key, f"{len(group)} {kind}", f"{sector.label.lower()} (samlet)", sector.name, radius))
    return shown, folded


def _in_findings(report: NetworkReport) -> set[str]:
    """The coordinator and every actor named in a ``middel`` or ``høj`` finding or a missing channel:
    what the page's focus shows."""
    found = {report.koordinering.koordinator} | set(report.deltagere)
    found |= {a for p in report.manglende_kanaler for a in p}
    found |= {a for r in report.splitting.par if r.niveau != "lav" for a in r.aktører}
    found |= {a for t in report.splitting.trekanter for a in t.aktører}
    return found - {None}


def _central(net: CaseNetwork, report: NetworkReport) -> set[str]:
    """Actors the analysis is about: helpers with efforts, the coordinator, and everyone in a finding."""
    found = {report.koordinering.koordinator} | set(report.deltagere) | set(net.case.netvaerksanalyse.inviter)
    found |= {a for p in report.manglende_kanaler for a in p}
    found |= {a for r in report.splitting.par for a in r.aktører}
    found |= {a for t in report.splitting.trekanter for a in t.aktører}
    found |= {x for c in report.splitting.indirekte_klager for x in (c.om, c.til)}
    found |= {load.id for load in report.koordinering.aktører if load.score > 0}
    found |= {e.ansvarlig for e in net.case.indsatser if e.ansvarlig and e.status == "i gang"}
    return found - {None, CITIZEN_ID}


def _citizen_radius(net: CaseNetwork, actor_id: str) -> float:
    found = net.channel(CITIZEN_ID, actor_id)
    return RADIUS.get(found.kontakt, NO_CONTACT_RADIUS) if found else NO_CONTACT_RADIUS


def _point(angle: float, radius: float) -> tuple[float, float]:
    theta = math.radians(angle)
    return round(radius * math.sin(theta), 1), round(-radius * math.cos(theta), 1)


# --- graph data ---------------------------------------------------------------------------


def ecomap(net: CaseNetwork, report: NetworkReport) -> dict[str, Any]:
    """Nodes, edges and options assembled with pyvis, plus what the page draws behind them.

    The one drawing of the case: the page hands it to vis-network as it is, and the printable
    picture (``network_picture``) draws the same positions, sizes, colours and line styles.
    """
    case = net.case
    loads = {load.id: load for load in report.koordinering.aktører}
    shown, folded = _placements(net, report)
    sizes = {CITIZEN_ID: CITIZEN_SIZE} | {
        a.id: _node_size(loads[a.id].score if a.id in loads else None) for a in case.aktoerer} | {
        key: 13 for key in folded}
    scale = ring_scale(len(shown))
    shown = [Placed(p.id, p.navn, p.rolle, p.sektor, p.radius * scale) for p in shown]
    positions, boxes = _layout(shown, sizes, scale)
    vis = Network(directed=True)
    vis.toggle_physics(False)

    vis.add_node(CITIZEN_ID, label="Borgeren", shape="dot", size=CITIZEN_SIZE, x=0, y=0,
                 color={"background": CITIZEN_COLOUR, "border": "#1A202C"},
                 font={"size": 17, "bold": True, "color": "#1A202C"},
                 title=_lines([f"Borgeren: {case.borger.navn}",
                               "I midten: alle andre er placeret efter sektor og hvor tæt "
                               "kontakten med borgeren er."]))
    camps = _camp_of(report)
    for key, group in folded.items():
        sector = SECTOR_BY_NAME[group[0].sektor]
        x, y = positions[key]
        placed = next(p for p in shown if p.id == key)
        names = [f"{a.navn} ({a.rolle})" for a in group]
        vis.add_node(key, label=f"{placed.navn}\n{placed.rolle}", shape="dot", size=sizes[key], x=x, y=y,
                     color={"background": "#FFFFFF", "border": sector.colour,
                            "highlight": {"background": "#FFFFFF", "border": "#1A202C"}},
                     borderWidth=3, shapeProperties={"borderDashes": [4, 3]},
                     title=_short(_lines([f"Samlet: {placed.navn}, {sector.label.lower()}", *names])),
                     detaljer=_lines([f"Samlet: {placed.navn}, {sector.label.lower()} (ingen aktiv indsats og "
                                      "ikke i et fund)", *names]))
    for actor in case.aktoerer:
        if actor.id not in positions:
            continue
        sector = SECTOR_BY_NAME[actor.sektor]
        x, y = positions[actor.id]
        shown_label = "\n".join(filter(None, [_one_line(actor.navn), _role_line(actor), camps.get(actor.id)]))
        vis.add_node(actor.id, label=shown_label, shape="dot",
                     size=sizes[actor.id], x=x, y=y,
                     color={"background": sector.colour, "border": _darker(sector.colour),
                            "highlight": {"background": sector.colour, "border": "#1A202C"}},
                     borderWidth=3 if actor.id == report.koordinering.koordinator else 1.5,
                     title=_short(_actor_title(net, report, actor)), detaljer=_actor_title(net, report, actor))

    for edge in _edges(net, report, positions, sizes, boxes):
        vis.add_edge(edge.pop("from"), edge.pop("to"), **edge)

    nodes, edges, _heading, _height, _width, options = vis.get_network_data()
    focus = _in_findings(report) | {CITIZEN_ID}
    for node in nodes:
        node["fokus"] = node["id"] in focus
    sectors = _sector_labels({a.sektor for a in case.aktoerer}, boxes, scale)
    # Half the drawing's width and height, every label included: the page zooms to fit exactly this.
    drawn = boxes + [s.pop("box") for s in sectors]
    extent_x = max(max(abs(b[0]), abs(b[2])) for b in drawn) + EXTENT_MARGIN
    extent_y = max(max(abs(b[1]), abs(b[3])) for b in drawn) + EXTENT_MARGIN
    return {
        "nodes": nodes,
        "edges": edges,
        "options": _options(json.loads(options)),
        "nodeIds": [n["id"] for n in nodes],
        "view": {
            "extent": [extent_x, extent_y],
            "rings": [radius * scale for radius, _text in RINGS],
            "sectors": sectors,
            "sectorFontSize": SECTOR_FONT_SIZE,
        },
    }


def _camp_of(report: NetworkReport) -> dict[str, str]:
    """``▲ lejr 1`` (the citizen's side) / ``▼ lejr 2`` for every helper in two camps, as a label line
    (text survives black-and-white print where colour does not)."""
    camps = report.splitting.lejre
    if camps is None or not camps.to_lejre:
        return {}
    return ({a: "▲ lejr 1" for a in camps.side_med_borger if a != CITIZEN_ID}
            | {a: "▼ lejr 2" for a in camps.anden_side if a != CITIZEN_ID})


def _short(text: str) -> str:
    """A tooltip: the first lines only; the whole text is shown in the side panel on a click."""
    lines = text.split("\n")
    if len(lines) <= TOOLTIP_LINES:
        return text
    return "\n".join(lines[:TOOLTIP_LINES - 1] + ["… klik for alle detaljer i panelet"])


def _sector_labels(used: set[str], boxes: list[Box], scale: float = 1.0) -> list[dict[str, Any]]:
    """Each sector's name outside the outer ring, written away from the centre and moved
    further out where an actor's label already sits there."""
    result = []
    for sector in SECTORS:
        theta = math.radians(sector.centre)
        sin, cos = math.sin(theta), -math.cos(theta)
        align = "left" if sin > 0.3 else "right" if sin < -0.3 else "center"
        width = len(sector.label) * SECTOR_CHAR_WIDTH
        start = round(SECTOR_LABEL_RADIUS + RINGS[-1][0] * (scale - 1))
        for radius in range(start, start + MAX_PUSH * 2 + 1, PUSH_STEP):
            x, y = round(radius * sin, 1), round(radius * cos, 1)
            left = x if align == "left" else x - width if align == "right" else x - width / 2
            box = (left, y - SECTOR_LINE_HEIGHT / 2, left + width, y + SECTOR_LINE_HEIGHT / 2)
            if not any(_overlap(box, other) for other in boxes):
                break
        result.append({"label": sector.label, "colour": sector.colour, "start": sector.start, "end": sector.end,
                       "used": sector.name in used, "x": x, "y": y, "align": align, "box": box})
    return result


def _options(base: dict[str, Any]) -> dict[str, Any]:
    """pyvis's options with physics off and our fixed look."""
    base.update(
        physics={"enabled": False},
        layout={"randomSeed": 1, "improvedLayout": False},
        interaction={"hover": True, "tooltipDelay": 150, "dragNodes": True, "zoomView": True,
                     "dragView": True, "navigationButtons": False, "keyboard": False},
        nodes={"font": {"size": FONT_SIZE, "face": "system-ui, Arial, sans-serif", "color": "#1A202C",
                        "strokeWidth": 4, "strokeColor": "#ffffff"},
               "widthConstraint": {"maximum": LABEL_WIDTH}},
        edges={"smooth": False, "selectionWidth": 2, "hoverWidth": 1,
               "font": {"size": EDGE_FONT_SIZE, "face": "system-ui, Arial, sans-serif", "color": RED,
                        "strokeWidth": 4, "strokeColor": "#ffffff", "align": "horizontal"}},
    )
    return base


def _node_size(score: float | None) -> float:
    """Radius by coordination load; actors outside the analysis stay small."""
    if score is None:
        return 11
    return round(min(40.0, 12 + 1.3 * score), 1)


def _edges(net: CaseNetwork, report: NetworkReport, positions: dict[str, tuple[float, float]],
           sizes: dict[str, float], boxes: list[Box]) -> list[dict[str, Any]]:
    """One edge per pair (all facts about a pair in one tooltip), then the complaint arrows."""
    case = net.case
    risks = {pair(*p.aktører): p for p in report.splitting.par}
    missing = {pair(*p): net.required.get(pair(*p), "påkrævet i analysen") for p in report.manglende_kanaler}
    weak = _weak_ties(net, report)
    events: dict[Pair, list[Haendelse]] = {}
    for event in case.haendelser:
        if event.type in ("uenighed", "sideaftale", "ros") and event.fra and event.om and event.fra != event.om:
            events.setdefault(pair(event.fra, event.om), []).append(event)

    splits = {pair(*t.aktører[1:]): "fuldbyrdet splitting" for t in report.splitting.trekanter
              if t.type == "fuldbyrdet splitting"}
    ends = set(net.channels) | set(risks) | set(missing)
    ends |= {p for p, found in events.items() if any(e.type == "uenighed" for e in found)}
    order = {actor_id: i for i, actor_id in enumerate([CITIZEN_ID, *(a.id for a in case.aktoerer)])
             if actor_id in positions}
    edges = []
    for a, b in sorted(ends, key=lambda p: (order.get(p[0], 99), order.get(p[1], 99), p)):
        if a not in order or b not in order:
            continue
        a, b = sorted((a, b), key=lambda x: order[x])
        key = pair(a, b)
        edge = _pair_edge(net, a, b, net.channel(a, b), risks.get(key), missing.get(key),
                          weak.get(key, []), events.get(key, []))
        if edge and key in splits:
            edges.extend(_double_line(edge, splits[key]))
        elif edge:
            edge["smooth"] = _route(a, b, positions, sizes)
            edges.append(edge)
    edges.extend(_complaint_edges(net, report, positions, boxes))
    for key in (k for k in positions if k.startswith(FOLD_PREFIX)):
        edges.append({"from": CITIZEN_ID, "to": key, "id": f"par:{CITIZEN_ID}|{key}", "arrows": {"to": {"enabled": False}},
                      "color": {"color": GREY, "highlight": GREY, "hover": GREY}, "width": 1.6, "dashes": DASHED,
                      "title": "Kontakt med de samlede personer (se prikken)"})
    return edges


def _pair_edge(net: CaseNetwork, a: str, b: str, channel: Channel | None, risk: PairRisk | None,
               missing: str | None, weak: list[str], events: list[Haendelse]) -> dict[str, Any] | None:
    """The edge between two actors (or an actor and the citizen), styled by its worst signal.

    Tension (red) outranks a missing channel (grey dotted), which outranks the plain tie;
    a tie with no contact at all is drawn only when it carries one of those signals.
    """
    case = net.case
    disagreements = [e for e in events if e.type == "uenighed"]
    in_contact = channel is not None and channel.kontakt != "ingen"
    negative = channel is not None and channel.valens == "negativ"
    working = channel is not None and channel.active and channel.valens == "positiv"
    # A pressure triangle whose two helpers work well together is not a conflict between them.
    tension = negative or bool(disagreements) or (risk is not None and risk.niveau in TENSE_RISK and not working)
    if not (in_contact or tension or missing is not None):
        return None

    if tension:
        colour, dashes = RED, DASH_DOT
        width = 3.5 if risk is not None and risk.niveau == "høj" else 2.5
    elif missing is not None:
        colour, dashes, width = GREY, DOTTED, 1.8
    else:
        colour = VALENCE_COLOUR[channel.valens]
        width = EDGE_WIDTH[channel.kontakt]
        dashes = DASHED if (channel.kontakt not in STEADY or weak) else False

    lines = [f"{label(case, a)} – {label(case, b)}"]
    short = list(lines)
    if channel:
        lines.append(_channel_line(channel))
        short.append(_channel_line(channel))
        if channel.vurdering is not None:
            lines.append(f"Vurdering af samarbejdet (1-5): {_number(channel.vurdering)}")
        if channel.note:
            lines.append(f"Note: {_one_line(channel.note)}")
    else:
        lines.append("Ingen registreret relation.")
        short.append("Ingen registreret relation.")
    lines.extend(weak)
    short.extend(weak[:1])
    lines.extend(_event_line(case, event) for event in events)
    if risk is not None:
        lines.append(f"Splittingrisiko: {risk.niveau} ({_number(risk.score)} point)")
        short.append(f"Splittingrisiko: {risk.niveau} ({_number(risk.score)} point)")
        lines.extend(_evidence_line(e) for e in risk.evidens)
    if missing is not None:
        lines.append(f"Påkrævet kanal uden aktiv kontakt (mindst månedlig): {missing}")
        short.append("Påkrævet kanal uden aktiv kontakt")
    if len(short) < len(lines):
        short.append("Klik for alle detaljer i panelet")
    return {"from": a, "to": b, "id": f"par:{a}|{b}", "arrows": {"to": {"enabled": False}},
            "color": {"color": colour, "highlight": colour, "hover": colour}, "width": width,
            "dashes": dashes, "title": _lines(short), "detaljer": _lines(lines)}


def _double_line(edge: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """A completed split as two parallel solid red lines with its name on them: unmistakable in colour
    and in black and white."""
    first = {**edge, "color": {"color": RED, "highlight": RED, "hover": RED}, "width": 3, "dashes": False,
             "smooth": {"enabled": True, "type": "curvedCW", "roundness": SPLIT_BEND}, "label": "SPLITTING"}
    second = {**first, "id": edge["id"] + "|2", "label": None,
              "smooth": {"enabled": True, "type": "curvedCCW", "roundness": SPLIT_BEND}}
    del second["label"]
    return [first, second]


def _role_line(actor) -> str:
    """The role under the name on the map, unless the name already says it (a pseudonymised
    professional is 'Mentor V3'; 'Mentor V3 / mentor' only doubles the label in a crowded map)."""
    role = _one_line(actor.rolle)
    return "" if role and _one_line(actor.navn).casefold().startswith(role.casefold()) else role


def _complaint_edges(net: CaseNetwork, report: NetworkReport, positions: dict[str, tuple[float, float]],
                     boxes: list[Box]) -> list[dict[str, Any]]:
    """Red arrows from the one who complained to the helper who heard it, one per pair.

    The complaints are the analysis's ``indirekte_klager``: told to someone other than the one
    concerned and not taken up with them.
    Each arrow bends to whichever side leaves its label furthest from nodes and other labels.
    """
    case = net.case
    heard: dict[Pair, list[tuple[int, Haendelse]]] = {}
    returned: set[int] = set()
    for complaint in report.splitting.indirekte_klager:
        if complaint.fra in positions and complaint.til in positions and complaint.fra != complaint.til:
            index = complaint.hændelse
            heard.setdefault((complaint.fra, complaint.til), []).append((index, case.haendelser[index]))
            if complaint.tilbagemeldt:
                returned.add(index)
    edges = []
    taken = list(boxes)
    for (source, target), found in heard.items():
        about: dict[str, int] = {}
        closed_about: dict[str, int] = {}
        for index, event in found:
            about[name(case, event.om)] = about.get(name(case, event.om), 0) + 1
            if index in returned:
                closed_about[name(case, event.om)] = closed_about.get(name(case, event.om), 0) + 1
        lines = [f"Klage fortalt til {label(case, target)} i stedet for til den omtalte"]
        for index, event in found:
            closed = net.loop_closed(event)
            where = net.where(event, f"hændelse nr. {index + 1}")
            lines.append(f"{danish_date(event.dato, 'short')}: {label(case, event.fra)} klagede om "
                         f"{label(case, event.om)} til {label(case, event.til)} ({where})")
            lines.append(f"  Taget op med den omtalte: {_yes_no(event.taget_op_med_den_omtalte)}; "
                         f"løkken lukket: {closed or 'nej'}")
            if event.note:
                lines.append(f"  {_one_line(event.note)}")
        # A complaint fed back or discussed jointly still shows, but is not read as an open one.
        text = [f"{count(n, 'klage', 'klager')} om {who}" + _returned(closed_about.get(who, 0), n)
                for who, n in about.items()]
        short = [lines[0]] + [f"{danish_date(e.dato, 'short')}: om {name(case, e.om)}" for _, e in found][:4]
        kind, roundness, box = _clearest_bend(positions[source], positions[target], text, taken)
        taken.append(box)
        edges.append({"from": source, "to": target, "id": f"klage:{source}|{target}", "label": "\n".join(text),
                      "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}},
                      "color": {"color": RED, "highlight": RED, "hover": RED}, "width": 2, "dashes": False,
                      "smooth": {"enabled": True, "type": kind, "roundness": roundness},
                      "title": _lines(short + ["Klik for alle detaljer i panelet"]), "detaljer": _lines(lines)})
    return edges


def _returned(closed: int, total: int) -> str:
    if not closed:
        return ""
    return " (meldt tilbage)" if closed == total else f" ({closed} meldt tilbage)"


def _clearest_bend(start: tuple[float, float], end: tuple[float, float], text: list[str],
                   taken: list[Box]) -> tuple[str, float, Box]:
    """The bend whose label (at the curve's midpoint) overlaps least with dots and labels drawn so far."""
    width = max(len(line) for line in text) * EDGE_CHAR_WIDTH
    height = len(text) * EDGE_LINE_HEIGHT
    best = None
    for kind, roundness in BENDS:
        x, y = _bezier(start, _via(start, end, kind, roundness), end, 0.5)
        box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        crowding = sum(_overlap_area(box, other) for other in taken)
        if best is None or crowding < best[0] - 1e-6:
            best = (crowding, kind, roundness, box)
    return best[1], best[2], best[3]


def _route(a: str, b: str, positions: dict[str, tuple[float, float]], sizes: dict[str, float]) -> Any:
    """Straight when the line passes clear of other dots; otherwise the gentlest bend that does."""
    start, end = positions[a], positions[b]
    others = [(positions[n], sizes[n]) for n in positions if n not in (a, b)]

    def clearance(via: tuple[float, float] | None) -> float:
        points = [_bezier(start, via or start, end, t / 20) if via else
                  (start[0] + (end[0] - start[0]) * t / 20, start[1] + (end[1] - start[1]) * t / 20)
                  for t in range(1, 20)]
        return min((math.dist(p, centre) - size for p in points for centre, size in others), default=math.inf)

    if clearance(None) >= EDGE_CLEARANCE:
        return False
    best = max(ROUTES, key=lambda route: (round(clearance(_via(start, end, *route)), 1), -ROUTES.index(route)))
    return {"enabled": True, "type": best[0], "roundness": best[1]}


def _bezier(start: tuple[float, float], via: tuple[float, float], end: tuple[float, float],
            t: float) -> tuple[float, float]:
    """A point on the quadratic curve vis-network draws through ``via``."""
    return ((1 - t) ** 2 * start[0] + 2 * t * (1 - t) * via[0] + t * t * end[0],
            (1 - t) ** 2 * start[1] + 2 * t * (1 - t) * via[1] + t * t * end[1])


def _via(start: tuple[float, float], end: tuple[float, float], kind: str, roundness: float) -> tuple[float, float]:
    """vis-network 9's control point for ``curvedCW``/``curvedCCW`` edges (BezierEdgeStatic)."""
    dx, dy = end[0] - start[0], start[1] - end[1]
    length = math.hypot(dx, dy)
    turn = 0.5 * roundness + 0.5 if kind == "curvedCW" else 0.5 * -roundness + 0.5
    angle = (math.atan2(dy, dx) + turn * math.pi) % (2 * math.pi)
    reach = (0.5 * roundness + 0.5) * length
    return start[0] + reach * math.sin(angle), start[1] + reach * math.cos(angle)


def _weak_ties(net: CaseNetwork, report: NetworkReport) -> dict[Pair, list[str]]:
    """Ties the coordination analysis named weak or stale, found by the relation its evidence cites."""
    by_source = {channel.kilde: ends for ends, channel in net.channels.items()}
    by_source.update({f"linje {channel.linje}": ends for ends, channel in net.channels.items() if channel.linje})
    found: dict[Pair, list[str]] = {}
    for load in report.koordinering.aktører:
        for evidence in load.evidens:
            ends = by_source.get(evidence.kilde)
            if ends and evidence.term == "svage_bånd":
                texts = found.setdefault(ends, [])
                text = _one_line(evidence.tekst)
                if text not in texts:
                    texts.append(text)
    return found


def _actor_title(net: CaseNetwork, report: NetworkReport, actor: Aktoer) -> str:
    case = net.case
    sector = SECTOR_BY_NAME[actor.sektor]
    lines = [actor.navn, actor.rolle + (f", {actor.organisation}" if actor.organisation else ""),
             f"Sektor: {sector.label.lower()}"]
    if actor.id == report.koordinering.koordinator:
        lines.append("Koordinerende sagsbehandler i sagen")
    if actor.kerneopgave:
        lines.append(f"Kerneopgave: {_one_line(actor.kerneopgave)}")
    efforts = [e.titel for e in case.indsatser if e.ansvarlig == actor.id and e.status == "i gang"]
    if efforts:
        lines.append("Aktive indsatser: " + "; ".join(efforts))
    contact = net.channel(CITIZEN_ID, actor.id)
    lines.append(f"Kontakt med borgeren: {_channel_line(contact)}" if contact
                 else "Ingen registreret kontakt med borgeren")
    load = next((item for item in report.koordinering.aktører if item.id == actor.id), None)
    if load is not None:
        lines.append(f"Koordineringsbelastning: {_number(load.score)} ({load.niveau})")
        lines.extend(f"  {PARTS.get(part, part.replace('_', ' '))}: {_number(value)}"
                     for part, value in load.dele.items())
        lines.extend(_evidence_line(e) for e in load.evidens)
    else:
        lines.append("Indgår ikke i koordineringsanalysen (ikke fagperson og ingen aktiv indsats).")
    return _lines(lines)


def _channel_line(channel: Channel) -> str:
    text = f"kontakt {channel.kontakt}, {channel.valens}"
    if channel.seneste_kontakt:
        text += f", seneste {danish_date(channel.seneste_kontakt, 'short')}"
    return text[0].upper() + text[1:] + (f" (linje {channel.linje})" if channel.linje else "")


def _event_line(case: Case, event: Haendelse) -> str:
    kind = {"uenighed": "Uenighed", "sideaftale": "Sideaftale", "ros": "Ros"}.get(event.type, event.type)
    subject = f" om {event.emne}" if event.emne else ""
    text = f"{kind}{subject} {danish_date(event.dato, 'short')}: {label(case, event.fra)} → {label(case, event.om)}"
    if event.til:
        text += f" (sagt til {label(case, event.til)})"
    return text + (f". {_one_line(event.note)}" if event.note else "")


def _evidence_line(evidence: Evidence) -> str:
    """One evidence item: what was seen, its points (when it carries any), where and when."""
    where = [f"{_signed(evidence.point)} point"] if evidence.point else []
    where.append(evidence.kilde)
    if evidence.dato:
        where.append(danish_date(evidence.dato, "short"))
    return f"  • {_one_line(evidence.tekst)} ({'; '.join(where)})"


# --- side panel ----------------------------------------------------------------------------


def _panel(net: CaseNetwork, report: NetworkReport) -> dict[str, Any]:
    """Plain values for the template; all case text stays text and is escaped there."""
    case = net.case
    co, sp = report.koordinering, report.splitting
    loads = sorted(co.aktører, key=lambda load: (-load.score, load.id))
    return {
        "note": NOTE,
        "sag": report.sag,
        "kommune": case.sag.kommune,
        "analysedato": report.analysedato,
        "koordinering": {
            "niveau": co.niveau, "score": _number(co.score) if co.score is not None else None,
            "koordinator": label(case, co.koordinator) if co.koordinator else None,
            "ikke_angivet": co.koordinator_tekst,
            "fagpersoner": co.fagpersoner, "organisationer": co.organisationer,
            "daekning": _percent(co.dækning),
            "budbringer": [_pair_text(case, p) for p in co.borger_som_budbringer],
        },
        "belastning": [{"navn": name(case, load.id), "rolle": _role(case, load.id),
                        "score": _number(load.score), "niveau": load.niveau,
                        "farve": _colour(case, load.id)} for load in loads],
        "splitting": {
            "niveau": sp.niveau, "begrundelse": list(sp.begrundelse), "klager": sp.klager,
            "andel": _percent(sp.andel_klager_til_tredjepart),
            "par": [{"tekst": _pair_text(case, p.aktører), "niveau": p.niveau, "score": _number(p.score)}
                    for p in sorted(sp.par, key=lambda p: (-p.score, p.aktører)) if p.niveau in TENSE_RISK],
            "trekanter": [{"type": t.type, "tekst": ", ".join(label(case, x) for x in t.aktører)}
                          for t in sp.trekanter],
            "lejre": _camps(case, sp.lejre),
        },
        "manglende": [f"{_pair_text(case, p)}: {net.required.get(p, '')}" for p in report.manglende_kanaler],
        "siden_sidst": report.siden_sidste_supervision.lines() if report.siden_sidste_supervision else [],
        "dagsorden": [{"overskrift": item.overskrift, "spoergsmaal": list(item.spørgsmål),
                       "aktoerer": [label(case, x) for x in item.aktører]} for item in report.dagsorden],
        "deltagere": [label(case, x) for x in report.deltagere],
        "sektorer": [{"navn": s.label, "farve": s.colour} for s in SECTORS],
        "borgerfarve": CITIZEN_COLOUR,
        "linjer": _legend_lines(),
        "ringe": [text for _radius, text in RINGS],
    }


def _camps(case: Case, camps: Camps | None) -> dict[str, Any] | None:
    if camps is None or not camps.to_lejre:
        return None
    return {"med_borger": [label(case, x) for x in camps.side_med_borger if x != CITIZEN_ID],
            "anden": [label(case, x) for x in camps.anden_side if x != CITIZEN_ID]}


def _legend_lines() -> list[dict[str, Any]]:
    """The line styles the map uses, drawn in the legend exactly as on the canvas."""
    def dash(pattern):
        return " ".join(map(str, pattern)) if pattern else "none"

    rows = [
        {"farve": NEUTRAL, "bredde": 4.5, "streg": "none", "pil": False,
         "tekst": "Hyppig kontakt (dagligt til hver 14. dag)"},
        {"farve": NEUTRAL, "bredde": 2.2, "streg": "none", "pil": False, "tekst": "Månedlig kontakt"},
        {"farve": NEUTRAL, "bredde": 1.6, "streg": dash(DASHED), "pil": False,
         "tekst": "Sjælden kontakt eller svagt/forældet bånd"},
        {"farve": GREEN, "bredde": 3, "streg": "none", "pil": False, "tekst": "Positiv relation (grøn), neutral (grå)"},
        {"farve": RED, "bredde": 3, "streg": dash(DASH_DOT), "pil": False,
         "tekst": "Spænding (streg-prik): negativ relation, uenighed eller splittingrisiko middel/høj"},
        {"farve": RED, "bredde": 3, "streg": "none", "pil": False, "dobbelt": True,
         "tekst": "Dobbelt streg: fuldbyrdet splitting (borgeren + over for den ene, − over for den anden, "
                  "og de to negative over for hinanden)"},
        {"farve": GREY, "bredde": 2, "streg": dash(DOTTED), "pil": False,
         "tekst": "Påkrævet kanal mangler: deres arbejde afhænger af hinanden, men de har ikke jævnlig "
                  "direkte kontakt (mindst månedlig)"},
        {"farve": RED, "bredde": 2, "streg": "none", "pil": True,
         "tekst": "Pil: klager fortalt til en anden hjælper end den, de handler om (antal på pilen)"},
    ]
    return [{"dobbelt": False, **row} for row in rows]


# --- small text helpers ---------------------------------------------------------------------


def _lines(lines: list[str]) -> str:
    """A tooltip: plain text lines (vis-network shows string titles as text, never as HTML)."""
    return clean_text("\n".join(lines))


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _role(case: Case, actor_id: str) -> str | None:
    actor = case.aktoer(actor_id)
    return actor.rolle if actor else None


def _colour(case: Case, actor_id: str) -> str:
    actor = case.aktoer(actor_id)
    return SECTOR_BY_NAME[actor.sektor].colour if actor else CITIZEN_COLOUR


def _pair_text(case: Case, ends: tuple[str, str]) -> str:
    a, b = ends
    return f"{label(case, a)} – {label(case, b)}"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + _number(value)


def _percent(value: float | None) -> str | None:
    return None if value is None else f"{round(value * 100)} %"


def _yes_no(value: bool | None) -> str:
    return "ikke oplyst" if value is None else ("ja" if value else "nej")


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(*(int(c * 0.7) for c in (r, g, b)))


__all__ = ["render_network_page", "ecomap", "script_json", "SECTORS"]
