"""The three records of the atlas: Source, Place and Event. Records refer to each other by string id."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from caucasus_atlas.settings import GEO_PRECISION, TIME_PRECISION, TOPICS


@dataclass(frozen=True, slots=True)
class Source:
    """A source document: its metadata and where its text lives (``events/sources/``)."""

    id: str
    title: str
    publisher: str
    date: str
    language: str
    path: str
    sha256: str
    publisher_note: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    """A named place with a geometry taken from a named data set (``coord_source``)."""

    id: str
    name: str
    alt_names: tuple[str, ...]
    kind: str
    country: str
    geometry: BaseGeometry
    geo_precision: int
    coord_source: str
    note: str = ""

    @property
    def precision_label(self) -> str:
        return GEO_PRECISION[self.geo_precision]


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """One place of an event and its role: ``at`` (where it happened) or ``about`` (what it concerns)."""

    place: str
    role: str


@dataclass(frozen=True, slots=True)
class Event:
    """One dated thing the source reports, in its own words, with who asserts it."""

    id: str
    source: str
    date_start: dt.date
    date_end: dt.date
    time_precision: int
    topic: str
    event_type: str
    sub_event_type: str
    actors: tuple[str, ...]
    claimed_by: str
    stance: str
    summary: str
    excerpt: str
    source_start: int
    source_end: int
    places: tuple[PlaceRef, ...] = field(default_factory=tuple)
    responds_to: str | None = None
    reported_on: dt.date | None = None
    fatalities: int | None = None

    @property
    def topic_label(self) -> str:
        return TOPICS[self.topic][0]

    @property
    def precision_label(self) -> str:
        return TIME_PRECISION[self.time_precision]

    @property
    def date_label(self) -> str:
        """The date as the source allows it: a day, a span, a month or a year, never a false day."""
        start, end = self.date_start, self.date_end
        if self.time_precision == 4:
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        if self.time_precision == 3 and (start.year, start.month) == (end.year, end.month):
            return start.strftime("%B %Y")
        if start == end:
            return start.isoformat()
        return f"{start.isoformat()} – {end.isoformat()}"


_WHITESPACE = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    """Fold every run of white space into one space and strip the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def find_excerpt(text: str, excerpt: str) -> tuple[int, int] | None:
    """Where ``excerpt`` stands in ``text``, white space compared loosely.

    Returns the ``(start, end)`` character offsets of the first match, or None.

    Examples
    --------
    >>> find_excerpt("One  two\\nthree.", "two three")
    (5, 14)
    """
    words = excerpt.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(word) for word in words)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None
