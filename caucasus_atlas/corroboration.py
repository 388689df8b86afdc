"""Independent records nearby: for each curated account, the imported events of the same days and place.

An imported event is "nearby" an account when its date span comes within ``days`` of the account's
(``[start - days, end + days]`` overlaps the imported span) and its point lies within ``km`` of one of
the account's places: of the point, along the line, or inside or near the district. Distances are
measured on a local flat projection around each place (equirectangular: exact enough at 25 km).
Nothing is merged or reconciled: the list only sets the independent record beside the document's claim.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

#: Defaults of the sidebar's "independent records nearby" controls.
NEARBY_KM = 25.0
NEARBY_DAYS = 2

_KM_PER_DEGREE_LAT = 110.574
_KM_PER_DEGREE_LON_EQUATOR = 111.320


def nearby(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    imported: pd.DataFrame,
    *,
    km: float = NEARBY_KM,
    days: int = NEARBY_DAYS,
) -> dict[str, np.ndarray]:
    """For each curated event with places, the positions (rows of ``imported``) of the imported events
    nearby, nearest first; events with none are left out.

    Examples
    --------
    >>> from shapely import Point
    >>> events = pd.DataFrame({"date_start": [dt.date(2021, 5, 12)], "date_end": [dt.date(2021, 5, 12)]},
    ...                       index=["claim"])
    >>> links = pd.DataFrame({"event_id": ["claim"], "place_id": ["lake"]})
    >>> places = gpd.GeoDataFrame(geometry=[Point(45.6, 40.0)], index=["lake"])
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
    order = np.argsort(starts, kind="stable")
    sorted_starts = starts[order]
    lat = imported["latitude"].to_numpy(dtype="float64")
    lon = imported["longitude"].to_numpy(dtype="float64")
    geometry = places.geometry
    by_event = event_places.groupby("event_id")["place_id"].agg(list)
    window = np.timedelta64(int(days), "D")
    out: dict[str, np.ndarray] = {}
    for event_id in events.index.intersection(by_event.index):
        start = np.datetime64(_day(events.at[event_id, "date_start"]), "D") - window
        end = np.datetime64(_day(events.at[event_id, "date_end"]), "D") + window
        candidates = order[: np.searchsorted(sorted_starts, end, side="right")]
        candidates = candidates[ends[candidates] >= start]
        if not len(candidates):
            continue
        best = np.full(len(candidates), np.inf)
        for place_id in by_event[event_id]:
            if place_id in geometry.index:
                best = np.minimum(best, _distances_km(geometry[place_id], lat[candidates], lon[candidates]))
        near = best <= km
        if near.any():
            out[event_id] = candidates[near][np.argsort(best[near], kind="stable")]
    return out


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def _distances_km(shape: shapely.Geometry, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Kilometres from each point to ``shape`` (0 inside it), on a flat projection around the shape."""
    ref = np.radians(shape.representative_point().y)
    sx, sy = _KM_PER_DEGREE_LON_EQUATOR * np.cos(ref), _KM_PER_DEGREE_LAT
    flat = shapely.transform(shape, lambda xy: xy * np.array([sx, sy]))
    points = shapely.points(lon * sx, lat * sy)
    return shapely.distance(flat, points)


def nearby_counts(found: dict[str, np.ndarray], event_ids: pd.Index) -> pd.Series:
    """How many imported events are nearby each of ``event_ids`` (0 where none)."""
    return pd.Series([len(found.get(i, ())) for i in event_ids], index=event_ids, dtype="int64")
