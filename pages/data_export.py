"""Data: the filtered events as a table and its downloads (CSV in ACLED's columns, GeoJSON), the event–place
table, the incidents, the places gazetteer, the imports and the uploader."""

import pandas as pd
import pyarrow as pa
import streamlit as st

from caucasus_atlas import export, settings, ui
from caucasus_atlas.ui import imported, mapview
from caucasus_atlas.ui.turns import gated

data, filters, shown = ui.current()
ui.page_header(
    "Data",
    data,
    caption="The filtered events, ready to download in ACLED's columns or as GeoJSON; and the gazetteer.",
    shown=shown,
)
table = shown.drop(columns=["excerpt"]).copy()
table["actors"] = table["actors"].map("; ".join)
table["states"] = table["states"].map(lambda states: "; ".join(f"{s.what}: {s.value}" for s in states))
st.dataframe(table, width="stretch")
args = (shown, data.event_places, data.places, data.sources)
rows = imported.rows_in_filter(data, filters)


def _extra() -> dict:
    """The imported rows in the filter and the nearby counts: taken only when a download is asked for."""
    return {
        "imported": data.imported.iloc[rows],
        "nearby": imported.nearby_for(data, filters.near_km, filters.near_days) if data.imports else None,
    }


if data.imports:
    st.caption(
        f"The downloads add the {len(rows):,} imported events in this filter after the curated ones, and count "
        f"for each curated event the imported ones within {filters.near_km:g} km and ±{filters.near_days} days "
        "(`nearby_independent`)."
    )
left, right = st.columns(2)
# every download is built when it is asked for (a callable), never on each visit of the page, and takes its
# turn at the server as this session's work (ui/turns.py)
left.download_button(
    "Download events (CSV, ACLED columns)", gated(lambda: export.events_csv(*args, **_extra())),
    file_name="caucasus-atlas-events.csv", mime="text/csv", key="download_events_csv",
)  # fmt: skip
right.download_button(
    "Download events (GeoJSON)", gated(lambda: export.events_geojson(*args, **_extra())),
    file_name="caucasus-atlas-events.geojson", mime="application/geo+json", key="download_events_geojson",
)  # fmt: skip
st.caption(
    "One row per event, at its primary place; the event–place table has every place of every event with its role."
)
st.download_button(
    "Download the event–place table (CSV)",
    gated(lambda: export.event_places_csv(shown, data.event_places, data.places)),
    file_name="caucasus-atlas-event-places.csv", mime="text/csv", key="download_event_places_csv",
)  # fmt: skip
if not data.incidents.empty:
    st.subheader("Incidents")
    st.caption(
        "One happening that several documents describe: its accounts (events), the parties and the documents "
        "they come from. All accounts are listed whatever the filter; an incident is the sum of its accounts."
    )
    # the tables below are functions of the data alone: built once per load, not per rerun
    incident_table = mapview.DERIVED.get(
        (data.key, "incident-table"),
        lambda: pa.Table.from_pandas(
            pd.DataFrame(export.incident_rows(data.incidents, data.events), columns=list(export.INCIDENT_COLUMN_DOCS)),
            preserve_index=False,
        ),
    )  # an Arrow table: what Streamlit sends, so a rerun does not convert it again
    st.dataframe(incident_table, hide_index=True, width="stretch")
    st.download_button(
        "Download the incidents (CSV)", gated(lambda: export.incidents_csv(data.incidents, data.events)),
        file_name="caucasus-atlas-incidents.csv", mime="text/csv", key="download_incidents_csv",
    )  # fmt: skip
with st.expander("What each column of the events download holds"):
    st.dataframe(
        mapview.DERIVED.get(
            "event-column-docs",
            lambda: pd.DataFrame(list(export.EVENT_COLUMN_DOCS.items()), columns=["column", "content"]),
        ),
        hide_index=True, width="stretch",
    )  # fmt: skip
st.subheader("Places")


def _places_table() -> pa.Table:
    table = data.places.drop(columns="geometry").reset_index()
    table["alt_names"] = table["alt_names"].map("; ".join)
    return pa.Table.from_pandas(table, preserve_index=False)


st.dataframe(mapview.DERIVED.get((data.key, "places-table"), _places_table), width="stretch", hide_index=True)
st.download_button(
    "Download places (CSV)", gated(lambda: export.places_csv(data.places)), file_name="caucasus-atlas-places.csv",
    mime="text/csv", key="download_places_csv",
)  # fmt: skip
if data.imports:
    st.subheader("Imports")
    st.dataframe(pd.DataFrame(data.imports), hide_index=True, width="stretch")
imported.uploader(settings.data_root())
