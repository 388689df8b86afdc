"""Timeline: a chronology grouped by the date the source allows (a month stays a month), spans drawn as bars;
background history behind a toggle."""

import datetime as dt

import altair as alt
import streamlit as st

from caucasus_atlas import settings, ui
from caucasus_atlas.ui import md_escape
from caucasus_atlas.views import BACKGROUND_BEFORE, timeline_groups, timeline_spans

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
visible = shown if background else shown[shown["date_end"] >= BACKGROUND_BEFORE]
spans = timeline_spans(visible)
if not spans.empty:
    chart = (
        alt.Chart(spans)
        .mark_bar(height=8, clip=True)
        .encode(
            x=alt.X(
                "start:T",
                title="Date",
                scale=alt.Scale(domain=[filters.start.isoformat(), (filters.end + dt.timedelta(days=1)).isoformat()]),
            ),
            x2="end:T",
            y=alt.Y("event:N", sort=None, axis=None),
            color=alt.Color("topic:N", scale=ui.topic_colours(), title="Topic"),
            tooltip=["date:N", "precision:N", "summary:N", "topic:N"],
        )
        .properties(height=max(120, 10 * len(spans)))
    )
    st.altair_chart(chart, width="stretch")
for label, group in timeline_groups(shown, background=background):
    precision = settings.TIME_PRECISION[int(group["time_precision"].iloc[0])]
    st.markdown(f"#### {md_escape(label)}")
    st.caption(f"date precision: {precision}")
    for event_id, event in group.iterrows():
        topic = settings.TOPICS[event["topic"]][0]
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"- {md_escape(event['summary'])} — *{md_escape(event['claimed_by'])}* ({md_escape(topic)})")
        with right:
            ui.link_to_reader(event_id, label="Read")
