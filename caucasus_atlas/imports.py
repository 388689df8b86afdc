"""Bring your own events: ACLED exports and UCDP GED files, stored beside the curated accounts.

An import reads a CSV, keeps every row it can use and reports each row it cannot (row, column, value,
reason), and stores the events in the data root as GeoParquet (``imports/<name>.parquet``) with a record
in ``imports/imports.yaml``: its name, dataset, the file's sha256, row counts, the import date and a
licence note. Imported files are the user's: ``imports/`` is never committed (ACLED's terms forbid
redistribution). Importing the same file twice changes nothing; nothing already imported is lost.

An imported event's ``excerpt`` is the dataset's own one-line description (ACLED ``notes``, UCDP
``source_headline``): the dataset's paraphrase of its sources, not a primary text, and marked so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import yaml

from caucasus_atlas import settings
from caucasus_atlas.reading import shown

IMPORTS_DIR = Path("imports")
REGISTRY_FILE = IMPORTS_DIR / "imports.yaml"

#: The columns of a stored import, in order (plus ``geometry``). Documented in ``imports/README`` of the
#: README's "Bring your own events" section and checked by ``validate``.
COLUMNS = [
    "id", "source_id", "dataset", "dataset_id", "date_start", "date_end", "time_precision", "event_type",
    "sub_event_type", "actors", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "excerpt", "reported_by",
]  # fmt: skip

#: ACLED's export columns (as documented by ACLED). Those the import needs must be present.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
ACLED_REQUIRED = ["event_id_cnty", "event_date", "latitude", "longitude"]

#: UCDP GED's columns used here (the file has more; they are ignored).
UCDP_COLUMNS = [
    "id", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "source_article",
    "source_headline", "where_coordinates", "where_prec", "latitude", "longitude", "country", "adm_1",
    "date_start", "date_end", "date_prec", "best", "low", "high",
]  # fmt: skip
UCDP_REQUIRED = ["id", "latitude", "longitude", "date_start", "date_end"]

#: UCDP ``type_of_violence`` -> the event type shown.
UCDP_VIOLENCE = {"1": "State-based conflict", "2": "Non-state conflict", "3": "One-sided violence"}
#: UCDP ``date_prec`` (1 day, 2 2-6 days, 3 a week, 4 a month, 5 a year) -> ACLED-style ``time_precision``.
UCDP_DATE_PREC = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 4}
#: UCDP ``where_prec`` (1 exact, 2 within 25 km, 3 ADM2, 4 ADM1, 5 region, 6 country, 7 sea) -> ACLED-style
#: ``geo_precision`` (1 exact, 2 near / part of an area, 3 region).
UCDP_WHERE_PREC = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3, "6": 3, "7": 3}

LICENCES = {
    "ACLED": "ACLED data: its terms of use forbid redistribution; this copy is the user's own and is not "
    "committed or shared by the atlas. Cite ACLED as its terms ask.",
    "UCDP GED": "UCDP Georeferenced Event Dataset: CC BY 4.0; cite Sundberg & Melander (2013) and "
    "Davies et al. as UCDP asks.",
}

#: Largest file an import takes (the Data page's uploader says so too), in megabytes.
MAX_IMPORT_MB = 50


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One row that could not be used: its number (1 = the first row after the header), the column, the
    value and why."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.reason} (got {shown(self.value)})"


@dataclass
class ImportResult:
    name: str
    dataset: str
    rows: int
    kept: int
    problems: list[RowProblem] = field(default_factory=list)
    already: str | None = None  # the name of an earlier import of the same file, when nothing was done
    path: Path | None = None


class ImportRefused(Exception):
    """An import that cannot start (a missing column, a name taken by another file): nothing is written."""


def _read_csv(path: Path) -> pd.DataFrame:
    """Every cell as text, a UTF-8 byte-order mark or not, blank cells as empty text."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="latin-1")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        msg = f"{path.name} cannot be read as CSV ({' '.join(str(exc).split())[:200]})"
        raise ImportRefused(msg) from exc


def _dates(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Dates in any of ``formats`` (the first that fits each value); NaT where none does."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in formats:
        missing = out.isna()
        if not missing.any():
            break
        out[missing] = pd.to_datetime(values[missing].str.strip(), format=fmt, errors="coerce")
    return out


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.str.strip().replace("", np.nan), errors="coerce")


class _Rows:
    """Marks rows as unusable, the first reason per row kept, in row order."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.bad = pd.Series(False, index=frame.index)
        self.problems: dict[int, RowProblem] = {}

    def check(self, mask: pd.Series, column: str, reason: str) -> None:
        new = mask & ~self.bad
        for index in new[new].index:
            value = self.frame.at[index, column] if column in self.frame.columns else ""
            self.problems[int(index)] = RowProblem(int(index) + 1, column, str(value), reason)
        self.bad |= mask

    def sorted_problems(self) -> list[RowProblem]:
        return [self.problems[i] for i in sorted(self.problems)]


def _missing_columns(frame: pd.DataFrame, required: list[str], dataset: str, path: Path) -> None:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        msg = (
            f"{path.name} is not a {dataset} file: it lacks the column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, frame.columns[:12]))}{', …' if len(frame.columns) > 12 else ''})"
        )
        raise ImportRefused(msg)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column as text, empty where the file lacks it (optional columns may be missing)."""
    return frame[name].astype(str) if name in frame.columns else pd.Series("", index=frame.index)


def _check_common(rows: _Rows, frame: pd.DataFrame, lat: pd.Series, lon: pd.Series, ids: pd.Series) -> None:
    rows.check(ids.str.strip() == "", ids.name or "id", "is empty (expected the dataset's event id)")
    rows.check(lat.isna() | (lat.abs() > 90), "latitude", "is not a latitude (expected a number from -90 to 90)")
    rows.check(lon.isna() | (lon.abs() > 180), "longitude", "is not a longitude (expected a number from -180 to 180)")
    rows.check(ids.duplicated() & ~rows.bad, ids.name or "id", "repeats an earlier row's id; the first is kept")


def read_acled(path: Path) -> tuple[pd.DataFrame, list[RowProblem], int]:
    """The usable events of an ACLED export, the problems of the others, and the number of rows read.

    ``event_date`` may be ``2021-05-27`` or ``27 May 2021``. Missing optional columns are empty; extra
    columns are ignored.
    """
    frame = _read_csv(path)
    frame.columns = [str(c).strip() for c in frame.columns]
    _missing_columns(frame, ACLED_REQUIRED, "ACLED", path)
    rows = _Rows(frame)
    ids = frame["event_id_cnty"].str.strip().rename("event_id_cnty")
    day = _dates(frame["event_date"], ("%Y-%m-%d", "%d %B %Y", "%d %b %Y"))
    lat, lon = _numbers(frame["latitude"]), _numbers(frame["longitude"])
    _check_common(rows, frame, lat, lon, ids)
    rows.check(day.isna(), "event_date", "is not a date (expected 2021-05-27 or 27 May 2021)")
    precision = _numbers(_column(frame, "time_precision")).fillna(1)
    rows.check(~precision.isin([1, 2, 3]), "time_precision", "is not 1, 2 or 3")
    geo = _numbers(_column(frame, "geo_precision")).fillna(1)
    rows.check(~geo.isin([1, 2, 3]), "geo_precision", "is not 1, 2 or 3")
    fatalities = _numbers(_column(frame, "fatalities"))
    rows.check(fatalities.notna() & ((fatalities < 0) | (fatalities % 1 != 0)), "fatalities", "is not a count")
    actors = [_column(frame, c) for c in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")]
    events = pd.DataFrame(
        {
            "dataset": "ACLED",
            "dataset_id": ids,
            "date_start": day,
            "date_end": day,
            "time_precision": precision,
            "event_type": _column(frame, "event_type"),
            "sub_event_type": _column(frame, "sub_event_type"),
            "actors": _join(actors),
            "country": _column(frame, "country"),
            "admin1": _column(frame, "admin1"),
            "location": _column(frame, "location"),
            "latitude": lat,
            "longitude": lon,
            "geo_precision": geo,
            "fatalities": fatalities,
            "excerpt": _column(frame, "notes"),
            "reported_by": _column(frame, "source"),
        }
    )
    return events[~rows.bad], rows.sorted_problems(), len(frame)


def read_ucdp(path: Path) -> tuple[pd.DataFrame, list[RowProblem], int]:
    """The usable events of a UCDP GED CSV, the problems of the others, and the number of rows read."""
    frame = _read_csv(path)
    frame.columns = [str(c).strip() for c in frame.columns]
    _missing_columns(frame, UCDP_REQUIRED, "UCDP GED", path)
    rows = _Rows(frame)
    ids = frame["id"].str.strip().rename("id")
    formats = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S")
    start, end = _dates(frame["date_start"], formats), _dates(frame["date_end"], formats)
    lat, lon = _numbers(frame["latitude"]), _numbers(frame["longitude"])
    _check_common(rows, frame, lat, lon, ids)
    rows.check(start.isna(), "date_start", "is not a date (expected YYYY-MM-DD)")
    rows.check(end.isna(), "date_end", "is not a date (expected YYYY-MM-DD)")
    rows.check(end < start, "date_end", "is before date_start")
    date_prec = _column(frame, "date_prec").str.strip().replace("", "1")
    rows.check(~date_prec.isin(list(UCDP_DATE_PREC)), "date_prec", "is not 1 to 5")
    where_prec = _column(frame, "where_prec").str.strip().replace("", "1")
    rows.check(~where_prec.isin(list(UCDP_WHERE_PREC)), "where_prec", "is not 1 to 7")
    best = _numbers(_column(frame, "best"))
    rows.check(best.notna() & ((best < 0) | (best % 1 != 0)), "best", "is not a count")
    violence = _column(frame, "type_of_violence").str.strip()
    events = pd.DataFrame(
        {
            "dataset": "UCDP GED",
            "dataset_id": ids,
            "date_start": start,
            "date_end": end,
            "time_precision": date_prec.map(UCDP_DATE_PREC),
            "event_type": violence.map(UCDP_VIOLENCE).fillna(violence),
            "sub_event_type": _column(frame, "dyad_name"),
            "actors": _join([_column(frame, "side_a"), _column(frame, "side_b")]),
            "country": _column(frame, "country"),
            "admin1": _column(frame, "adm_1"),
            "location": _column(frame, "where_coordinates"),
            "latitude": lat,
            "longitude": lon,
            "geo_precision": where_prec.map(UCDP_WHERE_PREC),
            "fatalities": best,
            "excerpt": _column(frame, "source_headline"),
            "reported_by": _column(frame, "source_article"),
        }
    )
    return events[~rows.bad], rows.sorted_problems(), len(frame)


def _join(columns: list[pd.Series]) -> pd.Series:
    """Non-empty values of several columns, '; '-separated (column by column, not row by row)."""
    out = columns[0].str.strip()
    for column in columns[1:]:
        value = column.str.strip()
        out = out.where(value == "", out.where(out == "", out + "; ") + value)
    return out


def to_store(events: pd.DataFrame, name: str) -> gpd.GeoDataFrame:
    """Events read from a dataset as the stored table: ids prefixed by the import's name, typed columns."""
    out = events.copy()
    out.insert(0, "source_id", name)
    out.insert(0, "id", name + ":" + out["dataset_id"].astype(str))
    out["time_precision"] = out["time_precision"].astype("int8")
    out["geo_precision"] = out["geo_precision"].astype("int8")
    out["fatalities"] = out["fatalities"].astype("Int32")
    for column in ("date_start", "date_end"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[ms]")
    out = out[COLUMNS].reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["longitude"], out["latitude"]), crs="EPSG:4326")


_NAME = re.compile(settings.ID_PATTERN)


def default_name(path: Path) -> str:
    """An import name from a file name: lower case, other characters as '-'.

    Examples
    --------
    >>> default_name(Path("ACLED Caucasus 2021.csv"))
    'acled-caucasus-2021'
    """
    return re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")[:60] or "import"


def read_registry(root: Path) -> list[dict[str, Any]]:
    path = root / REGISTRY_FILE
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else []


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def import_file(
    root: Path,
    dataset: str,
    path: Path,
    *,
    name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Import ``path`` (``dataset`` ``"acled"`` or ``"ucdp"``) into the data root ``root``.

    The same file imported again (same sha256) does nothing and says under which name it already is. A
    name already used by another file is refused: nothing already imported is replaced or lost.
    """
    say = progress or (lambda _: None)
    data = path.read_bytes()
    if len(data) > MAX_IMPORT_MB * 1_000_000:
        msg = f"{path.name} is {len(data) / 1e6:.1f} MB; an import takes at most {MAX_IMPORT_MB} MB"
        raise ImportRefused(msg)
    digest = hashlib.sha256(data).hexdigest()
    try:
        registry = read_registry(root)
    except yaml.YAMLError as exc:
        msg = f"{REGISTRY_FILE} cannot be read ({' '.join(str(exc).split())[:200]}); fix or remove it first"
        raise ImportRefused(msg) from exc
    for record in registry:
        if record.get("sha256") == digest:
            return ImportResult(record["name"], record["dataset"], 0, 0, already=record["name"])
    name = name or default_name(path)
    if not _NAME.fullmatch(name):
        msg = f"the import name {name!r} is not valid (lower-case letters, digits, '.', '_' and '-')"
        raise ImportRefused(msg)
    if any(record.get("name") == name for record in registry):
        msg = f"an import named {name!r} exists already (from another file); choose another --name"
        raise ImportRefused(msg)
    say(f"reading {path.name} ({len(data) / 1e6:.1f} MB)")
    reader = {"acled": read_acled, "ucdp": read_ucdp}[dataset]
    events, problems, rows = reader(path)
    say(f"{rows} rows read: {len(events)} kept, {len(problems)} skipped")
    store = to_store(events, name)
    folder = root / IMPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.parquet"
    _write_atomically(target, lambda tmp: store.to_parquet(tmp, index=False))
    say(f"stored {len(store)} events in {target}")
    registry.append(
        {
            "name": name,
            "dataset": "ACLED" if dataset == "acled" else "UCDP GED",
            "file": path.name,
            "sha256": digest,
            "rows": rows,
            "kept": len(store),
            "skipped": len(problems),
            "imported_on": dt.date.today().isoformat(),
            "licence": LICENCES["ACLED" if dataset == "acled" else "UCDP GED"],
        }
    )
    _write_atomically(
        root / REGISTRY_FILE,
        lambda tmp: tmp.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8"),
    )
    return ImportResult(name, registry[-1]["dataset"], rows, len(store), problems, path=target)


#: What every record of ``imports/imports.yaml`` holds.
REGISTRY_FIELDS = ("name", "dataset", "file", "sha256", "rows", "kept", "skipped", "imported_on", "licence")


def empty_imports() -> pd.DataFrame:
    """A table of imported events with no rows (the columns and types of :data:`COLUMNS`)."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    for column in ("date_start", "date_end"):
        frame[column] = frame[column].astype("datetime64[ms]")
    for column in ("latitude", "longitude"):
        frame[column] = frame[column].astype("float64")
    return frame


def load_imports(root: Path) -> tuple[pd.DataFrame, list[dict[str, Any]], list[tuple[str, str, str, str]]]:
    """Every import under ``root``: the events (one table, indexed 0..n-1 in a stable order), the registry
    records, and problems as ``(file, record, field, message)``. A broken import is left out whole."""
    problems: list[tuple[str, str, str, str]] = []
    folder = root / IMPORTS_DIR
    if not folder.is_dir():
        return empty_imports(), [], problems
    registry_file = str(REGISTRY_FILE)
    try:
        registry = read_registry(root)
    except yaml.YAMLError as exc:
        problems.append((registry_file, "-", "-", f"is not valid YAML ({' '.join(str(exc).split())[:200]})"))
        registry = []
    frames, records = [], []
    named = set()
    for index, record in enumerate(registry):
        ident = str(record.get("name", f"record #{index + 1}")) if isinstance(record, dict) else f"record #{index + 1}"
        if not isinstance(record, dict):
            problems.append((registry_file, ident, "-", "must be a mapping of fields"))
            continue
        missing = [f for f in REGISTRY_FIELDS if f not in record]
        if missing:
            problems.append((registry_file, ident, ", ".join(missing), "is missing"))
            continue
        named.add(f"{ident}.parquet")
        frame, trouble = _read_import(root, ident, int(record.get("kept", -1)))
        if trouble:
            problems += trouble
            continue
        frames.append(frame)
        records.append(record)
    for path in sorted(folder.glob("*.parquet")):
        if path.name not in named:
            message = "is not in imports/imports.yaml, so it is not loaded (import the file again)"
            problems.append((str(IMPORTS_DIR / path.name), "-", "-", message))
    if not frames:
        return empty_imports(), records, problems
    return pd.concat(frames, ignore_index=True), records, problems


def _read_import(root: Path, name: str, kept: int) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]]]:
    rel = str(IMPORTS_DIR / f"{name}.parquet")
    path = root / rel
    if not path.is_file():
        return empty_imports(), [(rel, "-", "-", "file is missing (imports/imports.yaml lists it)")]
    try:
        frame = pd.read_parquet(path, columns=COLUMNS)
    except Exception as exc:  # pyarrow raises several types for unreadable or foreign files
        return empty_imports(), [(rel, "-", "-", f"cannot be read as an import ({' '.join(str(exc).split())[:200]})")]
    checks = [
        (len(frame) != kept, "-", f"holds {len(frame)} events, imports/imports.yaml says {kept}"),
        (frame["id"].duplicated().any(), "id", "repeats an id"),
        (~frame["id"].astype(str).str.startswith(f"{name}:").all(), "id", f"has ids not starting '{name}:'"),
        ((frame["latitude"].abs() > 90).any() or frame["latitude"].isna().any(), "latitude", "out of range"),
        ((frame["longitude"].abs() > 180).any() or frame["longitude"].isna().any(), "longitude", "out of range"),
        ((frame["date_end"] < frame["date_start"]).any(), "date_end", "is before date_start in some rows"),
        (frame["date_start"].isna().any(), "date_start", "is missing in some rows"),
    ]
    trouble = [(rel, "-", column, message) for failed, column, message in checks if failed]
    return frame, trouble
