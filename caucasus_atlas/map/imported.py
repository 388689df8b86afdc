"""Imported events (ACLED, UCDP) for the map: compact columns that ``static/atlas/imported.js`` draws on a canvas."""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from caucasus_atlas.settings import MAX_PILE_ROWS

#: Colours of imported datasets, in the order of the imports (none is a topic colour).
IMPORT_COLOURS = ("#3a3a3a", "#6a3d9a", "#8c510a", "#01665e", "#762a83", "#4d4d4d")
#: Their names, for the legend.
IMPORT_COLOUR_NAMES = ("dark grey", "purple", "brown", "teal", "violet", "grey")


def _legend(sources: list[str]) -> list[dict[str, str]]:
    """Each import's name and colour, in the imports' order."""
    return [{"name": name, "colour": IMPORT_COLOURS[i % len(IMPORT_COLOURS)]} for i, name in enumerate(sources)]


# -- the view's payload: what the map's view can show, whatever the size of the imports -------------------

#: Below the points zoom, or with more points in view than :data:`MAX_VIEW_POINTS`, imported events are
#: counted per cell of this many screen pixels (cells of a grid fixed on the world, so a pan keeps them).
CELL_PX = 48
#: Most points one view's payload carries (about 20 bytes each): a view with more is counted per cell,
#: and the map says "zoom in to see each".
MAX_VIEW_POINTS = 20_000
#: A view's payload covers this share of the view's width and height more on each side, so that a short pan
#: needs no new payload.
VIEW_MARGIN = 0.5
#: Web Mercator's latitude limit (as Leaflet's).
MAX_LAT = 85.0511287798


@dataclass(frozen=True)
class Viewport:
    """A map's view as the browser reports it: its box in degrees and its zoom."""

    south: float
    west: float
    north: float
    east: float
    zoom: int

    @classmethod
    def parse(cls, value: Any) -> Viewport | None:
        """The view a map's message gives (``[south, west, north, east, zoom]``), or None when it is not one.

        >>> Viewport.parse([39.0, 44.0, 41.0, 47.5, 8])
        Viewport(south=39.0, west=44.0, north=41.0, east=47.5, zoom=8)
        >>> Viewport.parse([41.0, 44.0, 39.0, 47.5, 8]) is None, Viewport.parse("x") is None
        (True, True)
        """
        if not isinstance(value, list | tuple) or len(value) != 5:
            return None
        try:
            south, west, north, east = (float(v) for v in value[:4])
            zoom = int(value[4])
        except (TypeError, ValueError):
            return None
        if not all(math.isfinite(v) for v in (south, west, north, east)):
            return None
        if not (south < north and west < east and 0 <= zoom <= 22):
            return None
        return cls.within_world(south, west, north, east, zoom)

    @classmethod
    def within_world(cls, south: float, west: float, north: float, east: float, zoom: int) -> Viewport:
        """The box cut to the world Web Mercator draws."""
        return cls(max(south, -MAX_LAT), max(west, -180.0), min(north, MAX_LAT), min(east, 180.0), zoom)

    @classmethod
    def around(cls, lat: float, lon: float, zoom: int, width_px: int = 1200, height_px: int = 450) -> Viewport:
        """The view of a map ``width_px`` by ``height_px`` centred on a point (the server's guess of a view
        the browser has not reported yet).

        >>> v = Viewport.around(40.0, 46.0, 7)
        >>> round(v.east - v.west, 2), v.zoom
        (13.18, 7)
        """
        scale = 256 * 2**zoom
        x, y = (lon + 180) / 360 * scale, _mercator_y(np.array([lat]))[0] * scale
        west, east = (x - width_px / 2) / scale * 360 - 180, (x + width_px / 2) / scale * 360 - 180
        north, south = (_lat_of(y - height_px / 2, scale), _lat_of(y + height_px / 2, scale))
        return cls.within_world(south, west, north, east, zoom)

    @classmethod
    def fitting(
        cls, bounds: tuple[float, float, float, float], width_px: int, height_px: int, *, max_zoom: int = 9,
        pad: float = 0.15,
    ) -> Viewport:  # fmt: skip
        """The view Leaflet opens on with ``fitBounds(bounds.pad(pad), {maxZoom: max_zoom})`` in a map of
        ``width_px`` by ``height_px`` (``bounds``: south, west, north, east): the largest whole zoom at which the
        padded box fits, centred on the box (as ``static/atlas/layers.js`` fits the events of the first view).

        >>> v = Viewport.fitting((38.8, 44.7, 41.1, 49.6), 646, 640)
        >>> v.zoom, round((v.west + v.east) / 2, 2)
        (7, 47.15)
        """
        south, west, north, east = bounds
        dy, dx = (north - south) * pad, (east - west) * pad
        south, west, north, east = south - dy, west - dx, north + dy, east + dx
        top, bottom = _mercator_y(np.array([north, south]))
        left, right = (west + 180) / 360, (east + 180) / 360
        scales = [
            size / (256 * extent) for size, extent in ((width_px, right - left), (height_px, bottom - top)) if extent
        ]
        zoom = max_zoom if not scales else min(max_zoom, math.floor(round(math.log2(min(scales)), 2)))
        return cls.around(_lat_of((top + bottom) / 2, 1.0), (left + right) / 2 * 360 - 180, zoom, width_px, height_px)

    def padded(self, share: float = VIEW_MARGIN) -> Viewport:
        """The box grown by ``share`` of its height and width on each side (within the world)."""
        dy, dx = (self.north - self.south) * share, (self.east - self.west) * share
        return Viewport.within_world(self.south - dy, self.west - dx, self.north + dy, self.east + dx, self.zoom)


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    """Web Mercator's y of latitudes, from 0 (north) to 1 (south), as Leaflet projects them."""
    s = np.sin(np.radians(np.clip(lat, -MAX_LAT, MAX_LAT)))
    return 0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)


def _lat_of(y_px: float, scale: float) -> float:
    return float(np.degrees(2 * np.arctan(np.exp((0.5 - y_px / scale) * 2 * np.pi)) - np.pi / 2))


#: The parts of :func:`position_arrays`.
POSITION_PARTS = ("lat", "lon", "mx", "my")


def position_arrays(lat: np.ndarray, lon: np.ndarray) -> dict[str, np.ndarray]:
    """Positions in degrees as a view's payload needs them: 1e-5 degree integers (``lat``, ``lon``: sent),
    and Web Mercator x and y from 0 to 1 (``mx``, ``my``: counted per cell). 16 bytes an event.

    >>> {k: v.tolist() for k, v in position_arrays(np.array([0.0]), np.array([45.5])).items()}
    {'lat': [0], 'lon': [4550000], 'mx': [0.6263889074325562], 'my': [0.5]}
    """
    return {
        "lat": np.round(lat * 1e5).astype("<i4"),
        "lon": np.round(lon * 1e5).astype("<i4"),
        "mx": ((lon + 180) / 360).astype("<f4"),
        "my": _mercator_y(lat).astype("<f4"),
    }


@dataclass(frozen=True)
class Positions:
    """The imported events' positions, once per load, in the forms a view's payload needs
    (:func:`position_arrays`), and each event's import as a code (its index in the imports' order)."""

    lat: np.ndarray
    lon: np.ndarray
    mx: np.ndarray
    my: np.ndarray
    src: np.ndarray

    @classmethod
    def of(cls, imported: pd.DataFrame, sources: list[str], stored: dict[str, np.ndarray] | None = None) -> Positions:
        """The positions of ``imported``: ``stored`` when given (:func:`position_arrays` of the same events,
        mapped from files that every server process shares: :func:`caucasus_atlas.imports.stored_positions`),
        else worked out here. One import's codes are all 0, left unwritten (no memory until touched)."""
        if stored is None or any(len(stored[part]) != len(imported) for part in POSITION_PARTS):
            lat = imported["latitude"].to_numpy("float64")
            stored = position_arrays(lat, imported["longitude"].to_numpy("float64"))
        one = len(sources) == 1
        src = np.zeros(len(imported), "<u2") if one else source_codes(imported["source_id"], sources)
        return cls(**stored, src=src)

    def __len__(self) -> int:
        return len(self.lat)


def source_codes(names: pd.Series, sources: list[str]) -> np.ndarray:
    """Each name's index in ``sources`` as two-byte integers, computed on the texts where they lie (for
    3,000,000 names, not one Python string each: that took 0.5 GB for a moment).

    >>> source_codes(pd.Series(["b", "a", "b"], dtype="str"), ["a", "b"]).tolist()
    [1, 0, 1]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = hasattr(names.array, "__arrow_array__")  # texts held by Arrow (pandas' "str"): taken as they are
    texts = pa.array(names.array) if arrow else pa.array(names.to_numpy(object), pa.string())
    codes = pc.index_in(texts, value_set=pa.array(sources, pa.string()).cast(texts.type))
    return pc.fill_null(codes, 0).to_numpy().astype("<u2")


def _in_box(points: Positions, rows: np.ndarray, box: Viewport) -> np.ndarray:
    """Positions of ``rows`` (sorted positions in the imports) inside ``box``."""
    south, north = round(box.south * 1e5), round(box.north * 1e5)
    west, east = round(box.west * 1e5), round(box.east * 1e5)
    inside = (points.lat >= south) & (points.lat <= north) & (points.lon >= west) & (points.lon <= east)
    if len(rows) < len(points):  # the filter keeps some: both must hold
        chosen = np.zeros(len(points), dtype=bool)
        chosen[rows] = True
        inside &= chosen
    return np.flatnonzero(inside)


def _cells(points: Positions, at: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Each point's cell (column, row) on the world's grid of :data:`CELL_PX` pixels at ``zoom``."""
    size = np.float32(256 * 2**zoom / CELL_PX)  # x and y are not negative: truncation is the floor
    return (points.mx[at] * size).astype("<i4"), (points.my[at] * size).astype("<i4")


def view_payload(
    points: Positions, rows: np.ndarray, view: Viewport, sources: list[str], *,
    points_from_zoom: int, cap: int = MAX_VIEW_POINTS,
) -> dict[str, Any]:  # fmt: skip
    """What the map needs of the imported events ``rows`` (positions in the imports, in the filter) to draw
    ``view``: each point inside the view and its margin, from zoom ``points_from_zoom`` on and when there are at
    most ``cap``; else counts per cell of :data:`CELL_PX` pixels (each with its events' mean position, its
    most common import, and for a cell of one event that event's row). The payload says which box and zoom
    it covers, so that the map asks again only when its view leaves them.

    Examples
    --------
    >>> frame = pd.DataFrame({"latitude": [40.0, 40.0001, 41.0], "longitude": [45.0, 45.0001, 46.0],
    ...                       "source_id": ["a", "a", "b"]})
    >>> points = Positions.of(frame, ["a", "b"])
    >>> p = view_payload(points, np.arange(3), Viewport(39.5, 44.5, 41.5, 46.5, 7), ["a", "b"], points_from_zoom=9)
    >>> p["mode"], p["inView"], np.frombuffer(base64.b64decode(p["count"]), "<u4").tolist()
    ('cells', 3, [1, 2])
    >>> p = view_payload(points, np.arange(3), Viewport(39.9, 44.9, 40.1, 45.1, 12), ["a", "b"], points_from_zoom=9)
    >>> p["mode"], p["n"], np.frombuffer(base64.b64decode(p["row"]), "<i4").tolist()
    ('points', 2, [0, 1])
    """
    rows = _positions(rows)
    box = view.padded()
    at = _in_box(points, rows, box)
    head = {
        "total": len(rows), "inView": len(at), "sources": _legend(sources), "zoom": view.zoom,
        "box": [box.south, box.west, box.north, box.east], "pointsFrom": points_from_zoom, "cap": cap,
        "maxPile": MAX_PILE_ROWS,
    }  # fmt: skip
    if view.zoom >= points_from_zoom and len(at) <= cap:
        return {
            **head, "mode": "points", "n": len(at), "lat": _b64(points.lat[at]), "lon": _b64(points.lon[at]),
            "row": _b64(at.astype("<i4")), "src": _b64(points.src[at]),
        }  # fmt: skip
    cx, cy = _cells(points, at, view.zoom)
    if len(at):
        x0, y0 = int(cx.min()), int(cy.min())
        width = int(cx.max()) - x0 + 1
        height = int(cy.max()) - y0 + 1
        local = (cy - y0).astype("int64" if width * height * len(sources) >= 2**31 else "int32") * width + (cx - x0)
        count = np.bincount(local)
        used = np.flatnonzero(count)
        lat = np.bincount(local, weights=points.lat[at])[used] / count[used]
        lon = np.bincount(local, weights=points.lon[at])[used] / count[used]
        n_src = max(len(sources), 1)
        if n_src == 1:  # one import: every cell's
            src = np.zeros(len(used), dtype="<u2")
        else:
            per_source = np.bincount(local * n_src + points.src[at], minlength=(local.max() + 1) * n_src)
            src = per_source.reshape(-1, n_src)[used].argmax(axis=1)
        one = np.full(len(count), -1, dtype="<i4")
        one[local] = at  # a cell of one event: its row (a cell of more: any of its rows, not used)
        one = np.where(count[used] == 1, one[used], -1)
        cell_x, cell_y = used % width + x0, used // width + y0
    else:
        lat = lon = np.array([], dtype="float64")
        count, used, src, one = np.array([], dtype="int64"), np.array([], dtype="int64"), np.array([]), np.array([])
        cell_x = cell_y = np.array([], dtype="int64")
    return {
        **head, "mode": "cells", "n": len(used),
        "lat": _b64(np.round(lat).astype("<i4")), "lon": _b64(np.round(lon).astype("<i4")),
        "count": _b64(count[used].astype("<u4")), "src": _b64(np.asarray(src).astype("<u2")),
        "one": _b64(np.asarray(one).astype("<i4")),
        "cx": _b64(cell_x.astype("<i4")), "cy": _b64(cell_y.astype("<i4")),
    }  # fmt: skip


def cell_rows(points: Positions, rows: np.ndarray, zoom: int, column: int, row: int) -> np.ndarray:
    """Positions of ``rows`` (in the filter) in one cell of :func:`view_payload`'s grid at ``zoom``."""
    scale = 256 * 2**zoom
    west = (column * CELL_PX - CELL_PX) / scale * 360 - 180  # a cell's box, a cell wider each way (rounding)
    east = ((column + 2) * CELL_PX) / scale * 360 - 180
    north, south = _lat_of((row - 1) * CELL_PX, scale), _lat_of((row + 2) * CELL_PX, scale)
    at = _in_box(points, _positions(rows), Viewport(south, west, north, east, zoom))
    cx, cy = _cells(points, at, zoom)
    return at[(cx == column) & (cy == row)]


def _positions(rows: Any) -> np.ndarray:
    """Positions as an integer array, as they are when they are one (a copy of 3,000,000 costs 24 MB)."""
    rows = np.asarray(rows)
    return rows if rows.dtype.kind in "iu" else rows.astype("int64")


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")
