"""Read every data file, check every record, and gather every problem into one report.

``load_atlas`` is the one entry point: it returns the records that passed their checks together with the
list of problems, so a broken record never hides the valid ones. ``validate`` returns only the problems.
Each problem names the file, the record, the field and what was wrong (got ..., expected ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely import LineString, Point, make_valid, union_all
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from caucasus_atlas import settings
from caucasus_atlas.imports import empty_imports, load_imports
from caucasus_atlas.models import (
    Event,
    Incident,
    Place,
    PlaceRef,
    Source,
    Stated,
    find_excerpt,
    normalise_whitespace,
    precision_for,
)
from caucasus_atlas.reading import Raw, check_file, display_path, inside, iter_event_files, read_records, shown


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one field of one record."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class ValidationError(Exception):
    """Raised by :func:`require_valid` with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the atlas data:\n{lines}")


@dataclass
class Atlas:
    """Everything loaded from one data root: valid records only, and the problems found."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    #: ids of every readable source record, loaded or not: an event citing a source that failed is told so
    source_ids: set[str] = field(default_factory=set)
    #: ids of every readable place record, loaded or not: an event citing a place that failed is told so
    place_ids: set[str] = field(default_factory=set)
    incident_ids: set[str] = field(default_factory=set)
    admin1: gpd.GeoDataFrame | None = None
    admin0: gpd.GeoDataFrame | None = None
    #: imported events (ACLED, UCDP GED) from ``imports/``, one table, and the imports' records
    imported: pd.DataFrame = field(default_factory=empty_imports)
    imports: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# -- reading files -----------------------------------------------------------------------------------


def _read_yaml_list(root: Path, rel: Path, problems: list[Problem]) -> list[Raw]:
    """The records of one YAML list file; every unreadable part is a problem, the readable records stay."""
    records, trouble = read_records(root, rel)
    problems += [Problem(display_path(rel), t.record, "-", t.message) for t in trouble]
    return records


#: The columns each boundary file must have: the code the atlas refers to features by, and a name.
BOUNDARY_COLUMNS = {settings.ADMIN1_FILE: ("adm1_code", "name_en"), settings.ADMIN0_FILE: ("ADM0_A3", "NAME")}


def _read_boundaries(root: Path, rel: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    file = display_path(rel)
    reason = check_file(root, rel)
    if reason:
        problems.append(Problem(file, "-", "-", reason))
        return None
    try:
        frame = gpd.read_file(root / rel)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        reason = " ".join(str(exc).split(";")[0].replace(str(root / rel), file).split())[:200]
        problems.append(Problem(file, "-", "-", f"cannot be read as GeoJSON ({reason})"))
        return None
    missing = [c for c in BOUNDARY_COLUMNS[rel] if c not in frame.columns]
    if missing:
        message = f"lacks the properties {', '.join(missing)} (expected on every feature)"
        problems.append(Problem(file, "-", "-", message))
        return None
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    code = BOUNDARY_COLUMNS[rel][0]
    empty = frame.geometry.isna() | frame.geometry.is_empty
    for idx in frame.index[empty]:
        ident = str(frame.loc[idx, code])
        problems.append(Problem(file, ident, "geometry", "is empty or null; the feature is left out"))
    frame = frame[~empty].copy()
    invalid = ~frame.geometry.is_valid
    for idx in frame.index[invalid]:
        ident, reason = str(frame.loc[idx, code]), explain_validity(frame.geometry[idx])
        problems.append(Problem(file, ident, "geometry", f"invalid geometry ({reason}); repaired with make_valid"))
        frame.loc[idx, "geometry"] = make_valid(frame.geometry[idx])
    return frame


# -- checking one record -----------------------------------------------------------------------------


class _Record:
    """Reads fields of one raw record, noting a problem for each field that is wrong."""

    def __init__(self, file: str, index: int, raw: Raw, problems: list[Problem], known: Iterable[str]) -> None:
        self.file = file
        self.problems = problems
        self.fatal = False
        value = raw.value
        self.raw: dict[str, Any] = value if isinstance(value, dict) else {}
        ident = self.raw.get("id")
        self.id = ident if isinstance(ident, str) and ident.strip() else f"record #{index + 1} (line {raw.line})"
        #: False when the record is not a mapping: nothing more is checked or reported for it
        self.readable = isinstance(value, dict)
        if not self.readable:
            self.problem("-", f"must be a mapping of fields (got a {type(value).__name__}: {shown(value)})")
            return
        for key, lines in getattr(value, "repeated", {}).items():
            self.problem(
                key,
                f"is given {len(lines)} times in one record (lines {', '.join(map(str, lines))}); "
                "keep one: the record is left out until then",
            )
        for name in self.raw:
            if name not in known:
                self.problem(
                    str(name)[:60], f"unknown field (expected one of: {', '.join(sorted(known))})", fatal=False
                )

    def problem(self, name: str, message: str, *, fatal: bool = True) -> None:
        self.problems.append(Problem(self.file, self.id, name, message))
        self.fatal = self.fatal or fatal

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(name, "is missing (expected a non-empty text)")
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text (got {shown(value)})")
            return ""
        return value.strip()

    def texts(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected a list of texts)")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(name, f"must be a list of non-empty texts (got {shown(value)})")
            return ()
        if required and not value:
            self.problem(name, "is empty (expected at least one entry)")
        return tuple(v.strip() for v in value)

    def choice(self, name: str, options: Iterable[Any], *, required: bool = True) -> Any:
        options = tuple(options)
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, f"is missing (expected one of: {', '.join(map(str, options))})")
            return None
        if value not in options:
            self.problem(
                name, f"is not in the vocabulary (got {shown(value)}, expected one of: {', '.join(map(str, options))})"
            )
            return None
        return value

    def integer(self, name: str, *, required: bool = True, minimum: int | None = None) -> int | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected a whole number)")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(name, f"must be a whole number (got {shown(value)})")
            return None
        if minimum is not None and value < minimum:
            self.problem(name, f"is too small (got {value}, expected {minimum} or more)")
            return None
        return value

    def date(self, name: str, *, required: bool = True) -> dt.date | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected an ISO date, YYYY-MM-DD)")
            return None
        try:
            if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
                raise ValueError
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.problem(name, f"is not a date (got {shown(value)}, expected an ISO date, YYYY-MM-DD)")
            return None
        if not settings.DATE_MIN <= day <= settings.DATE_MAX:
            self.problem(
                name,
                f"is outside the dates the atlas can show (got {value}, expected "
                f"{settings.DATE_MIN.isoformat()} to {settings.DATE_MAX.isoformat()})",
            )
            return None
        return day


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(settings.ID_PATTERN)


def _readable_records(atlas: Atlas, rel: Path, fields: tuple[str, ...], kind: str) -> list[_Record]:
    """The records of one YAML list file that can be read, their ids checked unique (problems recorded)."""
    raws = _read_yaml_list(atlas.root, rel, atlas.problems)
    records = [_Record(str(rel), i, raw, atlas.problems, fields) for i, raw in enumerate(raws)]
    _unique(records, kind)
    return [rec for rec in records if rec.readable]


def _unique(records: list[_Record], kind: str) -> None:
    """Every record needs an id of the documented form (:data:`settings.ID_PATTERN`), unique in its kind."""
    seen: dict[str, str] = {}
    for rec in records:
        if not rec.readable:
            continue
        value = rec.raw.get("id")
        if value is None or (isinstance(value, str) and not value.strip()):
            rec.problem("id", "is missing (expected a unique text id)")
        elif not isinstance(value, str):
            rec.problem("id", f"must be text (got {shown(value)}; quote it: id: '{value}')")
        elif not _ID.fullmatch(value):
            rec.problem(
                "id",
                f"is not a valid id (got {shown(value)}, expected lower-case letters, digits, '.', '_' and '-', "
                "starting with a letter or digit, at most 100 characters)",
            )
        elif rec.id in seen:
            rec.problem("id", f"is not unique (got {shown(rec.id)}, already used by {kind} in {seen[rec.id]})")
        else:
            seen[rec.id] = rec.file


# -- sources -----------------------------------------------------------------------------------------

SOURCE_FIELDS = (
    "id", "title", "publisher", "publisher_note", "date", "language", "path", "sha256",
    "url", "author", "read_at", "completeness",
)  # fmt: skip


def _load_sources(atlas: Atlas) -> None:
    rel = settings.SOURCES_FILE
    for rec in _readable_records(atlas, rel, SOURCE_FIELDS, "a source"):
        atlas.source_ids.add(rec.id)
        values = {name: rec.text(name) for name in ("title", "publisher", "language", "path", "sha256")}
        date = rec.text("date")
        if date and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date):
            rec.problem("date", f"is not an ISO date or month (got {shown(date)}, expected YYYY-MM or YYYY-MM-DD)")
        text = _source_text(rec, atlas.root, rel.parent, values["path"], values["sha256"])
        if rec.fatal or text is None:
            continue
        extra = {name: rec.text(name, required=False) for name in ("publisher_note", "url", "author", "read_at")}
        # metadata problems cost the field, not the document and its events
        if extra["url"] and not re.fullmatch(r"https?://\S+", extra["url"]):
            why = f"is not a web address (got {shown(extra['url'])}, expected http:// or https://…); left out"
            rec.problem("url", why, fatal=False)
            extra["url"] = ""
        completeness = rec.raw.get("completeness", "whole")
        if completeness not in settings.COMPLETENESS:
            expected = " or ".join(settings.COMPLETENESS)
            rec.problem("completeness", f"is not in the vocabulary (got {shown(completeness)}, expected {expected})",
                        fatal=False)  # fmt: skip
            completeness = "whole"
        if rec.fatal:
            continue
        atlas.sources[rec.id] = Source(id=rec.id, date=date, completeness=completeness, **values, **extra)
        atlas.texts[rec.id] = text


def _source_text(rec: _Record, root: Path, folder: Path, path: str, sha256: str) -> str | None:
    """The text of a source document, read only from inside the data folder and checked byte for byte."""
    if not path:
        return None
    full = root / folder / path
    if not inside(root, full):
        rec.problem("path", f"leaves the data folder (got {shown(path)}, expected a file inside {folder})")
        return None
    reason = check_file(root, full.relative_to(root))
    if reason:
        rec.problem("path", f"{shown(path)} {reason}")
        return None
    data = full.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if sha256 and digest != sha256:
        rec.problem("sha256", f"does not match the file (got {shown(sha256)}, expected {digest})")
    if b"\r\n" in data:
        rec.problem(
            "path",
            "the text has Windows (CRLF) line ends, so no excerpt offset can match: restore the file byte for "
            "byte (git keeps events/sources/ as binary through .gitattributes; a copy made on Windows may have "
            "converted it)",
        )
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        rec.problem("path", f"{shown(path)} is not UTF-8 text (byte 0x{data[exc.start : exc.start + 1].hex()})")
        return None


# -- places ------------------------------------------------------------------------------------------

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


def _lonlat(rec: _Record, name: str, value: Any) -> tuple[float, float] | None:
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


def _place_geometry(rec: _Record, admin1: gpd.GeoDataFrame | None) -> BaseGeometry | None:
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


def _check_country(rec: _Record, geometry: BaseGeometry, country: str, countries: _Countries) -> None:
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
    rec: _Record, geometry: BaseGeometry, district: str, note: str, admin1: gpd.GeoDataFrame | None
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


def _load_places(atlas: Atlas) -> None:
    countries = _Countries.load(atlas.admin0)
    for rec in _readable_records(atlas, settings.PLACES_FILE, PLACE_FIELDS, "a place"):
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


# -- events ------------------------------------------------------------------------------------------

EVENT_FIELDS = (
    "id",
    "source",
    "date_start",
    "date_end",
    "time_precision",
    "reported_on",
    "topic",
    "event_type",
    "sub_event_type",
    "actors",
    "claimed_by",
    "stance",
    "responds_to",
    "places",
    "fatalities",
    "summary",
    "excerpt",
    "source_start",
    "source_end",
    "incident",
    "states",
    "provenance",
    "translation",
)


def _place_refs(rec: _Record, places: dict[str, Place], place_ids: set[str], unread: _Grouped) -> tuple[PlaceRef, ...]:
    """The event's places. A reference that cannot be used is reported and left out; the event stays."""
    value = rec.raw.get("places")
    if value is None:
        return ()
    if not isinstance(value, list):
        rec.problem("places", f"must be a list of {{place: id, role: at|about}} (got {shown(value)})")
        return ()
    refs = []
    roles = ", ".join(settings.PLACE_ROLES)
    for item in value:
        if not isinstance(item, dict) or set(item) - {"place", "role"} or "place" not in item:
            rec.problem("places", f"each entry must be {{place: id, role: at|about}} (got {shown(item)})")
            continue
        place, role = item["place"], item.get("role")
        if role is None:
            rec.problem("places", f"role is missing for place {shown(place)} (expected one of: {roles})")
        elif role not in settings.PLACE_ROLES:
            rec.problem("places", f"role is not in the vocabulary (got {shown(role)}, expected one of: {roles})")
        elif not place_ids:
            why = f"refer to places, but {settings.PLACES_FILE} has no readable record: they are listed unmapped"
            unread.add(rec, "places", why)
        elif not isinstance(place, str) or place not in place_ids:
            rec.problem(
                "places",
                f"refers to an unknown place (got {shown(place)}, expected an id in {settings.PLACES_FILE}); "
                "the event is shown without it",
                fatal=False,
            )
        elif place not in places:
            rec.problem(
                "places",
                f"refers to place {shown(place)}, which has problems of its own; the event is shown without it",
                fatal=False,
            )
        else:
            refs.append(PlaceRef(place=place, role=role))
    return tuple(refs)


class _Grouped:
    """Problems that many records share for one cause (a source or the gazetteer that did not load):
    one line per file and cause, naming the records, instead of one line per record."""

    def __init__(self) -> None:
        self.groups: dict[tuple[str, str, str], list[_Record]] = {}

    def add(self, rec: _Record, field: str, message: str, *, fatal: bool = False) -> None:
        group = self.groups.setdefault((rec.file, field, message), [])
        if rec not in group:
            group.append(rec)
        rec.fatal = rec.fatal or fatal

    def problems(self) -> list[Problem]:
        out = []
        for (file, name, message), recs in self.groups.items():
            ids = [r.id for r in recs]
            named = ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
            out.append(Problem(file, f"{len(ids)} record(s) ({named})", name, message))
        return out


def _check_excerpt(rec: _Record, text: str, excerpt: str, start: int | None, end: int | None) -> None:
    span = find_excerpt(text, excerpt)
    if span is None:
        expected = "expected text found in the source"
        rec.problem("excerpt", f"is not verbatim in the source (got {shown(excerpt)}, {expected})")
        return
    if start is None or end is None:
        return
    if end <= start or end > len(text):
        rec.problem("source_end", f"offsets do not fit the source (got {start}..{end}, expected {span[0]}..{span[1]})")
    elif normalise_whitespace(text[start:end]) != normalise_whitespace(excerpt):
        rec.problem(
            "source_start",
            f"offsets do not point at the excerpt (got {start}..{end}, expected {span[0]}..{span[1]})",
        )


_STATED_KEYS = {"what", "value", "phrase", "start"}
_NUMBER = r"(\d{1,3}(?:[.,]\d+)?)"
_DEGREES = re.compile(_NUMBER + r"\s*°\s*(?:" + _NUMBER + r"\s*[′'’]\s*)?(?:" + _NUMBER + r"\s*[″\"”])?")
#: How far a coordinate the text gives may lie from its place's point (degrees: about 100 m).
STATED_COORDINATE_TOLERANCE_DEG = 0.001


def _fold(text: str) -> str:
    """Lower case without diacritics, for matching a place's names in a phrase.

    >>> _fold("Yukhari Ayrım"), _fold("Qaragöl")
    ('yukhari ayrim', 'qaragol')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _coordinates(phrase: str) -> list[float]:
    """Every angle a phrase writes in degrees (and minutes, seconds), as decimal degrees.

    >>> [round(a, 5) for a in _coordinates("N 40°09′06″; E 45°58′07″")]
    [40.15167, 45.96861]
    >>> _coordinates("at 39.7215° N")
    [39.7215]
    """
    out = []
    for deg, minutes, seconds in _DEGREES.findall(phrase):
        value = float(deg.replace(",", "."))
        value += float(minutes.replace(",", ".")) / 60 if minutes else 0
        value += float(seconds.replace(",", ".")) / 3600 if seconds else 0
        out.append(value)
    return out


def names_place(phrase: str, place: Place) -> bool:
    """Whether a phrase names a place (its name or an alternative name, any case or diacritics, whole
    words) or gives its point's coordinates.

    >>> from shapely import Point
    >>> kut = Place("kut", "Kut", ("Kut village",), "settlement", "AM", Point(45.9, 40.2), 1, "x")
    >>> names_place("near the Kut village of Gegharkunik", kut), names_place("in Kutaisi", kut)
    (True, False)
    """
    folded = _fold(phrase)
    for name in (place.name, *place.alt_names):
        if re.search(r"(?<!\w)" + re.escape(_fold(name)) + r"(?!\w)", folded):
            return True
    if place.geometry.geom_type == "Point":
        angles = _coordinates(phrase)
        tol = STATED_COORDINATE_TOLERANCE_DEG
        hits = [abs(a - place.geometry.y) <= tol for a in angles], [abs(a - place.geometry.x) <= tol for a in angles]
        return any(hits[0]) and any(hits[1])
    return False


def _phrase_span(rec: _Record, text: str, phrase: str, start: Any) -> tuple[int, int] | None:
    """Where a stated value's phrase stands in the document: the only place it occurs, or the one at
    ``start`` when it occurs more than once. White space may differ (line breaks are folded)."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in phrase.split()))
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        rec.problem("states", f"phrase is not verbatim in the document (got {shown(phrase)})", fatal=False)
        return None
    if start is None:
        if len(spans) > 1:
            offsets = ", ".join(str(a) for a, _ in spans)
            rec.problem(
                "states",
                f"phrase {shown(phrase)} occurs {len(spans)} times in the document: give `start` (one of {offsets})",
                fatal=False,
            )
            return None
        return spans[0]
    for span in spans:
        if span[0] == start:
            return span
    offsets = ", ".join(str(a) for a, _ in spans)
    rec.problem(
        "states", f"start does not point at the phrase {shown(phrase)} (got {shown(start)}, expected {offsets})",
        fatal=False,
    )  # fmt: skip
    return None


def _stated_value(rec: _Record, what: str, value: Any, phrase: str, places: dict[str, Place]) -> str | None:
    """The stated value as text, or None (with a problem) when it does not fit its kind or its phrase."""
    if what == "place":
        if not isinstance(value, str) or value not in places:
            rec.problem("states", f"place is not a known place (got {shown(value)}, expected an id in "
                        f"{settings.PLACES_FILE})", fatal=False)  # fmt: skip
            return None
        if not names_place(phrase, places[value]):
            rec.problem(
                "states",
                f"phrase {shown(phrase)} does not name place {value!r} (expected its name, an alternative name or "
                "its coordinate in the phrase)",
                fatal=False,
            )
            return None
        return value
    if what == "date":
        parts = value.split("/") if isinstance(value, str) else []
        try:
            days = [dt.date.fromisoformat(x) for x in parts if _ISO_DATE.fullmatch(x)]
        except ValueError:
            days = []
        if not 1 <= len(parts) <= 2 or len(days) != len(parts) or days != sorted(days):
            rec.problem("states", f"date is not a day or a span (got {shown(value)}, expected YYYY-MM-DD or "
                        "YYYY-MM-DD/YYYY-MM-DD)", fatal=False)  # fmt: skip
            return None
        return "/".join(d.isoformat() for d in days) if len(set(days)) > 1 else days[0].isoformat()
    if what in ("killed", "wounded", "captured"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            rec.problem("states", f"{what} is not a whole number of people (got {shown(value)})", fatal=False)
            return None
        return str(value)
    vocabulary = settings.HAPPENINGS if what == "happened" else settings.STATUSES
    if value not in vocabulary:
        rec.problem("states", f"{what} is not in the vocabulary (got {shown(value)}, expected one of: "
                    f"{', '.join(vocabulary)})", fatal=False)  # fmt: skip
        return None
    return str(value)


def _states(rec: _Record, text: str | None, places: dict[str, Place]) -> tuple[Stated, ...]:
    """What the account states, each value with its phrase. A value that cannot be cited is reported and
    left out; the account and its other values stay."""
    value = rec.raw.get("states")
    if value is None:
        return ()
    example = "{what: place|date|killed|wounded|captured|happened|status, value: …, phrase: …}"
    if not isinstance(value, list):
        rec.problem("states", f"must be a list of {example} (got {shown(value)})", fatal=False)
        return ()
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) - _STATED_KEYS or not {"what", "value", "phrase"} <= set(item):
            rec.problem("states", f"each entry must be {example} (got {shown(item)})", fatal=False)
            continue
        what, phrase = item["what"], item["phrase"]
        if what not in settings.STATED_KINDS:
            kinds = ", ".join(settings.STATED_KINDS)
            rec.problem("states", f"what is not in the vocabulary (got {shown(what)}, expected one of: {kinds})",
                        fatal=False)  # fmt: skip
            continue
        if not isinstance(phrase, str) or not phrase.strip():
            rec.problem("states", f"phrase must be a non-empty text (got {shown(phrase)})", fatal=False)
            continue
        if text is None:
            continue  # the document did not load: reported with the source
        span = _phrase_span(rec, text, phrase, item.get("start"))
        stated = _stated_value(rec, what, item["value"], phrase, places)
        if span is not None and stated is not None:
            out.append(Stated(what=what, value=stated, phrase=text[span[0] : span[1]], start=span[0], end=span[1]))
    return tuple(out)


def _provenance(rec: _Record, source: Source | None, claimed_by: str) -> str:
    """``first-hand`` when the document is the claimant's own (its author is the claimant, a parenthesis
    aside), ``reported`` when another party's document reports the claimant's words."""
    author = source.author if source is not None else ""
    own = bool(author) and (claimed_by == author or claimed_by.startswith(author + " ("))
    derived = "first-hand" if own else "reported"
    given = rec.raw.get("provenance")
    if given is None:
        return derived
    if given not in settings.PROVENANCES:
        rec.problem("provenance", f"is not in the vocabulary (got {shown(given)}, expected one of: "
                    f"{', '.join(settings.PROVENANCES)})", fatal=False)  # fmt: skip
        return derived
    if given == "first-hand" and not own and settings.party_of(author) != settings.party_of(claimed_by):
        rec.problem(
            "provenance",
            f"is first-hand, but the document is {author or 'of no named author'!r}'s, not of {claimed_by!r}'s "
            "party: a party's words in another party's document are reported",
            fatal=False,
        )
        return "reported"
    return given


def _event_files(atlas: Atlas) -> list[Path]:
    """The event files to read, each file or folder that is not read reported with why."""
    directory = atlas.root / settings.EVENTS_DIR
    if not directory.is_dir():
        atlas.problems.append(Problem(str(settings.EVENTS_DIR), "-", "-", "folder is missing (expected events/*.yaml)"))
        return []
    files = []
    for path, why in iter_event_files(directory):
        rel = path.relative_to(atlas.root)
        if why:
            atlas.problems.append(Problem(display_path(rel), "-", "-", why))
            continue
        if display_path(rel) != str(rel):
            atlas.problems.append(
                Problem(display_path(rel), "-", "-", "file name is not UTF-8 (shown with �); its records are read")
            )
        files.append(rel)
    if not files:
        atlas.problems.append(Problem(str(settings.EVENTS_DIR), "-", "-", "no event files (expected events/*.yaml)"))
    return files


def _read_event_records(atlas: Atlas) -> list[_Record]:
    records: list[_Record] = []
    for rel in _event_files(atlas):
        if len(records) >= settings.MAX_EVENTS:
            atlas.problems.append(
                Problem(
                    display_path(rel), "-", "-",
                    f"is not read: the atlas already holds {settings.MAX_EVENTS} event records, its limit for "
                    "hand-written data (bulk data belongs in an import)",
                )
            )  # fmt: skip
            continue
        raws = _read_yaml_list(atlas.root, rel, atlas.problems)
        if not raws and (atlas.root / rel).is_file() and not (atlas.root / rel).read_bytes().strip():
            atlas.problems.append(Problem(display_path(rel), "-", "-", "is empty (expected a list of events)"))
        records += [_Record(display_path(rel), i, raw, atlas.problems, EVENT_FIELDS) for i, raw in enumerate(raws)]
    return [rec for rec in records if rec.readable]


def _load_events(atlas: Atlas) -> None:
    records = _read_event_records(atlas)
    _unique(records, "an event")
    all_ids = {rec.id for rec in records}
    unread = _Grouped()
    parsed: list[tuple[_Record, dict[str, Any]]] = []
    for rec in records:
        v: dict[str, Any] = {}
        v["source"] = rec.text("source")
        if not atlas.source_ids:
            why = f"cite a source, but {settings.SOURCES_FILE} has no readable record"
            unread.add(rec, "source", why, fatal=True)
        elif v["source"] in atlas.source_ids and v["source"] not in atlas.sources:
            unread.add(
                rec, "source", f"cite source {v['source']!r}, which did not load (see {settings.SOURCES_FILE})",
                fatal=True,
            )  # fmt: skip
        elif v["source"] and v["source"] not in atlas.sources:
            rec.problem(
                "source",
                f"refers to an unknown source (got {shown(v['source'])}, expected an id in {settings.SOURCES_FILE})",
            )
        v["date_start"], v["date_end"] = rec.date("date_start"), rec.date("date_end")
        v["reported_on"] = rec.date("reported_on", required=False)
        v["time_precision"] = rec.choice("time_precision", settings.TIME_PRECISION)
        start, end = v["date_start"], v["date_end"]
        if start and end and start > end:
            rec.problem("date_end", f"is before date_start (got {end}, expected {start} or later)")
        elif start and end and v["time_precision"] and v["time_precision"] != precision_for(start, end):
            expected = precision_for(start, end)
            rec.problem(
                "time_precision",
                f"does not fit the date span (got {v['time_precision']} for {start} .. {end}, "
                f"{(end - start).days + 1} day(s), expected {expected}: 1 one day, 2 up to 7 days, "
                "3 longer within one calendar month, 4 longer)",
            )
        if v["reported_on"] and start and v["reported_on"] < start:
            rec.problem("reported_on", f"is before the event (got {v['reported_on']}, expected {start} or later)")
        v["topic"] = rec.choice("topic", settings.TOPICS)
        v["event_type"] = rec.choice("event_type", settings.EVENT_TYPES)
        if v["event_type"]:
            v["sub_event_type"] = rec.choice("sub_event_type", settings.EVENT_TYPES[v["event_type"]])
        v["actors"] = rec.texts("actors", required=True)
        v["claimed_by"] = rec.text("claimed_by")
        v["stance"] = rec.choice("stance", settings.STANCES)
        v["responds_to"] = rec.raw.get("responds_to")
        if v["responds_to"] is not None and v["responds_to"] not in all_ids:
            got = shown(v["responds_to"])
            rec.problem("responds_to", f"refers to an unknown event (got {got}, expected an event id)")
        elif v["responds_to"] == rec.id:
            rec.problem("responds_to", "refers to the event itself (expected another event's id)")
        if v["stance"] in ("denies", "qualifies") and v["responds_to"] is None:
            rec.problem(
                "responds_to", f"is missing (a statement that {v['stance']} must name the event it responds to)"
            )
        v["fatalities"] = rec.integer("fatalities", required=False, minimum=0)
        v["summary"] = rec.text("summary")
        v["excerpt"] = rec.text("excerpt")
        v["source_start"] = rec.integer("source_start", minimum=0)
        v["source_end"] = rec.integer("source_end", minimum=0)
        if v["excerpt"] and v["source"] in atlas.texts:
            _check_excerpt(rec, atlas.texts[v["source"]], v["excerpt"], v["source_start"], v["source_end"])
        v["places"] = _place_refs(rec, atlas.places, atlas.place_ids, unread)
        v["incident"] = rec.raw.get("incident")
        if v["incident"] is not None and (
            not isinstance(v["incident"], str) or v["incident"] not in atlas.incident_ids
        ):
            v["incident"] = None
            known = f"an id in {settings.INCIDENTS_FILE}"
            rec.problem(
                "incident",
                f"refers to an unknown incident (got {shown(rec.raw['incident'])}, expected {known})",
                fatal=False,
            )
        elif v["incident"] is not None and v["incident"] not in atlas.incidents:
            v["incident"] = None  # the incident has problems of its own, reported there; the account stays
        source = atlas.sources.get(v["source"])
        v["states"] = _states(rec, atlas.texts.get(v["source"]), atlas.places)
        v["provenance"] = _provenance(rec, source, v["claimed_by"])
        v["translation"] = rec.text("translation", required=False)
        if source is not None and source.language != "en" and v["excerpt"] and not v["translation"]:
            rec.problem(
                "translation",
                f"is missing (the document is in {source.language!r}: give an English rendering of the excerpt; "
                "it is shown beside the original as the atlas's translation)",
                fatal=False,
            )
        parsed.append((rec, v))
    atlas.problems += unread.problems()
    _check_cycles(parsed)
    for rec, v in parsed:
        if not rec.fatal:
            atlas.events[rec.id] = Event(id=rec.id, **v)
    files = {rec.id: rec.file for rec in records}
    for event in atlas.events.values():
        if event.responds_to and event.responds_to not in atlas.events:
            atlas.problems.append(
                Problem(
                    files[event.id],
                    event.id,
                    "responds_to",
                    f"refers to event {shown(event.responds_to)}, which has problems of its own",
                )
            )


# -- incidents ---------------------------------------------------------------------------------------

INCIDENT_FIELDS = ("id", "name", "date_start", "date_end", "summary", "places")


def _load_incidents(atlas: Atlas) -> None:
    """The incidents, if the file is there (an atlas of one document may have none). Their span is set
    from their accounts once the events are read (:func:`_incident_spans`)."""
    rel = settings.INCIDENTS_FILE
    if not (atlas.root / rel).exists():
        return
    for rec in _readable_records(atlas, rel, INCIDENT_FIELDS, "an incident"):
        atlas.incident_ids.add(rec.id)
        name, summary = rec.text("name"), rec.text("summary")
        for key in ("date_start", "date_end"):
            if key in rec.raw:
                rec.problem(key, "is not read: an incident's span is the span of its accounts' dates", fatal=False)
        places = rec.texts("places")
        unknown = [p for p in places if p not in atlas.places]
        if unknown:
            rec.problem(
                "places",
                f"unknown place(s) (got {', '.join(map(shown, unknown))}, expected ids in "
                f"{settings.PLACES_FILE}); the incident is kept without them",
                fatal=False,
            )
        if rec.fatal:
            continue
        atlas.incidents[rec.id] = Incident(
            id=rec.id, name=name, date_start=settings.DATE_MIN, date_end=settings.DATE_MIN, summary=summary,
            places=tuple(p for p in places if p in atlas.places),
        )  # fmt: skip


def _incident_spans(atlas: Atlas) -> None:
    """Each incident's span becomes the span of its accounts' dates; an incident no loaded account
    describes is reported and left out."""
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for event in atlas.events.values():
        if event.incident in atlas.incidents:
            start, end = spans.get(event.incident, (event.date_start, event.date_end))
            spans[event.incident] = (min(start, event.date_start), max(end, event.date_end))
    for ident in list(atlas.incidents):
        if ident not in spans:
            del atlas.incidents[ident]
            why = "has no account (no loaded event names it in `incident`): it is left out"
            atlas.problems.append(Problem(str(settings.INCIDENTS_FILE), ident, "-", why))
            continue
        start, end = spans[ident]
        atlas.incidents[ident] = replace(atlas.incidents[ident], date_start=start, date_end=end)


def _check_cycles(parsed: list[tuple[_Record, dict[str, Any]]]) -> None:
    """A claim thread starts at a statement that responds to nothing: ``responds_to`` must not loop.

    The events stay (their words are valid); the loop is reported on each of its events.
    """
    target = {rec.id: v["responds_to"] for rec, v in parsed if isinstance(v["responds_to"], str)}
    by_id = {rec.id: rec for rec, _ in parsed}
    reported: set[str] = set()
    for start in target:
        path, current = [start], target.get(start)
        while current in target and current not in path:
            path.append(current)
            current = target[current]
        if current in path and start not in reported:
            loop = path[path.index(current) :]
            chain = " → ".join([*loop, loop[0]])
            for ident in loop:
                reported.add(ident)
                by_id[ident].problem(
                    "responds_to",
                    f"forms a loop ({chain}); a claim thread must start at a statement that responds to nothing, "
                    "so this thread is not drawn until the loop is broken",
                    fatal=False,
                )


# -- entry points ------------------------------------------------------------------------------------


def load_atlas(root: Path | None = None) -> Atlas:
    """Load and check every record under ``root`` (default: :func:`settings.data_root`).

    Returns an :class:`Atlas` with the valid records and every problem found; a record with a problem
    in a required field is left out, and the problem says which file, record and field.
    """
    atlas = Atlas(root=Path(root) if root is not None else settings.data_root())
    if not atlas.root.is_dir():
        what = "is not a folder" if atlas.root.exists() else "does not exist"
        message = f"the data folder {display_path(atlas.root)} {what} (expected a folder holding geodata/ and events/)"
        atlas.problems.append(Problem("-", "-", "-", message))
        return atlas
    atlas.admin1 = _read_boundaries(atlas.root, settings.ADMIN1_FILE, atlas.problems)
    atlas.admin0 = _read_boundaries(atlas.root, settings.ADMIN0_FILE, atlas.problems)
    _load_sources(atlas)
    _load_places(atlas)
    _load_incidents(atlas)
    _load_events(atlas)
    _incident_spans(atlas)
    atlas.imported, atlas.imports, trouble = load_imports(atlas.root)
    atlas.problems += [Problem(*t) for t in trouble]
    return atlas


def validate(root: Path | None = None) -> list[Problem]:
    """Every problem in the data under ``root``; an empty list when all is well."""
    return load_atlas(root).problems


def require_valid(root: Path | None = None) -> Atlas:
    """Load the atlas and raise :class:`ValidationError` listing every problem, if there is any."""
    atlas = load_atlas(root)
    if atlas.problems:
        raise ValidationError(atlas.problems)
    return atlas


__all__: list[str] = ["Atlas", "Problem", "ValidationError", "load_atlas", "require_valid", "validate"]
