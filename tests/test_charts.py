"""The charts' Vega-Lite specs, written by hand for speed, are the specs Altair writes, and valid."""

from __future__ import annotations

import altair as alt
import pandas as pd

from caucasus_atlas import charts, settings
from caucasus_atlas.tables import tables
from caucasus_atlas.validate import load_atlas
from caucasus_atlas.views import histogram, timeline_spans


def _inline(spec: dict) -> dict:
    """Altair's spec with its named dataset written inline, as ours is."""
    spec = dict(spec)
    datasets = spec.pop("datasets")
    spec["data"] = {"values": datasets[spec["data"]["name"]]}
    return spec


def _events() -> pd.DataFrame:
    return tables(load_atlas(settings.PROJECT_ROOT)).events


def _scale() -> alt.Scale:
    return alt.Scale(domain=[v[0] for v in settings.TOPICS.values()], range=[v[1] for v in settings.TOPICS.values()])


def test_the_overview_histogram_is_altair_s_spec():
    bars = histogram(_events())
    assert len(bars) > 5
    altair = (
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="Week (by the event's first possible day)"),
            y=alt.Y("events:Q", title="Events"),
            color=alt.Color("topic:N", scale=_scale(), title="Topic"),
            tooltip=["week:T", "topic:N", "events:Q"],
        )
        .to_dict()
    )
    assert charts.histogram_spec(bars) == _inline(altair)


def test_the_drag_window_is_altair_s_spec_with_its_selection():
    counts = pd.DataFrame({"date": pd.date_range("2021-05-01", "2021-05-31"), "events": range(31)})
    brush = alt.selection_interval(encodings=["x"], name=charts.WINDOW)
    altair = (
        alt.Chart(counts)
        .mark_bar(color="#4f535c")
        .encode(x=alt.X("date:T", title=None), y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickMinStep=1)))
        .properties(height=90)
        .add_params(brush)
        .to_dict()
    )
    assert charts.window_spec(counts) == _inline(altair)


def test_the_timeline_spans_are_altair_s_spec_and_valid():
    spans = timeline_spans(_events().head(40))
    domain = ("2021-05-01", "2021-06-01")
    ours = charts.spans_spec(spans, domain=domain, label_px=420, row_px=22, x_title="Date")
    altair = (
        alt.Chart(spans.drop(columns="event"))
        .mark_bar(height=12, clip=True)
        .encode(
            x=alt.X(
                "start:T", title="Date", axis=alt.Axis(orient="top", format="%d %b %Y"), scale=alt.Scale(domain=domain)
            ),
            x2="end:T",
            y=alt.Y(
                "label:N",
                sort=None,
                title=None,
                axis=alt.Axis(labelLimit=420, labelFontSize=12, labelColor="#31333f", ticks=False, labelOverlap=False),
            ),
            color=alt.Color("topic:N", scale=_scale(), title="Topic", legend=alt.Legend(orient="bottom")),
            tooltip=["date:N", "precision:N", "summary:N", "topic:N"],
        )
        .properties(height=max(120, 22 * len(spans)), usermeta={"embedOptions": {"renderer": "svg"}})
        .to_dict()
    )
    assert ours == _inline(altair)
    alt.Chart.from_dict(ours, validate=True)  # the schema accepts it as it stands
