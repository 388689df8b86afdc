"""The folium map of the atlas: one element hands the page its data as one JSON config, and the browser
code in ``static/atlas/`` draws it (the basemap, the events, the imported dots, the names, the tools).

Building a map is a few string joins of ready JSON texts, not one Python object per layer, so a rerun
stays cheap. Every text in the data was escaped for HTML (:func:`caucasus_atlas.map.escaping.escape`) and
the JSON for the script (:func:`caucasus_atlas.map.escaping.script_json`).
"""

from __future__ import annotations

import math
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from caucasus_atlas import settings
from caucasus_atlas.map.assets import ATLAS_CSS, ATLAS_JS, atlas_assets, localise_assets
from caucasus_atlas.map.basemap import basemap_labels, boundaries_json, physical_json
from caucasus_atlas.map.escaping import script_json
from caucasus_atlas.map.features import event_layers
from caucasus_atlas.symbols import all_groups, map_patterns, script_hatches, script_shapes

#: The id of the element in the page that may carry the event layers as JSON, instead of the script
#: (the dashboard caches them apart from the rest of the map: see ``caucasus_atlas.ui.mapview``).
LAYERS_ELEMENT_ID = "ca-event-layers"


class AtlasLayers(JSCSSMixin, MacroElement):
    """Everything the atlas draws, as one config for ``AtlasLayers.init`` (``static/atlas/layers.js``): the
    basemap (countries below the optional tiles, district outlines above), the border districts, and per
    topic its areas, routes and places. ``payload`` is the event layers (``layers``, and in
    the dashboard ``caption`` and ``links``), used when the page has no :data:`LAYERS_ELEMENT_ID` element.
    ``countries``, ``districts``, ``highlight`` and ``labels`` are script JSON texts.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
AtlasLayers.init({{ this._parent.get_name() }}, {{ this.config }});
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
        view_param: str = "view",
    ) -> None:
        super().__init__()
        self._name = "AtlasLayers"
        options = {
            "maxClusterRadius": settings.CLUSTER_RADIUS_PX, "disableClusteringAtZoom": settings.CLUSTER_UNTIL_ZOOM,
            "spiderfyOnMaxZoom": True, "showCoverageOnHover": False,
            # every feature stays in the page (a few dozen): reachable by Tab, counted, drawn in the saved image
            "removeOutsideVisibleBounds": False,
        }  # fmt: skip
        config = {
            "base": f'{{"countries":{countries},"districts":{districts},"highlight":{highlight},'
            f'"physical":{physical_json()}}}',
            "labels": labels,
            "payload": script_json(payload),
            "elementId": script_json(LAYERS_ELEMENT_ID),
            "colours": script_json({key: group.colour for key, group in all_groups().items()}),
            # a topic's second channel (caucasus_atlas.symbols): a shape for its points, a hatching for its areas
            "shapes": script_json(script_shapes()),
            "hatches": script_json(script_hatches()),
            "patterns": script_json(map_patterns()),
            "focus": script_json(list(focus or [])),
            "fixedView": script_json(fixed_view),
            "viewParam": script_json(view_param),
            "region": script_json(list(settings.REGION_BBOX)),
            "cluster": script_json(options) if cluster else "null",
            "clusterUntil": script_json(settings.CLUSTER_UNTIL_ZOOM),
            "nearRadius": script_json(settings.UNCERTAINTY_RADIUS_M),
        }
        #: one JavaScript object of ready JSON texts, joined here (each already written by script_json)
        self.config = "{" + ",".join(f'"{key}":{text}' for key, text in config.items()) + "}"
        self.default_js = atlas_assets(ATLAS_JS)
        self.default_css = atlas_assets(ATLAS_CSS)
        if cluster:
            self.default_js = [("markerclusterjs", settings.LOCAL_JS["markerclusterjs"]), *self.default_js]
            self.default_css = [
                ("markerclustercss", settings.LOCAL_CSS["markerclustercss"]),
                ("markerclusterdefaultcss", settings.LOCAL_CSS["markerclusterdefaultcss"]),
                *self.default_css,
            ]


class LayerControl(MacroElement):
    """The layers switch (``static/atlas/control.js``): the tiles and every overlay the atlas drew, collapsed.
    Added after the tiles, which it lists."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
AtlasLayers.control({{ this._parent.get_name() }});
{% endmacro %}
"""
    )


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
    fixed_view: bool = False,
    focus_zoom: int = 9,
    view_param: str = "view",
) -> folium.Map:
    """The map of ``events`` (already filtered): boundaries below, then per topic its areas, routes and places.

    Uncertainty is drawn: an exact place is a circle whose size counts its events; a place known only
    as "near" (``geo_precision`` 2) is a dashed circle of :data:`settings.UNCERTAINTY_RADIUS_M` metres;
    a district-level event is its district's polygon. ``focus`` (place ids) fits the view to those
    places; ``highlight`` draws extra outlines (the border districts); ``cluster`` merges exact places
    that overlap on screen into numbered clusters until zoom :data:`settings.CLUSTER_UNTIL_ZOOM`. With
    ``tiles`` an OpenStreetMap layer sits above the bundled country fill (below the outlines and the
    events), drawn only when the user's browser can reach it. With ``external_layers`` the script carries
    no events and reads them from the page element :data:`LAYERS_ELEMENT_ID`. Imported events are not
    drawn here: the dashboard hands the map its view's share (``static/atlas/imported.js``). The map writes
    its view into the page's address as ``view_param`` (``view``; a page's second map another name), and
    ``fixed_view`` keeps the given view as it is.
    """
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False)
    AtlasLayers(
        {"layers": []} if external_layers else {"layers": event_layers(events, event_places, places)},
        countries=boundaries_json(admin0),
        districts=boundaries_json(admin1),
        highlight=boundaries_json(highlight),
        cluster=cluster,
        labels=basemap_labels(admin0, admin1),
        focus=focus,
        fixed_view=fixed_view,
        view_param=view_param,
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
    LayerControl().add_to(fmap)
    localise_assets(fmap)
    return fmap
