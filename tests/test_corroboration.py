"""Independent records nearby: within the distance and the days, of points, lines and districts."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
from shapely import LineString, Point, box

from caucasus_atlas.corroboration import basis, nearby, nearby_counts
from caucasus_atlas.models import Stated


def _imported(rows):
    frame = pd.DataFrame(rows, columns=["date_start", "latitude", "longitude"])
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    frame["date_end"] = frame["date_start"]
    return frame


def test_distance_days_and_shapes():
    events = pd.DataFrame(
        {"date_start": [dt.date(2021, 5, 12)] * 3, "date_end": [dt.date(2021, 5, 13)] * 3,
         "event_type": ["armed_incident"] * 3, "states": [()] * 3},
        index=["at-point", "on-road", "in-district"],
    )  # fmt: skip
    links = pd.DataFrame(
        {"event_id": ["at-point", "on-road", "in-district"], "place_id": ["village", "road", "district"],
         "role": ["at"] * 3}
    )  # fmt: skip
    places = gpd.GeoDataFrame(
        {"geo_precision": [1, 1, 2]},
        geometry=[Point(45.0, 40.0), LineString([(46.0, 40.0), (46.0, 41.0)]), box(47.0, 40.0, 47.5, 40.5)],
        index=["village", "road", "district"],
    )
    imported = _imported(
        [
            ("2021-05-14", 40.2, 45.0),  # 22 km north of the village, a day after the span: near it
            ("2021-05-16", 40.0, 45.0),  # at the village, three days after: too late
            ("2021-05-12", 40.5, 46.2),  # 17 km east of the road: near it
            ("2021-05-12", 40.25, 47.25),  # inside the district
            ("2021-05-10", 40.6, 47.6),  # 2 days before, ~14 km from the district's corner
        ]
    )
    found = nearby(events, links, places, imported, km=25, days=2)
    assert {k: sorted(v.tolist()) for k, v in found.items()} == {
        "at-point": [0], "on-road": [2], "in-district": [3, 4],
    }  # fmt: skip
    assert found["in-district"].tolist() == [3, 4]  # nearest first
    assert nearby(events, links, places, imported, km=10, days=2).keys() == {"in-district"}
    assert nearby_counts(found, events.index).tolist() == [1, 1, 2]


def test_counted_around_what_the_account_states_never_a_speakers_seat():
    """A statement is counted around the place and day it states, not the capital it was made in; one that
    states no place gets no count; a whole region or a span over a week gets none either."""
    kut, yerevan = Stated("place", "kut", "Kut", 0, 3), Stated("date", "2021-05-27", "May 27", 5, 11)
    events = pd.DataFrame(
        {"date_start": [dt.date(2021, 5, 28)] * 3 + [dt.date(2021, 5, 1)], "date_end": [dt.date(2021, 5, 28)] * 3
         + [dt.date(2021, 5, 31)], "event_type": ["statement", "statement", "construction", "armed_incident"],
         "states": [(kut, yerevan), (), (), ()]},
        index=["states-kut", "says-nothing", "in-region", "a-month"],
    )  # fmt: skip
    links = pd.DataFrame(
        {"event_id": ["states-kut", "says-nothing", "in-region", "a-month"],
         "place_id": ["yerevan", "yerevan", "karabakh", "kut"], "role": ["at", "at", "at", "at"]}
    )  # fmt: skip
    places = gpd.GeoDataFrame(
        {"geo_precision": [1, 1, 3]},
        geometry=[Point(45.90, 40.18), Point(44.51, 40.18), box(46, 39, 47.5, 40.5)],
        index=["kut", "yerevan", "karabakh"],
    )
    imported = _imported([("2021-05-27", 40.19, 45.91), ("2021-05-28", 40.18, 44.52), ("2021-05-28", 39.8, 46.7)])
    found = nearby(events, links, places, imported, km=25, days=0)
    assert {k: v.tolist() for k, v in found.items()} == {"states-kut": [0]}  # Kut on 27 May, not Yerevan on 28
    counted = basis(events.loc["states-kut"], links[links["event_id"] == "states-kut"], places)
    assert (counted.places, counted.start, counted.why) == (("kut",), dt.date(2021, 5, 27), "stated")
    for ident in ("says-nothing", "in-region", "a-month"):
        assert basis(events.loc[ident], links[links["event_id"] == ident], places) is None, ident


def test_nothing_imported_is_nothing_nearby():
    events = pd.DataFrame(
        {"date_start": [dt.date(2021, 5, 12)], "date_end": [dt.date(2021, 5, 12)], "event_type": ["armed_incident"],
         "states": [()]}, index=["e"],
    )  # fmt: skip
    links = pd.DataFrame({"event_id": ["e"], "place_id": ["p"], "role": ["at"]})
    places = gpd.GeoDataFrame({"geo_precision": [1]}, geometry=[Point(45, 40)], index=["p"])
    assert nearby(events, links, places, _imported([])) == {}


def test_the_spatial_index_finds_what_a_scan_of_every_imported_event_finds():
    """Random events around places of every kind and latitude: the index's answer is the scan's, in order."""
    import numpy as np

    from caucasus_atlas.corroboration import distances_km

    rng = np.random.default_rng(5)
    n = 20_000
    days = pd.to_datetime("2021-05-01") + pd.to_timedelta(rng.integers(0, 40, n), unit="D")
    imported = pd.DataFrame(
        {"date_start": days, "date_end": days, "latitude": rng.uniform(38, 43, n), "longitude": rng.uniform(43, 50, n)}
    )
    shapes = [Point(45.0, 40.0), Point(46.37, 39.25), LineString([(46.0, 40.0), (46.3, 41.0)]),
              box(47.0, 40.0, 47.4, 40.3), Point(44.98, 42.99), Point(49.99, 38.01)]  # fmt: skip
    ids = [f"p{i}" for i in range(len(shapes))]
    places = gpd.GeoDataFrame({"geo_precision": [1] * len(shapes)}, geometry=shapes, index=ids)
    events = pd.DataFrame(
        {"date_start": [dt.date(2021, 5, 10 + i) for i in range(len(ids))],
         "date_end": [dt.date(2021, 5, 11 + i) for i in range(len(ids))],
         "event_type": ["armed_incident"] * len(ids), "states": [()] * len(ids)},
        index=[f"e{i}" for i in range(len(ids))],
    )  # fmt: skip
    links = pd.DataFrame({"event_id": events.index, "place_id": ids, "role": ["at"] * len(ids)})
    for km, window in ((25.0, 2), (60.0, 0), (5.0, 3)):
        found = nearby(events, links, places, imported, km=km, days=window)
        starts = imported["date_start"].dt.date
        for event_id, place_id in zip(events.index, ids, strict=True):
            lo = events.at[event_id, "date_start"] - dt.timedelta(days=window)
            hi = events.at[event_id, "date_end"] + dt.timedelta(days=window)
            when = ((starts >= lo) & (starts <= hi)).to_numpy()
            far = distances_km(
                places.geometry[place_id], imported["latitude"].to_numpy(), imported["longitude"].to_numpy()
            )
            scan = np.flatnonzero(when & (far <= km))
            scan = scan[np.lexsort((scan, imported["date_start"].to_numpy()[scan], far[scan]))]
            assert found.get(event_id, np.empty(0, dtype=int)).tolist() == scan.tolist(), (event_id, km, window)
