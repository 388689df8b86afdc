"""Build the folium map: a basemap from bundled boundaries, one layer per topic, local assets only.

Events are drawn per location: the places of a topic's filtered events that share a geometry become one
feature of that topic's layer, carrying the ids of their places and events. A click returns that feature, and the page
looks its events up by id. Every text that comes from data is escaped before it reaches popup HTML.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import math
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from caucasus_atlas import settings
from caucasus_atlas.mapimage import IMAGE_JS
from caucasus_atlas.symbols import all_groups, map_patterns, script_hatches, script_shapes
from caucasus_atlas.symbols import groups as colour_groups

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


def _popup_html(names: list[str], precision: int, entries: list[tuple[str, str, str, str]]) -> str:
    """A location's popup: its names and precision, then per event its date, places, claimant and excerpt.

    ``entries`` are ``(date label, where, claimed by, excerpt)``, all raw data text: escaped here.
    """
    parts = [f"<div class='ca-popup'><b>{escape(' · '.join(names))}</b>"]
    parts.append(f"<div class='ca-muted'>{escape(settings.GEO_PRECISION[precision])}</div>")
    for date_label, where, claimed_by, excerpt in entries:
        parts.append(
            "<hr>"
            f"<div><b>{escape(date_label)}</b> · {escape(where)}</div>"
            f"<div class='ca-muted'>Claimed by: {escape(claimed_by)}</div>"
            f"<blockquote>{escape(excerpt)}</blockquote>"
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


def _memo(frame: Any, build: Callable[[Any], Any], what: str) -> Any:
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
            geometry=_rounded(geometry.__geo_interface__),
            is_point=geometry.geom_type == "Point",
            area=geometry.area,
        )
    return info


def _rounded(value: Any, digits: int = 5) -> Any:
    """Coordinates rounded to ``digits`` decimals (5: about a metre), tuples as lists: smaller JSON."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, list | tuple):
        return [_rounded(v, digits) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v, digits) for k, v in value.items()}
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
    ``n_events``, ``precision``, ``topic``, ``tooltip``, ``popup`` (escaped HTML) and ``faded`` (every
    event there is in ``faded``: dated only to a wider period than the range). Plain Python over the
    rows: a filter of the whole bulletin takes a few milliseconds.
    """
    info = _memo(places, _place_info, "places")
    order = {event_id: i for i, event_id in enumerate(events.index)}
    keys = events["topic"] if by == "topic" else "party-" + events["party"]
    facts = {
        event_id: (key, label, claimed_by, excerpt)
        for event_id, key, label, claimed_by, excerpt in zip(
            events.index, keys, events["date_label"], events["claimed_by"], events["excerpt"], strict=True
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
            _, label, claimed_by, excerpt = facts[event_id]
            entries.append((label, where, claimed_by, excerpt))
        n = len(ids)
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
.ca-label { background: none; border: 0; white-space: nowrap; pointer-events: none; color: #2b2b2b;
  font: 11px/1.1 system-ui, sans-serif; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }
.ca-label-country { font-size: 13px; font-weight: 700; letter-spacing: .12em; text-transform: uppercase;
  color: #474747; }
.ca-label-district { font-size: 10px; font-style: italic; color: #4a4a4a; }
.ca-label-town::before { content: ""; display: inline-block; width: 4px; height: 4px; margin: 0 3px 1px 0;
  border-radius: 50%; background: #2b2b2b; }
.ca-choice { display: block; width: 100%; margin: 4px 0 0; padding: 3px 6px; text-align: left; cursor: pointer;
  font: 12px system-ui, sans-serif; background: #f6f6f6; border: 1px solid #ccc; border-radius: 3px; }
.ca-measure a, .ca-image a { font-size: 16px; font-weight: 700; }
.ca-busy a { opacity: .4; cursor: progress; }
.ca-link-label { white-space: nowrap; font: 11px/1.3 system-ui, sans-serif; color: #222; }
.ca-measuring a { background: #222 !important; color: #fff !important; }
.ca-measure-out { display: none; background: #fff; padding: 3px 6px; font: 12px system-ui, sans-serif;
  max-width: 220px; }
.ca-tiles-off { background: rgba(255, 255, 255, .92); padding: 2px 6px; font: 11px system-ui, sans-serif; color: #333; }
</style>
"""


def script_json(value: Any) -> str:
    r"""JSON to stand inside a ``<script>``: ``<``, ``>``, ``&`` and the JavaScript line separators are
    written as escapes, so that no data text can close the script or start markup.

    Examples
    --------
    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def boundaries_json(frame: gpd.GeoDataFrame | None) -> str:
    """A boundary layer as compact GeoJSON text (geometry only, coordinates to 4 decimals, ~10 m),
    computed once per frame: the basemap is the same on every map."""
    if frame is None or frame.empty:
        return "null"
    return _memo(frame, lambda f: script_json(_rounded(f[["geometry"]].__geo_interface__, 4)), "geojson")


@functools.cache
def _physical_json() -> str:
    """Land, lakes and coast around the region (``settings.PHYSICAL_FILE``) as script JSON, read once."""
    path = settings.project_file(settings.PHYSICAL_FILE)
    return script_json(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else "null"


def basemap_labels(admin0: gpd.GeoDataFrame | None, admin1: gpd.GeoDataFrame | None) -> str:
    """Place names for the offline basemap, as script JSON: countries (Natural Earth's label points),
    districts (their label points) and towns of 2,000 people or more (GeoNames), each name escaped."""

    def build(_: Any) -> str:
        labels: dict[str, list[list[Any]]] = {"countries": [], "districts": [], "towns": []}
        if admin0 is not None and {"NAME", "LABEL_X", "LABEL_Y"} <= set(admin0.columns):
            labels["countries"] = [
                [escape(n), round(float(y), 4), round(float(x), 4)]
                for n, x, y in zip(admin0["NAME"], admin0["LABEL_X"], admin0["LABEL_Y"], strict=True)
            ]
        if admin1 is not None and len(admin1):
            points = admin1.geometry.representative_point()
            lat = admin1["latitude"] if "latitude" in admin1.columns else points.y
            lon = admin1["longitude"] if "longitude" in admin1.columns else points.x
            labels["districts"] = [
                [escape(n), round(float(a), 4), round(float(b), 4)]
                for n, a, b in zip(admin1["name_en"], lat, lon, strict=True)
            ]
        towns = settings.project_file(settings.TOWN_LABELS_FILE)
        if towns.is_file():
            rows = json.loads(towns.read_text(encoding="utf-8"))["rows"]
            labels["towns"] = [[escape(name), lat, lon, population] for name, lat, lon, population, _ in rows]
        return script_json(labels)

    anchor = admin1 if admin1 is not None else admin0
    return build(None) if anchor is None else _memo(anchor, build, "labels")


#: The id of the element in the page that may carry the event layers as JSON, instead of the script
#: (the dashboard caches them apart from the rest of the map: see ``caucasus_atlas.ui.mapview``).
LAYERS_ELEMENT_ID = "ca-event-layers"

#: How each kind of event feature is drawn: its layer's name suffix.
_KINDS = {"area": "areas", "route": "routes", "near": "near a place", "exact": "places"}


class AtlasLayers(JSCSSMixin, MacroElement):
    """Everything the atlas draws, in one script: the basemap (countries below the optional tiles,
    district outlines above), the border districts, and per topic its areas, routes and places.

    The data arrives as ready JSON text and is styled in the browser, so building a map is a few string
    joins instead of one Python object per layer: a rerun stays cheap. Every text in the data was escaped
    for HTML (:func:`escape`) and the JSON for the script (:func:`script_json`).
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var base = {{ this.base }};
{{ this.imported_js }}

  var holder = document.getElementById('{{ this.element_id }}');
  var data = holder ? JSON.parse(holder.textContent) : {{ this.payload }};
  var layers = data.layers;
  var colours = {{ this.colours }};
  // a topic's second channel (caucasus_atlas.symbols): a shape for its points, a hatching for its areas
  var shapes = {{ this.shapes }};
  var hatches = {{ this.hatches }};
  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () {
      var v = this.options.vertices;
      if (!v || !v.length || !this._renderer._setPath) { return L.CircleMarker.prototype._updatePath.call(this); }
      var p = this._point, r = this._radius;
      this._renderer._setPath(this, 'M' + v.map(function (q) { return (p.x + q[0] * r) + ' ' + (p.y + q[1] * r); })
        .join('L') + 'Z');
    }
  });
  function addPatterns(l) {  // the hatchings, once, into the SVG the event layers are drawn in
    var svg = l._renderer && l._renderer._container;
    if (svg && !svg.querySelector('pattern')) { svg.insertAdjacentHTML('afterbegin', {{ this.patterns }}); }
  }
  map.createPane('ca-countries');
  map.getPane('ca-countries').style.zIndex = 150;
  map.createPane('ca-water');
  map.getPane('ca-water').style.zIndex = 160;
  if (base.physical) {  // water where there is no land, lakes and the coast: the map reads without tiles
    map.getContainer().style.background = '#d4e5f2';
    L.geoJSON(base.physical, {pane: 'ca-countries', interactive: false,
      filter: function (f) { return f.properties.kind === 'land'; },
      style: {fillColor: '#f3efe6', fillOpacity: 1, stroke: false}}).addTo(map);
    L.geoJSON(base.physical, {pane: 'ca-water', interactive: false,
      filter: function (f) { return f.properties.kind !== 'land'; },
      style: function (f) { return f.properties.kind === 'lake'
        ? {fillColor: '#b9d5ea', fillOpacity: 1, color: '#6f9cc0', weight: 0.8}
        : {color: '#6f9cc0', weight: 1}; }}).addTo(map);
  }
  if (base.countries) {
    L.geoJSON(base.countries, {pane: 'ca-countries', interactive: false,
      style: {fillColor: '#f3efe6', color: '#8a8a8a', weight: 1, fillOpacity: 1}}).addTo(map);
  }
  var overlays = {};
  if (base.countries) {  // international borders: darker and thicker than district lines, above any tiles
    overlays['International borders (Natural Earth)'] = L.geoJSON(base.countries, {interactive: false,
      style: {fill: false, color: '#3d3d3d', weight: 1.8}}).addTo(map);
  }
  if (base.districts) {
    overlays['Districts and provinces (Natural Earth)'] = L.geoJSON(base.districts, {interactive: false,
      style: {fillOpacity: 0, color: '#9a9a9a', weight: 0.6}}).addTo(map);
  }
  if (base.highlight) {
    overlays['Border districts'] = L.geoJSON(base.highlight, {interactive: false,
      style: {fillColor: '#555', fillOpacity: 0.06, color: '#444', weight: 1.4}}).addTo(map);
  }
  var focus = {{ this.focus }};
  function focused(f) { return f.properties.place_ids.split(',').some(function (p) { return focus.indexOf(p) >= 0; }); }
  function style(kind, colour, f, topic) {
    var s = baseStyle(kind, colour, f, topic);
    if (focus.length && focused(f)) { s.weight = 4; s.color = '#000'; }  // the selected event's places
    if (f.properties.faded) {  // dated only to a wider period than the range: drawn faded, dotted
      s.opacity = 0.5; s.fillOpacity = Math.min(s.fillOpacity || 0, kind === 'exact' ? 0.12 : 0.3); s.dashArray = '2 4';
    }
    return s;
  }
  function baseStyle(kind, colour, f, topic) {
    var hatch = 'url(#ca-hatch-' + topic + ')';  // areas: outlined, hatched, what lies below stays visible
    if (kind === 'near') return {color: colour, weight: 2, dashArray: '5 4', fillColor: hatch, fillOpacity: 0.8};
    if (kind === 'exact') return {radius: 6 + 3 * Math.sqrt(f.properties.n_events - 1), color: '#222', weight: 1,
                                  fillColor: colour, fillOpacity: 0.9, vertices: shapes[topic]};
    if (kind === 'route') return {color: colour, weight: 4, opacity: 0.9, dashArray: '8 5'};
    return {color: colour, weight: 2, fillColor: hatch, fillOpacity: 0.7, dashArray: '4 3'};
  }
  var eventLayers = [];
  // on a phone a popup fits the map, and one finger scrolls the page (two pinch to zoom; buttons zoom too)
  function popupWidth() { return Math.max(200, Math.min(380, map.getSize().x - 70)); }
  if (L.Browser.touch && L.Browser.mobile && map.dragging) { map.dragging.disable(); }
  // every feature can be reached with the keyboard: Tab to it, Enter or Space opens it like a click
  function keyboardReachable(l, f) {
    var el = l._path;
    if (!el || el.getAttribute('tabindex')) { return; }
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'button');
    var name = document.createElement('span');
    name.innerHTML = f.properties.tooltip;  // escaped on the server: this only decodes its entities
    el.setAttribute('aria-label', name.textContent);
    el.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Enter' && ev.key !== ' ') { return; }
      ev.preventDefault();
      var at = l.getLatLng ? l.getLatLng() : l.getBounds().getCenter();
      l.fire('click', {latlng: at, layer: l, sourceTarget: l, target: l}, true);
    });
  }
  var cluster = {{ this.cluster }};
  if (!map.options.maxZoom) { map.options.maxZoom = 18; }  // the cluster layer needs one, tiles or not
  var group = cluster ? L.markerClusterGroup(cluster) : null;
  layers.forEach(function (spec) {
    var colour = colours[spec.topic];
    var layer = L.geoJSON(spec.data, {
      style: function (f) { return style(spec.kind, colour, f, spec.topic); },
      pointToLayer: function (f, latlng) {
        var options = style(spec.kind, colour, f, spec.topic);
        return spec.kind === 'near' ? L.circle(latlng, Object.assign({radius: {{ this.near_radius }}}, options))
                                    : new ShapeMarker(latlng, options);
      },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.tooltip, {sticky: true});
        l.bindPopup(f.properties.popup, {maxWidth: popupWidth(), autoPanPaddingTopLeft: [60, 40]});
        var hover = spec.kind === 'exact' ? {weight: 3} : {weight: 3, fillOpacity: 1};
        l.on('mouseover', function () { l.setStyle(hover); });
        l.on('mouseout', function () { l.setStyle(style(spec.kind, colour, f, spec.topic)); });
        l.on('add', function () {
          addPatterns(l);
          keyboardReachable(l, f);
          if (l._path) { l._path.setAttribute('data-topic', spec.topic); }
          if (spec.kind === 'route' && !l._ca_mark) {  // the topic's shape at the middle of a route
            var mark = {radius: 5, color: '#222', weight: 1, fillColor: colour, vertices: shapes[spec.topic],
                        fillOpacity: f.properties.faded ? 0.3 : 1, interactive: false};
            l._ca_mark = new ShapeMarker(l.getCenter(), mark);
            l.on('remove', function () { map.removeLayer(l._ca_mark); });
          }
          if (l._ca_mark) {
            l._ca_mark.addTo(map);
            if (l._ca_mark._path) { l._ca_mark._path.setAttribute('data-route-mark', spec.topic); }
          }
        });
        eventLayers.push(l);
      }
    });
    if (group && spec.kind === 'exact') { group.addLayer(layer); } else { layer.addTo(map); }
    overlays[spec.name] = layer;
  });
  if (group) { group.addTo(map); }
  // an incident's accounts: a thin line between the places two parties give, with the distance
  (data.links || []).forEach(function (link, i) {
    var line = L.polyline([link.a, link.b], {color: '#222', weight: 1.5, dashArray: '2 5', interactive: false})
      .addTo(map);
    var mid = L.latLng((link.a[0] + link.b[0]) / 2, (link.a[1] + link.b[1]) / 2);
    // lines from one place have close middles: their labels stack, one line of text apart
    L.tooltip({permanent: true, direction: 'right', offset: [10, 24 * i], className: 'ca-link-label',
               interactive: false})
      .setLatLng(mid).setContent(link.label).addTo(map);
    line.getElement() && line.getElement().setAttribute('data-link', '1');
  });
  var importedDots = null;
  if (data.imported && data.imported.n) {
    importedDots = importedLayer(map, data.imported, {{ this.cluster_until }});
    overlays['Imported events (datasets)'] = importedDots.addTo(map);
  }
  // place names offline: countries when zoomed out, districts and towns (by size) when zoomed in
  var labels = {{ this.labels }};
  map.createPane('ca-labels');
  map.getPane('ca-labels').style.zIndex = 450;
  map.getPane('ca-labels').style.pointerEvents = 'none';
  var named = [];
  function label(text, lat, lon, cls, minZoom, maxZoom) {
    var m = L.marker([lat, lon], {pane: 'ca-labels', interactive: false, keyboard: false,
      icon: L.divIcon({className: 'ca-label ' + cls, html: text, iconSize: null})});
    named.push([m, minZoom, maxZoom]);
  }
  (labels.countries || []).forEach(function (c) { label(c[0], c[1], c[2], 'ca-label-country', 0, 8); });
  (labels.districts || []).forEach(function (d) { label(d[0], d[1], d[2], 'ca-label-district', 9, 99); });
  (labels.towns || []).forEach(function (t) {
    var p = t[3], z = p >= 100000 ? 6 : p >= 20000 ? 8 : p >= 5000 ? 9 : 10;
    label(t[0], t[1], t[2], 'ca-label-town', z, 99);
  });
  var namesLayer = L.layerGroup().addTo(map);
  function showNames() {
    var z = map.getZoom();
    named.forEach(function (n) {
      var on = z >= n[1] && z <= n[2];
      if (on && !namesLayer.hasLayer(n[0])) { namesLayer.addLayer(n[0]); }
      if (!on && namesLayer.hasLayer(n[0])) { namesLayer.removeLayer(n[0]); }
    });
  }
  map.on('zoomend', showNames);
  showNames();
  overlays['Place names (Natural Earth, GeoNames)'] = namesLayer;
  // the first view fits the events in the region; a later map of the same page keeps the reader's view
  // unless the events left it (the view is kept in this tab's session storage, per page)
  var box = {{ this.region }}, inRegion = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
  var eventsBounds = L.latLngBounds([]);
  layers.forEach(function (spec) {
    (spec.data.features || []).forEach(function (f) {
      var b = L.geoJSON(f).getBounds();
      if (b.isValid() && inRegion.contains(b)) { eventsBounds.extend(b); }
    });
  });
  var store = null, key = 'ca-view';
  try {
    store = window.parent.sessionStorage; key += ':' + window.parent.location.pathname;
  } catch (e) { store = null; }
  var saved = null;
  try { saved = store && JSON.parse(store.getItem(key) || 'null'); } catch (e) { saved = null; }
  if (eventsBounds.isValid() && !{{ this.fixed_view }}) {  // a view from a shared address is kept as given
    var savedBounds = saved && L.latLngBounds(saved.b);
    if (savedBounds && savedBounds.isValid() && savedBounds.intersects(eventsBounds)) {
      map.setView(saved.c, saved.z, {animate: false});
    } else {
      map.fitBounds(eventsBounds.pad(0.15), {maxZoom: 9, animate: false});
    }
  }
  map.on('moveend', function () {
    try {  // the view goes into the address, so that a copied link opens on it
      var u = new URL(window.parent.location.href), c = map.getCenter();
      u.searchParams.set('view', c.lat.toFixed(4) + ',' + c.lng.toFixed(4) + ',' + map.getZoom());
      window.parent.history.replaceState(window.parent.history.state, '', u.toString());
    } catch (e) { /* a page that cannot be written to: no view in the address */ }
    if (!store) { return; }
    var b = map.getBounds();
    try {
      store.setItem(key, JSON.stringify({c: map.getCenter(), z: map.getZoom(),
        b: [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]]}));
    } catch (e) { /* storage full or refused: the view is not kept */ }
  });
  // a click reaches every event drawn there: where several areas or routes lie under the pointer (a district
  // in a region, two identical outlines), or several places' shapes overlap (two villages 3 km apart seen
  // from afar), a list names them all and each opens like a click on it; a single place's shape on top of
  // areas, a cluster or a control keeps its own click
  function isPlace(l) { return l instanceof L.CircleMarker && !(l instanceof L.Circle); }
  map.getContainer().addEventListener('click', function (ev) {
    var own = '.leaflet-marker-icon, .leaflet-control, .leaflet-popup';
    if (ev.caTaken || (ev.target.closest && ev.target.closest(own))) { return; }
    var top = map._targets && map._targets[L.stamp(ev.target)];
    var p = map.mouseEventToLayerPoint(ev), hits = [];
    eventLayers.forEach(function (l) {
      if (l._map && l._containsPoint && l._pxBounds && l._containsPoint(p)
          && isPlace(l) === isPlace(top)) { hits.push(l); }
    });
    if (hits.length < 2) { return; }
    ev.stopPropagation();
    ev.caTaken = true;
    var at = map.layerPointToLatLng(p), list = L.DomUtil.create('div', 'ca-popup');
    var title = L.DomUtil.create('b', '', list);
    title.textContent = hits.length + ' features here: choose one';
    hits.forEach(function (l) {
      var item = L.DomUtil.create('button', 'ca-choice', list), name = document.createElement('span');
      name.innerHTML = l.feature.properties.tooltip;
      item.type = 'button';
      item.textContent = name.textContent;
      L.DomEvent.on(item, 'click', function (e) {
        L.DomEvent.stop(e);
        l.fire('click', {latlng: at, layer: l, sourceTarget: l, target: l}, true);
      });
    });
    L.popup({maxWidth: 380}).setLatLng(at).setContent(list).openOn(map);
  }, true);
  // a press on a map half below the page's fold must not scroll the page and lose the click
  if (map.keyboard && map.keyboard.enabled()) {
    map.keyboard.removeHooks();
    map.keyboard._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({preventScroll: true}); }
    };
    map.keyboard.addHooks();
  }
  overlays['Density of events (per 40 px, when points crowd)'] = densityLayer();
  measureControl().addTo(map);
  imageControl().addTo(map);
  map.caOverlays = overlays;
{{ this.image_js }}

  // density: events counted per 40-pixel cell (curated places weighted by their events, imported dots),
  // shaded from light to dark; off until chosen in the layers switch
  function densityLayer() {
    var D = L.Layer.extend({
      onAdd: function (m) {
        this._c = L.DomUtil.create('canvas', 'ca-density');
        this._c.style.position = 'absolute'; this._c.style.pointerEvents = 'none';
        m.getPane('overlayPane').appendChild(this._c);
        m.on('moveend resize', this._draw, this); this._draw();
      },
      onRemove: function (m) { m.off('moveend resize', this._draw, this); L.DomUtil.remove(this._c); },
      _draw: function () {
        var m = this._map, size = m.getSize(), c = this._c, cells = {}, top = 0;
        L.DomUtil.setPosition(c, m.containerPointToLayerPoint([0, 0]));
        c.width = size.x; c.height = size.y;
        function add(latlng, w) {
          var p = m.latLngToContainerPoint(latlng);
          if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { return; }
          var k = Math.floor(p.x / 40) + ':' + Math.floor(p.y / 40);
          cells[k] = (cells[k] || 0) + w; top = Math.max(top, cells[k]);
        }
        eventLayers.forEach(function (l) {
          if (l._map || (l.getLatLng && group && group.hasLayer && group.hasLayer(l))) {
            add(l.getLatLng ? l.getLatLng() : l.getBounds().getCenter(), l.feature.properties.n_events);
          }
        });
        if (importedDots && importedDots.points) {
          var q = importedDots.points;
          for (var i = 0; i < q.n; i++) { add([q.lat[i] * 1e-5, q.lon[i] * 1e-5], 1); }
        }
        var ctx = c.getContext('2d');
        for (var k in cells) {
          var xy = k.split(':'), a = 0.15 + 0.6 * Math.log(1 + cells[k]) / Math.log(1 + top);
          ctx.fillStyle = 'rgba(90, 20, 120,' + a.toFixed(3) + ')';
          ctx.fillRect(xy[0] * 40, xy[1] * 40, 40, 40);
          ctx.fillStyle = '#fff'; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center';
          ctx.fillText(String(cells[k]), xy[0] * 40 + 20, xy[1] * 40 + 24);
        }
      }
    });
    return new D();
  }

  // measuring: distances along clicked points and the area they enclose, to check claims such as
  // "three kilometres into Armenian territory" against the drawn border
  function measureControl() {
    var C = L.Control.extend({
      options: {position: 'topleft'},
      onAdd: function (m) {
        var box = L.DomUtil.create('div', 'leaflet-bar ca-measure'), button = L.DomUtil.create('a', '', box);
        var out = L.DomUtil.create('div', 'ca-measure-out', box), pts = [], line = null, on = false;
        button.href = '#'; button.title = 'Measure a distance or an area'; button.textContent = '\u2194';
        button.setAttribute('role', 'button'); button.setAttribute('aria-label', 'Measure a distance or an area');
        L.DomEvent.disableClickPropagation(box);
        function show() {
          var km = 0;
          for (var i = 1; i < pts.length; i++) { km += m.distance(pts[i - 1], pts[i]) / 1000; }
          var text = pts.length ? km.toFixed(2) + ' km' : 'Click points on the map; click the button to stop';
          if (pts.length > 2) {
            var kx = Math.cos(pts[0].lat * Math.PI / 180) * 111.32, ky = 110.57, a = 0;  // km per degree
            for (var j = 0; j < pts.length; j++) {
              var p = pts[j], q = pts[(j + 1) % pts.length];
              a += (p.lng * kx) * (q.lat * ky) - (q.lng * kx) * (p.lat * ky);
            }
            text += ' · area ' + Math.abs(a / 2).toFixed(2) + ' km²';
          }
          out.textContent = text;
        }
        function click(ev) {
          if (!on || !m.getContainer().contains(ev.target) || box.contains(ev.target)) { return; }
          ev.stopPropagation(); ev.preventDefault();
          pts.push(m.mouseEventToLatLng(ev));
          if (line) { line.setLatLngs(pts); } else {
            line = L.polyline(pts, {color: '#000', weight: 2, dashArray: '6 4', interactive: false}).addTo(m);
          }
          show();
        }
        document.addEventListener('click', click, true);
        L.DomEvent.on(button, 'click', function (e) {
          L.DomEvent.stop(e); on = !on; box.classList.toggle('ca-measuring', on);
          if (on) { pts = []; if (line) { m.removeLayer(line); line = null; } }
          out.style.display = 'block'; show();
          if (!on && !pts.length) { out.style.display = 'none'; }
        });
        return box;
      }
    });
    return new C();
  }
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        payload: dict[str, Any],
        *,
        countries: str,
        districts: str,
        highlight: str,
        cluster: bool,
        labels: str = "{}",
        focus: list[str] | None = None,
        fixed_view: bool = False,
    ) -> None:
        super().__init__()
        self._name = "AtlasLayers"
        physical = _physical_json()
        self.base = f'{{"countries":{countries},"districts":{districts},"highlight":{highlight},"physical":{physical}}}'
        self.labels = labels
        self.focus = script_json(list(focus or []))
        self.fixed_view = "true" if fixed_view else "false"
        self.region = script_json(list(settings.REGION_BBOX))
        self.payload = script_json(payload)
        self.imported_js = IMPORTED_JS
        self.cluster_until = settings.CLUSTER_UNTIL_ZOOM
        self.element_id = LAYERS_ELEMENT_ID
        self.colours = script_json({key: group.colour for key, group in all_groups().items()})
        self.shapes = script_json(script_shapes())
        self.hatches = script_json(script_hatches())
        self.image_js = IMAGE_JS
        self.patterns = script_json(map_patterns())
        self.near_radius = settings.UNCERTAINTY_RADIUS_M
        options = {
            "maxClusterRadius": settings.CLUSTER_RADIUS_PX, "disableClusteringAtZoom": settings.CLUSTER_UNTIL_ZOOM,
            "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
            # every feature stays in the page (a few dozen): reachable by Tab, counted, drawn in the saved image
            "removeOutsideVisibleBounds": False,
        }  # fmt: skip
        self.cluster = script_json(options) if cluster else "null"
        if cluster:
            self.default_js = [("markerclusterjs", settings.LOCAL_JS["markerclusterjs"])]
            self.default_css = [
                ("markerclustercss", settings.LOCAL_CSS["markerclustercss"]),
                ("markerclusterdefaultcss", settings.LOCAL_CSS["markerclusterdefaultcss"]),
            ]


class _LayerControl(MacroElement):
    """The layers switch: the tiles and every overlay the atlas drew (collapsed)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var bases = {};
  map.eachLayer(function (l) { if (l instanceof L.TileLayer) { bases['OpenStreetMap'] = l; } });
  L.control.layers({}, Object.assign(bases, map.caOverlays || {}), {collapsed: true}).addTo(map);
  // tiles that cannot be reached are said so, and their credit is dropped: no claim of a layer not drawn
  var tiles = bases['OpenStreetMap'];
  if (tiles) {
    var loaded = 0, failed = 0, notice = null;
    tiles.on('tileload', function () { loaded += 1; });
    tiles.on('tileerror', function () {
      failed += 1;
      if (loaded || notice || failed < 2) { return; }
      notice = L.control({position: 'bottomleft'});
      notice.onAdd = function () {
        var div = L.DomUtil.create('div', 'ca-tiles-off');
        div.textContent = 'Background tiles unreachable: the bundled outlines and names are shown.';
        return div;
      };
      notice.addTo(map);
      if (map.attributionControl) { map.attributionControl.removeAttribution(tiles.getAttribution()); }
    });
  }
})();
{% endmacro %}
"""
    )


#: Colours of imported datasets, in the order of the imports (none is a topic colour).
IMPORT_COLOURS = ("#3a3a3a", "#6a3d9a", "#8c510a", "#01665e", "#762a83", "#4d4d4d")
#: Their names, for the legend.
IMPORT_COLOUR_NAMES = ("dark grey", "purple", "brown", "teal", "violet", "grey")


def imported_payload(imported: pd.DataFrame, rows: np.ndarray, sources: list[str]) -> dict[str, Any]:
    """Imported events as columns for the map: positions as 1e-5 degree integers, the row of each in
    ``imported`` and the index of its source in ``sources``, each array base64-encoded little-endian.

    About 15 bytes an event: 100,000 events are some 1.6 MB, encoded in milliseconds.

    Examples
    --------
    >>> frame = pd.DataFrame({"latitude": [40.1], "longitude": [45.5], "source_id": ["a"]})
    >>> p = imported_payload(frame, np.array([0]), ["a"])
    >>> p["n"], np.frombuffer(base64.b64decode(p["lat"]), "<i4").tolist()
    (1, [4010000])
    """
    rows = np.asarray(rows, dtype="<i4")
    lat = np.round(imported["latitude"].to_numpy("float64")[rows] * 1e5).astype("<i4")
    lon = np.round(imported["longitude"].to_numpy("float64")[rows] * 1e5).astype("<i4")
    codes = pd.Categorical(imported["source_id"].to_numpy()[rows], categories=sources).codes.astype("u1")

    def b64(array: np.ndarray) -> str:
        return base64.b64encode(array.tobytes()).decode("ascii")

    legend = [{"name": name, "colour": IMPORT_COLOURS[i % len(IMPORT_COLOURS)]} for i, name in enumerate(sources)]
    return {"n": len(rows), "sources": legend, "lat": b64(lat), "lon": b64(lon), "row": b64(rows), "src": b64(codes)}


#: The canvas layer of imported events: many points, one canvas, no object per point. Below the cluster
#: zoom, points are counted per 48-pixel cell; a click on a count zooms in, a click on a point sends its
#: row to the page (as a feature with ``imported_row``), which shows the record and its text.
IMPORTED_JS = """
  function importedLayer(map, imp, clusterUntil) {
    function decode(text, Type) {
      var raw = atob(text), bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
      return new Type(bytes.buffer);
    }
    var lat = decode(imp.lat, Int32Array), lon = decode(imp.lon, Int32Array);
    var row = decode(imp.row, Int32Array), src = decode(imp.src, Uint8Array), n = imp.n;
    if (!map.getPane('caImported')) { map.createPane('caImported').style.zIndex = 390; }
    var Layer = L.Layer.extend({
      onAdd: function (m) {
        this._canvas = L.DomUtil.create('canvas', 'ca-imported');
        this._canvas.style.position = 'absolute';
        this._canvas.style.pointerEvents = 'none';
        m.getPane('caImported').appendChild(this._canvas);
        m.on('moveend resize viewreset', this._draw, this);
        m.on('zoomstart', this._hide, this);
        // clicks are taken before Leaflet sees them (capture), so that a dot under a shaded district
        // is still reachable; a curated place's circle on top of a dot keeps its own click
        var self = this;
        this._domClick = function (ev) {
          var target = m._targets && m._targets[L.stamp(ev.target)];
          if (target instanceof L.CircleMarker) { return; }
          if (self._click(m.mouseEventToContainerPoint(ev))) { ev.stopPropagation(); ev.caTaken = true; }
        };
        m.getContainer().addEventListener('click', this._domClick, true);
        this._draw();
      },
      onRemove: function (m) {
        m.off('moveend resize viewreset', this._draw, this);
        m.off('zoomstart', this._hide, this);
        m.getContainer().removeEventListener('click', this._domClick, true);
        L.DomUtil.remove(this._canvas);
      },
      _hide: function () { this._canvas.style.visibility = 'hidden'; },
      _draw: function () {
        var m = this._map, size = m.getSize(), c = this._canvas;
        L.DomUtil.setPosition(c, m.containerPointToLayerPoint([0, 0]));
        c.width = size.x; c.height = size.y; c.style.visibility = 'visible';
        var ctx = c.getContext('2d'), z = m.getZoom(), scale = 256 * Math.pow(2, z), o = m.getPixelBounds().min;
        var k = Math.PI / 180, cluster = z < clusterUntil, cells = {}, hits = [];
        for (var i = 0; i < n; i++) {
          var s = Math.sin(lat[i] * 1e-5 * k);
          var x = (lon[i] * 1e-5 + 180) / 360 * scale - o.x;
          var y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale - o.y;
          if (x < -50 || y < -50 || x > size.x + 50 || y > size.y + 50) { continue; }
          if (cluster) {
            var key = Math.floor(x / 48) + ':' + Math.floor(y / 48), cell = cells[key];
            if (!cell) { cell = cells[key] = {x: 0, y: 0, count: 0, src: src[i]}; }
            cell.x += x; cell.y += y; cell.count += 1;
          } else { hits.push([x, y, i]); }
        }
        ctx.lineWidth = 1;
        if (cluster) {
          ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
          for (var key in cells) {
            var cell = cells[key], cx = cell.x / cell.count, cy = cell.y / cell.count;
            var r = cell.count === 1 ? 4 : 9 + 3 * Math.log10(cell.count);
            ctx.globalAlpha = 0.75; ctx.fillStyle = imp.sources[cell.src].colour;
            ctx.beginPath(); ctx.arc(cx, cy, r, 0, 2 * Math.PI); ctx.fill();
            ctx.globalAlpha = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
            if (cell.count > 1) { ctx.fillStyle = '#fff'; ctx.fillText(String(cell.count), cx, cy); }
            hits.push([cx, cy, -1, r]);
          }
        } else {
          for (var j = 0; j < hits.length; j++) {
            var h = hits[j];
            ctx.fillStyle = imp.sources[src[h[2]]].colour;
            ctx.beginPath(); ctx.arc(h[0], h[1], 4, 0, 2 * Math.PI); ctx.fill();
            ctx.strokeStyle = '#fff'; ctx.stroke();
          }
        }
        this._hits = hits;
      },
      _click: function (p) {
        var best = null, bestD = Infinity;
        (this._hits || []).forEach(function (h) {
          var d = Math.hypot(h[0] - p.x, h[1] - p.y);
          if (d <= (h[3] || 7) && d < bestD) { best = h; bestD = d; }
        });
        if (!best) { return false; }
        var m = this._map;
        if (best[2] < 0) {  // a count: zoom in on it
          m.setView(m.containerPointToLatLng([best[0], best[1]]), Math.min(m.getZoom() + 2, clusterUntil));
          return true;
        }
        var i = best[2], at = L.latLng(lat[i] * 1e-5, lon[i] * 1e-5);
        var point = L.circleMarker(at);
        point.feature = {type: 'Feature', properties: {imported_row: row[i], source: imp.sources[src[i]].name}};
        var name = imp.sources[src[i]].name.replace(/[^a-z0-9._-]/g, '');  // an id: nothing to escape, but sure
        L.popup().setLatLng(at).setContent('<div class="ca-popup"><b>Imported event</b> (' + name +
          '): its record and text open beside the map.</div>').openOn(m);
        this.fire('click', {layer: point, latlng: at, sourceTarget: point, target: this});
        return true;
      }
    });
    var layer = new Layer();
    layer.points = {lat: lat, lon: lon, n: n};  // for the density view
    return layer;
  }
"""


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
    info = _memo(places, _place_info, "places")
    labels = {key: group.label for key, group in colour_groups(by).items()}
    for topic, (areas, dots) in map_features(events, event_places, places, faded=faded, by=by).items():
        label = labels[topic]

        def layer(kind: str, features: list[dict[str, Any]], topic: str = topic, label: str = label) -> dict[str, Any]:
            data = {"type": "FeatureCollection", "features": features}
            return {"name": f"{label} – {_KINDS[kind]}", "topic": topic, "kind": kind, "data": data}

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
    external_layers: bool = False,
    imported: dict[str, Any] | None = None,
    fixed_view: bool = False,
    focus_zoom: int = 9,
) -> folium.Map:
    """The map of ``events`` (already filtered): boundaries below, then per topic its areas, routes and places.

    Uncertainty is drawn: an exact place is a circle whose size counts its events; a place known only
    as "near" (``geo_precision`` 2) is a dashed circle of :data:`settings.UNCERTAINTY_RADIUS_M` metres;
    a district-level event is its district's polygon. ``focus`` (place ids) fits the view to those
    places; ``highlight`` draws extra outlines (the border districts); ``cluster`` merges exact places
    that overlap on screen into numbered clusters until zoom :data:`settings.CLUSTER_UNTIL_ZOOM`. With
    ``tiles`` an OpenStreetMap layer sits above the bundled country fill (below the outlines and the
    events), drawn only when the user's browser can reach it. With ``external_layers`` the script carries
    no events and reads them from the page element :data:`LAYERS_ELEMENT_ID`. ``imported`` is an
    :func:`imported_payload`: imported events drawn on one canvas (dots, counted groups below zoom
    :data:`settings.CLUSTER_UNTIL_ZOOM`); a click on one returns its row (``imported_row``) to the page.
    """
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    cast(Figure, fmap.get_root()).header.add_child(Element(_POPUP_CSS))
    AtlasLayers(
        {"layers": [], "imported": None}
        if external_layers
        else {"layers": event_layers(events, event_places, places), "imported": imported},
        countries=boundaries_json(admin0),
        districts=boundaries_json(admin1),
        highlight=boundaries_json(highlight),
        cluster=cluster,
        labels=basemap_labels(admin0, admin1),
        focus=focus,
        fixed_view=fixed_view,
    ).add_to(fmap)
    if tiles:
        folium.TileLayer(settings.TILE_URL, attr=settings.TILE_ATTRIBUTION, name="OpenStreetMap", opacity=0.85).add_to(
            fmap
        )
    if focus:
        bounds = places.loc[[p for p in focus if p in places.index]].total_bounds
        if len(bounds) == 4 and all(map(math.isfinite, bounds)):
            west, south, east, north = bounds
            pad = 0.3 if focus_zoom <= 9 else max(0.03, 0.2 * max(east - west, north - south))
            fmap.fit_bounds([[south - pad, west - pad], [north + pad, east + pad]], max_zoom=focus_zoom)
    _LayerControl().add_to(fmap)
    localise_assets(fmap)
    return fmap
