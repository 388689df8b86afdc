"""The dashboard's charts as Vega-Lite specs, written as plain dicts.

Altair builds the same specs but validates every one against the Vega-Lite schema, which cost 20–50 ms a
chart: more than the rest of a page's rerun. These functions give the spec Altair gave, without the
validation (``tests/test_charts.py`` checks each one against Altair's own output and the schema).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from caucasus_atlas import settings

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
#: Altair's default view size (the width is stretched to the page's by Streamlit)
CONFIG = {"view": {"continuousWidth": 300, "continuousHeight": 300}}


def topic_scale() -> dict[str, list[str]]:
    """The map's topic colours, as a chart's colour scale."""
    return {
        "domain": [label for label, _ in settings.TOPICS.values()],
        "range": [colour for _, colour in settings.TOPICS.values()],
    }


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as the chart's inline data: dates as ISO text, as Altair writes them."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%dT%H:%M:%S")
    return out.to_dict(orient="records")


def histogram_spec(bars: pd.DataFrame) -> dict[str, Any]:
    """The Overview's stacked bars: events per week and topic (:func:`caucasus_atlas.views.histogram`)."""
    return {
        "$schema": SCHEMA,
        "config": CONFIG,
        "data": {"values": records(bars)},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "week", "type": "temporal", "title": "Week (by the event's first possible day)"},
            "y": {"field": "events", "type": "quantitative", "title": "Events"},
            "color": {"field": "topic", "type": "nominal", "scale": topic_scale(), "title": "Topic"},
            "tooltip": [
                {"field": "week", "type": "temporal"},
                {"field": "topic", "type": "nominal"},
                {"field": "events", "type": "quantitative"},
            ],
        },
    }


#: The name of the incidents map's drag selection (the page reads the dragged dates under it).
WINDOW = "window"


def window_spec(counts: pd.DataFrame) -> dict[str, Any]:
    """The incidents map's events per day (``date``, ``events``), with a drag across the dates as the
    selection ``window``."""
    return {
        "$schema": SCHEMA,
        "config": CONFIG,
        "data": {"values": records(counts)},
        "mark": {"type": "bar", "color": "#4f535c"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": None},
            "y": {"field": "events", "type": "quantitative", "title": "Events", "axis": {"tickMinStep": 1}},
        },
        "height": 90,
        "params": [{"name": WINDOW, "select": {"type": "interval", "encodings": ["x"]}}],
    }


def spans_spec(
    spans: pd.DataFrame, *, domain: tuple[str, str], label_px: int, row_px: int, x_title: str
) -> dict[str, Any]:
    """The timeline's bars (:func:`caucasus_atlas.views.timeline_spans`): one row per event, named at the
    left, drawn from its first to the day after its last possible day, within ``domain``."""
    columns = ["start", "end", "topic", "precision", "date", "summary", "label"]
    return {
        "$schema": SCHEMA,
        "config": CONFIG,
        "data": {"values": records(spans[columns])},
        "mark": {"type": "bar", "height": 12, "clip": True},
        "encoding": {
            "x": {
                "field": "start",
                "type": "temporal",
                "title": x_title,
                "axis": {"orient": "top", "format": "%d %b %Y"},
                "scale": {"domain": list(domain)},
            },
            "x2": {"field": "end"},
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {
                    "labelLimit": label_px,
                    "labelFontSize": 12,
                    "labelColor": "#31333f",
                    "ticks": False,
                    "labelOverlap": False,
                },
            },
            "color": {
                "field": "topic",
                "type": "nominal",
                "scale": topic_scale(),
                "title": "Topic",
                "legend": {"orient": "bottom"},
            },
            "tooltip": [{"field": f, "type": "nominal"} for f in ("date", "precision", "summary", "topic")],
        },
        "height": max(120, row_px * len(spans)),
        "usermeta": {"embedOptions": {"renderer": "svg"}},
    }
