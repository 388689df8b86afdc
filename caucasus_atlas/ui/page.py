"""What every page has: its title, whose documents are in view, the notes on the address, the data
problems, and the atlas's own style."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from caucasus_atlas.ui.address import url_notes
from caucasus_atlas.ui.data import Frames
from caucasus_atlas.ui.mapview import LRU
from caucasus_atlas.ui.text import md_escape
from caucasus_atlas.views import perspective_text

#: The banner's words per load and set of events shown.
_PERSPECTIVES = LRU(256)


def banner(data: Frames, shown: pd.DataFrame | None = None) -> None:
    """Say plainly whose documents are in view, on every page: the documents of the events shown (all of
    them when the page shows no filtered events), by whose accounts they are."""
    events = data.events if shown is None else shown
    if len(data.sources) == 1:
        source = next(iter(data.sources.values()))
        st.info(
            f"**Source:** *{md_escape(source.title)}*, {md_escape(source.publisher)}, {md_escape(source.date)}. "
            f"{md_escape(source.publisher_note)} Each event names who asserts it.",
            icon=":material/description:",
        )
        return
    text = _PERSPECTIVES.get(
        (data.key, tuple(events.index)), lambda: perspective_text(events, data.sources, counted_apart=True)
    )
    st.info(
        f"**{md_escape(text)}** Each document is one party's account of a "
        "contested border; every event names who asserts it, and accounts that disagree are shown side by "
        "side, not reconciled.",
        icon=":material/description:",
    )


def problems(data: Frames) -> None:
    """Show data problems on the page instead of a traceback; the valid records are still shown."""
    if data.problems:
        st.error(
            f"The data has {len(data.problems)} problem(s). Records with problems are left out; "
            "everything else is shown. Run `python -m caucasus_atlas validate` for the same list."
        )
        st.code("\n".join(data.problems), language=None)


def page_header(title: str, data: Frames, *, caption: str | None = None, shown: pd.DataFrame | None = None) -> None:
    """Every page: its title, whose documents are in view (of ``shown``, the page's events), and any data
    problem."""
    st.title(title)
    if caption:
        st.caption(caption)
    banner(data, shown)
    url_notes()
    problems(data)


#: Text at least 4.5:1 on the page (WCAG AA): Streamlit draws captions and quotes at 60 % opacity (about
#: 3.9:1); here they are opaque, in greys of 7.7:1 and 10:1.
PAGE_CSS = """<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4f535c !important; }
[data-testid="stMarkdownContainer"] blockquote { opacity: 1 !important; color: #3d3f4a !important; }
/* the map's top on the first screen, and more of the width for it: less empty room around the content */
[data-testid="stMainBlockContainer"] { padding-top: 3rem !important; padding-left: 2.5rem !important;
  padding-right: 2.5rem !important; }
h1 { font-size: 2.3rem !important; padding: 0.25rem 0 0.5rem !important; }
[data-testid="stMetricValue"] { font-size: 1.9rem !important; }
@media (max-width: 640px) {  /* a phone: the map on the first screen */
  [data-testid="stMainBlockContainer"] { padding-left: 1rem !important; padding-right: 1rem !important; }
  /* headline counts two to a row, not one under another */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-flow: row wrap !important; gap: 0.25rem 0.5rem !important; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"])
    > [data-testid="stColumn"] {
    flex: 0 0 calc(50% - 0.5rem) !important; width: calc(50% - 0.5rem) !important; min-width: 0 !important; }
  h1 { font-size: 1.6rem !important; padding-bottom: 0.2rem !important; }
  [data-testid="stAlert"] p { font-size: 0.78rem !important; line-height: 1.35 !important; }
  [data-testid="ca-legend"] { font-size: 0.72rem !important; line-height: 1.45 !important; }
  [data-testid="stCaptionContainer"] { font-size: 0.72rem !important; line-height: 1.35 !important; }
  [data-testid="stMetricValue"] { font-size: 1.3rem !important; }
  [data-testid="stMainBlockContainer"] { padding-top: 2.5rem !important; }
}
/* the skip link: out of sight until the keyboard reaches it */
[data-testid="stElementContainer"]:has(.ca-skip) { position: absolute; z-index: 1000; }  /* takes no room */
[data-testid="stElementContainer"]:has(.ca-skip) * { overflow: visible !important; }
.ca-skip { position: absolute; left: -10000px; top: 0; }
.ca-skip:focus { left: 0; z-index: 1000; background: #fff; color: #0b57d0; padding: 6px 10px;
  border: 2px solid #0b57d0; border-radius: 4px; }
</style>"""

#: The first stop of the page for the keyboard: from the content (and the map's ~35 features) straight to the
#: filters. ``#ca-filters`` is the sidebar's "Filters" header (:func:`~caucasus_atlas.ui.filters.sidebar_filters`).
SKIP_LINK = '<a class="ca-skip" href="#ca-filters">Skip to the filters</a>'


def page_style() -> None:
    """The atlas's own page style (static CSS: no data) and the skip link to the filters."""
    st.html(PAGE_CSS + SKIP_LINK)
