"""Incidents map: the map and the event panel, a play control stepping a window through the date range beside
the map; under it, the events per day, a drag setting the date range."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.charts import WINDOW, window_spec
from caucasus_atlas.ui import mapview
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.play import play_controls


def _counts(data: ui.Frames, first: Any, last: Any) -> pd.DataFrame:
    """Events per day from ``first`` to ``last`` (per week when that is over 400 days), by first day."""
    days = pd.date_range(first, last, freq="D")
    if len(days) > 400:  # a long period: the chart is drawn by week
        days = pd.date_range(first, last, freq="W-MON")
    events = data.events[(data.events["date_start"] >= first) & (data.events["date_end"] <= last)]
    starts = pd.to_datetime(events["date_start"])
    counts = starts.value_counts().reindex(days, fill_value=0) if len(days) <= 400 else None
    if counts is None:
        counts = starts.dt.to_period("W-SUN").dt.start_time.value_counts().reindex(days, fill_value=0)
    return pd.DataFrame({"date": days, "events": counts.to_numpy()})


def time_window(data: ui.Frames, filters: ui.Filters) -> None:
    """Events per day over the period; drag across the chart to set the date range."""
    period = st.session_state.get(keys.PERIOD)
    first, last = ui.periods_of(data).get(period, (filters.start, filters.end))
    spec = mapview.DERIVED.get((data.key, "window-chart", first, last), lambda: window_spec(_counts(data, first, last)))
    st.caption("Drag across the chart to set the date range; the map follows.")
    state = st.vega_lite_chart(spec, width="stretch", on_select="rerun", key="time_window", selection_mode=WINDOW)
    selected: dict[str, Any] = dict(state) if state else {}
    window = selected.get("selection", {}).get(WINDOW, {}).get("date") if selected else None
    # a new drag sets the range once; the chart keeps its selection, which must not undo later changes
    if window and len(window) == 2 and tuple(window) != st.session_state.get(keys.APPLIED_WINDOW):
        st.session_state[keys.APPLIED_WINDOW] = tuple(window)
        start = max(first, pd.to_datetime(window[0], unit="ms").date())
        end = min(last, pd.to_datetime(window[1], unit="ms").date())
        if start <= end and (start, end) != (filters.start, filters.end):
            ui.set_range(start, end)


data, filters, shown = ui.current()
ui.page_header("Incidents map", data, shown=shown)
st.metric("Events in this filter", len(shown), help=f"{len(data.events)} events in all")
ui.legend(data, shown)
ui.map_and_panel(
    data, shown, filters, key="incidents_map", title="Incidents map", cluster=True,
    panel_top=lambda: play_controls(filters),  # beside the map it steps, after the map is sent
)  # fmt: skip
time_window(data, filters)  # under the map, as in TimeMap: the map stays on a phone's first screen
ui.unmapped(data, shown)
