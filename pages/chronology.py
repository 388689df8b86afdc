"""Timeline: a chronology grouped by the date the source allows (a month stays a month), spans drawn as bars;
background history behind a toggle."""

import datetime as dt

import altair as alt
import streamlit as st

from caucasus_atlas import settings, ui
from caucasus_atlas.ui import md_escape
from caucasus_atlas.views import BACKGROUND_BEFORE, timeline_groups, timeline_spans

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
visible = shown if background else shown[shown["date_end"] >= BACKGROUND_BEFORE]
spans = timeline_spans(visible)
if not spans.empty:
    # every bar named at its left (its date and the start of its summary), one readable row each; the dates
    # along the top, where the chart starts; drawn as SVG, so that its words are text a reader's tools can find
    chart = (
        alt.Chart(spans)
        .mark_bar(height=12, clip=True)
        .encode(
            x=alt.X(
                "start:T",
                title="Date (a bar spans the days its event may fall on)",
                axis=alt.Axis(orient="top", format="%d %b %Y"),
                scale=alt.Scale(domain=[filters.start.isoformat(), (filters.end + dt.timedelta(days=1)).isoformat()]),
            ),
            x2="end:T",
            y=alt.Y(
                "label:N", sort=None, title=None,
                axis=alt.Axis(
                    labelLimit=SPAN_LABEL_PX, labelFontSize=12, labelColor="#31333f", ticks=False, labelOverlap=False
                ),
            ),
            color=alt.Color("topic:N", scale=ui.topic_colours(), title="Topic", legend=alt.Legend(orient="bottom")),
            tooltip=["date:N", "precision:N", "summary:N", "topic:N"],
        )
        .properties(height=max(120, ROW_PX * len(spans)), usermeta={"embedOptions": {"renderer": "svg"}})
    )  # fmt: skip
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
