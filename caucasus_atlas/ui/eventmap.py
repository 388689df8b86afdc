"""The events map of a page: drawn from cached frames and layers, a click selecting what lies under it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from caucasus_atlas import settings
from caucasus_atlas.filters import Filters
from caucasus_atlas.incidents import Connector
from caucasus_atlas.map.caption import caption
from caucasus_atlas.map.escaping import escape
from caucasus_atlas.map.features import event_layers, layers_bounds
from caucasus_atlas.map.imported import Viewport
from caucasus_atlas.ui import imported, mapview
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.address import select_event, selected_event
from caucasus_atlas.ui.data import Frames
from caucasus_atlas.ui.filters import switch_page_keeping_filters, wider_events
from caucasus_atlas.ui.mapview import LRU
from caucasus_atlas.ui.text import md_escape


def event_map(
    data: Frames,
    shown: pd.DataFrame,
    *,
    tiles: bool,
    key: str = "map",
    highlight: gpd.GeoDataFrame | None = None,
    focus: list[str] | None = None,
    height: int = settings.MAP_HEIGHT,
    cluster: bool = False,
    imported_rows: np.ndarray | None = None,
    title: str = "Incidents map",
    colour_by: str | None = None,
    links: list[Connector] | None = None,
    focus_zoom: int = 9,
    view_param: str = "view",
    words: dict[str, Any] | None = None,
    returned: tuple[str, ...] = (),
) -> dict[str, Any] | None:
    """Draw the map (``title`` names it in its saved image); a click on a feature selects its location and
    its first event, a click on an imported event (``imported_rows``, positions in ``data.imported``) selects
    that record. ``colour_by`` overrides the sidebar's choice of colours; ``links`` are drawn as thin lines
    between two places, labelled (an incident's accounts). ``view_param`` names the address's parameter
    that carries this map's view (each map of a page its own): the map writes it as the reader pans and
    zooms, and a link opens on it, with its selected event, before any fitting.
    ``words`` are the saved image's words when the
    page gives its own (:func:`caucasus_atlas.map.caption.incident_caption`), else they say the filter.

    The view fits the selected event's places when the selection came from elsewhere (a link, the story
    mode), never after a click on the map itself, so that a click does not move the map. The map is
    cached per view and per filter (:mod:`caucasus_atlas.ui.mapview`): a rerun that shows the same map
    costs nothing and sends nothing new.

    Returns what the map sent back, with what ``returned`` asks for besides the clicked feature
    (``last_clicked``: where a click on the map itself, off every feature, fell).
    """
    if focus is None and st.session_state.get(keys.FOCUS):
        event = selected_event(data)
        places = list(data.event_places.loc[data.event_places["event_id"] == event, "place_id"]) if event else []
        # the view stays in the region: a statement made in Moscow about the border shows the border
        focus = [p for p in places if in_region(data, p)] or None
    url_view = (st.session_state.get(keys.URL_VIEW) or {}).pop(view_param, None)
    if url_view is not None:  # the view of a shared link is what its sender saw: it wins over any fitting
        focus = None
    view = (tiles, cluster, highlight is not None, tuple(focus or ()), key, url_view, focus_zoom, view_param)
    rows = imported_rows if imported_rows is not None and len(imported_rows) else None
    filters = st.session_state.get(keys.FILTERS)
    by = colour_by or (filters.colour_by if filters is not None else "topic")
    faded = (
        frozenset(wider_events(data, filters).index.intersection(shown.index))
        if filters is not None and filters.wider
        else frozenset()
    )
    bounds_key = (data.key, "events-bounds", tuple(shown.index))

    def curated_layers() -> list[dict[str, Any]]:
        built = event_layers(shown, data.event_places, data.places, faded=faded, by=by)
        # the box the map fits at first (the guess of its first view's imported events), from the same layers
        mapview.DERIVED.get(bounds_key, lambda: layers_bounds(built, settings.REGION_BBOX))
        return built

    def first_bounds() -> tuple | None:  # built above, unless the layers' text was cached longer than the box
        return mapview.DERIVED.get(
            bounds_key, lambda: layers_bounds(event_layers(shown, data.event_places, data.places), settings.REGION_BBOX)
        )

    # the imported events are not in the frame's layers: they come by view, in place (see below)
    layers = mapview.layers_text(
        data.key,
        (tuple(shown.index), tuple(sorted(faded)), by),
        curated_layers,
        words
        or mapview.DERIVED.get(
            (data.key, "image-caption", repr(filters), tuple(shown.index), title, rows is not None),
            lambda: image_caption(data, shown, filters, title, shows_imported=rows is not None),
        ),
        [_link(data, c) for c in links or ()],
    )
    args = mapview.map_args(
        data,
        layers,
        view,
        build_frame=lambda: mapview.frame_for(
            data,
            tiles=tiles,
            cluster=cluster,
            highlight=highlight,
            focus=tuple(focus or ()),
            view=url_view,
            focus_zoom=focus_zoom,
            view_param=view_param,
        ),
    )
    out = mapview.show_map(args, height=height, returned=returned)
    if imported_rows is not None:  # imports exist: the map gets its view's imported events (or none)
        view = _imported_view(key, out, url_view, focus, focus_zoom, data, first_bounds) if rows is not None else None
        imported.send_view(data, rows, view, args["hash_key"])
    props = ((out or {}).get("last_active_drawing") or {}).get("properties")
    signature = json.dumps(props, sort_keys=True) if props else None
    if props and signature != st.session_state.get(keys.last_click(key)):
        st.session_state[keys.last_click(key)] = signature
        if "imported_view" in props:  # the map asked for its view's imported events: sent above
            return out
        cell = props.get("imported_cell")
        if cell is not None and rows is not None:  # a count made on the server: its cell's events, listed
            listed = imported.listed_in_cell(data, rows, cell)
            if listed is not None:
                _list_pile(*listed)
            return out
        incident = props.get("open_incident")
        if isinstance(incident, str) and incident in data.incidents.index:  # a popup's "every side's account"
            st.session_state[keys.INCIDENT] = incident
            switch_page_keeping_filters("pages/border_demarcation.py")
        pile = props.get("imported_rows")
        if isinstance(pile, list):  # a count or a pile of imported dots: its events, listed beside the map
            listed = [r for r in pile[: settings.MAX_PILE_ROWS] if isinstance(r, int) and 0 <= r < len(data.imported)]
            total = props.get("imported_total")
            _list_pile(listed, total if isinstance(total, int) and total >= len(listed) else len(listed))
            return out
        st.session_state.pop(keys.IMPORTED_PILE, None)
        row = props.get("imported_row")
        if isinstance(row, int) and 0 <= row < len(data.imported):
            st.session_state[keys.IMPORTED] = row
            st.session_state.pop(keys.LOCATION, None)
            return out
        st.session_state.pop(keys.IMPORTED, None)
        ids = [i for i in str(props.get("event_ids", "")).split(",") if i in data.events.index]
        st.session_state[keys.LOCATION] = {"place_ids": str(props.get("place_ids", "")), "event_ids": ids}
        st.session_state[keys.FOCUS] = False
        select_event(ids[0] if ids else None)
    return out


def _list_pile(rows: list[int], total: int) -> None:
    """List imported events beside the map (a count or a pile of dots clicked), in place of any selection."""
    st.session_state[keys.IMPORTED_PILE] = {"rows": rows, "total": total}
    st.session_state.pop(keys.IMPORTED, None)
    st.session_state.pop(keys.LOCATION, None)


def _imported_view(
    key: str, sent: dict[str, Any] | None, url_view: Any, focus: list[str] | None, focus_zoom: int, data: Frames,
    first_bounds: Callable[[], tuple | None],
) -> Viewport:  # fmt: skip
    """The view the map of ``key`` shows, for its imported events: the one it reported last (``sent``, what
    the map sent back), else a guess from the view it opens on (the curated events' box, ``first_bounds``,
    fitted into a desktop's map, :data:`settings.MAP_WIDTH_GUESS` pixels wide, as the map fits them); the map
    asks again when a guess does not cover its view (another width, a view kept from earlier in the tab)."""
    props = ((sent or {}).get("last_active_drawing") or {}).get("properties") if isinstance(sent, dict) else None
    reported = Viewport.parse(props.get("imported_view")) if isinstance(props, dict) else None
    if reported is not None:
        st.session_state[keys.imported_view(key)] = reported
        return reported
    kept = st.session_state.get(keys.imported_view(key))
    if isinstance(kept, Viewport):
        return kept
    if url_view is not None:
        return Viewport.around(float(url_view[0]), float(url_view[1]), int(url_view[2]))
    if focus:
        points = data.places.loc[[p for p in focus if p in data.places.index], "geometry"]
        if len(points):
            west, south, east, north = points.total_bounds
            return Viewport.around((south + north) / 2, (west + east) / 2, focus_zoom)
    bounds = first_bounds()
    if bounds is None:
        return Viewport.around(*settings.MAP_CENTER, settings.MAP_ZOOM, settings.MAP_WIDTH_GUESS, settings.MAP_HEIGHT)
    return Viewport.fitting(bounds, settings.MAP_WIDTH_GUESS, settings.MAP_HEIGHT)


def _link(data: Frames, connector: Connector) -> dict[str, Any]:
    a = data.places.loc[connector.a, "geometry"].representative_point()
    b = data.places.loc[connector.b, "geometry"].representative_point()
    return {"a": [a.y, a.x], "b": [b.y, b.x], "label": escape(connector.short)}


def image_caption(
    data: Frames, shown: pd.DataFrame, filters: Filters | None, title: str, *, shows_imported: bool
) -> dict[str, Any] | None:
    """The words of the map's saved image: the page, the filter, a legend and the sources."""
    if filters is None:
        return None
    narrowed = [f"search “{filters.query}”"] if filters.query else []
    parties = [settings.PARTIES[p][0] for p in filters.parties or ()]
    for label, chosen in (
        ("event types", filters.event_types), ("actors", filters.actors),
        ("claimed by", filters.claimants), ("place kinds", filters.place_kinds), ("whose account", parties),
        ("documents", filters.sources),
    ):  # fmt: skip
        if chosen:
            narrowed.append(f"{label}: {', '.join(chosen)}")
    return caption(
        title=title, start=filters.start, end=filters.end, wider=filters.wider, topics=filters.topics,
        topic_counts=shown["topic"].value_counts().to_dict(), narrowed_by=narrowed,
        sources=[data.sources[s] for s in dict.fromkeys(shown["source"]) if s in data.sources],
        datasets=filters.datasets if shows_imported else None, by=filters.colour_by,
        party_counts=shown["party"].value_counts().to_dict(),
    )  # fmt: skip


def in_region(data: Frames, place_id: str) -> bool:
    """Whether a place's point lies in the region's box (the set of such places worked out once per load)."""
    return place_id in _REGION_PLACES.get(data.key, lambda: _places_in_region(data))


_REGION_PLACES = LRU(8)


def _places_in_region(data: Frames) -> frozenset[str]:
    west, south, east, north = settings.REGION_BBOX
    lon, lat = data.places["longitude"], data.places["latitude"]
    return frozenset(data.places.index[(lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)])


def places_outside_region(data: Frames, event_id: str) -> list[str]:
    """The names of an event's places outside the region's box (a capital where a statement was made)."""
    ids = data.event_places.loc[data.event_places["event_id"] == event_id, "place_id"]
    return [data.places.loc[p, "name"] for p in ids if not in_region(data, p)]


def offscreen(data: Frames, shown: pd.DataFrame) -> None:
    """Name the places outside the region view, so far-away events are not missed."""
    text = mapview.DERIVED.get((data.key, "offscreen", tuple(shown.index)), lambda: _offscreen_text(data, shown))
    if text:
        st.caption(text)


def _offscreen_text(data: Frames, shown: pd.DataFrame) -> str:
    links = data.event_places[data.event_places["event_id"].isin(shown.index)]
    outside = [data.places.loc[p, "name"] for p in sorted(set(links["place_id"])) if not in_region(data, p)]
    if not outside:
        return ""
    return "Also on the map, outside this view: " + ", ".join(md_escape(n) for n in outside) + " (zoom out)."


def scroll_to_map_if_asked() -> None:
    """After "Show on the map" far below the map, bring the map into view (a static script, no data)."""
    if st.session_state.pop(keys.SCROLL_TO_MAP, False):
        # the page's first map; again for a moment, as the maps below may be redrawn and move the page
        components.html(
            "<script>let n = 0; const go = () => { const f = window.parent.document.querySelectorAll("
            "\"iframe[title='streamlit_folium.st_folium']\"); if (f.length) { f[0].scrollIntoView({block: 'center'}); }"
            " if (++n < 8) { setTimeout(go, 250); } }; go();</script>",
            height=0,
        )
