"""Which side of the Armenia–Azerbaijan line a stated point falls on in the atlas's reference data, and
whether that data can settle it at all.

The reference line is Natural Earth 1:10m (``geodata/boundaries/``), a generalised outline made for maps at
1:10,000,000. A point closer to it than the line's own accuracy (:data:`settings.BORDER_ACCURACY_KM`) cannot
be put on one side by this data, and the atlas says so rather than implying that it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import geopandas as gpd
from shapely import Point
from shapely.geometry.base import BaseGeometry

from caucasus_atlas import settings

#: A metric projection for the region (UTM zone 38N), for distances to the line.
METRIC_CRS = "EPSG:32638"
#: Natural Earth's ADM0_A3 codes of the two countries whose shared line is measured, and their names.
SIDES: dict[str, str] = {"ARM": "Armenia", "AZE": "Azerbaijan"}


@dataclass(frozen=True)
class Side:
    """Where a point lies against the shared line: the country whose outline holds it, how far from the
    line, and whether the line's accuracy lets the data tell the side."""

    country: str | None
    km: float
    settled: bool

    def words(self, name: str) -> str:
        """The sentence the incident view shows for the point ``name``."""
        data = "Natural Earth 1:10m"
        accuracy = f"whose line is accurate to about {settings.BORDER_ACCURACY_KM:g} km"
        where = f"inside {self.country}" if self.country else "outside both outlines"
        if self.settled:
            return f"{name} lies {self.km:.1f} km {where} on {data} ({accuracy})."
        return (
            f"{name} lies {self.km:.2f} km from the Armenia–Azerbaijan line on {data} ({where} there), "
            f"{accuracy}: the atlas's reference data cannot settle which side of the line it is on."
        )


@cache
def _frames(admin0_path: str) -> tuple[dict[str, BaseGeometry], BaseGeometry]:
    frame = gpd.read_file(admin0_path).to_crs(METRIC_CRS).set_index("ADM0_A3")
    shapes = {code: frame.loc[code, "geometry"] for code in SIDES if code in frame.index}
    if len(shapes) < 2:
        return shapes, Point()
    arm, aze = shapes["ARM"], shapes["AZE"]
    return shapes, arm.boundary.intersection(aze.buffer(50))  # the shared line (vertices within 50 m)


def side_of(lon: float, lat: float, admin0_path: str) -> Side | None:
    """Where a point (WGS84) lies against the Armenia–Azerbaijan line of the outlines in ``admin0_path``;
    None when the file lacks either country or the point is far (over 50 km) from the line.

    Examples
    --------
    >>> from caucasus_atlas import settings
    >>> path = str(settings.PROJECT_ROOT / settings.ADMIN0_FILE)
    >>> side = side_of(45.96861, 40.15167, path)   # the point Azerbaijan's MoD gives on 27 May 2021
    >>> side.country, round(side.km, 2), side.settled
    ('Azerbaijan', 0.24, False)
    """
    shapes, line = _frames(admin0_path)
    if line.is_empty:
        return None
    point = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    km = line.distance(point) / 1000
    if km > 50:
        return None
    country = next((SIDES[code] for code, shape in shapes.items() if shape.contains(point)), None)
    return Side(country=country, km=km, settled=km > settings.BORDER_ACCURACY_KM)
