"""The second channel of a topic, beside its colour: a shape for its points and a hatching for its areas.

Colour alone does not tell the topics apart for every reader (under deuteranopia the orange and the
yellow of the palette come close), so each topic also has a shape, drawn for its exact places and at the
middle of its routes, and a hatching, drawn inside its areas. The geometry is defined once, here, in unit
coordinates; the map (:mod:`caucasus_atlas.map`) and the legend both draw from it.

Examples
--------
>>> TOPIC_SYMBOLS["regional"].shape
'square'
>>> svg_path("square", 10, 10, 5)
'M5.75 5.75L14.25 5.75L14.25 14.25L5.75 14.25Z'
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from caucasus_atlas import settings


def _regular(n: int, radius: float, turn: float = 0.0) -> tuple[tuple[float, float], ...]:
    """``n`` vertices on a circle, the first straight up (SVG's y grows downwards)."""
    return tuple(
        (
            round(radius * math.sin(turn + 2 * math.pi * k / n), 3),
            round(-radius * math.cos(turn + 2 * math.pi * k / n), 3),
        )
        for k in range(n)
    )


def _star(points: int, outer: float, inner: float) -> tuple[tuple[float, float], ...]:
    spikes = _regular(points, outer)
    notches = _regular(points, inner, math.pi / points)
    return tuple(v for pair in zip(spikes, notches, strict=True) for v in pair)


#: Each shape as the vertices of a polygon in a unit circle's frame (x right, y down); "circle" is drawn as
#: a circle. The sizes are chosen so that the shapes look about as large as the circle of the same radius.
SHAPES: dict[str, tuple[tuple[float, float], ...]] = {
    "circle": (),
    "square": ((-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)),
    "triangle": ((0.0, -1.2), (1.1, 0.7), (-1.1, 0.7)),
    "diamond": ((0.0, -1.25), (1.1, 0.0), (0.0, 1.25), (-1.1, 0.0)),
    "triangle-down": ((-1.1, -0.7), (1.1, -0.7), (0.0, 1.2)),
    "star": _star(5, 1.3, 0.55),
    "cross": (
        (-0.35, -1.05), (0.35, -1.05), (0.35, -0.35), (1.05, -0.35), (1.05, 0.35), (0.35, 0.35),
        (0.35, 1.05), (-0.35, 1.05), (-0.35, 0.35), (-1.05, 0.35), (-1.05, -0.35), (-0.35, -0.35),
    ),
}  # fmt: skip

#: Each hatching as the angles (degrees, 0 = horizontal lines) of its families of parallel lines; an empty
#: tuple is a dot grid.
HATCHES: dict[str, tuple[float, ...]] = {
    "diagonal": (45.0,),
    "horizontal": (0.0,),
    "vertical": (90.0,),
    "back-diagonal": (135.0,),
    "grid": (0.0, 90.0),
    "crossed": (45.0, 135.0),
    "dots": (),
}


@dataclass(frozen=True)
class Symbol:
    """A topic's second channel: ``shape`` (a key of :data:`SHAPES`) and ``hatch`` (of :data:`HATCHES`)."""

    shape: str
    hatch: str


#: One symbol per topic of :data:`caucasus_atlas.settings.TOPICS`, all shapes and hatchings distinct.
TOPIC_SYMBOLS: dict[str, Symbol] = {
    "border": Symbol("circle", "diagonal"),
    "regional": Symbol("square", "horizontal"),
    "reconstruction": Symbol("triangle", "vertical"),
    "reintegration": Symbol("diamond", "back-diagonal"),
    "foreign_fighters": Symbol("triangle-down", "grid"),
    "military": Symbol("star", "crossed"),
    "covid": Symbol("cross", "dots"),
}

#: One symbol per party of :data:`caucasus_atlas.settings.PARTIES`, for the map coloured by whose account.
PARTY_SYMBOLS: dict[str, Symbol] = {
    "azerbaijan": Symbol("square", "horizontal"),
    "armenia": Symbol("triangle", "vertical"),
    "third": Symbol("diamond", "crossed"),
    "bulletin": Symbol("circle", "diagonal"),
}

#: What the map can colour its features by.
COLOUR_BY: dict[str, str] = {"topic": "Topic (section of the bulletin)", "party": "Whose account"}


@dataclass(frozen=True)
class Group:
    """One colour group of the map: a topic, or a party (key ``party-<id>``)."""

    key: str
    label: str
    colour: str
    symbol: Symbol


def groups(by: str = "topic") -> dict[str, Group]:
    """The map's colour groups, ``by`` topic or by party, in legend order.

    >>> list(groups("party"))
    ['party-azerbaijan', 'party-armenia', 'party-third', 'party-bulletin']
    """
    if by == "party":
        return {
            f"party-{party}": Group(f"party-{party}", label, colour, PARTY_SYMBOLS[party])
            for party, (label, colour) in settings.PARTIES.items()
        }
    return {
        topic: Group(topic, label, colour, TOPIC_SYMBOLS[topic]) for topic, (label, colour) in settings.TOPICS.items()
    }


def all_groups() -> dict[str, Group]:
    """Every colour group of either kind (the map's script carries both)."""
    return {**groups("topic"), **groups("party")}


#: Spacing of a hatching's lines and the width of a line, in pixels.
HATCH_SPACING = 7
HATCH_WIDTH = 1.6


def svg_path(shape: str, cx: float, cy: float, r: float) -> str:
    """The SVG path of ``shape`` centred on (``cx``, ``cy``) with radius ``r``."""
    if shape == "circle":
        return f"M{cx - r:g} {cy:g}a{r:g} {r:g} 0 1 0 {2 * r:g} 0a{r:g} {r:g} 0 1 0 {-2 * r:g} 0Z"
    points = "L".join(f"{cx + x * r:g} {cy + y * r:g}" for x, y in SHAPES[shape])
    return f"M{points}Z"


def hatch_pattern(pattern_id: str, hatch: str, colour: str) -> str:
    """An SVG ``<pattern>`` of ``hatch`` in ``colour`` (user space units, so it does not scale with zoom)."""
    size = HATCH_SPACING
    if not HATCHES[hatch]:
        marks = f'<circle cx="{size / 2:g}" cy="{size / 2:g}" r="{HATCH_WIDTH:g}" fill="{colour}"/>'
        return (
            f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{size}" height="{size}">{marks}</pattern>'
        )
    # one pattern cell per family of lines, rotated as a whole: a horizontal line through the cell's middle
    families = "".join(
        f'<g transform="rotate({angle:g} {size / 2:g} {size / 2:g})">'
        f'<line x1="{-size}" y1="{size / 2:g}" x2="{2 * size}" y2="{size / 2:g}" stroke="{colour}" '
        f'stroke-width="{HATCH_WIDTH:g}"/></g>'
        for angle in HATCHES[hatch]
    )
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{size}" height="{size}">{families}</pattern>'
    )


@functools.cache
def topic_swatch(topic: str, *, size: int = 14) -> str:
    """A small SVG for the legend: the group's (topic's or party's) shape in its colour beside a square of
    its hatching."""
    group = all_groups()[topic]
    colour, symbol = group.colour, group.symbol
    pattern_id = f"ca-swatch-{topic}"
    half = size / 2
    return (
        f'<svg width="{size * 2 + 4}" height="{size}" viewBox="0 0 {size * 2 + 4} {size}" aria-hidden="true" '
        f'style="vertical-align:-2px;margin-right:4px">'
        f"<defs>{hatch_pattern(pattern_id, symbol.hatch, colour)}</defs>"
        f'<path d="{svg_path(symbol.shape, half, half, half * 0.72)}" fill="{colour}" stroke="#222" stroke-width="1"/>'
        f'<rect x="{size + 4}" y="0.5" width="{size - 1}" height="{size - 1}" fill="url(#{pattern_id})" '
        f'stroke="{colour}" stroke-width="1"/></svg>'
    )


def pattern_id(topic: str) -> str:
    """The id of the map's hatching pattern for ``topic``."""
    return f"ca-hatch-{topic}"


def map_patterns() -> str:
    """The map's ``<defs>``: one hatching pattern per topic, in the topic's colour (static: no data)."""
    patterns = "".join(hatch_pattern(pattern_id(key), g.symbol.hatch, g.colour) for key, g in all_groups().items())
    return f"<defs>{patterns}</defs>"


def script_shapes() -> dict[str, list[list[float]]]:
    """What the map's script needs to draw a group's points: per group its shape's vertices ([] a circle)."""
    return {key: [list(v) for v in SHAPES[g.symbol.shape]] for key, g in all_groups().items()}


def script_hatches() -> dict[str, list[float]]:
    """Per topic its hatching's angles ([] a dot grid), for the image of the map."""
    return {key: list(HATCHES[g.symbol.hatch]) for key, g in all_groups().items()}
