"""Incidents map: filter by date and topic, click a place to read the source's words."""

import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.events import filter_events

data = ui.frames()
st.title("Incidents map")
ui.banner(data)
ui.problems(data)
filters = ui.sidebar_filters(data)
shown = filter_events(data.events, start=filters.start, end=filters.end, topics=filters.topics)
st.metric("Events in this filter", len(shown), help=f"{len(data.events)} events in all")
ui.legend(data, shown)
col_map, col_panel = st.columns([3, 2], gap="medium")
with col_map:
    clicked = ui.event_map(data, shown, tiles=filters.tiles)
    ui.offscreen(data, shown)
with col_panel:
    ui.place_panel(data, shown, clicked)
ui.unmapped(data, shown)
