"""One legend for every map page: topics in the map's colours and symbols, and what each kind of shape means."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from caucasus_atlas import settings
from caucasus_atlas.map.imported import IMPORT_COLOUR_NAMES
from caucasus_atlas.symbols import groups, topic_swatch
from caucasus_atlas.ui import imported
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.data import Frames
from caucasus_atlas.ui.text import md_escape


def legend(data: Frames, shown: pd.DataFrame, *, colour_by: str | None = None) -> None:
    """One legend for every map: event counts per topic in the map's colours and second channel (the
    shape of its places, the hatching of its areas: :mod:`caucasus_atlas.symbols`), then what each kind of
    shape means (legend text comes from settings and this function only; no data is rendered as HTML)."""
    filters = st.session_state.get(keys.FILTERS)
    by = colour_by or getattr(filters, "colour_by", None) or "topic"
    counts = shown["topic" if by == "topic" else "party"].value_counts()
    items = []
    for topic, group in groups(by).items():
        label = group.label
        n = int(counts.get(topic.removeprefix("party-"), 0))
        text = "#31333f" if n else "#6b6b6b"  # both at least 4.5:1 on white
        items.append(
            f"<span style='color:{text};margin-right:14px;white-space:nowrap'>"
            f"<span data-topic='{topic}'>{topic_swatch(topic)}</span>{label}: {n}</span>"
        )
    st.markdown(
        "<div data-testid='ca-legend' style='font-size:0.85rem;line-height:1.8'>" + "".join(items) + "</div>",
        unsafe_allow_html=True,
    )
    faded = (
        " Faded, dotted shapes: events dated only to a wider period than the range."
        if getattr(filters, "wider", False)
        else ""
    )
    # what each kind of shape means: behind a switch, so that the map stays on the first screen
    with st.expander("What the shapes on the map mean"):
        _shapes_caption(by, faded)
    if data.imports:
        names = imported.sources(data)
        colours = [IMPORT_COLOUR_NAMES[i % len(IMPORT_COLOUR_NAMES)] for i in range(len(names))]
        st.caption(
            "Imported events are small dots, counted in circles when zoomed out: "
            + ", ".join(f"{md_escape(n)} {c}" for n, c in zip(names, colours, strict=True))
            + "."
        )


def _shapes_caption(by: str, faded: str) -> None:
    """What each kind of shape on the map means."""
    st.caption(
        ("Each topic has" if by == "topic" else "Each party's accounts have")
        + " a colour, a shape and a hatching (above). Filled shapes: exact places (larger: more "
        "events). Dashed circles, hatched: places known only as near "
        f"(a {settings.UNCERTAINTY_RADIUS_M // 1000} km circle). Hatched areas with dashed edges: the district or "
        "region an event is placed in. Thick dashed lines with the topic's shape at their middle: roads, railways "
        "and corridors. Green numbered circles: nearby places grouped (click to zoom in). A black outline: the "
        "places of the selected story step. A thin dotted line: two places that different parties' accounts of "
        "one incident give, with the distance between them." + faded
    )
