"""Reconstruction: sites, roads, railways and corridors; what the source says is planned, started or finished."""

import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.views import construction_status

data, filters, shown = ui.current()
ui.page_header(
    "Reconstruction",
    data,
    caption="Sites, roads, railways and corridors; what the source says is planned, started or finished.",
    shown=shown,
)
kinds = {"reconstruction_site", "corridor", "facility"}
on_sites = set(
    data.event_places.loc[
        data.event_places["place_id"].isin(data.places.index[data.places["kind"].isin(kinds)]), "event_id"
    ]
)
works = shown[shown.index.isin(on_sites) | shown["topic"].isin(["reconstruction"])]
st.metric("Events at sites and on routes", len(works))
ui.legend(data, works)
ui.map_and_panel(data, works, filters, key="reconstruction_map", title="Reconstruction", with_imported=False)
st.subheader("Planned, started, finished")
status = construction_status(shown)
if status.empty:
    st.info("No construction event in this filter.")
else:
    st.dataframe(status, width="stretch")
