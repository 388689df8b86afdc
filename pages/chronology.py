"""Timeline: a chronology grouped by the date the source allows (a month stays a month), spans drawn as bars;
background history behind a toggle."""

import datetime as dt

import streamlit as st

from caucasus_atlas import settings, ui
from caucasus_atlas.charts import spans_spec
from caucasus_atlas.ui import mapview, md_escape
from caucasus_atlas.views import BACKGROUND_BEFORE, timeline_groups, timeline_spans

#: Entries of the chronology shown at a time (the rest are a choice away).
TIMELINE_PAGE_ROWS = 30
#: The width the bars' names may take at the chart's left, in pixels.
SPAN_LABEL_PX = 420
#: The height of one bar's row, in pixels: room for its name in 12 px type.
ROW_PX = 22

data, filters, shown = ui.current()
ui.page_header(
    "Timeline",
    data,
    caption="A chronology; a month or a span is drawn as what it is, not as a false day.",
    shown=shown,
)
background = st.toggle(
    f"Show background history (events that ended before {BACKGROUND_BEFORE.isoformat()})", key="background"
)
key = (data.key, repr(filters), background)


def _chart_spec() -> dict | None:
    """The span chart as a Vega-Lite spec (built once per load, filter and toggle)."""
    visible = shown if background else shown[shown["date_end"] >= BACKGROUND_BEFORE]
    spans = timeline_spans(visible)
    if spans.empty:
        return None
    return spans_spec(
        spans,
        domain=(filters.start.isoformat(), (filters.end + dt.timedelta(days=1)).isoformat()),
        label_px=SPAN_LABEL_PX,
        row_px=ROW_PX,
        x_title="Date (a bar spans the days its event may fall on)",
    )


def _entries() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The chronology as (date label, precision, [(event id, line)]) in date order."""
    entries = []
    for label, group in timeline_groups(shown, background=background):
        precision = settings.TIME_PRECISION[int(group["time_precision"].iloc[0])]
        lines = [
            (event_id, f"- {md_escape(summary)} — *{md_escape(claimed_by)}* ({md_escape(settings.TOPICS[topic][0])})")
            for event_id, summary, claimed_by, topic in zip(
                group.index, group["summary"], group["claimed_by"], group["topic"], strict=True
            )
        ]
        entries.append((label, precision, lines))
    return entries


spec = mapview.DERIVED.get((*key, "timeline-chart"), _chart_spec)
if spec is not None:
    st.vega_lite_chart(spec, width="stretch")
entries = mapview.DERIVED.get((*key, "timeline-entries"), _entries)
rows = [(label, precision, line) for label, precision, lines in entries for line in lines]
# a page of the chronology at a time: each entry carries a link to its passage, and a page of a few dozen
# keeps a rerun cheap whatever the filter shows
pages = max(1, -(-len(rows) // TIMELINE_PAGE_ROWS))
chosen = 0
if pages > 1:
    first_labels = [rows[i * TIMELINE_PAGE_ROWS][0] for i in range(pages)]
    last_labels = [rows[min(len(rows), (i + 1) * TIMELINE_PAGE_ROWS) - 1][0] for i in range(pages)]
    chosen = st.selectbox(
        f"{len(rows)} events, {TIMELINE_PAGE_ROWS} to a page: show",
        range(pages),
        format_func=lambda i: (
            f"{i * TIMELINE_PAGE_ROWS + 1}–{min(len(rows), (i + 1) * TIMELINE_PAGE_ROWS)}: "
            f"{first_labels[i]}" + (f" to {last_labels[i]}" if last_labels[i] != first_labels[i] else "")
        ),
    )
heading = None
for label, precision, (event_id, line) in rows[chosen * TIMELINE_PAGE_ROWS : (chosen + 1) * TIMELINE_PAGE_ROWS]:
    if label != heading:
        heading = label
        st.markdown(f"#### {md_escape(label)}")
        st.caption(f"date precision: {precision}")
    # one horizontal block per entry, not columns (each element of a page is a message of every rerun)
    with st.container(horizontal=True, wrap=False, vertical_alignment="center", gap="small"):
        st.markdown(line, width="stretch")
        ui.link_to_reader(event_id, label="Read")
