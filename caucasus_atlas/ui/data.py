"""The atlas data as the pages use it: loaded, checked and tabulated once per data root, shared by every
session."""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from caucasus_atlas import settings
from caucasus_atlas.gazetteer import basemap
from caucasus_atlas.imports import REGISTRY_FILE, stored_positions
from caucasus_atlas.models import Source
from caucasus_atlas.tables import tables
from caucasus_atlas.validate import Atlas, Problem, load_atlas
from caucasus_atlas.views import border_districts

_LOG = logging.getLogger(__name__)


@dataclass
class Frames:
    """What the pages draw from: tables built once per data root and cached."""

    events: pd.DataFrame
    event_places: pd.DataFrame
    places: gpd.GeoDataFrame
    admin0: gpd.GeoDataFrame | None
    admin1: gpd.GeoDataFrame | None
    sources: dict[str, Source]
    texts: dict[str, str]
    problems: list[str] = field(default_factory=list)
    border_districts: gpd.GeoDataFrame | None = None
    #: the incidents (happenings several accounts describe), indexed by id
    incidents: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: imported events (one table, rows 0..n-1) and the imports' records
    imported: pd.DataFrame = field(default_factory=pd.DataFrame)
    imports: list[dict[str, Any]] = field(default_factory=list)
    #: their positions for the map, mapped from files every process shares (None: the map works them out)
    imported_positions: dict[str, Any] | None = None
    #: a key unique to this load of the data: what the caches of derived things (maps, searches) are keyed
    #: by, so that nothing derived from an earlier load is ever served for a later one
    key: str = ""


_LOADS = itertools.count(1)


@st.cache_resource(show_spinner="Loading and checking the atlas data…", max_entries=4)
def load_frames(root: str, imports_stamp: tuple[int, int] = (0, 0)) -> Frames:
    """Load, validate and tabulate everything under ``root``. Problems are kept, never raised.

    One shared object for every session (``cache_resource``): the frames are read-only once loaded, and
    sharing them spares each rerun a copy (``cache_data`` would unpickle them on every call) and lets the
    map reuse what it derived from them. ``imports_stamp`` (:func:`imports_stamp`) changes when an import is
    added by any process sharing the folder: the next rerun of every session loads the data again.
    """
    return build_frames(root)


def build_frames(root: str) -> Frames:
    """Load, validate and tabulate everything under ``root``, uncached (the Add a document page's preview of
    a staged copy; :func:`load_frames` caches it for the data folder)."""
    try:
        atlas = load_atlas(Path(root))
    except Exception as exc:  # the last guard, for a bug: the page says so instead of a traceback
        _LOG.exception("loading the atlas data from %s failed", root)
        atlas = Atlas(root=Path(root))
        message = f"the data could not be read ({type(exc).__name__}); the server log has the details"
        atlas.problems.append(Problem("-", "-", "-", message))
    admin0, admin1 = basemap(atlas.admin0, atlas.admin1)
    built = tables(atlas)
    return Frames(
        key=f"{root}#{next(_LOADS)}",
        events=built.events,
        incidents=built.incidents,
        event_places=built.event_places,
        places=built.places,
        admin0=admin0,
        admin1=admin1,
        sources=atlas.sources,
        texts=atlas.texts,
        problems=[str(p) for p in atlas.problems],
        imported=atlas.imported,
        imports=atlas.imports,
        imported_positions=stored_positions(Path(root), atlas.imports) if len(atlas.imported) else None,
        border_districts=border_districts(admin1, admin0) if admin0 is not None and admin1 is not None else None,
    )


def imports_stamp(root: Path) -> tuple[int, int]:
    """The modification time and size of ``imports/imports.yaml`` (zeros when absent): an import written by
    the command line, another server sharing the folder or this one changes it (a stat per rerun)."""
    try:
        info = (root / REGISTRY_FILE).stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def frames() -> Frames:
    """The cached frames for the configured data root, loaded again when the imports have changed."""
    root = settings.data_root()
    return load_frames(str(root), imports_stamp(root))
