"""The records of the atlas: Source, Place, Event and Incident. Records refer to each other by string id."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from typing import Any

from shapely.geometry.base import BaseGeometry

from caucasus_atlas.settings import GEO_PRECISION, HAPPENINGS, STATED_KINDS, STATUSES, TIME_PRECISION, TOPICS, party_of


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
    #: the address of the page the text was read from
    url: str = ""
    #: the body whose statement the document is (``Armenia – Ministry of Defence``); empty for the bulletin
    author: str = ""
    #: the outlet whose copy was read, when the document is a reprint of someone else's statement
    read_at: str = ""
    #: ``whole`` (the stored text is the whole document) or ``beginning`` (only its opening is stored)
    completeness: str = "whole"


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
class Stated:
    """One thing an account states about its incident, with the phrase of its own document that states it.

    ``what`` is a key of :data:`settings.STATED_KINDS`; ``value`` a place id, an ISO date or span
    (``2021-05-26/2021-05-27``), a count, or a label of :data:`settings.HAPPENINGS` / :data:`settings.STATUSES`;
    ``start``/``end`` are the phrase's offsets in the account's own document (``text[start:end]``).
    """

    what: str
    value: str
    phrase: str
    start: int
    end: int

    @property
    def label(self) -> str:
        """The value in the comparison's words (a place's id stays an id: the caller names it)."""
        if self.what == "happened":
            return HAPPENINGS.get(self.value, self.value)
        if self.what == "status":
            return STATUSES.get(self.value, self.value)
        if self.what == "date":
            start, _, end = self.value.partition("/")
            return date_label(dt.date.fromisoformat(start), dt.date.fromisoformat(end or start))
        return self.value


def _meta(doc: str, *, required: bool = True, record: bool = True, column: bool = True) -> dict[str, Any]:
    """A record field's metadata: ``doc`` is its line in events/README.md's field table, ``required`` whether a
    record must give it, ``record`` whether it is read from the YAML record (not derived), ``column`` whether
    it is a column of the events table (:func:`caucasus_atlas.events.events_frame`)."""
    return {"doc": doc, "required": required, "record": record, "column": column}


_TIME_PRECISION_DOC = (
    "ACLED's code, tied to the span from `date_start` to `date_end` (the validator checks it): `1` one day; `2` a "
    'span of 2 to 7 days (such as "the night leading to 28 May"); `3` a longer span within one calendar month (a '
    "month, or \"on or after 14 May\" bounded by the month's end); `4` anything longer (our extension, as UCDP's "
    '`date_prec` 5): a year, a span of years, or months such as "since the 10 November statement"'
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One dated thing the source reports, in its own words, with who asserts it.

    Its fields are the one definition of an event record: the validator's known fields
    (:data:`EVENT_FIELDS`), the events table's columns (:data:`EVENT_COLUMNS`) and the field table in
    events/README.md (:func:`event_fields_table`, checked by tests/test_docs.py) all come from them.
    """

    id: str = field(metadata=_meta("stable text id: `<topic>-<date>-<short-name>`; never reused (format above)",
                                   column=False))  # fmt: skip
    source: str = field(metadata=_meta("id of the source document"))
    date_start: dt.date = field(metadata=_meta(
        "the first day the event may have happened, an ISO date (`YYYY-MM-DD`); a day: `date_end` equal"
    ))  # fmt: skip
    date_end: dt.date = field(metadata=_meta("the last day the event may have happened, an ISO date (`YYYY-MM-DD`)"))
    time_precision: int = field(metadata=_meta(_TIME_PRECISION_DOC))
    reported_on: dt.date | None = field(default=None, metadata=_meta(
        "the day the source says the event was reported, when it differs from the event's own date", required=False
    ))  # fmt: skip
    topic: str = field(metadata=_meta("the bulletin's section the excerpt stands in (see *Topics*)"))
    event_type: str = field(metadata=_meta("from the vocabulary below"))
    sub_event_type: str = field(metadata=_meta("from the vocabulary below, one of its `event_type`'s"))
    actors: tuple[str, ...] = field(metadata=_meta(
        "who acted, first the initiator (exported as ACLED `actor1`, then `actor2`)"
    ))  # fmt: skip
    claimed_by: str = field(metadata=_meta(
        "whose account this is, as the source presents it: `Party – body or person`, with an en dash, the party a "
        "name of `settings.CLAIMANT_PARTIES` (see *Parties*). `AIR Center (bulletin narrative)` marks what the "
        "bulletin states in its own voice"
    ))  # fmt: skip
    stance: str = field(metadata=_meta(
        "`asserts`, `denies` or `qualifies`, towards the event in `responds_to` (a plain report `asserts`)"
    ))  # fmt: skip
    responds_to: str | None = field(default=None, metadata=_meta(
        "the id of the event this statement answers; required for `denies` and `qualifies`; a chain of them must "
        "not loop", required=False,
    ))  # fmt: skip
    places: tuple[PlaceRef, ...] = field(default=(), metadata=_meta(
        "list of `{place: <place id>, role: <role>}`, the role `at` or `about`; may be empty (the event is then "
        "listed, not mapped)", required=False, column=False,
    ))  # fmt: skip
    fatalities: int | None = field(default=None, metadata=_meta(
        "deaths the claim states (`0` when the source says someone was wounded but nobody killed)", required=False
    ))  # fmt: skip
    summary: str = field(metadata=_meta("one neutral line in the project's words"))
    excerpt: str = field(metadata=_meta(
        "the source's own words, verbatim (white space may differ: line breaks are folded)"
    ))  # fmt: skip
    source_start: int = field(metadata=_meta(
        "character offset of the excerpt in the source text (`text[start:end]`)"
    ))  # fmt: skip
    source_end: int = field(metadata=_meta("character offset of the excerpt's end in the source text"))
    #: the incident this account describes (at most one)
    incident: str | None = field(default=None, metadata=_meta(
        "the id of the incident (`events/incidents.yaml`) this account describes; an account belongs to at most "
        "one", required=False,
    ))  # fmt: skip
    #: what the account states about its incident, each value with its own phrase
    states: tuple[Stated, ...] = field(default=(), metadata=_meta(
        "what the account states about its incident, each value with its phrase (see *What an account states*)",
        required=False,
    ))  # fmt: skip
    #: ``first-hand`` (the claimant's own document) or ``reported`` (another's document reporting it)
    provenance: str = field(default="first-hand", metadata=_meta(
        "`first-hand` or `reported`; derived from the document's `author`, written out only for a report that "
        "quotes a second body of the same party (see *What an account states*)", required=False,
    ))  # fmt: skip
    #: an English rendering of a non-English excerpt (the atlas's translation; never replaces the original)
    translation: str = field(default="", metadata=_meta(
        "an English rendering of a non-English excerpt; required when the document is not in English",
        required=False,
    ))  # fmt: skip

    @property
    def party(self) -> str:
        """Whose account: a key of :data:`settings.PARTIES`, by the party ``claimed_by`` names."""
        return party_of(self.claimed_by)

    def stated(self, what: str) -> tuple[Stated, ...]:
        """The values of one kind this account states (``"place"``, ``"date"`` …), in the record's order."""
        return tuple(s for s in self.states if s.what == what)

    @property
    def topic_label(self) -> str:
        return TOPICS[self.topic][0]

    @property
    def precision_label(self) -> str:
        return TIME_PRECISION[self.time_precision]

    @property
    def date_label(self) -> str:
        """The date as the source allows it: a day, a span, a whole month or whole years, never a false day."""
        return date_label(self.date_start, self.date_end)

    @property
    def span_text(self) -> str:
        """The date in words for the panel: "2021-05-12", or "some day between 14 May 2021 and 31 May 2021"."""
        start, end = self.date_start, self.date_end
        if start == end:
            return start.isoformat()
        return f"some day between {_day(start)} and {_day(end)}"


@dataclass(frozen=True, slots=True)
class Incident:
    """One happening that several accounts describe, each account an event of its own document.

    The atlas does not reconcile the accounts: the incident's name gives both sides' place names, its span
    covers the dates the accounts give, and its places are where the accounts put it.
    """

    id: str
    name: str
    date_start: dt.date
    date_end: dt.date
    summary: str
    places: tuple[str, ...] = field(default_factory=tuple)
    #: the kinds of stated value its accounts are compared on (all by default; fewer where the accounts
    #: describe different steps of one case, whose dates or acts are not the same happening's)
    compared: tuple[str, ...] = tuple(STATED_KINDS)


#: The fields an event record may give (the validator's known fields), in the documented order.
EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Event) if f.metadata["record"])
#: The fields an event record must give.
EVENT_REQUIRED: tuple[str, ...] = tuple(f.name for f in fields(Event) if f.metadata["required"])
#: Values derived from an event's fields that are columns of the events table too, with what they hold.
EVENT_DERIVED_COLUMNS: dict[str, str] = {
    "date_label": "the date as short as it stays true (:attr:`Event.date_label`)",
    "span_text": "the date in words for the panel (:attr:`Event.span_text`)",
    "party": "whose account, a key of settings.PARTIES (:attr:`Event.party`)",
}
#: The columns of the events table (indexed by ``id``): the fields, then the derived values.
EVENT_COLUMNS: tuple[str, ...] = (
    *(f.name for f in fields(Event) if f.metadata["column"]),
    *EVENT_DERIVED_COLUMNS,
)
#: The fields a source record may give; those of an incident record.
SOURCE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Source))
INCIDENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Incident))


def event_fields_table() -> str:
    """The field table of events/README.md ("Event fields"), as Markdown, from :class:`Event`'s fields.

    >>> print(event_fields_table().splitlines()[2])
    | `id` | stable text id: `<topic>-<date>-<short-name>`; never reused (format above) |
    """
    lines = ["| field | meaning |", "|---|---|"]
    for f in fields(Event):
        if f.metadata["record"]:
            optional = "" if f.metadata["required"] else " (optional)"
            lines.append(f"| `{f.name}` | {f.metadata['doc']}{optional} |")
    return "\n".join(lines)


def _day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def date_label(start: dt.date, end: dt.date) -> str:
    """A date span as short as it stays true: a day, a whole month, whole years, or the two days.

    Examples
    --------
    >>> date_label(dt.date(2021, 5, 1), dt.date(2021, 5, 31)), date_label(dt.date(2021, 5, 14), dt.date(2021, 5, 31))
    ('May 2021', '2021-05-14 – 2021-05-31')
    >>> date_label(dt.date(1991, 1, 1), dt.date(1994, 12, 31)), date_label(dt.date(2021, 5, 2), dt.date(2021, 5, 2))
    ('1991–1994', '2021-05-02')
    """
    if start == end:
        return start.isoformat()
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
        return start.strftime("%B %Y")
    if (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    return f"{start.isoformat()} – {end.isoformat()}"


def precision_for(start: dt.date, end: dt.date) -> int:
    """The ``time_precision`` a date span must carry: 1 one day, 2 up to 7 days, 3 longer but within one
    calendar month, 4 longer than that.

    Examples
    --------
    >>> [precision_for(dt.date(2021, 5, 1), dt.date(2021, 5, d)) for d in (1, 7, 8, 31)]
    [1, 2, 3, 3]
    >>> precision_for(dt.date(2020, 11, 10), dt.date(2021, 5, 31))
    4
    >>> precision_for(dt.date(2021, 5, 30), dt.date(2021, 6, 2))
    2
    """
    days = (end - start).days + 1
    if days == 1:
        return 1
    if days <= 7:
        return 2
    return 3 if (start.year, start.month) == (end.year, end.month) else 4


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
