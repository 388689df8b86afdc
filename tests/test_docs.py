"""Every field and vocabulary value is documented (a test that fails when the docs drift)."""

import re

import pytest

from caucasus_atlas import settings
from caucasus_atlas.export import EVENT_CSV_COLUMNS, PLACE_CSV_COLUMNS
from caucasus_atlas.models import event_fields_table
from caucasus_atlas.validate import EVENT_FIELDS, PLACE_FIELDS, SOURCE_FIELDS

EVENTS_README = (settings.PROJECT_ROOT / "events" / "README.md").read_text(encoding="utf-8")
GEODATA_README = (settings.PROJECT_ROOT / "geodata" / "README.md").read_text(encoding="utf-8")
README = (settings.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _documented(text: str, name: str) -> bool:
    return re.search(rf"`{re.escape(name)}`", text) is not None


@pytest.mark.parametrize("name", EVENT_FIELDS + SOURCE_FIELDS + tuple(EVENT_CSV_COLUMNS))
def test_event_fields_documented(name):
    assert _documented(EVENTS_README, name), f"`{name}` missing from events/README.md"


@pytest.mark.parametrize("name", PLACE_FIELDS + tuple(PLACE_CSV_COLUMNS) + settings.PLACE_KINDS)
def test_place_fields_documented(name):
    assert _documented(GEODATA_README, name), f"`{name}` missing from geodata/README.md"


def _table_after(text: str, heading: str) -> str:
    """The Markdown table that follows ``heading`` (its lines up to the first blank line)."""
    start = text.index(heading + "\n\n") + len(heading) + 2
    return text[start : text.index("\n\n", start)]


def test_event_fields_table_is_the_definition():
    """events/README.md's "Event fields" table is exactly what :class:`caucasus_atlas.models.Event`'s fields
    say (their names, order, doc text and optional marks): change the field's metadata, then paste this table."""
    expected = event_fields_table()
    assert _table_after(EVENTS_README, "## Event fields") == expected, f"events/README.md should read:\n{expected}"


VOCABULARY = (
    list(settings.TOPICS)
    + list(settings.EVENT_TYPES)
    + [sub for subs in settings.EVENT_TYPES.values() for sub in subs]
    + list(settings.STANCES)
    + list(settings.PLACE_ROLES)
)


@pytest.mark.parametrize("name", VOCABULARY)
def test_vocabulary_documented(name):
    assert _documented(EVENTS_README, name), f"`{name}` missing from events/README.md"


def test_readme_gives_the_two_commands():
    assert "make run" in README and "make test" in README
