"""Read every data file, check every record, and gather every problem into one report.

``load_atlas`` is the one entry point: it returns the records that passed their checks together with the
list of problems, so a broken record never hides the valid ones. ``validate`` returns only the problems.
Each problem names the file, the record, the field and what was wrong (got ..., expected ...).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import yaml
from shapely import LineString, Point, make_valid, union_all
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from caucasus_atlas import settings
from caucasus_atlas.models import Event, Place, PlaceRef, Source, find_excerpt, normalise_whitespace


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
    admin1: gpd.GeoDataFrame | None = None
    admin0: gpd.GeoDataFrame | None = None
    problems: list[Problem] = field(default_factory=list)


# -- reading files -----------------------------------------------------------------------------------


def _read_yaml_list(root: Path, rel: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    path = root / rel
    if not path.is_file():
        problems.append(Problem(str(rel), "-", "-", f"file is missing (expected it at {path})"))
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        problems.append(Problem(str(rel), "-", "-", f"is not valid YAML: {exc}".replace("\n", " ")))
        return []
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(rel), "-", "-", f"is not UTF-8 text: {exc}"))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(str(rel), "-", "-", f"must be a list of records (got {type(data).__name__})"))
        return []
    return data


def _read_boundaries(root: Path, rel: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
    path = root / rel
    if not path.is_file():
        problems.append(Problem(str(rel), "-", "-", f"file is missing (expected it at {path})"))
        return None
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        problems.append(Problem(str(rel), "-", "-", f"cannot be read as GeoJSON: {exc}"))
        return None
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    invalid = ~frame.geometry.is_valid
    for idx in frame.index[invalid]:
        ident = str(frame.loc[idx].get("adm1_code") or frame.loc[idx].get("ADM0_A3") or idx)
        reason = explain_validity(frame.geometry[idx])
        problems.append(Problem(str(rel), ident, "geometry", f"invalid geometry ({reason}); repaired with make_valid"))
        frame.loc[idx, "geometry"] = make_valid(frame.geometry[idx])
    return frame


# -- checking one record -----------------------------------------------------------------------------


class _Record:
    """Reads fields of one raw record, noting a problem for each field that is wrong."""

    def __init__(self, file: str, index: int, raw: Any, problems: list[Problem], known: Iterable[str]) -> None:
        self.file = file
        self.problems = problems
        self.fatal = False
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        ident = self.raw.get("id")
        self.id = ident if isinstance(ident, str) and ident.strip() else f"record #{index + 1}"
        if not isinstance(raw, dict):
            self.problem("-", f"must be a mapping of fields (got {type(raw).__name__})")
            return
        for name in self.raw:
            if name not in known:
                self.problem(str(name), f"unknown field (expected one of: {', '.join(sorted(known))})", fatal=False)

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
            self.problem(name, f"must be text (got {value!r})")
            return ""
        return value.strip()

    def texts(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing (expected a list of texts)")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(name, f"must be a list of non-empty texts (got {value!r})")
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
                name, f"is not in the vocabulary (got {value!r}, expected one of: {', '.join(map(str, options))})"
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
            self.problem(name, f"must be a whole number (got {value!r})")
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
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(name, f"is not a date (got {value!r}, expected an ISO date, YYYY-MM-DD)")
            return None


def _unique(records: list[_Record], kind: str) -> None:
    seen: dict[str, str] = {}
    for rec in records:
        if rec.id.startswith("record #"):
            rec.problem("id", "is missing (expected a unique text id)")
        elif rec.id in seen:
            rec.problem("id", f"is not unique (got {rec.id!r}, already used by a {kind} in {seen[rec.id]})")
        else:
            seen[rec.id] = rec.file


# -- sources -----------------------------------------------------------------------------------------

SOURCE_FIELDS = ("id", "title", "publisher", "publisher_note", "date", "language", "path", "sha256")


def _load_sources(atlas: Atlas) -> None:
    rel = settings.SOURCES_FILE
    raws = _read_yaml_list(atlas.root, rel, atlas.problems)
    records = [_Record(str(rel), i, raw, atlas.problems, SOURCE_FIELDS) for i, raw in enumerate(raws)]
    _unique(records, "source")
    for rec in records:
        values = {name: rec.text(name) for name in ("title", "publisher", "language", "path", "sha256")}
        date = rec.text("date")
        if date and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", date):
            rec.problem("date", f"is not an ISO date or month (got {date!r}, expected YYYY-MM or YYYY-MM-DD)")
        text = None
        if values["path"]:
            path = atlas.root / rel.parent / values["path"]
            if not path.is_file():
                rec.problem("path", f"file not found (got {values['path']!r}, expected a file in {rel.parent})")
            else:
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if values["sha256"] and digest != values["sha256"]:
                    rec.problem("sha256", f"does not match the file (got {values['sha256']}, expected {digest})")
                text = data.decode("utf-8", errors="replace")
        if rec.fatal or text is None:
            continue
        atlas.sources[rec.id] = Source(
            id=rec.id, date=date, publisher_note=rec.text("publisher_note", required=False), **values
        )
        atlas.texts[rec.id] = text


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
        rec.problem(name, f"must be [longitude, latitude] (got {value!r})")
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
            rec.problem("line", f"must be a list of two or more [longitude, latitude] (got {value!r})")
            return None
        coords = [_lonlat(rec, "line", v) for v in value]
        return None if None in coords else LineString(coords)
    codes = value if isinstance(value, list) else [value]
    if not codes or not all(isinstance(c, str) for c in codes):
        rec.problem("adm1", f"must be a Natural Earth adm1_code or a list of them (got {value!r})")
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


def _check_district(
    rec: _Record, geometry: BaseGeometry, district: str, note: str, admin1: gpd.GeoDataFrame | None
) -> None:
    """The place's point must fall in the district the source names, or the exception be recorded."""
    if admin1 is None:
        return
    match = admin1[admin1["adm1_code"] == district]
    if match.empty:
        rec.problem("district", f"unknown adm1_code (got {district!r}, expected a code from {settings.ADMIN1_FILE})")
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
    rel = settings.PLACES_FILE
    raws = _read_yaml_list(atlas.root, rel, atlas.problems)
    records = [_Record(str(rel), i, raw, atlas.problems, PLACE_FIELDS) for i, raw in enumerate(raws)]
    _unique(records, "place")
    for rec in records:
        name = rec.text("name")
        alt_names = rec.texts("alt_names")
        kind = rec.choice("kind", settings.PLACE_KINDS)
        country = rec.text("country")
        codes = country.split(";") if country else []
        if any(len(c) != 2 or not c.isalpha() or not c.isupper() for c in codes):
            rec.problem(
                "country",
                f"must be ISO 3166-1 alpha-2 codes, ';'-separated for a place on a border "
                f"(got {country!r}, expected e.g. 'AZ' or 'AZ;AM')",
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
)


def _place_refs(rec: _Record, places: dict[str, Place], place_ids: set[str]) -> tuple[PlaceRef, ...]:
    value = rec.raw.get("places")
    if value is None:
        return ()
    if not isinstance(value, list):
        rec.problem("places", f"must be a list of {{place: id, role: at|about}} (got {value!r})")
        return ()
    refs = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"place", "role"} or "place" not in item:
            rec.problem("places", f"each entry must be {{place: id, role: at|about}} (got {item!r})")
            continue
        place, role = item["place"], item.get("role", "at")
        if role not in settings.PLACE_ROLES:
            rec.problem("places", f"role is not in the vocabulary (got {role!r}, expected one of: at, about)")
        elif place not in place_ids:
            rec.problem(
                "places", f"refers to an unknown place (got {place!r}, expected an id in {settings.PLACES_FILE})"
            )
        elif place not in places:
            rec.problem("places", f"refers to place {place!r}, which has problems of its own")
        else:
            refs.append(PlaceRef(place=place, role=role))
    return tuple(refs)


def _check_excerpt(rec: _Record, text: str, excerpt: str, start: int | None, end: int | None) -> None:
    span = find_excerpt(text, excerpt)
    if span is None:
        shown = excerpt if len(excerpt) <= 80 else excerpt[:77] + "..."
        rec.problem("excerpt", f"is not verbatim in the source (got {shown!r}, expected text found in the source)")
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


def _load_events(atlas: Atlas, place_ids: set[str]) -> None:
    directory = atlas.root / settings.EVENTS_DIR
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        atlas.problems.append(
            Problem(str(settings.EVENTS_DIR), "-", "-", f"no event files (expected {directory}/*.yaml)")
        )
    records: list[_Record] = []
    for path in files:
        rel = path.relative_to(atlas.root)
        raws = _read_yaml_list(atlas.root, rel, atlas.problems)
        records += [_Record(str(rel), i, raw, atlas.problems, EVENT_FIELDS) for i, raw in enumerate(raws)]
    _unique(records, "event")
    all_ids = {rec.id for rec in records}
    parsed: list[tuple[_Record, dict[str, Any]]] = []
    for rec in records:
        v: dict[str, Any] = {}
        v["source"] = rec.text("source")
        if v["source"] and v["source"] not in atlas.sources:
            rec.problem(
                "source",
                f"refers to an unknown or unloaded source "
                f"(got {v['source']!r}, expected an id in {settings.SOURCES_FILE})",
            )
        v["date_start"], v["date_end"] = rec.date("date_start"), rec.date("date_end")
        v["reported_on"] = rec.date("reported_on", required=False)
        v["time_precision"] = rec.choice("time_precision", settings.TIME_PRECISION)
        start, end = v["date_start"], v["date_end"]
        if start and end and start > end:
            rec.problem("date_end", f"is before date_start (got {end}, expected {start} or later)")
        elif start and end and v["time_precision"] == 1 and start != end:
            rec.problem(
                "time_precision",
                f"1 (a day) needs date_start == date_end (got {start} .. {end}, expected 2 for a span)",
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
            rec.problem("responds_to", f"refers to an unknown event (got {v['responds_to']!r}, expected an event id)")
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
        v["places"] = _place_refs(rec, atlas.places, place_ids)
        parsed.append((rec, v))
    for rec, v in parsed:
        if not rec.fatal:
            atlas.events[rec.id] = Event(id=rec.id, **v)
    for event in atlas.events.values():
        if event.responds_to and event.responds_to not in atlas.events:
            atlas.problems.append(
                Problem(
                    _file_of(records, event.id),
                    event.id,
                    "responds_to",
                    f"refers to event {event.responds_to!r}, which has problems of its own",
                )
            )


def _file_of(records: list[_Record], ident: str) -> str:
    return next(rec.file for rec in records if rec.id == ident)


# -- entry points ------------------------------------------------------------------------------------


def load_atlas(root: Path | None = None) -> Atlas:
    """Load and check every record under ``root`` (default: :func:`settings.data_root`).

    Returns an :class:`Atlas` with the valid records and every problem found; a record with a problem
    in a required field is left out, and the problem says which file, record and field.
    """
    atlas = Atlas(root=Path(root) if root is not None else settings.data_root())
    atlas.admin1 = _read_boundaries(atlas.root, settings.ADMIN1_FILE, atlas.problems)
    atlas.admin0 = _read_boundaries(atlas.root, settings.ADMIN0_FILE, atlas.problems)
    _load_sources(atlas)
    _load_places(atlas)
    place_raws = _read_yaml_list(atlas.root, settings.PLACES_FILE, [])
    place_ids = {raw.get("id") for raw in place_raws if isinstance(raw, dict)}
    _load_events(atlas, place_ids)
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
