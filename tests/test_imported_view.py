"""What the map receives of the imported events for one view: every event of the view and its margin counted
exactly once, the points themselves only where few enough, and a payload whose size follows the view, not
the data."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from caucasus_atlas.map.escaping import script_json
from caucasus_atlas.map.imported import (
    CELL_PX,
    MAX_VIEW_POINTS,
    Positions,
    Viewport,
    cell_rows,
    view_payload,
)

SOURCES = ["acled-a", "ucdp-b"]


def _frame(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` events spread over the region's box, from two imports."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "latitude": rng.uniform(38.3, 42.0, n),
            "longitude": rng.uniform(43.4, 50.9, n),
            "source_id": rng.choice(SOURCES, n),
        }
    )


def _array(payload: dict, name: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(payload[name]), dtype)


def _inside(frame: pd.DataFrame, box: list[float]) -> np.ndarray:
    south, west, north, east = box
    lat, lon = frame["latitude"].round(5), frame["longitude"].round(5)
    return np.flatnonzero(((lat >= south) & (lat <= north) & (lon >= west) & (lon <= east)).to_numpy())


REGION = Viewport(38.0, 42.5, 42.5, 51.5, 7)
PROVINCE = Viewport(39.8, 45.6, 40.4, 46.4, 9)
VILLAGE = Viewport(40.23, 45.95, 40.25, 45.99, 14)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _frame(200_000)


@pytest.fixture(scope="module")
def points(frame) -> Positions:
    return Positions.of(frame, SOURCES)


def test_counts_per_cell_add_up_to_the_events_in_the_view_and_its_margin(frame, points):
    every = np.arange(len(frame))
    payload = view_payload(points, every, REGION, SOURCES, points_from_zoom=9)
    assert payload["mode"] == "cells"
    counts = _array(payload, "count", "<u4")
    expected = _inside(frame, payload["box"])
    assert counts.sum() == payload["inView"] == len(expected)
    assert payload["total"] == len(frame)
    # each cell's events, found again from its column and row, are as many as its count
    cx, cy = _array(payload, "cx", "<i4"), _array(payload, "cy", "<i4")
    for i in (0, len(counts) // 2, len(counts) - 1):
        found = cell_rows(points, every, REGION.zoom, int(cx[i]), int(cy[i]))
        assert len(found) == counts[i]
        # and the cell's position is its events' mean position
        assert abs(_array(payload, "lat", "<i4")[i] - points.lat[found].mean()) <= 1
        assert abs(_array(payload, "lon", "<i4")[i] - points.lon[found].mean()) <= 1


def test_a_cell_of_one_event_names_its_row_and_its_import(points):
    frame = pd.DataFrame({"latitude": [40.0, 41.5], "longitude": [45.0, 47.0], "source_id": ["ucdp-b", "acled-a"]})
    few = Positions.of(frame, SOURCES)
    payload = view_payload(few, np.arange(2), REGION, SOURCES, points_from_zoom=9)
    one, src = _array(payload, "one", "<i4"), _array(payload, "src", "<u2")
    lat = _array(payload, "lat", "<i4")
    by_lat = dict(zip(lat.tolist(), zip(one.tolist(), src.tolist(), strict=True), strict=True))
    assert by_lat == {4000000: (0, 1), 4150000: (1, 0)}


def test_a_cell_takes_the_colour_of_its_most_common_import():
    frame = pd.DataFrame(
        {"latitude": [40.0] * 3, "longitude": [45.0] * 3, "source_id": ["acled-a", "ucdp-b", "ucdp-b"]}
    )
    payload = view_payload(Positions.of(frame, SOURCES), np.arange(3), REGION, SOURCES, points_from_zoom=9)
    assert _array(payload, "src", "<u2").tolist() == [1]
    assert _array(payload, "one", "<i4").tolist() == [-1]  # more than one: the page lists them


def test_close_in_the_points_are_sent_themselves(frame, points):
    every = np.arange(len(frame))
    payload = view_payload(points, every, VILLAGE, SOURCES, points_from_zoom=9)
    assert payload["mode"] == "points"
    rows = _array(payload, "row", "<i4")
    assert sorted(rows.tolist()) == _inside(frame, payload["box"]).tolist()
    assert _array(payload, "lat", "<i4").tolist() == points.lat[rows].tolist()
    assert [SOURCES[s] for s in _array(payload, "src", "<u2")] == frame["source_id"].to_numpy()[rows].tolist()


def test_only_the_filter_s_events_are_counted(frame, points):
    chosen = np.flatnonzero(frame["source_id"].to_numpy() == "ucdp-b")
    payload = view_payload(points, chosen, PROVINCE, SOURCES, points_from_zoom=9)
    expected = np.intersect1d(_inside(frame, payload["box"]), chosen)
    if payload["mode"] == "points":
        assert sorted(_array(payload, "row", "<i4").tolist()) == expected.tolist()
    else:
        assert _array(payload, "count", "<u4").sum() == len(expected)
    assert set(_array(payload, "src", "<u2").tolist()) == {1}


def test_more_points_in_view_than_the_cap_are_counted_and_the_payload_says_so(frame, points):
    payload = view_payload(points, np.arange(len(frame)), PROVINCE, SOURCES, points_from_zoom=9, cap=100)
    assert payload["mode"] == "cells" and payload["inView"] > 100 and payload["cap"] == 100
    assert view_payload(points, np.arange(len(frame)), PROVINCE, SOURCES, points_from_zoom=9)["mode"] == "points"


def test_the_payload_follows_the_view_not_the_data():
    """Ten times the events, the same views: the counted views stay as large, the points view grows only
    with the points in it, and no view passes the issue's 4 MB at 1,000,000 events."""
    sizes = {}
    for n in (100_000, 1_000_000):
        frame = _frame(n, seed=2)
        points = Positions.of(frame, SOURCES)
        for name, view in (("region", REGION), ("province", PROVINCE), ("village", VILLAGE)):
            payload = view_payload(points, np.arange(n), view, SOURCES, points_from_zoom=9)
            sizes[n, name] = len(script_json(payload))
    assert sizes[1_000_000, "region"] < 1.2 * sizes[100_000, "region"]
    assert max(sizes[1_000_000, name] for name in ("region", "province", "village")) < 4_000_000
    # at most the cap's points: about 20 bytes each once encoded
    assert sizes[1_000_000, "province"] < 30 * MAX_VIEW_POINTS


def test_cells_are_fixed_on_the_world_so_a_pan_keeps_them(frame, points):
    every = np.arange(len(frame))
    a = view_payload(points, every, Viewport(39.0, 44.0, 41.0, 47.0, 8), SOURCES, points_from_zoom=9)
    b = view_payload(points, every, Viewport(39.2, 44.3, 41.2, 47.3, 8), SOURCES, points_from_zoom=9)

    def cells(p):
        return dict(
            zip(
                zip(_array(p, "cx", "<i4").tolist(), _array(p, "cy", "<i4").tolist(), strict=True),
                _array(p, "count", "<u4").tolist(),
                strict=True,
            )
        )

    ca, cb = cells(a), cells(b)
    # a cell well inside both boxes has the same count in both
    scale = 256 * 2**8 / CELL_PX
    mid = (int((45.5 + 180) / 360 * scale), None)
    shared = [k for k in ca if k in cb and k[0] == mid[0]]
    assert shared and all(ca[k] == cb[k] for k in shared[1:-1])


def test_an_empty_selection_sends_no_cell(points):
    payload = view_payload(points, np.array([], dtype="int64"), REGION, SOURCES, points_from_zoom=9)
    assert payload["mode"] == "cells" and payload["n"] == 0 and payload["inView"] == 0


@pytest.mark.parametrize(
    "value",
    [
        None,
        "40,45",
        [1, 2, 3],
        [41, 44, 40, 46, 8],
        [40, 44, 41, 46, 99],
        [40, "x", 41, 46, 8],
        [float("nan"), 1, 2, 3, 4],
    ],
)
def test_a_view_that_is_not_one_is_refused(value):
    assert Viewport.parse(value) is None
