"""Incidents map: the map and the event panel; under it, the events per day, a drag setting the date range,
and a play control stepping a window through the period."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.ui import state as keys


@st.fragment(run_every=2.0)
def _play(first: dt.date, last: dt.date, width: int) -> None:
    """Every two seconds, move the window one step on, the whole page (and so the map) following."""
    filters = st.session_state.get(keys.FILTERS)
    if not st.session_state.get(keys.PLAYING) or filters is None:
        return
    start = (
        filters.start + dt.timedelta(days=width) if filters.end - filters.start < dt.timedelta(days=width) else first
    )
    if start > last:
        st.session_state[keys.STOP_PLAYING] = True
        st.rerun()
    ui.set_range(start, min(last, start + dt.timedelta(days=width - 1)))


def time_window(data: ui.Frames, filters: ui.Filters) -> None:
    """Events per day over the period; drag across the chart to set the date range. A play control steps
    a window of a day or a week through the period, the map following."""
    period = st.session_state.get(keys.PERIOD)
    first, last = ui.periods_of(data).get(period, (filters.start, filters.end))
    days = pd.date_range(first, last, freq="D")
    if len(days) > 400:  # a long period: the chart is drawn by week
        days = pd.date_range(first, last, freq="W-MON")
    events = data.events[(data.events["date_start"] >= first) & (data.events["date_end"] <= last)]
    starts = pd.to_datetime(events["date_start"])
    counts = starts.value_counts().reindex(days, fill_value=0) if len(days) <= 400 else None
    if counts is None:
        counts = starts.dt.to_period("W-SUN").dt.start_time.value_counts().reindex(days, fill_value=0)
    table = pd.DataFrame({"date": days, "events": counts.to_numpy()})
    brush = alt.selection_interval(encodings=["x"], name="window")
    chart = (
        alt.Chart(table)
        .mark_bar(color="#4f535c")
        .encode(x=alt.X("date:T", title=None), y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickMinStep=1)))
        .properties(height=90)
        .add_params(brush)
    )
    left, right = st.columns([5, 2], vertical_alignment="bottom")
    with left:
        st.caption("Drag across the chart to set the date range; the map follows.")
        state = st.altair_chart(chart, width="stretch", on_select="rerun", key="time_window", selection_mode="window")
    selected: dict[str, Any] = dict(state) if state else {}
    window = selected.get("selection", {}).get("window", {}).get("date") if selected else None
    # a new drag sets the range once; the chart keeps its selection, which must not undo later changes
    if window and len(window) == 2 and tuple(window) != st.session_state.get(keys.APPLIED_WINDOW):
        st.session_state[keys.APPLIED_WINDOW] = tuple(window)
        start = max(first, pd.to_datetime(window[0], unit="ms").date())
        end = min(last, pd.to_datetime(window[1], unit="ms").date())
        if start <= end and (start, end) != (filters.start, filters.end):
            ui.set_range(start, end)
    if st.session_state.pop(keys.STOP_PLAYING, False):  # the play reached the period's end (set before the toggle)
        st.session_state[keys.PLAYING] = False
    with right:
        step = st.segmented_control("Window", ["day", "week"], default="week", key="play_step")
        playing = st.toggle("▶ Play through the period", key=keys.PLAYING)
    if playing:
        _play(first, last, 1 if step == "day" else 7)


data, filters, shown = ui.current()
ui.page_header("Incidents map", data, shown=shown)
st.metric("Events in this filter", len(shown), help=f"{len(data.events)} events in all")
ui.legend(data, shown)
ui.map_and_panel(data, shown, filters, key="incidents_map", title="Incidents map", cluster=True)
time_window(data, filters)  # under the map, as in TimeMap: the map stays on a phone's first screen
ui.unmapped(data, shown)
