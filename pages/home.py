"""Overview: headline counts, the map of everything in the filter, events per week by topic, the latest events."""

import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.charts import histogram_spec
from caucasus_atlas.events import claim_threads
from caucasus_atlas.ui import mapview
from caucasus_atlas.views import histogram

data, filters, shown = ui.current()
ui.page_header(
    "Caucasus Atlas",
    data,
    caption="Where and when the events of a May 2021 bulletin happened, in its own words, and what the other "
    "parties said of the same incidents, in theirs.",
    shown=shown,
)
cols = st.columns(4)
cols[0].metric("Events in this filter", len(shown), help=f"{len(data.events)} events in all")
shown_key = tuple(shown.index)  # the filter's events, as the key of what is derived from them
places = mapview.DERIVED.get(
    (data.key, "places-count", shown_key),
    lambda: data.event_places.loc[data.event_places["event_id"].isin(shown.index), "place_id"].nunique(),
)
cols[1].metric("Places", places)
cols[2].metric("Sections", shown["topic"].nunique())
threads = mapview.DERIVED.get(
    (data.key, "threads", shown_key), lambda: len([t for t in claim_threads(shown) if len(t) > 1])
)
cols[3].metric("Claim threads", threads)
ui.legend(data, shown)
ui.map_and_panel(data, shown, filters, key="overview_map", title="Overview", height=480)

st.subheader("Events over time")
bars = mapview.DERIVED.get((data.key, "histogram", shown_key), lambda: histogram(shown))
if bars.empty:
    st.info("No event in this filter.")
else:
    # the chart's Vega-Lite spec, built once per load and filter
    spec = mapview.DERIVED.get((data.key, "histogram-chart", shown_key), lambda: histogram_spec(bars))
    st.vega_lite_chart(spec, width="stretch")

st.subheader("Latest events")
latest = mapview.DERIVED.get(
    (data.key, "latest", shown_key), lambda: shown.sort_values(["date_end", "date_start"], ascending=False).head(8)
)
if latest.empty:
    st.info("No event in this filter.")
ui.event_rows(data, latest, key="latest")
ui.scroll_to_map_if_asked()
ui.unmapped(data, shown)
