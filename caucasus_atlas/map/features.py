"""The events as GeoJSON features and layers: one feature per location and colour group.

The places of a group's filtered events that share a geometry become one feature, carrying the ids of
their places and events. A click returns that feature, and the page looks its events up by id. Every text
that comes from data is escaped before it reaches popup HTML.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd

from caucasus_atlas import settings
from caucasus_atlas.map.escaping import escape
from caucasus_atlas.symbols import groups as colour_groups

#: How each kind of event feature is drawn: its layer's name suffix.
KINDS = {"area": "areas", "route": "routes", "near": "near a place", "exact": "places"}


def _popup_html(names: list[str], precision: int, entries: list[tuple[str, str, str, str, str]]) -> str:
    """A location's popup: its names and precision, then per event its date, places, claimant, excerpt and,
    for an account of an incident, a link to every side's account of it (its address is completed in the
    browser, from the page's own: ``static/atlas/layers.js``).

    ``entries`` are ``(date label, where, claimed by, excerpt, incident id or "")``, all raw data text:
    escaped here.
    """
    parts = [f"<div class='ca-popup'><b>{escape(' · '.join(names))}</b>"]
    parts.append(f"<div class='ca-muted'>{escape(settings.GEO_PRECISION[precision])}</div>")
    for date_label, where, claimed_by, excerpt, incident in entries:
        parts.append(
            "<hr>"
            f"<div><b>{escape(date_label)}</b> · {escape(where)}</div>"
            f"<div class='ca-muted'>Claimed by: {escape(claimed_by)}</div>"
            f"<blockquote>{escape(excerpt)}</blockquote>"
        )
        if incident:
            parts.append(
                f"<div><a class='ca-incident' data-incident='{escape(incident)}' href='#'>"
                "See every side's account of this incident</a></div>"
            )
    parts.append("</div>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _PlaceInfo:
    name: str
    precision: int
    location: bytes  # the geometry as WKB: places with equal geometry share one feature
    geometry: dict[str, Any]
    is_point: bool
    area: float


_MEMO: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}


def memo(frame: Any, build: Callable[[Any], Any], what: str) -> Any:
    """``build(frame)``, computed once per frame object and ``what`` (frames are read-only once loaded)."""
    key = (id(frame), what)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1]
    value = build(frame)

    def forget(_: object, key: tuple[int, str] = key) -> None:
        _MEMO.pop(key, None)

    _MEMO[key] = (weakref.ref(frame, forget), value)
    return value


def _place_info(places: gpd.GeoDataFrame) -> dict[str, _PlaceInfo]:
    info = {}
    for place_id, name, precision, geometry in zip(
        places.index, places["name"], places["geo_precision"], places.geometry, strict=True
    ):
        info[place_id] = _PlaceInfo(
            name=name,
            precision=int(precision),
            location=geometry.wkb,
            geometry=rounded(geometry.__geo_interface__),
            is_point=geometry.geom_type == "Point",
            area=geometry.area,
        )
    return info


def rounded(value: Any, digits: int = 5) -> Any:
    """Coordinates rounded to ``digits`` decimals (5: about a metre), tuples as lists: smaller JSON."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list | tuple):
        return [rounded(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    return value


def map_features(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    *,
    faded: frozenset[str] = frozenset(),
    by: str = "topic",
) -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """GeoJSON features per topic: ``{topic: (areas and lines, points)}``, one feature per location; with
    ``by="party"``, per party instead (keys ``party-<id>``, :func:`caucasus_atlas.symbols.groups`).

    Places that share a geometry (Baku and a court placed at Baku) share one feature, so that no feature
    hides another. ``events`` is the filtered event table; ``event_places`` links events to places with a
    role. A feature's properties: ``place_ids`` and ``event_ids`` (comma-separated, events in date order),
    ``n_events``, ``precision``, ``topic``, ``tooltip``, ``popup`` (escaped HTML), ``dates`` (the first
    and last events' dates, escaped) and ``faded`` (every
    event there is in ``faded``: dated only to a wider period than the range). Plain Python over the
    rows: a filter of the whole bulletin takes a few milliseconds.
    """
    info = memo(places, _place_info, "places")
    order = {event_id: i for i, event_id in enumerate(events.index)}
    keys = events["topic"] if by == "topic" else "party-" + events["party"]
    ends = dict(zip(events.index, events["date_end"], strict=True))
    incidents = events["incident"] if "incident" in events else pd.Series("", index=events.index)
    facts = {
        event_id: (key, label, claimed_by, excerpt, incident if isinstance(incident, str) else "")
        for event_id, key, label, claimed_by, excerpt, incident in zip(
            events.index, keys, events["date_label"], events["claimed_by"], events["excerpt"], incidents, strict=True
        )
    }
    # (topic, location) -> {"places": [...], "events": {event_id: [(place, role), ...]}}
    groups: dict[tuple[str, bytes], dict[str, Any]] = {}
    for event_id, place_id, role in zip(
        event_places["event_id"], event_places["place_id"], event_places["role"], strict=True
    ):
        if event_id not in facts or place_id not in info:
            continue
        place = info[place_id]
        group = groups.setdefault((facts[event_id][0], place.location), {"places": [], "events": {}})
        if place_id not in group["places"]:
            group["places"].append(place_id)
        group["events"].setdefault(event_id, []).append((place_id, role))
    out: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {t: ([], []) for t in colour_groups(by)}
    for (topic, _), group in groups.items():
        place_ids = sorted(group["places"])
        first = info[place_ids[0]]
        # the coarsest precision of the places here: what is drawn and what the popup names agree
        precision = max(info[p].precision for p in place_ids)
        ids = sorted(group["events"], key=order.__getitem__)
        names = [info[p].name for p in place_ids]
        entries = []
        for event_id in ids:
            where = "; ".join(f"{info[p].name}: {settings.PLACE_ROLES[r]}" for p, r in group["events"][event_id])
            _, label, claimed_by, excerpt, incident = facts[event_id]
            entries.append((label, where, claimed_by, excerpt, incident))
        n = len(ids)
        # from the first event's start to the latest end, as the events' own date labels say them
        first_date = facts[ids[0]][1].split(" – ")[0]
        last_date = facts[max(ids, key=ends.__getitem__)][1].split(" – ")[-1]
        feature = {
            "type": "Feature",
            "id": f"{topic}:{'+'.join(place_ids)}",
            "geometry": first.geometry,
            "properties": {
                "place_ids": ",".join(place_ids),
                "topic": topic,
                "event_ids": ",".join(ids),
                "n_events": n,
                "precision": precision,
                "tooltip": escape(f"{' · '.join(names)}: {n} event{'s' if n != 1 else ''}"),
                "popup": _popup_html(names, precision, entries),
                # the first event's date and the last's: two features of one place tell apart in a list
                "dates": escape(first_date if first_date == last_date else f"{first_date} – {last_date}"),
                "faded": all(i in faded for i in ids),
            },
        }
        out[topic][1 if first.is_point else 0].append(feature)
    for areas, points in out.values():
        # larger shapes first, so that a smaller one drawn later stays on top and clickable
        areas.sort(key=lambda f: (-info[f["properties"]["place_ids"].split(",")[0]].area, f["id"]))
        points.sort(key=lambda f: f["id"])
    return out


def topic_features(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    topic: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The features of one topic: (areas and lines, points). See :func:`map_features`."""
    return map_features(events[events["topic"] == topic], event_places, places)[topic]


def event_layers(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    *,
    faded: frozenset[str] = frozenset(),
    by: str = "topic",
) -> list[dict[str, Any]]:
    """The event layers in drawing order, bottom to top: areas (the layer with the largest area first),
    routes and "near" circles, then exact places. Each: ``name``, ``topic`` (the colour group: a topic, or
    ``party-<id>`` with ``by="party"``), ``kind``, ``data``."""
    shapes, routes, points = [], [], []
    info = memo(places, _place_info, "places")
    labels = {key: group.label for key, group in colour_groups(by).items()}
    for topic, (areas, dots) in map_features(events, event_places, places, faded=faded, by=by).items():
        label = labels[topic]

        def layer(kind: str, features: list[dict[str, Any]], topic: str = topic, label: str = label) -> dict[str, Any]:
            data = {"type": "FeatureCollection", "features": features}
            return {"name": f"{label} – {KINDS[kind]}", "topic": topic, "kind": kind, "data": data}

        polygons = [f for f in areas if f["geometry"]["type"] != "LineString"]
        lines = [f for f in areas if f["geometry"]["type"] == "LineString"]
        near = [f for f in dots if f["properties"]["precision"] >= 2]
        exact = [f for f in dots if f["properties"]["precision"] < 2]
        if polygons:
            largest = max(info[f["properties"]["place_ids"].split(",")[0]].area for f in polygons)
            shapes.append((largest, layer("area", polygons)))
        if lines:
            routes.append(layer("route", lines))
        if near:
            routes.append(layer("near", near))
        if exact:
            points.append(layer("exact", exact))
    return [spec for _, spec in sorted(shapes, key=lambda item: -item[0])] + routes + points


def layers_bounds(layers: list[dict[str, Any]], region: tuple[float, float, float, float]) -> tuple | None:
    """The box (south, west, north, east) of the event layers' features that lie inside ``region`` (west,
    south, east, north), as ``static/atlas/layers.js`` gathers them to fit the first view; None for none."""
    from shapely.geometry import shape

    west, south, east, north = region
    boxes = [shape(f["geometry"]).bounds for spec in layers for f in spec["data"]["features"]]
    inside = [b for b in boxes if west <= b[0] and b[2] <= east and south <= b[1] and b[3] <= north]
    if not inside:
        return None
    return (min(b[1] for b in inside), min(b[0] for b in inside), max(b[3] for b in inside), max(b[2] for b in inside))
