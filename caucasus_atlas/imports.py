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

import codecs
import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import io
import json
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
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

#: Largest file the Data page's uploader takes, in megabytes (a browser's upload is held in the server's
#: memory; the command line reads any size up to :data:`MAX_IMPORT_MB`, a chunk at a time).
UPLOAD_MB = 200
#: Largest file an import reads, in megabytes: far above ACLED's whole export (about 1.5 GB for 3 million
#: rows), and a bound on what a mistaken path can make it read.
MAX_IMPORT_MB = 8_000
#: Rows read, checked and written at a time: an import's memory is bounded by this, not by its file's size.
CHUNK_ROWS = 200_000
#: Bytes read at a time when a file is checked (:func:`scan`).
SCAN_BLOCK = 8 << 20
#: Rows an import cannot use that are listed one by one (every one of them is counted).
MAX_LISTED_PROBLEMS = 1_000


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One row that could not be used: its line in the spreadsheet (the header is line 1), the record's id
    in the dataset (empty when the row has none), the column, the value and why."""

    row: int
    column: str
    value: str
    reason: str
    record: str = ""

    def __str__(self) -> str:
        record = f" ({self.record})" if self.record else ""
        return f"line {self.row}{record}: {self.column}: {self.reason} (got {shown(self.value)})"


@dataclass
class ImportResult:
    name: str
    dataset: str
    rows: int
    kept: int
    #: the first :data:`MAX_LISTED_PROBLEMS` rows that could not be used (``skipped`` counts them all)
    problems: list[RowProblem] = field(default_factory=list)
    already: str | None = None  # the name of an earlier import of the same file, when nothing was done
    path: Path | None = None
    skipped: int = 0


class ImportRefused(Exception):
    """An import that cannot start (a missing column, a name taken by another file): nothing is written."""


def _regular_file(path: Path, limit: int) -> int:
    """The size of a regular file of at most ``limit`` bytes; anything else (a device, a pipe, a folder, a
    larger file) is refused before it is read, so that ``/dev/zero`` or a named pipe cannot hang or fill the
    memory."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ImportRefused(f"{path.name} cannot be opened ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ImportRefused(f"{path.name} is not a regular file (a device, a pipe or a folder): nothing is read")
    if info.st_size > limit:
        raise ImportRefused(f"{path.name} is {info.st_size / 1e6:.1f} MB; at most {limit / 1e6:.0f} MB is read")
    return info.st_size


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (:func:`_regular_file`)."""
    _regular_file(path, limit)
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ImportRefused(f"{path.name} grew past {limit / 1e6:.0f} MB while it was read")
    return data


@dataclass(frozen=True)
class Scanned:
    """A file checked whole before an import reads it: its size, sha256 and text encoding."""

    path: Path
    size: int
    sha256: str
    encoding: str


def _undecodable(name: str, encoding: str, exc: UnicodeDecodeError, position: int) -> ImportRefused:
    """Why a file's text cannot be read: the encoding it starts in, and for UTF-8 the byte and its position
    in the file."""
    if encoding == "utf-16":
        return ImportRefused(f"{name} starts as UTF-16 text but cannot be read as such ({exc.reason})")
    bad = exc.object[exc.start]
    hint = " (it looks like a Windows code page such as cp1251 or cp1252)" if bad >= 0x80 else ""
    return ImportRefused(
        f"{name} is not UTF-8 text (byte 0x{bad:02x} at position {position}{hint}): save it as UTF-8 "
        "(CSV UTF-8) and import it again"
    )


def scan(path: Path, limit_mb: int = MAX_IMPORT_MB, progress: Callable[[int, int], None] | None = None) -> Scanned:
    """Check a file before it is imported, reading it once in blocks (memory bounded whatever its size): a
    regular file of at most ``limit_mb`` megabytes, not an archive, text in UTF-8 (with or without a byte-order
    mark) or UTF-16 with its byte-order mark, every byte of it, and not empty; its sha256. Anything else is
    refused with the reason (a bad byte with its position in the file). ``progress(done, size)`` is called
    after each block."""
    limit = limit_mb * 1_000_000
    size = _regular_file(path, limit)
    digest, decoder, encoding, offset, text_seen = hashlib.sha256(), None, "utf-8-sig", 0, False
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BLOCK):
            if decoder is None:
                if block[:2] == b"\x1f\x8b":
                    raise ImportRefused(f"{path.name} is a gzip archive, not a CSV file: unpack it first")
                if block[:4] == b"PK\x03\x04":
                    msg = f"{path.name} is a zip archive (or a spreadsheet), not a CSV file: export it as CSV first"
                    raise ImportRefused(msg)
                encoding = "utf-16" if block[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
                decoder = codecs.getincrementaldecoder(encoding)()
            digest.update(block)
            pending = len(decoder.getstate()[0])  # bytes of a character the last block cut in two
            try:
                text_seen = bool(decoder.decode(block).strip()) or text_seen
            except UnicodeDecodeError as exc:
                raise _undecodable(path.name, encoding, exc, offset - pending + exc.start) from exc
            offset += len(block)
            if offset > limit:
                raise ImportRefused(f"{path.name} grew past {limit / 1e6:.0f} MB while it was read")
            if progress:
                progress(offset, size)
    if decoder is not None:
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:  # the file ends in the middle of a character
            raise _undecodable(path.name, encoding, exc, offset - pending + exc.start) from exc
    if not text_seen:
        raise ImportRefused(f"{path.name} is empty (expected a header row and events)")
    return Scanned(path, offset, digest.hexdigest(), encoding)


def csv_chunks(scanned: Scanned, rows: int | None = None) -> Iterator[tuple[pd.DataFrame, int]]:
    """The file's rows ``rows`` (default :data:`CHUNK_ROWS`) at a time, every cell as text and blank cells as
    empty text, each chunk indexed by its rows' numbers in the file (the first row after the header is 0),
    with the bytes read so far."""
    with scanned.path.open("rb") as handle:
        try:
            reader = pd.read_csv(
                handle, dtype=str, keep_default_na=False, chunksize=rows or CHUNK_ROWS, encoding=scanned.encoding
            )
            for frame in reader:
                frame.columns = [str(c).strip() for c in frame.columns]
                yield frame, handle.tell()
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            msg = f"{scanned.path.name} cannot be read as CSV ({' '.join(str(exc).split())[:200]})"
            raise ImportRefused(msg) from exc


class SeenIds:
    """The ids of the rows kept from earlier chunks of a file, as sorted arrays of their UTF-8 bytes: exact
    (no hash) and compact (a few bytes an id), so that a repeated id is found across chunks."""

    def __init__(self) -> None:
        self.parts: list[np.ndarray] = []
        self.width = 1

    def _keys(self, ids: pd.Series) -> np.ndarray:
        keys = np.array(ids.str.encode("utf-8").tolist(), dtype=bytes)  # an empty chunk: S1, no rows
        if keys.dtype.itemsize > self.width:  # a longer id: the earlier parts are widened to compare exactly
            self.width = keys.dtype.itemsize
            self.parts = [part.astype(f"S{self.width}") for part in self.parts]
        return keys.astype(f"S{self.width}")

    def repeated(self, ids: pd.Series) -> pd.Series:
        """Which of ``ids`` a row of an earlier chunk kept."""
        keys = self._keys(ids)
        hit = np.zeros(len(keys), dtype=bool)
        for part in self.parts:
            if len(part) and len(keys):
                at = np.minimum(np.searchsorted(part, keys), len(part) - 1)
                hit |= part[at] == keys
        return pd.Series(hit, index=ids.index)

    def add(self, ids: pd.Series) -> None:
        self.parts.append(np.sort(self._keys(ids)))


_YEAR = re.compile(r"(?:^|\D)(\d{4})(?:\D|$)")


def _dates(values: pd.Series, formats: tuple[str, ...], rows: _Rows, column: str, expected: str) -> pd.Series:
    """Dates in any of ``formats`` (the first that fits each value). A row whose value is no date, or a
    date the atlas cannot show (before 1700 or after 2199), is reported; it is NaT here."""
    text = values.str.strip()
    years = pd.to_numeric(text.str.extract(_YEAR, expand=False), errors="coerce")
    lo, hi = settings.DATE_MIN.year, settings.DATE_MAX.year
    outside = years.notna() & ((years < lo) | (years > hi))
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in formats:
        missing = out.isna() & ~outside
        if not missing.any():
            break
        out[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce")
    rows.check(outside, column, f"is outside the dates the atlas can show (expected {lo} to {hi})")
    rows.check(out.isna(), column, f"is not a date (expected {expected})")
    return out


#: The largest count an import stores (fatalities): a 32-bit integer.
MAX_COUNT = 2**31 - 1


def _numbers(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values.str.strip().replace("", np.nan), errors="coerce")


def _codes(rows: _Rows, frame: pd.DataFrame, column: str, allowed: list[int], default: int) -> pd.Series:
    """An optional code column (a precision): empty is ``default``; any other value not in ``allowed`` is a
    reported row, never silently replaced."""
    text = _column(frame, column).str.strip()
    numbers = _numbers(text)
    words = f"{', '.join(map(str, allowed[:-1]))} or {allowed[-1]}"
    rows.check((text != "") & ~numbers.isin(allowed), column, f"is not {words}")
    return numbers.fillna(default)


def _count(rows: _Rows, frame: pd.DataFrame, column: str) -> pd.Series:
    """An optional count (fatalities): empty stays empty; anything but a whole number from 0 to
    :data:`MAX_COUNT` is a reported row."""
    text = _column(frame, column).str.strip()
    numbers = _numbers(text)
    bad = (text != "") & (numbers.isna() | (numbers < 0) | (numbers % 1 != 0) | (numbers > MAX_COUNT))
    rows.check(bad, column, f"is not a count (expected a whole number from 0 to {MAX_COUNT})")
    return numbers


class _Rows:
    """Marks rows as unusable, the first reason per row kept, in row order."""

    def __init__(self, frame: pd.DataFrame, ids: pd.Series) -> None:
        self.frame = frame
        self.ids = ids
        self.bad = pd.Series(False, index=frame.index)
        self.problems: dict[int, RowProblem] = {}

    def check(self, mask: pd.Series, column: str, reason: str) -> None:
        new = mask & ~self.bad
        for index in new[new].index:
            value = self.frame.at[index, column] if column in self.frame.columns else ""
            line = int(index) + 2  # the header is line 1
            self.problems[int(index)] = RowProblem(line, column, str(value), reason, str(self.ids.at[index]))
        self.bad |= mask

    def unique(self, column: str) -> None:
        """A row whose id repeats an earlier usable row's is reported; an earlier unusable row with the same
        id does not cost a later good one."""
        repeated = self.ids.where(~self.bad).duplicated() & ~self.bad
        self.check(repeated, column, "repeats an earlier row's id; the first is kept")

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


def _check_common(rows: _Rows, lat: pd.Series, lon: pd.Series, ids: pd.Series) -> None:
    rows.check(ids.str.strip() == "", ids.name or "id", "is empty (expected the dataset's event id)")
    rows.check(lat.isna() | (lat.abs() > 90), "latitude", "is not a latitude (expected a number from -90 to 90)")
    rows.check(lon.isna() | (lon.abs() > 180), "longitude", "is not a longitude (expected a number from -180 to 180)")


Chunk = Callable[[pd.DataFrame, Path, "SeenIds | None"], tuple[pd.DataFrame, list[RowProblem]]]


def _read_whole(path: Path, chunk: Chunk) -> tuple[pd.DataFrame, list[RowProblem], int]:
    """A file read chunk by chunk into one table: the usable events, every problem, the rows read."""
    parts, problems, rows, seen = [], [], 0, SeenIds()
    for frame, _ in csv_chunks(scan(path)):
        events, found = chunk(frame, path, seen)
        parts.append(events)
        problems += found
        rows += len(frame)
    return pd.concat(parts), problems, rows


def _repeats_earlier_chunk(rows: _Rows, ids: pd.Series, column: str, seen: SeenIds | None) -> None:
    if seen is not None and seen.parts:
        rows.check(seen.repeated(ids), column, "repeats an earlier row's id; the first is kept")


def read_acled(path: Path) -> tuple[pd.DataFrame, list[RowProblem], int]:
    """The usable events of an ACLED export, the problems of the others, and the number of rows read.

    ``event_date`` may be ``2021-05-27`` or ``27 May 2021``. Missing optional columns are empty; extra
    columns are ignored. (An import writes its file's chunks as it reads them: :func:`import_file`.)
    """
    return _read_whole(path, acled_chunk)


def acled_chunk(frame: pd.DataFrame, path: Path, seen: SeenIds | None = None) -> tuple[pd.DataFrame, list[RowProblem]]:
    """The usable events of rows of an ACLED export and the problems of the others; ``seen`` holds the ids
    kept from earlier chunks of the same file (a repeated one is a problem), and takes this chunk's."""
    _missing_columns(frame, ACLED_REQUIRED, "ACLED", path)
    ids = frame["event_id_cnty"].str.strip().rename("event_id_cnty")
    rows = _Rows(frame, ids)
    lat, lon = _numbers(frame["latitude"]), _numbers(frame["longitude"])
    _check_common(rows, lat, lon, ids)
    formats = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y")
    day = _dates(frame["event_date"], formats, rows, "event_date", "2021-05-27 or 27 May 2021")
    precision = _codes(rows, frame, "time_precision", [1, 2, 3], 1)
    geo = _codes(rows, frame, "geo_precision", [1, 2, 3], 1)
    fatalities = _count(rows, frame, "fatalities")
    rows.unique("event_id_cnty")
    _repeats_earlier_chunk(rows, ids, "event_id_cnty", seen)
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
    return _kept(events, rows, seen)


def _kept(events: pd.DataFrame, rows: _Rows, seen: SeenIds | None) -> tuple[pd.DataFrame, list[RowProblem]]:
    kept = events[~rows.bad]
    if seen is not None:
        seen.add(kept["dataset_id"])
    return kept, rows.sorted_problems()


def read_ucdp(path: Path) -> tuple[pd.DataFrame, list[RowProblem], int]:
    """The usable events of a UCDP GED CSV, the problems of the others, and the number of rows read."""
    return _read_whole(path, ucdp_chunk)


def ucdp_chunk(frame: pd.DataFrame, path: Path, seen: SeenIds | None = None) -> tuple[pd.DataFrame, list[RowProblem]]:
    """The usable events of rows of a UCDP GED CSV and the problems of the others (``seen``: as
    :func:`acled_chunk`)."""
    _missing_columns(frame, UCDP_REQUIRED, "UCDP GED", path)
    ids = frame["id"].str.strip().rename("id")
    rows = _Rows(frame, ids)
    lat, lon = _numbers(frame["latitude"]), _numbers(frame["longitude"])
    _check_common(rows, lat, lon, ids)
    formats = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S")
    start = _dates(frame["date_start"], formats, rows, "date_start", "YYYY-MM-DD")
    end = _dates(frame["date_end"], formats, rows, "date_end", "YYYY-MM-DD")
    rows.check(end < start, "date_end", "is before date_start")
    date_prec = _column(frame, "date_prec").str.strip().replace("", "1")
    rows.check(~date_prec.isin(list(UCDP_DATE_PREC)), "date_prec", "is not 1 to 5")
    where_prec = _column(frame, "where_prec").str.strip().replace("", "1")
    rows.check(~where_prec.isin(list(UCDP_WHERE_PREC)), "where_prec", "is not 1 to 7")
    best = _count(rows, frame, "best")
    rows.unique("id")
    _repeats_earlier_chunk(rows, ids, "id", seen)
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
    return _kept(events, rows, seen)


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
    """The records of ``imports/imports.yaml`` (none when it is absent). A registry that is not UTF-8 or
    not YAML raises :class:`ImportRefused` naming the file and the problem."""
    path = root / REGISTRY_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        msg = f"{REGISTRY_FILE} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at position {exc.start})"
        raise ImportRefused(msg) from exc
    except yaml.YAMLError as exc:
        raise ImportRefused(f"{REGISTRY_FILE} is not valid YAML ({' '.join(str(exc).split())[:200]})") from exc
    return data if isinstance(data, list) else []


#: Suffix of a stored import while it is being written; renamed into place when whole.
PARTIAL_SUFFIX = ".partial"
LOCK_FILE = IMPORTS_DIR / ".lock"


@contextlib.contextmanager
def registry_lock(root: Path, *, timeout_s: float = 600.0) -> Iterator[None]:
    """Hold the imports' lock (``imports/.lock``, an advisory ``flock`` the kernel drops when its process
    dies, even by ``kill -9``): one import at a time across processes and servers sharing the folder."""
    path = root / LOCK_FILE
    with path.open("a+") as handle:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ImportRefused(
                        "another import has held the imports folder for 10 minutes; try later"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary name in the same folder, flush it to disk, and rename it into place: a reader
    sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{PARTIAL_SUFFIX}")
    try:
        write(tmp)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _remove_partials(folder: Path) -> None:
    """Remove what killed imports left half-written (called with the lock held: no import is running)."""
    for path in folder.glob(f".*{PARTIAL_SUFFIX}"):
        path.unlink(missing_ok=True)


def import_file(
    root: Path,
    dataset: str,
    path: Path,
    *,
    name: str | None = None,
    progress: Callable[[str], None] | None = None,
    added_by: str | None = None,
    fraction: Callable[[float], None] | None = None,
) -> ImportResult:
    """Import ``path`` (``dataset`` ``"acled"`` or ``"ucdp"``) into the data root ``root``, as one
    transaction: under the imports' lock, the events are written to a temporary file and renamed into
    place, and the registry entry is written last. Two imports at once run one after the other; a name
    taken meanwhile is refused; a killed import leaves neither a partial file nor a registry entry (its
    temporary file is removed by the next import) and a retry succeeds.

    The file is read :data:`CHUNK_ROWS` rows at a time, each chunk checked and appended to the stored
    file as it comes: memory stays bounded whatever the file's size. Every row that cannot be used is
    counted (``skipped``); the first :data:`MAX_LISTED_PROBLEMS` are listed (``problems``).

    The same file imported again (same sha256) does nothing and says under which name it already is. A
    name already used by another file is refused: nothing already imported is replaced or lost. ``added_by``
    (the curator's label, from the dashboard) is recorded with the date. ``progress`` receives a line per
    step, ``fraction`` the share of the file read so far (0 to 1).
    """
    say = progress or (lambda _: None)
    share = fraction or (lambda _: None)
    name = name or default_name(path)
    if not _NAME.fullmatch(name):
        msg = f"the import name {name!r} is not valid (lower-case letters, digits, '.', '_' and '-')"
        raise ImportRefused(msg)
    folder = root / IMPORTS_DIR
    if folder.exists() and not folder.is_dir():
        raise ImportRefused(f"{IMPORTS_DIR} in the data folder is not a folder: nothing can be imported")
    folder.mkdir(parents=True, exist_ok=True)
    scanned = scan(path, progress=lambda done, size: share(0.2 * done / max(size, 1)))  # a fifth of the way
    with registry_lock(root):
        _remove_partials(folder)
        registry = read_registry(root)
        for record in registry:
            if isinstance(record, dict) and record.get("sha256") == scanned.sha256:
                return ImportResult(record["name"], record["dataset"], 0, 0, already=record["name"])
        if any(isinstance(record, dict) and record.get("name") == name for record in registry):
            msg = f"an import named {name!r} exists already (from another file); choose another --name"
            raise ImportRefused(msg)
        say(f"reading {path.name} ({scanned.size / 1e6:.1f} MB) {CHUNK_ROWS:,} rows at a time")
        chunk = {"acled": acled_chunk, "ucdp": ucdp_chunk}[dataset]
        target = folder / f"{name}.parquet"  # an unregistered file of this name is a killed import's
        counts = _Counts()
        _write_atomically(target, lambda tmp: _store_chunks(tmp, scanned, chunk, name, counts, say, share))
        say(f"stored {counts.kept:,} events in {target}")
        record = {
            "name": name,
            "dataset": "ACLED" if dataset == "acled" else "UCDP GED",
            "file": path.name,
            "sha256": scanned.sha256,
            "rows": counts.rows,
            "kept": counts.kept,
            "skipped": counts.skipped,
            "imported_on": dt.date.today().isoformat(),
            "licence": LICENCES["ACLED" if dataset == "acled" else "UCDP GED"],
        }
        if added_by:
            record["added_by"] = added_by
            record["added_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        registry.append(record)
        _write_atomically(
            root / REGISTRY_FILE,
            lambda tmp: tmp.write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False), encoding="utf-8"),
        )
    share(1.0)
    return ImportResult(
        name, record["dataset"], counts.rows, counts.kept, counts.listed, path=target, skipped=counts.skipped
    )


@dataclass
class _Counts:
    rows: int = 0
    kept: int = 0
    skipped: int = 0
    listed: list[RowProblem] = field(default_factory=list)


def progress_bar(share: float, width: int = 30) -> str:
    """A text progress bar.

    >>> progress_bar(0.5, 10)
    '[#####     ]  50%'
    """
    done = round(max(0.0, min(1.0, share)) * width)
    return f"[{'#' * done}{' ' * (width - done)}] {share:4.0%}"


def _store_chunks(
    tmp: Path,
    scanned: Scanned,
    chunk: Chunk,
    name: str,
    counts: _Counts,
    say: Callable[[str], None],
    share: Callable[[float], None],
) -> None:
    """Read, check and append the file's chunks to a GeoParquet file at ``tmp`` (one row group a chunk)."""
    import pyarrow.parquet as pq

    seen, writer, schema = SeenIds(), None, None
    try:
        for frame, done in csv_chunks(scanned):
            events, problems = chunk(frame, scanned.path, seen)
            counts.rows += len(frame)
            counts.kept += len(events)
            counts.skipped += len(problems)
            counts.listed += problems[: max(0, MAX_LISTED_PROBLEMS - len(counts.listed))]
            table = store_table(to_store(events, name))
            if writer is None:
                schema = table.schema.with_metadata({**(table.schema.metadata or {}), b"geo": _geo_metadata()})
                writer = pq.ParquetWriter(tmp, schema)
            writer.write_table(table.cast(schema), row_group_size=max(1, len(table)))
            fraction = 0.2 + 0.8 * done / max(scanned.size, 1)
            share(fraction)
            say(f"{progress_bar(fraction)} {counts.rows:,} rows read: {counts.kept:,} kept, {counts.skipped:,} skipped")
    finally:
        if writer is not None:
            writer.close()


def store_table(store: gpd.GeoDataFrame):  # -> pyarrow.Table
    """A stored table as Arrow: :data:`COLUMNS` and the points as WKB in ``geometry`` (GeoParquet's
    encoding; :func:`_geo_metadata` says so in the file)."""
    import pyarrow as pa
    import shapely

    table = pa.Table.from_pandas(pd.DataFrame(store[COLUMNS]), preserve_index=False)
    return table.append_column("geometry", pa.array(shapely.to_wkb(store.geometry.values), type=pa.binary()))


@functools.cache
def _geo_metadata() -> bytes:
    """GeoParquet's file metadata as geopandas writes it for these points (WGS 84), without the bounding
    box (optional, and known only once the whole file is written)."""
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    gpd.GeoDataFrame(geometry=gpd.points_from_xy([45.0], [40.0]), crs="EPSG:4326").to_parquet(buffer)
    buffer.seek(0)
    geo = json.loads(pq.read_schema(buffer).metadata[b"geo"])
    for column in geo["columns"].values():
        column.pop("bbox", None)
    return json.dumps(geo).encode()


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
    records, and problems as ``(file, record, field, message)``. A damaged import costs itself only: a
    line names its file and what is wrong, and every other import and all the curated data still load."""
    problems: list[tuple[str, str, str, str]] = []
    folder = root / IMPORTS_DIR
    if folder.exists() and not folder.is_dir():
        problems.append((str(IMPORTS_DIR), "-", "-", "is not a folder (expected the folder of your imports)"))
        return empty_imports(), [], problems
    if not folder.is_dir():
        return empty_imports(), [], problems
    registry_file = str(REGISTRY_FILE)
    try:
        registry = read_registry(root)
    except ImportRefused as exc:
        problems.append((registry_file, "-", "-", f"{str(exc).removeprefix(registry_file + ' ')}; no import is loaded"))
        registry = []
    frames, records = [], []
    named: set[str] = set()
    for index, record in enumerate(registry):
        ident = str(record.get("name", f"record #{index + 1}")) if isinstance(record, dict) else f"record #{index + 1}"
        trouble = _registry_record_problems(record, named)
        if trouble:
            problems += [(registry_file, ident[:80], column, message) for column, message in trouble]
            continue
        named.add(record["name"])
        frame, trouble_files = _read_import(root, record["name"], record["kept"])
        if trouble_files:
            problems += trouble_files
            continue
        frames.append(frame)
        records.append(record)
    for path in sorted(folder.iterdir()):
        if path.name.endswith(PARTIAL_SUFFIX):
            message = "is what a stopped import left half-written; it is not loaded, and the next import removes it"
            problems.append((str(IMPORTS_DIR / path.name), "-", "-", message))
        elif path.suffix == ".parquet" and path.stem not in named:
            message = "is not in imports/imports.yaml, so it is not loaded (import the file again)"
            problems.append((str(IMPORTS_DIR / path.name), "-", "-", message))
    if not frames:
        return empty_imports(), records, problems
    return pd.concat(frames, ignore_index=True), records, problems


def _registry_record_problems(record: Any, named: set[str]) -> list[tuple[str, str]]:
    """What is wrong with one registry record, as (field, message); empty when it can be loaded."""
    if not isinstance(record, dict):
        return [("-", "must be a mapping of fields")]
    missing = [f for f in REGISTRY_FIELDS if f not in record]
    if missing:
        return [(", ".join(missing), "is missing")]
    name = record["name"]
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        got = shown(name)
        return [("name", f"is not an import name (got {got}, expected lower-case letters, digits, '.', '_', '-')")]
    if name in named:
        return [("name", f"is registered twice ({name!r}); the first record is loaded, this one is not")]
    out = []
    for column in ("rows", "kept", "skipped"):
        value = record[column]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            out.append((column, f"is not a count (got {shown(value)})"))
    if record["dataset"] not in LICENCES:
        out.append(
            ("dataset", f"is not in the vocabulary (got {shown(record['dataset'])}, expected ACLED or UCDP GED)")
        )
    return out


#: The type each stored column must have, as pandas' dtype kind: M datetime, f float, i integer, O text.
COLUMN_KINDS = {
    "date_start": "M", "date_end": "M", "latitude": "f", "longitude": "f", "time_precision": "iu",
    "geo_precision": "iu", "id": "O", "source_id": "O", "dataset_id": "O",
}  # fmt: skip


#: Where each import is kept a second time, uncompressed, as an Arrow file the server maps into memory
#: rather than reads (see :func:`_mapped`). Derived from the GeoParquet file, rebuilt when it changes.
MAPPED_DIR = IMPORTS_DIR / ".mapped"


#: An import of at least this many events has its Arrow file written, and its ids checked, by a child
#: process: the check of 3,000,000 ids takes 0.5 GB for a moment, which the server process then keeps.
CHILD_FROM_ROWS = 500_000


def _mapped(root: Path, name: str, path: Path, kept: int) -> tuple[pd.DataFrame, bool]:
    """The import stored at ``path`` as a table whose texts stay in a memory-mapped Arrow file, and whether
    its ids were checked to be unique already (the Arrow file is written only for an import whose ids are).

    The GeoParquet file is compressed: reading it puts every text of every event into this process's own
    memory (for 3,000,000 ACLED events, 1.4 GB, the notes alone 0.7 GB), again in each server process. The
    Arrow file beside it (:data:`MAPPED_DIR`, written once from the GeoParquet file a row group at a time,
    atomically; by a child process for a large import) is mapped instead: a text is read from the disk when
    it is first used (a record opened, a search), and the pages read are the operating system's file cache,
    shared by every process on the machine that maps the same file. The numbers and dates are mapped the
    same way, from one ``.npy`` file a column (:func:`_write_numbers`). A data folder that cannot be written
    to is read as before.

    Raises :class:`RepeatedIds` when the child process found an id twice."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    mapped = _mapped_file(root, name, path)
    if not mapped.is_file():
        try:
            if kept >= CHILD_FROM_ROWS:
                _write_mapped_in_child(path, mapped)
            elif _mapped_child(str(path), str(mapped)) == _REPEATED_EXIT:
                raise RepeatedIds(str(path))
        except OSError:  # a read-only or full data folder, no child process: read into memory, as it was
            return pd.read_parquet(path, columns=COLUMNS), False
    with pa.memory_map(str(mapped)) as source:
        table = ipc.open_file(source).read_all()
    return _frame_of(table, mapped), True


def _mapped_file(root: Path, name: str, path: Path) -> Path:
    """Where :func:`_mapped` keeps the Arrow file of the import ``name`` stored at ``path`` (named after the
    GeoParquet file's size and time, so that an import made again gets a new one)."""
    info = path.stat()
    return root / MAPPED_DIR / f"{name}@{info.st_size}.{info.st_mtime_ns}.arrow"  # "@" is in no import name


def stored_positions(root: Path, records: list[dict[str, Any]]) -> dict[str, np.ndarray] | None:
    """The loaded imports' positions as the map's views need them
    (:func:`caucasus_atlas.map.imported.position_arrays`), mapped from files beside each import's Arrow file
    (written there on first use, atomically), so that every server process shares them as it shares the
    numbers; in the order of ``records`` (the imports loaded): one import's as they lie, several joined (a
    copy). None when one cannot be had (an import read without its Arrow file, a folder that cannot be
    written): the map then works them out itself."""
    from caucasus_atlas.map.imported import POSITION_PARTS

    parts = []
    try:
        for record in records:
            mapped = _mapped_file(root, record["name"], root / IMPORTS_DIR / f"{record['name']}.parquet")
            if not mapped.is_file():
                return None
            parts.append(_positions_beside(mapped))
    except (OSError, ValueError):
        return None
    if len(parts) <= 1:
        return parts[0] if parts else None
    return {part: np.concatenate([p[part] for p in parts]) for part in POSITION_PARTS}


def _positions_beside(mapped: Path) -> dict[str, np.ndarray]:
    """One import's positions (:func:`stored_positions`), from its latitudes and longitudes' files."""
    from caucasus_atlas.map.imported import POSITION_PARTS, position_arrays

    files = {part: _numbers_file(mapped, "position", part) for part in POSITION_PARTS}
    if not all(path.is_file() for path in files.values()):
        lat, lon = (np.load(_numbers_file(mapped, column), mmap_mode="r") for column in ("latitude", "longitude"))
        for part, values in position_arrays(np.asarray(lat), np.asarray(lon)).items():
            _write_atomically(files[part], lambda path, v=values: _save_array(path, v))
    return {part: np.load(path, mmap_mode="r").view(np.ndarray) for part, path in files.items()}


def _numbers_file(mapped: Path, column: str, part: str = "values") -> Path:
    """Where :func:`_write_mapped` keeps one numeric column of an import (its values, or its mask of
    missing values), beside the Arrow file."""
    return mapped.with_suffix(f".{column}.{part}.npy")


def _frame_of(table: Any, mapped: Path) -> pd.DataFrame:
    """The import's table as pandas: the texts as the Arrow file holds them, the numbers and dates mapped from
    their ``.npy`` files (read-only, shared by every process, nothing copied); the Arrow table's own numbers,
    copied, when a ``.npy`` file is missing."""
    import pyarrow as pa

    texts = [c for c in table.column_names if pa.types.is_large_string(table.schema.field(c).type)]
    frame = table.select(texts).to_pandas()
    kinds = table.slice(0, 0).to_pandas().dtypes
    columns: dict[str, pd.Series] = {}
    try:
        for column in table.column_names:
            if column in texts:
                columns[column] = frame[column]
                continue
            values = np.load(_numbers_file(mapped, column), mmap_mode="r").view(np.ndarray)  # a plain array on the map
            if isinstance(kinds[column], pd.api.extensions.ExtensionDtype):  # Int32: values and a mask
                mask = np.load(_numbers_file(mapped, column, "mask"), mmap_mode="r").view(np.ndarray)
                columns[column] = pd.Series(pd.arrays.IntegerArray(values, mask), copy=False)
            else:
                columns[column] = pd.Series(values, copy=False)
    except (OSError, ValueError):  # written before the numbers were, or damaged: the table's own, copied
        return table.to_pandas()
    return pd.DataFrame(columns, copy=False)


class RepeatedIds(Exception):
    """An import's file holds an id twice (found by the child process that writes its Arrow file)."""


#: The child's exit code for an import whose ids repeat.
_REPEATED_EXIT = 3


def _write_mapped_in_child(path: Path, mapped: Path) -> None:
    """:func:`_write_mapped` in a child process, after checking that the import's ids are unique; raises
    :class:`RepeatedIds` when they are not, OSError when the child could not write the file."""
    import subprocess
    import sys

    code = "import sys; from caucasus_atlas.imports import _mapped_child; sys.exit(_mapped_child(*sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", code, str(path), str(mapped)], capture_output=True, text=True)
    if done.returncode == _REPEATED_EXIT:
        raise RepeatedIds(str(path))
    if done.returncode or not mapped.is_file():
        raise OSError(f"the Arrow file of {path.name} was not written: {done.stderr.strip()[-300:]}")


def _mapped_child(path: str, mapped: str) -> int:
    """Check that the import's ids are unique, then write its Arrow file (:func:`_write_mapped`); the exit
    code of :func:`_write_mapped_in_child`'s child (it runs here too for a small import)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    ids = pq.read_table(path, columns=["id"]).column("id")
    if pc.count_distinct(ids).as_py() != len(ids):
        return _REPEATED_EXIT
    del ids
    _write_mapped(Path(path), Path(mapped))
    return 0


def _write_mapped(path: Path, mapped: Path) -> None:
    """Write the Arrow file of :func:`_mapped` (texts as large strings, which pandas takes as they are),
    a row group at a time, under a temporary name renamed into place; older ones of the import go."""
    import pyarrow as pa
    import pyarrow.ipc as ipc
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    schema = source.schema_arrow
    fields = [schema.field(c) for c in COLUMNS]
    target = pa.schema(
        [f.with_type(pa.large_string()) if pa.types.is_string(f.type) else f for f in fields], metadata=schema.metadata
    )
    mapped.parent.mkdir(parents=True, exist_ok=True)

    def write(temporary: Path) -> None:
        with pa.OSFile(str(temporary), "wb") as sink, ipc.new_file(sink, target) as writer:
            for batch in source.iter_batches(batch_size=200_000, columns=COLUMNS):
                columns = [column.cast(f.type) for column, f in zip(batch.columns, target, strict=True)]
                writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=target))
        _write_numbers(temporary, mapped)  # before the Arrow file is in place: it says its numbers are there

    _write_atomically(mapped, write)
    stem = mapped.name.removesuffix(".arrow")
    for old in mapped.parent.glob(f"{mapped.name.split('@', 1)[0]}@*"):
        if not old.name.startswith(stem + "."):
            old.unlink(missing_ok=True)


def _write_numbers(arrow: Path, mapped: Path) -> None:
    """Each numeric column of the Arrow file ``arrow`` as one contiguous ``.npy`` file (:func:`_numbers_file`),
    which :func:`_frame_of` maps; an Int32 column with its mask of missing values. A column at a time."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    with pa.memory_map(str(arrow)) as source:
        table = ipc.open_file(source).read_all()
        kinds = table.slice(0, 0).to_pandas().dtypes
        for column in table.column_names:
            if pa.types.is_large_string(table.schema.field(column).type):
                continue
            data = table.column(column).combine_chunks()
            parts = {"values": data.fill_null(0).to_numpy(zero_copy_only=False)}
            if isinstance(kinds[column], pd.api.extensions.ExtensionDtype):
                parts["mask"] = data.is_null().to_numpy(zero_copy_only=False)
            for part, values in parts.items():
                _write_atomically(_numbers_file(mapped, column, part), lambda path, v=values: _save_array(path, v))


def _save_array(path: Path, values: np.ndarray) -> None:
    with path.open("wb") as handle:  # a handle: np.save would add ".npy" to a temporary name
        np.save(handle, values)


def _read_import(root: Path, name: str, kept: int) -> tuple[pd.DataFrame, list[tuple[str, str, str, str]]]:
    rel = str(IMPORTS_DIR / f"{name}.parquet")
    path = root / rel
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return empty_imports(), [(rel, "-", "-", "is not a regular file (a link, a device or a folder): not read")]
    if not path.is_file():
        return empty_imports(), [(rel, "-", "-", "file is missing (imports/imports.yaml lists it)")]
    try:
        frame, ids_checked = _mapped(root, name, path, kept)
    except RepeatedIds:
        return empty_imports(), [(rel, "-", "id", "repeats an id")]
    except Exception as exc:  # pyarrow raises several types for unreadable or foreign files
        return empty_imports(), [(rel, "-", "-", f"cannot be read as an import ({' '.join(str(exc).split())[:200]})")]
    wrong = [c for c, kinds in COLUMN_KINDS.items() if frame[c].dtype.kind not in kinds]
    if wrong:
        types = ", ".join(f"{c} is {frame[c].dtype}" for c in wrong)
        return empty_imports(), [(rel, "-", ", ".join(wrong), f"has columns of the wrong type ({types}): not loaded")]
    lo, hi = pd.Timestamp(settings.DATE_MIN), pd.Timestamp(settings.DATE_MAX)
    checks = [
        (len(frame) != kept, "-", f"holds {len(frame)} events, imports/imports.yaml says {kept}"),
        (not ids_checked and frame["id"].duplicated().any(), "id", "repeats an id"),
        (~frame["id"].astype(str).str.startswith(f"{name}:").all(), "id", f"has ids not starting '{name}:'"),
        ((frame["latitude"].abs() > 90).any() or frame["latitude"].isna().any(), "latitude", "out of range"),
        ((frame["longitude"].abs() > 180).any() or frame["longitude"].isna().any(), "longitude", "out of range"),
        ((frame["date_end"] < frame["date_start"]).any(), "date_end", "is before date_start in some rows"),
        (frame["date_start"].isna().any() or frame["date_end"].isna().any(), "date_start", "is missing in some rows"),
        (
            ((frame["date_start"] < lo) | (frame["date_end"] > hi)).any(),
            "date_start",
            f"is outside the dates the atlas can show ({settings.DATE_MIN.year}–{settings.DATE_MAX.year}) in some rows",
        ),
    ]
    trouble = [(rel, "-", column, message) for failed, column, message in checks if failed]
    return frame, trouble
