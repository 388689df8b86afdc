"""Places and boundaries as GeoDataFrames."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from caucasus_atlas import settings
from caucasus_atlas.models import Place

PLACE_COLUMNS = [
    "name",
    "alt_names",
    "kind",
    "country",
    "geo_precision",
    "coord_source",
    "note",
    "latitude",
    "longitude",
    "admin1",
    "geometry",
]


def places_frame(places: dict[str, Place], admin1: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """One row per place, indexed by place id, in WGS84.

    ``latitude``/``longitude`` are a representative point (inside polygons, on lines); ``admin1`` is the
    Natural Earth admin-1 unit that point falls in (a spatial join), empty outside the boundaries.

    Examples
    --------
    >>> from shapely import Point
    >>> p = Place("x", "X", (), "settlement", "AZ", Point(47.0, 40.0), 1, "test")
    >>> float(places_frame({"x": p}, None).loc["x", "latitude"])
    40.0
    """
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "alt_names": p.alt_names,
            "kind": p.kind,
            "country": p.country,
            "geo_precision": p.geo_precision,
            "coord_source": p.coord_source,
            "note": p.note,
            "geometry": p.geometry,
        }
        for p in places.values()
    ]
    frame = gpd.GeoDataFrame(rows, columns=["id", *PLACE_COLUMNS], geometry="geometry", crs="EPSG:4326")
    frame = frame.set_index("id")
    points = frame.geometry.representative_point()
    frame["latitude"] = points.y.round(6)
    frame["longitude"] = points.x.round(6)
    frame["admin1"] = admin1_of(points, admin1)
    return frame


def admin1_of(points: gpd.GeoSeries, admin1: gpd.GeoDataFrame | None) -> pd.Series:
    """The English name of the admin-1 unit each point falls in ('' where none does)."""
    if admin1 is None or points.empty:
        return pd.Series("", index=points.index, dtype="object")
    left = gpd.GeoDataFrame(geometry=points, crs="EPSG:4326")
    joined = gpd.sjoin(left, admin1[["name_en", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["name_en"].fillna("").astype("object").reindex(points.index)


def display_boundaries(frame: gpd.GeoDataFrame, *, tolerance: float = 0.003) -> gpd.GeoDataFrame:
    """A lighter copy of a boundary layer for drawing (simplified, topology kept per feature)."""
    out = frame.copy()
    out["geometry"] = out.geometry.simplify(tolerance, preserve_topology=True)
    return out


def basemap(
    admin0: gpd.GeoDataFrame | None, admin1: gpd.GeoDataFrame | None
) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """The boundary layers as drawn under the events: countries clipped to around the region, simplified."""
    if admin0 is not None:
        west, south, east, north = settings.REGION_BBOX
        admin0 = display_boundaries(admin0.clip((west - 4, south - 3, east + 4, north + 3)))
    return admin0, display_boundaries(admin1) if admin1 is not None else None
