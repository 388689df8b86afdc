"""Independent records nearby: for each curated account, the imported events of the same days and place.

An imported event is "nearby" an account when its date span comes within ``days`` of the date the
account gives the happening (``[start - days, end + days]`` overlaps the imported span) and its point lies
within ``km`` of a place the happening is put at: of the point, along the line, or inside or near the
district. Which places and which date (:func:`basis`): those the account states (``states``); else, for an
account of something done rather than said, where it happened (``at``) and its own date. Speeches, posts,
calls and meetings that state no place, places that are whole regions, and dates wider than a week get no
count: the independent record of "the same place and days" means nothing there. Distances are
measured on a local flat projection around each place (equirectangular: exact enough at 25 km).
Nothing is merged or reconciled: the list only sets the independent record beside the document's claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

#: Event types that are someone speaking: their own date and seat are not the happening's.
SPEECH_TYPES = frozenset({"statement", "phone_call", "meeting", "visit"})
#: The widest date span (days) for which "the same days" still means something.
MAX_SPAN_DAYS = 7

#: Defaults of the sidebar's "independent records nearby" controls.
NEARBY_KM = 25.0
NEARBY_DAYS = 2

_KM_PER_DEGREE_LAT = 110.574
_KM_PER_DEGREE_LON_EQUATOR = 111.320


@dataclass(frozen=True)
class Basis:
    """What an account's independent records are counted around: places and a date span, and why."""

    places: tuple[str, ...]
    start: dt.date
    end: dt.date
    #: ``stated`` (the account's own stated place and date) or ``at`` (where and when it happened)
    why: str


def basis(event: pd.Series, links: pd.DataFrame, places: gpd.GeoDataFrame) -> Basis | None:
    """The places and days an account's nearby records are counted around, or None when none apply.

    Examples
    --------
    >>> from shapely import Point
    >>> places = gpd.GeoDataFrame({"geo_precision": [1, 1]}, geometry=[Point(45.6, 40.0), Point(44.5, 40.2)],
    ...                           index=["lake", "yerevan"])
    >>> links = pd.DataFrame({"event_id": ["s", "s"], "place_id": ["yerevan", "lake"], "role": ["at", "about"]})
    >>> event = pd.Series({"date_start": dt.date(2021, 5, 12), "date_end": dt.date(2021, 5, 12),
    ...                    "event_type": "statement", "states": ()})
    >>> basis(event, links, places) is None   # a speech that states no place: nothing to count around
    True
    >>> done = event.copy(); done["event_type"] = "armed_incident"   # something done: where it happened
    >>> basis(done, links, places).places
    ('yerevan',)
    """
    states = event.get("states") or ()
    stated = [s.value for s in states if s.what == "place" and s.value in places.index]
    days = [s.value.split("/") for s in states if s.what == "date"]
    start, end = event["date_start"], event["date_end"]
    if days:
        start = min(dt.date.fromisoformat(d[0]) for d in days)
        end = max(dt.date.fromisoformat(d[-1]) for d in days)
    if stated:
        chosen, why = stated, "stated"
    elif event["event_type"] in SPEECH_TYPES:
        return None
    else:
        chosen, why = list(links.loc[links["role"] == "at", "place_id"]), "at"
    chosen = [p for p in dict.fromkeys(chosen) if p in places.index and int(places.at[p, "geo_precision"]) < 3]
    if not chosen or (end - start).days + 1 > MAX_SPAN_DAYS:
        return None
    return Basis(tuple(chosen), start, end, why)


def bases(events: pd.DataFrame, event_places: pd.DataFrame, places: gpd.GeoDataFrame) -> dict[str, Basis]:
    """:func:`basis` of every curated event that has one."""
    by_event = dict(tuple(event_places.groupby("event_id", sort=False)))
    empty = event_places.iloc[:0]
    out = {}
    for event_id, event in events.iterrows():
        found = basis(event, by_event.get(event_id, empty), places)
        if found is not None:
            out[event_id] = found
    return out


def nearby(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    imported: pd.DataFrame,
    *,
    km: float = NEARBY_KM,
    days: int = NEARBY_DAYS,
) -> dict[str, np.ndarray]:
    """For each curated event with a :func:`basis`, the positions (rows of ``imported``) of the imported
    events nearby, nearest first; events with none are left out.

    Examples
    --------
    >>> from shapely import Point
    >>> events = pd.DataFrame({"date_start": [dt.date(2021, 5, 12)], "date_end": [dt.date(2021, 5, 12)],
    ...                        "event_type": ["armed_incident"], "states": [()]}, index=["claim"])
    >>> links = pd.DataFrame({"event_id": ["claim"], "place_id": ["lake"], "role": ["at"]})
    >>> places = gpd.GeoDataFrame({"geo_precision": [1]}, geometry=[Point(45.6, 40.0)], index=["lake"])
    >>> imported = pd.DataFrame({"date_start": pd.to_datetime(["2021-05-13", "2021-05-20", "2021-05-11"]),
    ...     "date_end": pd.to_datetime(["2021-05-13", "2021-05-20", "2021-05-11"]),
    ...     "latitude": [40.1, 40.0, 41.0], "longitude": [45.6, 45.6, 45.6]})
    >>> nearby(events, links, places, imported)  # 11 km and a day later: yes; 9 days later, 111 km: no
    {'claim': array([0])}
    """
    if imported.empty or events.empty:
        return {}
    starts = imported["date_start"].to_numpy(dtype="datetime64[D]")
    ends = imported["date_end"].to_numpy(dtype="datetime64[D]")
    lat = imported["latitude"].to_numpy(dtype="float64")
    lon = imported["longitude"].to_numpy(dtype="float64")
    # the candidates of an account are found through a spatial index (the points in a box around its
    # places), then its days: never a scan of every imported event
    index = GridIndex(lat, lon)
    geometry = places.geometry
    window = np.timedelta64(int(days), "D")
    out: dict[str, np.ndarray] = {}
    for event_id, found in bases(events, event_places, places).items():
        start = np.datetime64(_day(found.start), "D") - window
        end = np.datetime64(_day(found.end), "D") + window
        west, south, east, north = shapely.union_all([geometry[p] for p in found.places]).bounds
        dlat = km / _KM_PER_DEGREE_LAT
        dlon = km / (_KM_PER_DEGREE_LON_EQUATOR * max(0.01, np.cos(np.radians(max(abs(south), abs(north)) + dlat))))
        candidates = index.in_box(south - dlat, west - dlon, north + dlat, east + dlon)
        candidates = candidates[(starts[candidates] <= end) & (ends[candidates] >= start)]
        if not len(candidates):
            continue
        candidates = candidates[np.argsort(starts[candidates], kind="stable")]  # ties: by date, then row
        best = np.full(len(candidates), np.inf)
        for place_id in found.places:
            best = np.minimum(best, distances_km(geometry[place_id], lat[candidates], lon[candidates]))
        near = best <= km
        if near.any():
            out[event_id] = candidates[near][np.argsort(best[near], kind="stable")]
    return out


class GridIndex:
    """Points bucketed into cells of ``cell_deg`` degrees and sorted by cell: the points in a box are found by
    one binary search per row of cells (memory: 16 bytes a point).

    >>> index = GridIndex(np.array([40.0, 40.1, 41.0, 39.0]), np.array([45.0, 45.2, 45.0, 47.0]))
    >>> index.in_box(39.9, 44.9, 40.2, 45.3)
    array([0, 1])
    >>> index.in_box(10.0, 10.0, 11.0, 11.0)
    array([], dtype=int64)
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, cell_deg: float = 0.25) -> None:
        self.cell = cell_deg
        self.columns = int(np.ceil(360 / cell_deg)) + 1
        keys = self._row(lat) * self.columns + self._column(lon)
        self.order = np.argsort(keys)  # within a cell any order: a box's positions are sorted on the way out
        self.keys = keys[self.order]

    def _row(self, lat: np.ndarray | float) -> np.ndarray:
        return np.floor((np.clip(lat, -90, 90) + 90) / self.cell).astype(np.int64)

    def _column(self, lon: np.ndarray | float) -> np.ndarray:
        return np.floor((np.clip(lon, -180, 180) + 180) / self.cell).astype(np.int64)

    def in_box(self, south: float, west: float, north: float, east: float) -> np.ndarray:
        """The positions of the points in the cells the box touches (a few more than in the box itself:
        the caller measures), in ascending order."""
        first, last = int(self._column(west)), int(self._column(east))
        parts = []
        for row in range(int(self._row(south)), int(self._row(north)) + 1):
            lo = np.searchsorted(self.keys, row * self.columns + first, side="left")
            hi = np.searchsorted(self.keys, row * self.columns + last, side="right")
            parts.append(self.order[lo:hi])
        return np.sort(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def distances_km(shape: shapely.Geometry, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Kilometres from each point to ``shape`` (0 inside it), on a flat projection around the shape."""
    ref = np.radians(shape.representative_point().y)
    sx, sy = _KM_PER_DEGREE_LON_EQUATOR * np.cos(ref), _KM_PER_DEGREE_LAT
    flat = shapely.transform(shape, lambda xy: xy * np.array([sx, sy]))
    points = shapely.points(lon * sx, lat * sy)
    return shapely.distance(flat, points)


def nearby_counts(found: dict[str, np.ndarray], event_ids: pd.Index) -> pd.Series:
    """How many imported events are nearby each of ``event_ids`` (0 where none)."""
    return pd.Series([len(found.get(i, ())) for i in event_ids], index=event_ids, dtype="int64")
