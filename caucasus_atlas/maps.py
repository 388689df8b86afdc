"""Build the folium map: a basemap from bundled boundaries, one layer per topic, local assets only.

Events are drawn per location: the places of a topic's filtered events that share a geometry become one
feature of that topic's layer, carrying the ids of their places and events. A click returns that feature, and the page
looks its events up by id. Every text that comes from data is escaped before it reaches popup HTML.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
from branca.element import Element
from shapely.geometry import shape

from caucasus_atlas import settings

_JS_TEMPLATE_ENTITIES = {"`": "&#96;", "$": "&#36;", "\\": "&#92;"}


def escape(text: object) -> str:
    """HTML-escape ``text`` and write `` ` ``, ``$`` and ``\\`` as entities.

    folium puts popup and tooltip text inside JavaScript template strings, where a back-tick ends the
    string and ``${`` runs code; as entities they are inert and still display as themselves.

    Examples
    --------
    >>> escape("<b>${x}`</b>")
    '&lt;b&gt;&#36;{x}&#96;&lt;/b&gt;'
    """
    out = html.escape(str(text), quote=True)
    for char, entity in _JS_TEMPLATE_ENTITIES.items():
        out = out.replace(char, entity)
    return out


def _popup_html(names: list[str], precision: int, events: pd.DataFrame, where: dict[str, str]) -> str:
    parts = [f"<div class='ca-popup'><b>{escape(' · '.join(names))}</b>"]
    parts.append(f"<div class='ca-muted'>{escape(settings.GEO_PRECISION[precision])}</div>")
    for event_id, event in events.iterrows():
        parts.append(
            "<hr>"
            f"<div><b>{escape(event['date_label'])}</b> · {escape(where[event_id])}</div>"
            f"<div class='ca-muted'>Claimed by: {escape(event['claimed_by'])}</div>"
            f"<blockquote>{escape(event['excerpt'])}</blockquote>"
        )
    parts.append("</div>")
    return "".join(parts)


def topic_features(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    topic: str,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """GeoJSON features of one topic: (areas and lines, points). One feature per location, listing its events.

    Places that share a geometry (Baku and a court placed at Baku) share one feature, so that no feature
    hides another. ``events`` is the filtered event table; ``event_places`` links events to places with a
    role. A feature's properties: ``place_ids`` and ``event_ids`` (comma-separated, events in date order),
    ``n_events``, ``tooltip`` and ``popup`` (escaped HTML).
    """
    topic_events = events[events["topic"] == topic]
    links = event_places[event_places["event_id"].isin(topic_events.index)]
    if links.empty:
        return [], []
    links = links.assign(location=[places.geometry[p].wkb_hex for p in links["place_id"]])
    areas: list[dict[str, Any]] = []
    points: list[dict[str, Any]] = []
    for _, group in links.groupby("location", sort=False):
        place_ids = sorted(set(group["place_id"]))
        first = places.loc[place_ids[0]]
        # the coarsest precision of the places here: what is drawn and what the popup names agree
        precision = int(places.loc[place_ids, "geo_precision"].max())
        in_group = set(group["event_id"])
        ids = [i for i in topic_events.index if i in in_group]
        where = {}
        for event_id in ids:
            rows = group[group["event_id"] == event_id]
            where[event_id] = "; ".join(
                f"{places.loc[r.place_id, 'name']}: {settings.PLACE_ROLES[r.role]}" for r in rows.itertuples()
            )
        names = [places.loc[p, "name"] for p in place_ids]
        feature = {
            "type": "Feature",
            "id": f"{topic}:{'+'.join(place_ids)}",
            "geometry": first.geometry.__geo_interface__,
            "properties": {
                "place_ids": ",".join(place_ids),
                "topic": topic,
                "event_ids": ",".join(ids),
                "n_events": len(ids),
                "precision": precision,
                "tooltip": escape(f"{' · '.join(names)}: {len(ids)} event{'s' if len(ids) != 1 else ''}"),
                "popup": _popup_html(names, precision, topic_events.loc[ids], where),
            },
        }
        (points if first.geometry.geom_type == "Point" else areas).append(feature)
    # larger shapes first, so that a smaller one drawn later stays on top and clickable
    areas.sort(key=lambda f: (-_area(f), f["id"]))
    points.sort(key=lambda f: f["id"])
    return areas, points


def _area(feature: dict[str, Any]) -> float:
    return shape(feature["geometry"]).area


def _radius(n_events: int) -> float:
    return round(6 + 3 * math.sqrt(n_events - 1), 1)


def localise_assets(fmap: folium.Map) -> None:
    """Point every JavaScript and CSS asset of the map at the local copies under ``static/``.

    Raises ``ValueError`` naming any asset that has no local copy, so nothing is ever fetched from a CDN.
    """
    for element in _walk(fmap):
        for attr, local in (("default_js", settings.LOCAL_JS), ("default_css", settings.LOCAL_CSS)):
            assets = getattr(element, attr, None)
            if not assets:
                continue
            kept = [(name, local[name]) for name, _ in assets if name in local]
            unknown = [url for name, url in assets if name not in local and name not in _NOT_NEEDED]
            if unknown:
                msg = f"{type(element).__name__} needs assets with no local copy: {unknown!r}"
                raise ValueError(msg)
            setattr(element, attr, kept)


#: folium's default assets that this map does not use (Bootstrap and the awesome-markers icons).
_NOT_NEEDED = {
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


_POPUP_CSS = """
<style>
.ca-popup { max-height: 260px; overflow-y: auto; font: 13px/1.35 system-ui, sans-serif; }
.ca-popup blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #bbb; }
.ca-muted { color: #555; font-size: 12px; }
.ca-popup hr { margin: 6px 0; border: 0; border-top: 1px solid #ddd; }
</style>
"""


def build_map(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    *,
    admin0: gpd.GeoDataFrame | None,
    admin1: gpd.GeoDataFrame | None,
    tiles: bool = True,
    focus: list[str] | None = None,
    highlight: gpd.GeoDataFrame | None = None,
    cluster: bool = False,
    center: tuple[float, float] = settings.MAP_CENTER,
    zoom: int = settings.MAP_ZOOM,
) -> folium.Map:
    """The map of ``events`` (already filtered): boundaries below, then per topic its areas, routes and places.

    Uncertainty is drawn: an exact place is a circle whose size counts its events; a place known only
    as "near" (``geo_precision`` 2) is a dashed circle of :data:`settings.UNCERTAINTY_RADIUS_M` metres;
    a district-level event is its district's polygon. ``focus`` (place ids) fits the view to those
    places; ``highlight`` draws extra outlines (the border districts); ``cluster`` merges exact places
    that overlap on screen into numbered clusters until zoom :data:`settings.CLUSTER_UNTIL_ZOOM`. With
    ``tiles`` an OpenStreetMap layer sits on top of the bundled basemap, drawn only when the user's
    browser can reach it.
    """
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    fmap.get_root().header.add_child(Element(_POPUP_CSS))
    if admin0 is not None:
        folium.GeoJson(
            admin0[["NAME", "geometry"]],
            name="Countries (Natural Earth)",
            style_function=lambda f: {"fillColor": "#f3efe6", "color": "#8a8a8a", "weight": 1, "fillOpacity": 1},
            interactive=False,
            control=False,
        ).add_to(fmap)
    if tiles:
        folium.TileLayer(settings.TILE_URL, attr=settings.TILE_ATTRIBUTION, name="OpenStreetMap", opacity=0.85).add_to(
            fmap
        )
    if admin1 is not None:
        folium.GeoJson(
            admin1[["name_en", "geometry"]],
            name="Districts and provinces (Natural Earth)",
            style_function=lambda f: {"fillOpacity": 0, "color": "#9a9a9a", "weight": 0.6},
            interactive=False,
        ).add_to(fmap)
    if highlight is not None and len(highlight):
        folium.GeoJson(
            highlight[["name_en", "geometry"]],
            name="Border districts",
            style_function=lambda f: {"fillColor": "#555", "fillOpacity": 0.06, "color": "#444", "weight": 1.4},
            interactive=False,
        ).add_to(fmap)
    # drawing order, bottom to top: areas (the layer with the largest area first), routes, places
    shapes, routes, points = [], [], []
    for topic in settings.TOPICS:
        areas, dots = topic_features(events, event_places, places, topic)
        label, colour = settings.TOPICS[topic]
        polygons = [f for f in areas if f["geometry"]["type"] != "LineString"]
        lines = [f for f in areas if f["geometry"]["type"] == "LineString"]
        near = [f for f in dots if f["properties"]["precision"] >= 2]
        exact = [f for f in dots if f["properties"]["precision"] < 2]
        if polygons:
            shapes.append((max(map(_area, polygons)), _feature_layer(polygons, colour, f"{label} – areas")))
        if lines:
            routes.append(_feature_layer(lines, colour, f"{label} – routes"))
        if near:
            routes.append(_feature_layer(near, colour, f"{label} – near a place", marker=folium.Circle(fill=True)))
        if exact:
            points.append(_feature_layer(exact, colour, f"{label} – places"))
    for _, layer in sorted(shapes, key=lambda item: -item[0]):
        layer.add_to(fmap)
    for layer in routes:
        layer.add_to(fmap)
    parent: folium.Map | folium.plugins.MarkerCluster = fmap
    if cluster and points:
        parent = folium.plugins.MarkerCluster(
            name="Places (clustered)",
            options={
                "maxClusterRadius": settings.CLUSTER_RADIUS_PX,
                "disableClusteringAtZoom": settings.CLUSTER_UNTIL_ZOOM,
                "spiderfyOnMaxZoom": True,
                "showCoverageOnHover": False,
            },
        ).add_to(fmap)
    for layer in points:
        layer.add_to(parent)
    if focus:
        bounds = places.loc[[p for p in focus if p in places.index]].total_bounds
        if len(bounds) == 4 and all(map(math.isfinite, bounds)):
            west, south, east, north = bounds
            pad = 0.3
            fmap.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]], max_zoom=9)
    folium.LayerControl(collapsed=True).add_to(fmap)
    localise_assets(fmap)
    return fmap


def _feature_layer(
    features: list[dict[str, Any]], colour: str, name: str, *, marker: folium.Marker | None = None
) -> folium.GeoJson:
    def style(feature: dict[str, Any]) -> dict[str, Any]:
        kind = feature["geometry"]["type"]
        if kind == "Point" and feature["properties"]["precision"] >= 2:
            return {
                "radius": settings.UNCERTAINTY_RADIUS_M, "color": colour, "weight": 2, "dashArray": "5 4",
                "fillColor": colour, "fillOpacity": 0.25,
            }  # fmt: skip
        if kind == "Point":
            radius = _radius(feature["properties"]["n_events"])
            return {"radius": radius, "color": "#222", "weight": 1, "fillColor": colour, "fillOpacity": 0.9}
        if kind == "LineString":
            return {"color": colour, "weight": 4, "opacity": 0.9, "dashArray": "8 5"}
        return {"color": colour, "weight": 2, "fillColor": colour, "fillOpacity": 0.18, "dashArray": "4 3"}

    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        style_function=style,
        highlight_function=lambda f: (
            {"weight": 3, "fillOpacity": 0.35} if f["geometry"]["type"] != "Point" else {"weight": 3}
        ),
        marker=marker or folium.CircleMarker(fill=True),
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
        popup=folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=380, auto_pan_padding_top_left=[60, 40]),
    )
