"""The collaborator network as a printable picture (PNG) for Word documents.

The picture draws exactly what the interactive page draws: ``network_page.ecomap`` gives every
node's position, size, colour and border, every edge's colour, width, dash pattern and curve,
and the sector wedges, labels and rings behind them. Here they are drawn with matplotlib's Agg
renderer (no pyplot, no GUI, no global backend), with a Danish legend under the map.

Print scale: the map fills the given width, so one canvas unit of the page becomes a fraction
of a point. Lines, dots and dash patterns scale with the map, as when the page is zoomed; text
does not: it is set at a fixed size that stays legible on paper (at least 7 pt at 16.5 cm), and
the map shrinks just enough that every label fits inside the picture.

The text is set in the DejaVu Sans files that come with matplotlib (never a system font), and
the PNG carries no software version or date, so the same case gives byte-identical pictures.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, PathPatch, Polygon
from matplotlib.path import Path as CurvePath
from matplotlib.text import Text

from toolkit.analyse.network import CaseNetwork
from toolkit.analyse.report import NetworkReport
from toolkit.render.network_page import CITIZEN_COLOUR, RINGS, SECTORS, _darker, _legend_lines, _via, ecomap

POINTS_PER_INCH = 72
CM_PER_INCH = 2.54

# Text sizes in points. The page's fonts are in canvas units (nodes 15, the citizen and sector
# names 17, complaint labels 13); on paper they keep their proportions but never go below 7 pt.
PT_PER_FONT_UNIT = 0.5
MIN_PT = 7.0
LEGEND_PT = 7.5
LEGEND_HEADING_PT = 8.5
NOTE_PT = 7.0
LINE_SPACING = 1.15
SWATCH_COLUMNS = 4
COLUMN_GAP = 12.0
LABEL_CHARS = 26
"""Node labels wrap at about the width the page allows (``widthConstraint`` 190 at 15 px)."""
EDGE_LABEL_CHARS = 32
HALO_PT = 2.2
"""White outline around text, as the page's ``strokeWidth`` 4, so lines never cross letters."""
LABEL_GAP_UNITS, LABEL_GAP_PT = 3, 1.5
"""Space between a dot and its label below it."""
MARGIN_PT = 4.0
TEXT_COLOUR = "#1A202C"
MUTED = "#4A5568"
UNUSED_SECTOR = "#A0AEC0"
RING_COLOUR, RING_WIDTH, RING_DASHES = "#CBD5E0", 1.2, (5, 7)
BORDER_COLOUR, BORDER_WIDTH = "#E2E8F0", 1.0
WEDGE_ALPHA, UNUSED_WEDGE_ALPHA = 0.07, 0.025
MIN_LINE_PT = 0.35
SEPARATION_PT = 2.0
"""Space kept between two node labels that had to be pushed apart."""
LABEL_SPOTS = (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8)
"""Where along its edge (curve parameter) a complaint label may sit, preferred first."""
BOX = "\N{WHITE SQUARE}"
"""Stands in for a character the font cannot draw."""

ARROW_HEAD = ((0.0, 0.0), (-1.0, 0.3), (-0.9, 0.0), (-1.0, -0.3))
"""vis-network's "arrow" head in units of its length, tip at the origin, pointing along +x."""

_FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
REGULAR = _FONT_DIR / "DejaVuSans.ttf"
BOLD = _FONT_DIR / "DejaVuSans-Bold.ttf"


def network_png(net: CaseNetwork, report: NetworkReport, *, width_cm: float = 16.5, dpi: int = 200,
                drawing: dict[str, Any] | None = None) -> bytes:
    """The ecomap with its legend as a PNG ``width_cm`` wide (height as the drawing needs).

    ``drawing`` is ``ecomap(net, report)`` when the caller has made it already (the network
    page uses the same one)."""
    drawing = drawing or ecomap(net, report)
    width_pt = width_cm / CM_PER_INCH * POINTS_PER_INCH
    figure = Figure(figsize=(width_cm / CM_PER_INCH, width_cm / CM_PER_INCH), dpi=dpi, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()

    # The map is first drawn at the page's own scale, only to measure its labels.
    extent_x, extent_y = drawing["view"]["extent"]
    chart = figure.add_axes((0, 0, 1, 1))
    chart.set_axis_off()
    chart.set_xlim(-extent_x, extent_x)
    chart.set_ylim(extent_y, -extent_y)
    sketch = _Map(chart)
    _draw_map(sketch, drawing)
    scale, left, top, height = sketch.settle(renderer, dpi, width_pt)

    key = figure.add_axes((0, 0, 1, 0.1))
    key.set_axis_off()
    legend_height = _draw_legend(key, renderer, width_pt, scale)

    total = height + legend_height
    figure.set_size_inches(width_cm / CM_PER_INCH, total / POINTS_PER_INCH)
    chart.set_position((0, legend_height / total, 1, height / total))
    chart.set_xlim(left / scale, (left + width_pt) / scale)
    chart.set_ylim((top + height) / scale, top / scale)  # y grows downwards, as on the page
    chart.set_aspect("equal")
    key.set_position((0, 0, 1, legend_height / total))
    key.set_xlim(0, width_pt)
    key.set_ylim(legend_height, 0)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


# --- the map ------------------------------------------------------------------------------


@dataclass
class _Extent:
    """Where one drawn thing reaches: canvas units plus a fixed offset in points (for text)."""

    x0: float
    x1: float
    y0: float
    y1: float
    px0: float = 0.0
    px1: float = 0.0
    py0: float = 0.0
    py1: float = 0.0


@dataclass
class _Label:
    """A text on the map: where it is anchored (canvas units) and how far it reaches (points)."""

    artist: Text
    x: float
    y: float
    kind: str
    """"node" (hangs below its dot), "edge" (sits on its edge) or "sector"."""
    gap_pt: float = 0.0
    """Fixed distance below the anchor: a node label hangs a little below its dot."""
    curve: tuple[Any, Any, Any] | None = None
    """For an edge label: the edge (start, control point or None, end) it may slide along."""
    reach: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """Left, right, top, bottom relative to the anchor, in points (y down), once measured."""
    home: float = 0.0
    """The anchor's x as the page has it; a node label may move sideways from it, not far."""

    def box(self, scale: float, x: float | None = None, y: float | None = None) -> tuple[float, float, float, float]:
        """Its box in canvas units at ``scale`` (points per unit), optionally with the anchor at (x, y)."""
        x, y = self.x if x is None else x, self.y if y is None else y
        left, right, top, bottom = self.reach
        y += self.gap_pt / scale
        return x + left / scale, y + top / scale, x + right / scale, y + bottom / scale


class _Map:
    """The map's artists, and what it takes to fit them all into the picture."""

    def __init__(self, axes):
        self.axes = axes
        self.extents: list[_Extent] = []
        self.labels: list[_Label] = []
        self.lines: list[tuple[Any, float, tuple[float, ...] | None]] = []
        """Patches whose line width (and dashes) are in canvas units, scaled once the scale is known."""
        self.dots: list[tuple[float, float, float]] = []

    def patch(self, patch, width: float, dashes: tuple[float, ...] | None = None, reach: _Extent | None = None):
        self.axes.add_artist(patch)
        self.lines.append((patch, width, dashes))
        if reach is not None:
            self.extents.append(reach)
        return patch

    def text(self, x: float, y: float, text: str, *, kind: str, size: float, bold: bool = False,
             colour: str = TEXT_COLOUR, ha: str = "center", va: str = "center", zorder: float = 6,
             gap_pt: float = 0.0, curve: tuple[Any, Any, Any] | None = None) -> Text:
        artist = self.axes.text(x, y, _printable(text), ha=ha, va=va, color=colour, zorder=zorder,
                                fontproperties=_font(size, bold), linespacing=LINE_SPACING, parse_math=False,
                                path_effects=[patheffects.withStroke(linewidth=HALO_PT, foreground="white")])
        self.labels.append(_Label(artist, x, y, kind, gap_pt, curve, home=x))
        return artist

    def settle(self, renderer, dpi: float, width_pt: float) -> tuple[float, float, float, float]:
        """Measure the labels, find the scale, keep node labels apart and put everything in place.

        Returns the scale (points per canvas unit), the left and top edges of the map (in points
        from the citizen) and the map's height in points.
        """
        per_px = POINTS_PER_INCH / dpi
        pad = HALO_PT / 2
        for label in self.labels:
            box = label.artist.get_window_extent(renderer)
            anchor_x, anchor_y = self.axes.transData.transform((label.x, label.y))
            label.reach = ((box.x0 - anchor_x) * per_px - pad, (box.x1 - anchor_x) * per_px + pad,
                           (anchor_y - box.y1) * per_px - pad, (anchor_y - box.y0) * per_px + pad)
        for _ in range(3):
            scale, left, top, height = self._fit(width_pt)
            self._separate(scale)
        scale, left, top, height = self._fit(width_pt)

        for patch, width, dashes in self.lines:
            points = max(width * scale, MIN_LINE_PT)
            patch.set_linewidth(points)
            if dashes:
                patch.set_linestyle(_dash_style(dashes, scale, points))
        frame = (left / scale, top / scale, (left + width_pt) / scale, (top + height) / scale)
        taken = [(x - r, y - r, x + r, y + r) for x, y, r in self.dots]
        taken += [label.box(scale) for label in self.labels if label.kind != "edge"]
        for label in self.labels:
            if label.kind == "edge":
                label.x, label.y = _clearest_spot(label, scale, taken, frame)
                taken.append(label.box(scale))
            label.artist.set_position((label.x, label.y + label.gap_pt / scale))
        return scale, left, top, height

    def _fit(self, width_pt: float) -> tuple[float, float, float, float]:
        """The largest scale at which everything fits ``width_pt``, with the map's left and top edge
        and its height in points."""
        extents = self.extents + [_Extent(label.x, label.x, label.y, label.y, label.reach[0], label.reach[1],
                                          label.reach[2] + label.gap_pt, label.reach[3] + label.gap_pt)
                                  for label in self.labels]

        def across(scale: float) -> tuple[float, float]:
            return (min(scale * e.x0 + e.px0 for e in extents), max(scale * e.x1 + e.px1 for e in extents))

        room = width_pt - 2 * MARGIN_PT
        low, high = 0.0, 10.0
        for _ in range(60):
            middle = (low + high) / 2
            first, last = across(middle)
            low, high = (middle, high) if last - first <= room else (low, middle)
        scale = low
        first, last = across(scale)
        left = first - MARGIN_PT - (room - (last - first)) / 2
        top = min(scale * e.y0 + e.py0 for e in extents)
        bottom = max(scale * e.y1 + e.py1 for e in extents)
        return scale, left, top - MARGIN_PT, bottom - top + 2 * MARGIN_PT

    def _separate(self, scale: float) -> None:
        """Push overlapping node labels apart sideways.

        The page's layout keeps labels apart at screen size; on paper the text is larger relative
        to the map, so two neighbours can touch. Each label may move at most a third of its own
        width from under its dot.
        """
        nodes = [label for label in self.labels if label.kind == "node"]
        gap = SEPARATION_PT / scale
        for _ in range(40):
            moved = False
            for i, first in enumerate(nodes):
                for second in nodes[i + 1:]:
                    a, b = first.box(scale), second.box(scale)
                    width = min(a[2], b[2]) - max(a[0], b[0]) + gap
                    if width <= 0 or min(a[3], b[3]) - max(a[1], b[1]) <= 0:
                        continue
                    left, right = (first, second) if a[0] + a[2] <= b[0] + b[2] else (second, first)
                    moved |= _shift(left, -width / 2, scale) | _shift(right, width / 2, scale)
            if not moved:
                break


def _shift(label: _Label, by: float, scale: float) -> bool:
    """Move a node label sideways by ``by`` units, within its limit; whether it moved."""
    limit = (label.reach[1] - label.reach[0]) / scale / 3
    target = min(max(label.x + by, label.home - limit), label.home + limit)
    if abs(target - label.x) < 1e-6:
        return False
    label.x = target
    return True


def _clearest_spot(label: _Label, scale: float, taken: list[tuple[float, float, float, float]],
                   frame: tuple[float, float, float, float]) -> tuple[float, float]:
    """Where along its edge a label overlaps least with dots and other labels, the middle first.

    At print size the text is larger, relative to the map, than on the page, so the page's spot
    (the middle of the curve) can land on a name; the label stays on its own edge and in the picture.
    """
    best = None
    for t in LABEL_SPOTS:
        x, y = _along(*label.curve, t)
        box = label.box(scale, x, y)
        if t != LABEL_SPOTS[0] and not (frame[0] <= box[0] and box[2] <= frame[2]
                                        and frame[1] <= box[1] and box[3] <= frame[3]):
            continue
        crowding = sum(_overlap_area(box, other) for other in taken)
        if best is None or crowding < best[0] - 1e-9:
            best = (crowding, (x, y))
        if crowding == 0:
            break
    return best[1]


def _overlap_area(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _draw_map(sketch: _Map, drawing: dict[str, Any]) -> None:
    view, options = drawing["view"], drawing["options"]
    outer = view["rings"][-1]

    for sector in view["sectors"]:
        arc = [_on_circle(sector["start"] + (sector["end"] - sector["start"]) * i / 60, outer) for i in range(61)]
        sketch.patch(Polygon([(0.0, 0.0), *arc], closed=True, facecolor=sector["colour"], edgecolor="none",
                             alpha=WEDGE_ALPHA if sector["used"] else UNUSED_WEDGE_ALPHA, zorder=0), 0)
        sketch.patch(PathPatch(CurvePath([(0.0, 0.0), _on_circle(sector["start"], outer)]), fill=False,
                               edgecolor=BORDER_COLOUR, zorder=0.5), BORDER_WIDTH)
        sketch.text(sector["x"], sector["y"], sector["label"], kind="sector", size=_points(view["sectorFontSize"]),
                    bold=True, colour=sector["colour"] if sector["used"] else UNUSED_SECTOR, ha=sector["align"],
                    zorder=5)
    for radius in view["rings"]:
        sketch.patch(Circle((0.0, 0.0), radius, fill=False, edgecolor=RING_COLOUR, zorder=1), RING_WIDTH,
                     RING_DASHES, _Extent(-radius, radius, -radius, radius))

    nodes = {node["id"]: node for node in drawing["nodes"]}
    edge_font = options["edges"]["font"]
    for order, edge in enumerate(drawing["edges"]):
        _draw_edge(sketch, edge, nodes, edge_font, 2 + order / 1000)

    node_font = options["nodes"]["font"]
    for node in drawing["nodes"]:
        x, y, size = node["x"], node["y"], node["size"]
        border = node.get("borderWidth", 1)
        sketch.dots.append((x, y, size + border / 2))
        sketch.patch(Circle((x, y), size, facecolor=node["color"]["background"], edgecolor=node["color"]["border"],
                            zorder=4), border, None, _Extent(x - size, x + size, y - size, y + size))
        font = node_font | node.get("font", {})
        lines = [wrapped for line in node["label"].split("\n") if line.strip()
                 for wrapped in textwrap.wrap(line, LABEL_CHARS)]
        sketch.text(x, y + size + border / 2 + LABEL_GAP_UNITS, "\n".join(lines), kind="node",
                    size=_points(font["size"]), bold=bool(font.get("bold")), colour=font.get("color", TEXT_COLOUR),
                    va="top", zorder=5, gap_pt=LABEL_GAP_PT)


def _draw_edge(sketch: _Map, edge: dict[str, Any], nodes: dict[str, dict[str, Any]], font: dict[str, Any],
               zorder: float) -> None:
    source, target = nodes[edge["from"]], nodes[edge["to"]]
    start, end = (source["x"], source["y"]), (target["x"], target["y"])
    colour = edge["color"]["color"]
    smooth = edge.get("smooth")
    via = _via(start, end, smooth["type"], smooth["roundness"]) if smooth and smooth.get("enabled") else None
    if via is None:
        path = CurvePath([start, end])
    else:
        path = CurvePath([start, via, end], [CurvePath.MOVETO, CurvePath.CURVE3, CurvePath.CURVE3])
    points = [_along(start, via, end, t / 40) for t in range(41)]
    reach = _Extent(min(p[0] for p in points), max(p[0] for p in points),
                    min(p[1] for p in points), max(p[1] for p in points))
    dashes = tuple(edge["dashes"]) if edge.get("dashes") else None
    sketch.patch(PathPatch(path, fill=False, edgecolor=colour, capstyle="butt", joinstyle="round", zorder=zorder),
                 edge["width"], dashes, reach)

    arrow = edge.get("arrows", {}).get("to", {})
    if arrow.get("enabled"):
        _draw_arrow_head(sketch, start, via, end, target, arrow.get("scaleFactor", 1), edge["width"], colour)
    if edge.get("label"):
        x, y = _along(start, via, end, 0.5)
        lines = [wrapped for line in edge["label"].split("\n") for wrapped in textwrap.wrap(line, EDGE_LABEL_CHARS)]
        sketch.text(x, y, "\n".join(lines), kind="edge", size=_points(font["size"]), colour=font.get("color", colour),
                    zorder=6, curve=(start, via, end))


def _draw_arrow_head(sketch: _Map, start, via, end, target: dict[str, Any], scale_factor: float, width: float,
                     colour: str) -> None:
    """The head where the curve meets the target's border, as vis-network places it."""
    border = target["size"] + target.get("borderWidth", 1)
    low, high = 0.0, 1.0  # the curve runs from outside the target to its centre: find the crossing
    for _ in range(40):
        middle = (low + high) / 2
        x, y = _along(start, via, end, middle)
        low, high = (middle, high) if math.dist((x, y), end) > border else (low, middle)
    tip = _along(start, via, end, low)
    guide = _along(start, via, end, max(0.0, low - 0.1))
    angle = math.atan2(tip[1] - guide[1], tip[0] - guide[0])
    length = 15 * scale_factor + 3 * width
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(tip[0] + length * (px * cos - py * sin), tip[1] + length * (px * sin + py * cos))
               for px, py in ARROW_HEAD]
    sketch.patch(Polygon(corners, closed=True, facecolor=colour, edgecolor=colour, joinstyle="miter", zorder=3),
                 width)


# --- the legend ---------------------------------------------------------------------------


def _draw_legend(axes, renderer, width_pt: float, scale: float) -> float:
    """The Danish legend under the map, laid out in points from the top; returns its height."""
    measure = _Measure(renderer)
    left, right = MARGIN_PT + 2, width_pt - MARGIN_PT - 2
    line = LEGEND_PT * 1.45
    axes.add_artist(_rule(left, right, 3))
    y = 8.0

    _legend_text(axes, left, y, "Sådan læses kortet", LEGEND_HEADING_PT, bold=True)
    y += LEGEND_HEADING_PT * 1.6

    # Sector colours in a grid (the citizen first, then the sectors clockwise); with four columns
    # every other one lines up with the line styles below, in a narrow picture there are two.
    swatches = [(CITIZEN_COLOUR, "Borgeren (i midten)")] + [(s.colour, s.label) for s in SECTORS]
    widest = max(measure.width(text, LEGEND_PT) for _colour, text in swatches) + 11 + 6
    columns = next((n for n in (SWATCH_COLUMNS, 2) if (right - left + COLUMN_GAP) / n >= widest), 1)
    cell = (right - left + COLUMN_GAP) / columns
    for index, (colour, text) in enumerate(swatches):
        x = left + (index % columns) * cell
        row_y = y + (index // columns) * line
        axes.add_artist(Circle((x + 4, row_y), 3.6, facecolor=colour, edgecolor=_darker(colour), linewidth=0.6))
        _legend_text(axes, x + 11, row_y, text, LEGEND_PT)
    y += line * (math.ceil(len(swatches) / columns) - 1) + line * 1.25

    # Line styles in two columns: contact and valence on the left, tensions and gaps on the right.
    items = _legend_lines()
    half = (len(items) + 1) // 2
    sample = 30.0
    column = (right - left - COLUMN_GAP) / 2
    bottoms = []
    for index, columns_items in enumerate((items[:half], items[half:])):
        x0, row = left + index * (column + COLUMN_GAP), y
        for item in columns_items:
            lines = measure.wrap(item["tekst"], LEGEND_PT, column - sample - 6)
            _legend_sample(axes, x0, row, sample, item, scale)
            for number, text in enumerate(lines):
                _legend_text(axes, x0 + sample + 6, row + number * line, text, LEGEND_PT)
            row += line * len(lines) + 2.5
        bottoms.append(row)
    y = max(bottoms) + 2

    rings = ", ".join(text for _radius, text in RINGS)
    note = (f"Farve = sektor. Afstand til midten = hvor ofte borgeren har kontakt med personen; de stiplede "
            f"ringe skiller {rings} (inderst til yderst). Større prik = større koordineringsbelastning. "
            f"Tyk kant = koordinerende sagsbehandler.")
    for text in measure.wrap(note, NOTE_PT, right - left):
        _legend_text(axes, left, y, text, NOTE_PT, colour=MUTED)
        y += NOTE_PT * 1.45
    return y + MARGIN_PT


def _legend_sample(axes, x: float, y: float, length: float, item: dict[str, Any], scale: float) -> None:
    """A line drawn exactly as on the map, at the map's scale."""
    width = max(item["bredde"] * scale, MIN_LINE_PT)
    end = x + length - (7 if item["pil"] else 0)
    offsets = (-width, width) if item.get("dobbelt") else (0.0,)
    for offset in offsets:
        patch = PathPatch(CurvePath([(x, y + offset), (end, y + offset)]), fill=False, edgecolor=item["farve"],
                          linewidth=width, capstyle="butt")
        if item["streg"] != "none":
            patch.set_linestyle(_dash_style(tuple(float(v) for v in item["streg"].split()), scale, width))
        axes.add_artist(patch)
    if item["pil"]:
        head = 15 * 0.8 + 3 * item["bredde"]
        axes.add_artist(Polygon([(x + length + px * head * scale, y + py * head * scale) for px, py in ARROW_HEAD],
                               closed=True, facecolor=item["farve"], edgecolor=item["farve"], linewidth=width))


def _legend_text(axes, x: float, y: float, text: str, size: float, *, bold: bool = False,
                 colour: str = TEXT_COLOUR) -> None:
    """One line of text, vertically centred on ``y``."""
    axes.text(x, y, _printable(text), ha="left", va="center_baseline", color=colour,
              fontproperties=_font(size, bold), parse_math=False)


def _rule(left: float, right: float, y: float) -> Line2D:
    return Line2D([left, right], [y, y], color=BORDER_COLOUR, linewidth=0.8)


_WIDTHS: dict[tuple[str, float, bool, float], float] = {}
"""Measured widths, kept for the process: the legend's words recur in every case's picture,
and measuring text is most of the time a picture takes."""


class _Measure:
    """Text widths in points, measured with the renderer that draws the picture."""

    def __init__(self, renderer):
        self.renderer = renderer

    def width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, size, bold, self.renderer.dpi)
        if key not in _WIDTHS:
            if len(_WIDTHS) > 20_000:
                _WIDTHS.clear()
            width, _height, _descent = self.renderer.get_text_width_height_descent(
                _printable(text), _font(size, bold), ismath=False)
            _WIDTHS[key] = width / self.renderer.points_to_pixels(1.0)
        return _WIDTHS[key]

    def wrap(self, text: str, size: float, room: float) -> list[str]:
        """Greedy word wrap to ``room`` points (a word longer than the room is broken)."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, size) <= room:
                current = candidate
                continue
            if current:
                lines.append(current)
            while self.width(word, size) > room and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and self.width(word[:cut], size) > room:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        if current:
            lines.append(current)
        return lines


# --- small helpers ------------------------------------------------------------------------


def _points(font_units: float) -> float:
    return max(MIN_PT, font_units * PT_PER_FONT_UNIT)


def _on_circle(angle: float, radius: float) -> tuple[float, float]:
    """A point at ``angle`` degrees clockwise from twelve o'clock (y down, as on the page)."""
    theta = math.radians(angle)
    return radius * math.sin(theta), -radius * math.cos(theta)


def _along(start, via, end, t: float) -> tuple[float, float]:
    """A point on the straight edge or on the quadratic curve vis-network draws through ``via``."""
    if via is None:
        return start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
    return ((1 - t) ** 2 * start[0] + 2 * t * (1 - t) * via[0] + t * t * end[0],
            (1 - t) ** 2 * start[1] + 2 * t * (1 - t) * via[1] + t * t * end[1])


def _dash_style(dashes: tuple[float, ...], scale: float, width_pt: float) -> tuple[float, tuple[float, ...]]:
    """vis dashes (canvas units) as a matplotlib dash pattern; matplotlib scales patterns by the line width."""
    factor = scale / width_pt if matplotlib.rcParams["lines.scale_dashes"] else scale
    return 0.0, tuple(max(d * factor, 0.01) for d in dashes)


@cache
def _font(size: float, bold: bool = False) -> FontProperties:
    """Matplotlib's own DejaVu Sans file, so no machine's installed fonts change the picture."""
    return FontProperties(fname=BOLD if bold else REGULAR, size=size)


@cache
def _glyphs(path: Path) -> frozenset[int]:
    return frozenset(FT2Font(str(path)).get_charmap())


@cache
def _known() -> frozenset[int]:
    return _glyphs(REGULAR) & _glyphs(BOLD)


def _printable(text: str) -> str:
    """Text with every character the font lacks shown as a box (matplotlib would warn and guess)."""
    known = _known()
    return "".join(c if c == "\n" or ord(c) in known else BOX for c in text)


__all__ = ["network_png"]
