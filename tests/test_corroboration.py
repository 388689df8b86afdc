"""Independent records nearby: within the distance and the days, of points, lines and districts."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
from shapely import LineString, Point, box

from caucasus_atlas.corroboration import nearby, nearby_counts


def _imported(rows):
    frame = pd.DataFrame(rows, columns=["date_start", "latitude", "longitude"])
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    frame["date_end"] = frame["date_start"]
    return frame


def test_distance_days_and_shapes():
    events = pd.DataFrame(
        {"date_start": [dt.date(2021, 5, 12)] * 3, "date_end": [dt.date(2021, 5, 13)] * 3},
        index=["at-point", "on-road", "in-district"],
    )
    links = pd.DataFrame(
        {"event_id": ["at-point", "on-road", "in-district"], "place_id": ["village", "road", "district"]}
    )
    places = gpd.GeoDataFrame(
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


def test_nothing_imported_is_nothing_nearby():
    events = pd.DataFrame({"date_start": [dt.date(2021, 5, 12)], "date_end": [dt.date(2021, 5, 12)]}, index=["e"])
    links = pd.DataFrame({"event_id": ["e"], "place_id": ["p"]})
    places = gpd.GeoDataFrame(geometry=[Point(45, 40)], index=["p"])
    assert nearby(events, links, places, _imported([])) == {}
