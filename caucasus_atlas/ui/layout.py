"""Page pieces several pages share: the map beside the event panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from caucasus_atlas.ui import imported
from caucasus_atlas.ui.data import Frames
from caucasus_atlas.ui.eventmap import event_map, offscreen, scroll_to_map_if_asked
from caucasus_atlas.ui.filters import Filters, wider_note
from caucasus_atlas.ui.panel import event_panel, search_results


def map_and_panel(
    data: Frames,
    shown: pd.DataFrame,
    filters: Filters,
    *,
    key: str,
    title: str,
    with_imported: bool = True,
    panel_top: Callable[[], None] | None = None,
    **kwargs: Any,
) -> None:
    """The page's events map (five eighths of the width) beside the event panel; under the map, the notes
    on events off-screen and on those dated only to a wider period; under both, when the sidebar's search has
    text, the list of the events that match it. ``panel_top`` draws what steps the map (the play control, the
    story's steps) at the top of the panel, beside the map: seen with it."""
    col_map, col_panel = st.columns([5, 3], gap="medium")
    with col_map:
        rows = imported.rows_in_filter(data, filters) if with_imported else None
        if rows is not None:
            imported.count_line(data, filters, rows)
        event_map(data, shown, tiles=filters.tiles, key=key, imported_rows=rows, title=title, **kwargs)
        offscreen(data, shown)
        wider_note(data, filters)
    with col_panel:
        if panel_top is not None:
            panel_top()
        event_panel(data, shown)
    if filters.query:
        search_results(data, shown, filters.query, key=key)
        scroll_to_map_if_asked()
