"""Streamlit glue: the only part of caucasus_atlas that imports streamlit.

Where to look:

- :mod:`~caucasus_atlas.ui.data` — the cached data the pages draw from (:class:`Frames`).
- :mod:`~caucasus_atlas.ui.filters` — the shared sidebar and **the date rule** (dated within the range).
- :mod:`~caucasus_atlas.ui.address` — **the URL state** and the selected event.
- :mod:`~caucasus_atlas.ui.state` — **every session-state key**, named once with what it holds.
- :mod:`~caucasus_atlas.ui.page` — what every page has: title, whose documents, problems, style.
- :mod:`~caucasus_atlas.ui.legend` — **the legend** of every map page.
- :mod:`~caucasus_atlas.ui.eventmap` — a page's events map and what a click on it selects.
- :mod:`~caucasus_atlas.ui.mapview` — the map's caches (frame per view, layers per filter).
- :mod:`~caucasus_atlas.ui.panel` — the event panel and the links between pages.
- :mod:`~caucasus_atlas.ui.layout` — the map beside the event panel.
- :mod:`~caucasus_atlas.ui.imported` — the reader's own imported events.

The pages themselves are the files in ``pages/`` (one file per page, holding that page's own code); what
more than one page uses lives here.

The names the pages use are gathered here, so that a page reads ``ui.current()``, ``ui.legend(...)``.
"""

from caucasus_atlas.filters import Filters
from caucasus_atlas.ui.address import select_event, select_from_elsewhere, selected_event, url_notes
from caucasus_atlas.ui.data import Frames, frames, load_frames
from caucasus_atlas.ui.eventmap import event_map, in_region, offscreen, places_outside_region, scroll_to_map_if_asked
from caucasus_atlas.ui.filters import (
    apply,
    current,
    entry_sidebar,
    periods_of,
    set_range,
    sidebar_filters,
    wider_events,
    wider_note,
)
from caucasus_atlas.ui.layout import map_and_panel
from caucasus_atlas.ui.legend import legend
from caucasus_atlas.ui.page import PAGE_CSS, banner, page_header, page_style, problems
from caucasus_atlas.ui.panel import (
    event_detail,
    event_panel,
    event_rows,
    link_to_map,
    link_to_reader,
    search_results,
    unmapped,
)
from caucasus_atlas.ui.text import md_escape

__all__ = [
    "PAGE_CSS", "Filters", "Frames", "apply", "banner", "current", "entry_sidebar", "event_detail",
    "event_map", "event_panel", "event_rows", "frames", "in_region", "legend", "link_to_map", "link_to_reader",
    "load_frames", "map_and_panel", "md_escape",
    "offscreen", "page_header", "page_style", "periods_of", "places_outside_region", "problems",
    "scroll_to_map_if_asked", "search_results", "select_event", "select_from_elsewhere", "selected_event", "set_range",
    "sidebar_filters", "unmapped", "url_notes", "wider_events", "wider_note",
]  # fmt: skip
