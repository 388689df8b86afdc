"""Reading the data files into raw records, and the :class:`Atlas` they load into: bounded YAML lists,
the boundary files, the event files. The per-kind rules are in :mod:`caucasus_atlas.rules`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely import make_valid
from shapely.validation import explain_validity

from caucasus_atlas import settings
from caucasus_atlas.imports import empty_imports
from caucasus_atlas.models import EVENT_FIELDS, Event, Incident, Place, Source
from caucasus_atlas.reading import Raw, check_file, display_path, iter_event_files, read_records
from caucasus_atlas.records import Problem, Record, unique_ids


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


def read_yaml_list(root: Path, rel: Path, problems: list[Problem]) -> list[Raw]:
    """The records of one YAML list file; every unreadable part is a problem, the readable records stay."""
    records, trouble = read_records(root, rel)
    problems += [Problem(display_path(rel), t.record, "-", t.message) for t in trouble]
    return records


#: The columns each boundary file must have: the code the atlas refers to features by, and a name.
BOUNDARY_COLUMNS = {settings.ADMIN1_FILE: ("adm1_code", "name_en"), settings.ADMIN0_FILE: ("ADM0_A3", "NAME")}


def read_boundaries(root: Path, rel: Path, problems: list[Problem]) -> gpd.GeoDataFrame | None:
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


def readable_records(atlas: Atlas, rel: Path, fields: tuple[str, ...], kind: str) -> list[Record]:
    """The records of one YAML list file that can be read, their ids checked unique (problems recorded)."""
    raws = read_yaml_list(atlas.root, rel, atlas.problems)
    records = [Record(str(rel), i, raw, atlas.problems, fields) for i, raw in enumerate(raws)]
    unique_ids(records, kind)
    return [rec for rec in records if rec.readable]


def event_files(atlas: Atlas) -> list[Path]:
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


def read_event_records(atlas: Atlas) -> list[Record]:
    records: list[Record] = []
    for rel in event_files(atlas):
        if len(records) >= settings.MAX_EVENTS:
            atlas.problems.append(
                Problem(
                    display_path(rel), "-", "-",
                    f"is not read: the atlas already holds {settings.MAX_EVENTS} event records, its limit for "
                    "hand-written data (bulk data belongs in an import)",
                )
            )  # fmt: skip
            continue
        raws = read_yaml_list(atlas.root, rel, atlas.problems)
        if not raws and (atlas.root / rel).is_file() and not (atlas.root / rel).read_bytes().strip():
            atlas.problems.append(Problem(display_path(rel), "-", "-", "is empty (expected a list of events)"))
        records += [Record(display_path(rel), i, raw, atlas.problems, EVENT_FIELDS) for i, raw in enumerate(raws)]
    return [rec for rec in records if rec.readable]
