"""A place picked on the map by the curator: the known places nearest a clicked point, or a new point there.

The Add a document page lets a curator click its map for a sentence whose place the drafting did not find.
:func:`nearest_places` lists what the atlas and the regional gazetteer already know near the click, each with
its distance (the atlas's places first where both hold one settlement); :func:`picked_point` makes the record
of a new place at the click itself, whose ``coord_source`` says plainly that the coordinate is the curator's
pick and comes from no data set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from caucasus_atlas import regional, settings
from caucasus_atlas.models import Place

#: The Earth's mean radius (km), for great-circle distances.
EARTH_RADIUS_KM = 6371.0088
#: Beyond this distance (km) from every known place, a click proposes a new point rather than the nearest place.
NEAR_KM = 3.0
#: Decimals a picked coordinate keeps (about 1 m): a click is no finer than that.
DECIMALS = 5


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance between two points, in km.

    >>> round(distance_km(40.0, 45.0, 40.0, 46.0), 1)  # a degree of longitude at 40° N
    85.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Nearby:
    """A known place near a click: an atlas place (``place``) or a regional settlement (``settlement``)."""

    name: str
    distance_km: float
    place: Place | None = None
    settlement: regional.Settlement | None = None
    #: True for an area (a district, a region) the click lies inside: listed after the nearest places
    inside: bool = False

    @property
    def label(self) -> str:
        if self.place is not None:
            what = f"atlas place {self.place.id}"
        else:
            s = self.settlement
            assert s is not None
            what = f"{regional.COUNTRY_NAMES.get(s.country, s.country)}, GeoNames {s.geonameid}"
        where = "the click lies inside it" if self.inside else f"{self.distance_km:.2f} km away"
        return f"{self.name} ({what}) — {where}"


def _nearest_point(place: Place, lat: float, lon: float) -> tuple[float, float]:
    """The point of the place's geometry nearest the click (its own point for a point place), as (lat, lon)."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    geometry = place.geometry
    if geometry.geom_type == "Point":
        return geometry.y, geometry.x
    point = nearest_points(geometry, Point(lon, lat))[0]
    return point.y, point.x


def nearest_places(
    lat: float,
    lon: float,
    places: Iterable[Place],
    settlements: Iterable[regional.Settlement] = (),
    *,
    n: int = 5,
) -> list[Nearby]:
    """The ``n`` known places nearest a clicked point, nearest first, then the areas the click lies inside.

    A settlement of the regional gazetteer that the atlas already holds (its ``coord_source`` cites the same
    GeoNames id) is listed once, as the atlas's place. Distances run to the place's point, or to the nearest
    point of a line; an area (a polygon) is not "near" anything inside it, so it is listed only when the click
    lies inside it.

    >>> from shapely.geometry import Point, box
    >>> # invented places: an atlas village, the same village in GeoNames, another settlement, an area
    >>> east = Place("eastville", "Eastville", (), "settlement", "AM", Point(45.01, 40.0), 1, "GeoNames 17 (…)")
    >>> shire = Place("shire", "Shire", (), "district", "AM", box(44.9, 39.9, 45.1, 40.1), 3, "test")
    >>> again = regional.Settlement(17, "Eastville", 40.0, 45.01, "AM", "", 0, ())
    >>> west = regional.Settlement(18, "Westville", 40.0, 44.9, "AM", "", 0, ())
    >>> for p in nearest_places(40.0, 45.0, [east, shire], [again, west]):
    ...     print(p.label)
    Eastville (atlas place eastville) — 0.85 km away
    Westville (Armenia, GeoNames 18) — 8.52 km away
    Shire (atlas place shire) — the click lies inside it
    """
    from shapely.geometry import Point

    click = Point(lon, lat)
    atlas = list(places)
    held = set()
    found: list[Nearby] = []
    areas: list[Nearby] = []
    for place in atlas:
        if place.geometry.geom_type in ("Polygon", "MultiPolygon"):
            if place.geometry.contains(click):
                areas.append(Nearby(place.name, 0.0, place=place, inside=True))
            continue
        plat, plon = _nearest_point(place, lat, lon)
        found.append(Nearby(place.name, distance_km(lat, lon, plat, plon), place=place))
        if place.coord_source.startswith("GeoNames "):
            held.add(place.coord_source.split()[1])
    for s in settlements:
        if str(s.geonameid) in held:
            continue
        found.append(Nearby(s.name, distance_km(lat, lon, s.lat, s.lon), settlement=s))
    found.sort(key=lambda p: (p.distance_km, p.place is None, p.name))
    areas.sort(key=lambda p: p.place.geometry.area if p.place is not None else 0.0)
    return found[:n] + areas


def coord_source_of_pick(lat: float, lon: float) -> str:
    """What a picked point's ``coord_source`` says: the curator's pick, no data set.

    >>> coord_source_of_pick(39.512345678, 46.3)
    'picked on the map by the curator at 39.51235, 46.30000 (latitude, longitude; no data set)'
    """
    where = f"{lat:.{DECIMALS}f}, {lon:.{DECIMALS}f}"
    return f"picked on the map by the curator at {where} (latitude, longitude; no data set)"


def picked_point(
    lat: float,
    lon: float,
    *,
    name: str,
    taken: set[str],
    source_id: str,
    admin0: Any = None,
    kind: str = "border_point",
) -> dict:
    """The record of a new place at a point the curator clicked: its coordinate rounded to
    :data:`DECIMALS`, its country by the atlas's outlines (or left to decide), ``geo_precision`` 2 (a click on
    a map is near the place, not a survey of it) and a ``coord_source`` that names the pick, not a data set.

    >>> rec = picked_point(39.512345678, 46.3, name="Hill by the road", taken={"picked-doc-1"}, source_id="doc")
    >>> rec["id"], rec["point"], rec["geo_precision"], rec["country"]
    ('picked-doc-2', [46.3, 39.51235], 2, 'TO DECIDE: the country (ISO code)')
    >>> rec["coord_source"]
    'picked on the map by the curator at 39.51235, 46.30000 (latitude, longitude; no data set)'
    """
    from caucasus_atlas.drafting import _slug, country_of

    base = f"picked-{_slug(source_id)}"[:90]
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    country = country_of(lon, lat, admin0) if admin0 is not None else None
    return {
        "id": f"{base}-{n}",
        "name": name.strip() or f"Point picked at {lat:.{DECIMALS}f}, {lon:.{DECIMALS}f}",
        "alt_names": [],
        "kind": kind,
        "country": country or f"{settings.DRAFT_MARK} the country (ISO code)",
        "point": [round(lon, DECIMALS), round(lat, DECIMALS)],
        "geo_precision": 2,
        "coord_source": coord_source_of_pick(lat, lon),
        "note": f"A point the curator picked on the map while drafting {source_id}; no data set gives it.",
    }
