"""The address (URL) state and the selected event: a copied link reproduces the filters, the view and
the selection; whatever an address holds, reading it never raises."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from caucasus_atlas import settings
from caucasus_atlas.filters import Filters
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.data import Frames
from caucasus_atlas.ui.text import md_escape
from caucasus_atlas.urlstate import LIST_PARAMS, VIEW_PARAMS, parse_url_state


def load_url_state(data: Frames, periods: dict[str, tuple[dt.date, dt.date]], options: dict[str, list[str]]) -> None:
    """Once per session, fill the widgets from the address, so that a copied URL reproduces the view.

    Whatever the address holds, this never raises: a value that cannot be used is ignored, its filter
    keeps its default, and :func:`url_notes` says so on the page.
    """
    if st.session_state.get(keys.URL_LOADED):
        return
    st.session_state[keys.URL_LOADED] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    lo, hi = min(p[0] for p in periods.values()), max(p[1] for p in periods.values())
    state = parse_url_state(
        params, options=options, bounds=(lo, hi), event_ids=set(data.events.index),
        incident_ids=set(data.incidents.index),
    )  # fmt: skip
    st.session_state[keys.URL_NOTES] = state.notes
    for key, values in state.lists.items():
        st.session_state[key] = values
    if state.query is not None:
        st.session_state[keys.QUERY] = state.query
    if state.tiles is not None:
        st.session_state[keys.TILES] = state.tiles
    if state.wider is not None:
        st.session_state[keys.WIDER] = state.wider
    if state.colour is not None:
        st.session_state[keys.COLOUR_BY] = state.colour
    if state.incident is not None:
        st.session_state[keys.INCIDENT] = state.incident
    # each map's first drawing in the session opens on its view from the address
    st.session_state[keys.URL_VIEW] = {
        param: view for param, view in (("view", state.view), ("incident_view", state.incident_view)) if view
    }
    if state.start or state.end:
        for name, (first, last) in periods.items():
            if (state.start or first) >= first and (state.end or last) <= last:
                st.session_state[keys.PERIOD] = name
                st.session_state[keys.date_range(name)] = (state.start or first, state.end or last)
                break
    if state.event:
        if state.view is not None:  # the sender's view, with the event selected in it: the map stays there
            select_event(state.event)
        else:
            select_from_elsewhere(state.event)


def url_notes() -> None:
    """Say which parts of the address could not be used (they were left at their defaults)."""
    notes = st.session_state.get(keys.URL_NOTES)
    if notes:
        st.warning(
            "Parts of the address could not be used and were left at their defaults:\n"
            + "\n".join(f"- {md_escape(note)}" for note in notes),
            icon=":material/link_off:",
        )


def write_url_state(filters: Filters, defaults: dict[str, list[str]]) -> None:
    params: dict[str, Any] = {"from": filters.start.isoformat(), "to": filters.end.isoformat()}
    chosen = {
        "topic": filters.topics, "type": filters.event_types, "actor": filters.actors,
        "claim": filters.claimants, "kind": filters.place_kinds, "party": filters.parties, "doc": filters.sources,
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
    if filters.colour_by != "topic":
        params["colour"] = filters.colour_by
    if st.session_state.get(keys.INCIDENT):
        params["incident"] = st.session_state[keys.INCIDENT]
    if st.session_state.get(keys.EVENT):
        params["event"] = st.session_state[keys.EVENT]
    for param in VIEW_PARAMS:  # written by each map itself as the reader pans and zooms: kept
        if param in st.query_params:
            params[param] = st.query_params[param]
    if {k: st.query_params.get_all(k) for k in st.query_params} != {
        k: (v if isinstance(v, list) else [v]) for k, v in params.items()
    }:
        st.query_params.from_dict(params)


def select_event(event_id: str | None) -> None:
    """Make ``event_id`` the selected event (shown in the panel, kept in the URL)."""
    if event_id:
        st.session_state[keys.EVENT] = event_id
        if st.query_params.get("event") != event_id:
            st.query_params["event"] = event_id
    else:
        st.session_state.pop(keys.EVENT, None)
        if "event" in st.query_params:
            del st.query_params["event"]


def selected_event(data: Frames) -> str | None:
    event = st.session_state.get(keys.EVENT)
    return event if event in data.events.index else None


def follow_event_in_address(data: Frames) -> None:
    """An event or incident named in the address (a link from another page) becomes the selected one."""
    event = st.query_params.get("event")
    event = settings.FORMER_IDS.get(event, event) if event else event
    if event and event != st.session_state.get(keys.EVENT) and event in data.events.index:
        select_from_elsewhere(event)
    incident = st.query_params.get("incident")
    if incident and incident != st.session_state.get(keys.INCIDENT) and incident in data.incidents.index:
        st.session_state[keys.INCIDENT] = incident


def select_from_elsewhere(event_id: str) -> None:
    """Select an event from a link or the story mode: the map then moves to it."""
    st.session_state.pop(keys.LOCATION, None)
    st.session_state.pop(keys.IMPORTED, None)
    st.session_state.pop(keys.IMPORTED_PILE, None)
    st.session_state[keys.FOCUS] = True
    select_event(event_id)
