"""Read every data file, check every record, and gather every problem into one report.

``load_atlas`` is the one entry point: it returns the records that passed their checks together with the
list of problems, so a broken record never hides the valid ones. ``validate`` returns only the problems.
Each problem names the file, the record, the field and what was wrong (got ..., expected ...).

Where the parts live: :mod:`caucasus_atlas.loading` reads the files into the :class:`Atlas`,
:mod:`caucasus_atlas.records` is the field-checking framework (:class:`Problem`, ``Record``), and
:mod:`caucasus_atlas.rules` holds each kind's rules; this module runs them in order.
"""

from __future__ import annotations

from pathlib import Path

from caucasus_atlas import settings
from caucasus_atlas.imports import load_imports
from caucasus_atlas.loading import Atlas, read_boundaries
from caucasus_atlas.models import EVENT_FIELDS, INCIDENT_FIELDS, SOURCE_FIELDS
from caucasus_atlas.reading import display_path
from caucasus_atlas.records import Problem, ValidationError
from caucasus_atlas.rules.events import load_events
from caucasus_atlas.rules.incidents import incident_spans, load_incidents
from caucasus_atlas.rules.places import PLACE_FIELDS, load_places
from caucasus_atlas.rules.sources import load_sources
from caucasus_atlas.rules.states import names_place

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
    atlas.admin1 = read_boundaries(atlas.root, settings.ADMIN1_FILE, atlas.problems)
    atlas.admin0 = read_boundaries(atlas.root, settings.ADMIN0_FILE, atlas.problems)
    load_sources(atlas)
    load_places(atlas)
    load_incidents(atlas)
    load_events(atlas)
    incident_spans(atlas)
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


__all__: list[str] = [
    "EVENT_FIELDS", "INCIDENT_FIELDS", "PLACE_FIELDS", "SOURCE_FIELDS", "Atlas", "Problem", "ValidationError",
    "load_atlas", "names_place", "require_valid", "validate",
]  # fmt: skip
