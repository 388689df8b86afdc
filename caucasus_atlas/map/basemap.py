"""The offline basemap: boundaries, land and water, and place names, each as script JSON computed once."""

from __future__ import annotations

import functools
import json
from typing import Any

import geopandas as gpd

from caucasus_atlas import settings
from caucasus_atlas.map.escaping import escape, script_json
from caucasus_atlas.map.features import memo, rounded


def boundaries_json(frame: gpd.GeoDataFrame | None) -> str:
    """A boundary layer as compact GeoJSON text (geometry only, coordinates to 4 decimals, ~10 m),
    computed once per frame: the basemap is the same on every map."""
    if frame is None or frame.empty:
        return "null"
    return memo(frame, lambda f: script_json(rounded(f[["geometry"]].__geo_interface__, 4)), "geojson")


@functools.cache
def physical_json() -> str:
    """Land, lakes and coast around the region (``settings.PHYSICAL_FILE``) as script JSON, read once."""
    path = settings.project_file(settings.PHYSICAL_FILE)
    return script_json(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else "null"


def basemap_labels(admin0: gpd.GeoDataFrame | None, admin1: gpd.GeoDataFrame | None) -> str:
    """Place names for the offline basemap, as script JSON: countries (Natural Earth's label points),
    districts (their label points) and towns of 2,000 people or more (GeoNames), each name escaped."""

    def build(_: Any) -> str:
        labels: dict[str, list[list[Any]]] = {"countries": [], "districts": [], "towns": []}
        if admin0 is not None and {"NAME", "LABEL_X", "LABEL_Y"} <= set(admin0.columns):
            labels["countries"] = [
                [escape(n), round(float(y), 4), round(float(x), 4)]
                for n, x, y in zip(admin0["NAME"], admin0["LABEL_X"], admin0["LABEL_Y"], strict=True)
            ]
        if admin1 is not None and len(admin1):
            points = admin1.geometry.representative_point()
            lat = admin1["latitude"] if "latitude" in admin1.columns else points.y
            lon = admin1["longitude"] if "longitude" in admin1.columns else points.x
            labels["districts"] = [
                [escape(n), round(float(a), 4), round(float(b), 4)]
                for n, a, b in zip(admin1["name_en"], lat, lon, strict=True)
            ]
        towns = settings.project_file(settings.TOWN_LABELS_FILE)
        if towns.is_file():
            rows = json.loads(towns.read_text(encoding="utf-8"))["rows"]
            labels["towns"] = [[escape(name), lat, lon, population] for name, lat, lon, population, _ in rows]
        return script_json(labels)

    anchor = admin1 if admin1 is not None else admin0
    return build(None) if anchor is None else memo(anchor, build, "labels")
