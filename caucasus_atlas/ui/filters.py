"""The shared sidebar and the date rule.

The rule: an event is shown when its whole date span lies within the chosen range. Events whose span only
overlaps the range (dated to "May 2021" while the range is 12-16 May) may or may not fall in it: they are
counted and listed apart, and drawn faded when the reader asks for them (:func:`wider_events`). The rule
itself is :func:`caucasus_atlas.events.filter_events` with ``within=True``."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from caucasus_atlas import settings
from caucasus_atlas.events import (
    date_bounds,
    events_with_place_kinds,
    filter_events,
    periods_for,
    search_events,
)
from caucasus_atlas.filters import Filters
from caucasus_atlas.symbols import COLOUR_BY
from caucasus_atlas.ui import imported
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.address import follow_event_in_address, load_url_state, write_url_state
from caucasus_atlas.ui.data import Frames, frames
from caucasus_atlas.ui.mapview import LRU
from caucasus_atlas.ui.text import md_escape
from caucasus_atlas.urlstate import LIST_PARAMS, MAX_QUERY_CHARS

#: what the sidebar offers, and its periods, per load (worked out from every event: too dear for each rerun)
_PER_LOAD = LRU(16)


def filter_options(data: Frames) -> dict[str, list[str]]:
    """Every value each sidebar list offers (cached per load)."""
    return _PER_LOAD.get((data.key, "options"), lambda: _filter_options(data))


def _filter_options(data: Frames) -> dict[str, list[str]]:
    actors = sorted({a for names in data.events["actors"] for a in names})
    return {
        "topics": list(settings.TOPICS),
        "event_types": sorted(set(data.events["event_type"])),
        "actors": actors,
        "claimants": sorted(set(data.events["claimed_by"])),
        "place_kinds": sorted(set(data.places["kind"])),
        "parties": [p for p in settings.PARTIES if p in set(data.events["party"])],
        "sources": list(data.sources),
    }


def sidebar_filters(data: Frames) -> Filters:
    """The shared sidebar (rendered once, by the entry script, for every page) and the URL state.

    The period sets the slider's ends so that a month stays easy to pick even though the data reaches
    back decades; "All dates" makes the whole range reachable.
    """
    _restore_kept_filters()
    periods = periods_of(data)
    options = filter_options(data)
    load_url_state(data, periods, options)
    follow_event_in_address(data)
    _apply_pending_range(periods)
    with st.sidebar:
        # the skip link's target (Streamlit gives headers in the sidebar no anchor): focusable, so that the
        # link moves the keyboard here
        st.html('<h2 id="ca-filters" tabindex="-1" style="outline:none">Filters</h2>')
        period = st.radio("Period", list(periods), key=keys.PERIOD)
        first, last = periods[period]
        start, end = st.slider(
            "Date range",
            min_value=first,
            max_value=last,
            value=st.session_state.get(keys.date_range(period), (first, last)),
            format="YYYY-MM-DD",
            key=keys.date_range(period),
            help="Shown: the events dated within the range (their whole date span inside it).",
        )
        st.caption("Shown: events dated within the range, their whole date span inside it.")
        wider = st.toggle(
            "Also show events dated only to a wider period", key=keys.WIDER,
            help="Events whose date span overlaps the range but reaches beyond it (\"May 2021\" in 12–16 May): "
            "they may or may not fall in the range. Drawn faded on the map.",
        )  # fmt: skip
        query = st.text_input(
            "Search", key=keys.QUERY, placeholder="words, names, places (e.g. Sev Lich)", max_chars=MAX_QUERY_CHARS,
            help="Matches summaries, excerpts, actors, claimants and every name of an event's places.",
        )  # fmt: skip
        labels = {topic: label for topic, (label, _) in settings.TOPICS.items()}
        topics = st.multiselect(
            "Topics (sections of the bulletin)",
            options=options["topics"],
            default=options["topics"] if keys.TOPICS not in st.session_state else None,
            format_func=labels.__getitem__,
            key=keys.TOPICS,
        )
        with st.expander("More filters"):
            chosen = {}
            party_labels = {party: label for party, (label, _) in settings.PARTIES.items()}
            chosen["parties"] = st.multiselect(
                "Whose account", options["parties"], key=keys.PARTIES, placeholder="All",
                format_func=party_labels.__getitem__,
            )  # fmt: skip
            chosen["sources"] = st.multiselect(
                "Documents", options["sources"], key=keys.SOURCES, placeholder="All",
                format_func=lambda s: f"{data.sources[s].date} · {data.sources[s].title}"[:90],
            )  # fmt: skip
            for key, label in (
                ("event_types", "Event types"), ("actors", "Actors"),
                ("claimants", "Who claims it"), ("place_kinds", "Place kinds"),
            ):  # fmt: skip
                chosen[key] = st.multiselect(label, options[key], key=key, placeholder="All")
        colour_by = st.radio(
            "Colour the map by", list(COLOUR_BY), key=keys.COLOUR_BY, format_func=COLOUR_BY.__getitem__,
            horizontal=True,
        )  # fmt: skip
        tiles = st.toggle(
            "OpenStreetMap background",
            value=True,
            key=keys.TILES,
            help="Drawn when your browser can reach the tile server; the outlines below draw offline.",
        )
        own = imported.sidebar(data)
    filters = Filters(
        start=start, end=end, topics=tuple(topics),
        event_types=tuple(chosen["event_types"]) or None, actors=tuple(chosen["actors"]) or None,
        claimants=tuple(chosen["claimants"]) or None, place_kinds=tuple(chosen["place_kinds"]) or None,
        query=query.strip(), tiles=tiles, wider=wider, datasets=own.shown, near_km=own.near_km,
        near_days=own.near_days, parties=tuple(chosen["parties"]) or None, sources=tuple(chosen["sources"]) or None,
        colour_by=colour_by, imported_datasets=own.datasets, imported_types=own.event_types,
        fatalities=own.fatalities,
    )  # fmt: skip
    defaults = {
        **options, "event_types": [], "actors": [], "claimants": [], "place_kinds": [], "parties": [], "sources": [],
    }  # fmt: skip
    write_url_state(filters, defaults)
    return filters


def periods_of(data: Frames) -> dict[str, tuple[dt.date, dt.date]]:
    """The named periods of the sidebar for this data (the bulletin's month first; cached per load)."""
    return _PER_LOAD.get((data.key, "periods"), lambda: _periods_of(data))


def _periods_of(data: Frames) -> dict[str, tuple[dt.date, dt.date]]:
    lo, hi = date_bounds(data.events) if len(data.events) else settings.DEFAULT_DATE_RANGE
    if len(data.imported):
        lo = min(lo, data.imported["date_start"].min().date())
        hi = max(hi, data.imported["date_end"].max().date())
    return periods_for(lo, hi)


def _apply_pending_range(periods: dict[str, tuple[dt.date, dt.date]]) -> None:
    """A range chosen on the time chart or by the play control becomes the sidebar's range."""
    pending = st.session_state.pop(keys.PENDING_RANGE, None)
    if not pending:
        return
    start, end, *period = pending
    if period and period[0] in periods:  # a range put back as it was, in its own period
        st.session_state[keys.PERIOD] = period[0]
        st.session_state[keys.date_range(period[0])] = (start, end)
        return
    for name, (first, last) in periods.items():
        if first <= start and end <= last:
            st.session_state[keys.PERIOD] = name
            st.session_state[keys.date_range(name)] = (start, end)
            return


def set_range(start: dt.date, end: dt.date, period: str | None = None) -> None:
    """Ask for a new date range (applied at the start of the next run; in ``period`` when given) and rerun
    the app."""
    st.session_state[keys.PENDING_RANGE] = (start, end) if period is None else (start, end, period)
    st.rerun()


#: The events each filter keeps, per load of the data: a rerun that keeps its filter (a click, a page
#: change) does not search or filter again. The frames are shared: a page must not change them in place.
_APPLIED = LRU(256)


def apply(data: Frames, filters: Filters) -> pd.DataFrame:
    """The events the filters keep (cached per load and filter)."""
    return _APPLIED.get((data.key, repr(filters)), lambda: _apply(data, filters))


def _apply(data: Frames, filters: Filters) -> pd.DataFrame:
    ids: set[str] | None = None
    if filters.query:
        ids = search_events(data.events, data.event_places, data.places, filters.query, data.incidents)
    if filters.place_kinds:
        kinds = events_with_place_kinds(data.event_places, data.places, filters.place_kinds)
        ids = kinds if ids is None else ids & kinds
    return filter_events(
        data.events, start=filters.start, end=filters.end, topics=filters.topics,
        event_types=filters.event_types, actors=filters.actors, claimants=filters.claimants, event_ids=ids,
        within=not filters.wider, parties=filters.parties, sources=filters.sources,
    )  # fmt: skip


def wider_events(data: Frames, filters: Filters) -> pd.DataFrame:
    """The events of the filter dated only to a wider period that overlaps the range (not inside it)."""
    overlapping = apply(data, dataclasses.replace(filters, wider=True))
    inside = (overlapping["date_start"] >= filters.start) & (overlapping["date_end"] <= filters.end)
    return overlapping[~inside]


def wider_note(data: Frames, filters: Filters) -> None:
    """Count and list apart the events dated only to a wider period (or say they are drawn faded)."""

    def note() -> tuple[int, str]:
        wider = wider_events(data, filters)
        lines = (
            f"- **{md_escape(label)}** — {md_escape(summary)} (`{event_id}`)"
            for event_id, label, summary in zip(wider.index, wider["date_label"], wider["summary"], strict=True)
        )
        return len(wider), "\n".join(lines)

    n, lines = _APPLIED.get((data.key, repr(filters), "wider-note"), note)  # once per load and filter
    if not n:
        return
    verb = "are included and drawn faded" if filters.wider else "are left out"
    label = f"{n} more event{'s are' if n != 1 else ' is'} dated only to a wider period that overlaps this range"
    with st.expander(f"{label}: they {verb}"):
        st.markdown(lines)


def current() -> tuple[Frames, Filters, pd.DataFrame]:
    """The data, the sidebar's filters and the events they keep, for a page.

    The entry script renders the sidebar once per run; a page run on its own (AppTest) renders it itself.
    """
    data = frames()
    filters = st.session_state.get(keys.FILTERS) or sidebar_filters(data)
    return data, filters, apply(data, filters)


def entry_sidebar() -> None:
    """Called by the entry script before the page: the shared sidebar, once per run, for every page."""
    st.session_state[keys.FILTERS] = sidebar_filters(frames())


def switch_page_keeping_filters(page: str) -> None:
    """Go to another page from the server (``st.switch_page``), the sidebar's choices kept: a switch made
    by the server carries no widget values, so this run's are kept and set again before the next run draws
    the sidebar (:func:`_restore_kept_filters`)."""
    period = st.session_state.get(keys.PERIOD)
    widget_keys = [
        keys.PERIOD, keys.WIDER, keys.QUERY, keys.COLOUR_BY, keys.TILES, keys.DATASETS, keys.NEAR_KM,
        keys.NEAR_DAYS, keys.IMPORTED_DATASETS, keys.IMPORTED_TYPES, keys.FATALITIES, *LIST_PARAMS.values(),
        *([keys.date_range(period)] if period else []),
    ]  # fmt: skip
    st.session_state[keys.KEPT_FILTERS] = {k: st.session_state[k] for k in widget_keys if k in st.session_state}
    st.switch_page(page)


def _restore_kept_filters() -> None:
    for key, value in st.session_state.pop(keys.KEPT_FILTERS, {}).items():
        st.session_state[key] = value
