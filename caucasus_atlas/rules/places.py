"""The rules of a place record (``geodata/places.yaml``): its geometry, its country and its district."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
from shapely import LineString, Point, union_all
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from caucasus_atlas import settings
from caucasus_atlas.loading import Atlas, readable_records
from caucasus_atlas.models import Place
from caucasus_atlas.reading import shown
from caucasus_atlas.records import Record

PLACE_FIELDS = (
    "id",
    "name",
    "alt_names",
    "kind",
    "country",
    "point",
    "line",
    "adm1",
    "geo_precision",
    "coord_source",
    "note",
    "district",
    "district_note",
)
_GEOMETRY_KEYS = ("point", "line", "adm1")


def _lonlat(rec: Record, name: str, value: Any) -> tuple[float, float] | None:
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )
    if not ok:
        rec.problem(name, f"must be [longitude, latitude] (got {shown(value)})")
        return None
    lon, lat = float(value[0]), float(value[1])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        rec.problem(name, f"coordinates out of range (got lon {lon}, lat {lat}, expected -180..180, -90..90)")
        return None
    return lon, lat


def _place_geometry(rec: Record, admin1: gpd.GeoDataFrame | None) -> BaseGeometry | None:
    given = [key for key in _GEOMETRY_KEYS if key in rec.raw]
    if len(given) != 1:
        rec.problem("geometry", f"needs exactly one of point, line, adm1 (got {', '.join(given) or 'none'})")
        return None
    key = given[0]
    value = rec.raw[key]
    if key == "point":
        lonlat = _lonlat(rec, "point", value)
        return Point(lonlat) if lonlat else None
    if key == "line":
        if not isinstance(value, list) or len(value) < 2:
            rec.problem("line", f"must be a list of two or more [longitude, latitude] (got {shown(value)})")
            return None
        coords = [_lonlat(rec, "line", v) for v in value]
        return None if None in coords else LineString(coords)
    codes = value if isinstance(value, list) else [value]
    if not codes or not all(isinstance(c, str) for c in codes):
        rec.problem("adm1", f"must be a Natural Earth adm1_code or a list of them (got {shown(value)})")
        return None
    if admin1 is None:
        rec.problem("adm1", "cannot be resolved: the admin-1 boundaries did not load")
        return None
    known = set(admin1["adm1_code"])
    missing = [c for c in codes if c not in known]
    if missing:
        rec.problem("adm1", f"unknown adm1_code (got {', '.join(missing)}, expected codes from {settings.ADMIN1_FILE})")
        return None
    return union_all(list(admin1.loc[admin1["adm1_code"].isin(codes), "geometry"]))


def _in_region(geometry: BaseGeometry) -> bool:
    west, south, east, north = settings.REGION_BBOX
    minx, miny, maxx, maxy = geometry.bounds
    return west <= minx and maxx <= east and south <= miny and maxy <= north


#: How far (degrees, about 1.5 km) a point may lie outside its country's Natural Earth 1:10m outline:
#: the outline is generalised, and border villages sit on it (Ashaghy Buzqov falls 0.4 km outside).
COUNTRY_TOLERANCE_DEG = 0.015


@dataclass
class _Countries:
    """What a place's ``country`` is checked against: outlines where the data has them, boxes elsewhere."""

    shapes: dict[str, BaseGeometry]
    names: dict[str, str]
    boxes: dict[str, list[list[float]]]

    @classmethod
    def load(cls, admin0: gpd.GeoDataFrame | None) -> _Countries:
        shapes, names = {}, {}
        if admin0 is not None and "ISO_A2_EH" in admin0.columns:
            for code, group in admin0.groupby("ISO_A2_EH"):
                shapes[str(code)] = union_all(list(group.geometry))
                names[str(code)] = str(group["NAME"].iloc[0])
        path = settings.project_file(settings.COUNTRY_BOXES_FILE)
        return cls(shapes, names, json.loads(path.read_text(encoding="utf-8")))

    def problem(self, point: Point, codes: list[str]) -> str | None:
        """Why ``point`` cannot be in any of ``codes``, or None when it can (or nothing can tell)."""
        where = f"[{point.x}, {point.y}]"
        if all(c in self.shapes for c in codes):
            if any(self.shapes[c].distance(point) <= COUNTRY_TOLERANCE_DEG for c in codes):
                return None
            found = [f"{self.names[c]} ({c})" for c, shape in self.shapes.items() if shape.contains(point)]
            country = found[0] if found else "none of the countries outlined in the data"
            return f"the point {where} lies in {country} per Natural Earth, not in {';'.join(codes)}"
        if all(c in self.boxes for c in codes):
            margin = 0.1  # degrees: the boxes are of 1:50m outlines
            if any(
                w - margin <= point.x <= e + margin and s - margin <= point.y <= n + margin
                for c in codes
                for w, s, e, n in self.boxes[c]
            ):
                return None
            boxes = f"{';'.join(codes)} (Natural Earth boxes)"
            return f"the point {where} lies outside {boxes}: are longitude and latitude swapped?"
        return None


def _check_country(rec: Record, geometry: BaseGeometry, country: str, countries: _Countries) -> None:
    """A point (or each vertex of a line) must lie in one of the place's countries."""
    if geometry.geom_type not in ("Point", "LineString"):
        return
    codes = country.split(";")
    for lon, lat in geometry.coords:
        why = countries.problem(Point(lon, lat), codes)
        if why:
            rec.problem("country", f"does not fit the geometry: {why} (fix the point or the country)")
            return


def _check_district(
    rec: Record, geometry: BaseGeometry, district: str, note: str, admin1: gpd.GeoDataFrame | None
) -> None:
    """The place's point must fall in the district the source names, or the exception be recorded."""
    if admin1 is None:
        return
    match = admin1[admin1["adm1_code"] == district]
    if match.empty:
        expected = f"expected a code from {settings.ADMIN1_FILE}"
        rec.problem("district", f"unknown adm1_code (got {shown(district)}, {expected})")
        return
    point = geometry.representative_point()
    if match.geometry.iloc[0].contains(point) or note:
        return
    hits = admin1[admin1.contains(point)]
    found = f"{hits['adm1_code'].iloc[0]} {hits['name_en'].iloc[0]}" if len(hits) else "no admin-1 unit"
    rec.problem(
        "district",
        f"the point is not in the district the source names (got {found}, expected {district} "
        f"{match['name_en'].iloc[0]}); fix the point or record why in district_note",
        fatal=False,
    )


def load_places(atlas: Atlas) -> None:
    countries = _Countries.load(atlas.admin0)
    for rec in readable_records(atlas, settings.PLACES_FILE, PLACE_FIELDS, "a place"):
        atlas.place_ids.add(rec.id)
        name = rec.text("name")
        alt_names = rec.texts("alt_names")
        kind = rec.choice("kind", settings.PLACE_KINDS)
        country = rec.text("country")
        codes = country.split(";") if country else []
        if any(len(c) != 2 or not c.isalpha() or not c.isupper() for c in codes):
            rec.problem(
                "country",
                f"must be ISO 3166-1 alpha-2 codes, ';'-separated for a place on a border "
                f"(got {shown(country)}, expected e.g. 'AZ' or 'AZ;AM')",
            )
        precision = rec.choice("geo_precision", settings.GEO_PRECISION)
        coord_source = rec.text("coord_source")
        note = rec.text("note", required=False)
        geometry = _place_geometry(rec, atlas.admin1)
        if geometry is not None:
            if not geometry.is_valid:
                rec.problem("geometry", f"is not valid ({explain_validity(geometry)})")
            elif codes and set(codes) <= set(settings.REGION_COUNTRIES) and not _in_region(geometry):
                rec.problem(
                    "geometry",
                    f"lies outside the region (got bounds {tuple(round(b, 4) for b in geometry.bounds)}, "
                    f"expected inside {settings.REGION_BBOX} for a place in {country})",
                )
            elif codes and not rec.fatal:
                _check_country(rec, geometry, country, countries)
        district = rec.text("district", required=False)
        if district and geometry is not None:
            _check_district(rec, geometry, district, rec.text("district_note", required=False), atlas.admin1)
        if rec.fatal or geometry is None:
            continue
        atlas.places[rec.id] = Place(
            id=rec.id,
            name=name,
            alt_names=alt_names,
            kind=kind,
            country=country,
            geometry=geometry,
            geo_precision=precision,
            coord_source=coord_source,
            note=note,
        )
