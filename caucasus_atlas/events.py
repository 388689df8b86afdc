"""Events as DataFrames, joined to places, and the filters the dashboard applies."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from caucasus_atlas.models import EVENT_COLUMNS, INCIDENT_FIELDS, Event, Incident
from caucasus_atlas.settings import CONTEXT_CHARS, DEFAULT_DATE_RANGE

#: The columns of the incidents table (indexed by ``id``): the fields of :class:`caucasus_atlas.models.Incident`.
INCIDENT_COLUMNS = [name for name in INCIDENT_FIELDS if name != "id"]


def events_frame(events: dict[str, Event]) -> pd.DataFrame:
    """One row per event, indexed by event id, sorted by date then id. Dates are ``datetime.date``.

    The columns are :data:`caucasus_atlas.models.EVENT_COLUMNS`: the event's fields, then its derived values.
    """
    names = ("id", *EVENT_COLUMNS)
    rows = [{name: getattr(e, name) for name in names} for e in events.values()]
    frame = pd.DataFrame(rows, columns=list(names)).set_index("id")
    return frame.sort_values(["date_start", "date_end"], kind="stable")


def incidents_frame(incidents: dict[str, Incident]) -> pd.DataFrame:
    """One row per incident, indexed by id, by date then id; ``places`` is a tuple of place ids."""
    rows = [{name: getattr(i, name) for name in INCIDENT_FIELDS} for i in incidents.values()]
    frame = pd.DataFrame(rows, columns=["id", *INCIDENT_COLUMNS]).set_index("id")
    return frame.sort_values(["date_start", "date_end"], kind="stable")


def event_places_frame(events: dict[str, Event]) -> pd.DataFrame:
    """One row per (event, place) pair with the place's role, in the order the event lists them."""
    rows = [
        {"event_id": e.id, "place_id": ref.place, "role": ref.role, "order": i}
        for e in events.values()
        for i, ref in enumerate(e.places)
    ]
    return pd.DataFrame(rows, columns=["event_id", "place_id", "role", "order"])


def filter_events(
    events: pd.DataFrame,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    topics: Iterable[str] | None = None,
    event_types: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
    claimants: Iterable[str] | None = None,
    event_ids: Iterable[str] | None = None,
    within: bool = False,
    parties: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The events whose date span overlaps ``[start, end]`` and that match every other filter given.

    An event from 27 to 28 May is in a range ending on 27 May: a span is kept when any of its days is
    in the range. With ``within``, only events whose whole span lies inside the range are kept (the
    dashboard's default: an event dated only to "May 2021" is not in 12–16 May). ``None`` means no
    limit; an empty collection keeps nothing. ``actors`` keeps an event with any of them among its
    actors; ``event_ids`` (from a place or text search) limits to those ids; ``parties`` to the accounts of
    those parties (:data:`caucasus_atlas.settings.PARTIES`), ``sources`` to those documents.

    Examples
    --------
    >>> frame = pd.DataFrame({"date_start": [dt.date(2021, 5, 27)], "date_end": [dt.date(2021, 5, 28)],
    ...                       "topic": ["border"]})
    >>> len(filter_events(frame, end=dt.date(2021, 5, 27)))
    1
    >>> len(filter_events(frame, end=dt.date(2021, 5, 27), within=True))
    0
    """
    keep = pd.Series(True, index=events.index)
    if start is not None:
        keep &= (events["date_start"] if within else events["date_end"]) >= start
    if end is not None:
        keep &= (events["date_end"] if within else events["date_start"]) <= end
    if topics is not None:
        keep &= events["topic"].isin(list(topics))
    if event_types is not None:
        keep &= events["event_type"].isin(list(event_types))
    if claimants is not None:
        keep &= events["claimed_by"].isin(list(claimants))
    if actors is not None:
        wanted = set(actors)
        keep &= events["actors"].map(lambda names: bool(wanted.intersection(names)))
    if event_ids is not None:
        keep &= events.index.isin(list(event_ids))
    if parties is not None:
        keep &= events["party"].isin(list(parties))
    if sources is not None:
        keep &= events["source"].isin(list(sources))
    return events[keep]


def fold(text: str) -> str:
    """Lower case without accents, for searching: 'Qaragöl' and 'qaragol' meet.

    Examples
    --------
    >>> fold("Qaragöl Şuşa")
    'qaragol susa'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


#: Letters and pairs the region's names are romanised with in different ways, each written as one
#: ("Ashaghy Buzqov", "Ashagi Buzgov", "Aşağı Buzqov"); applied in this order, after :func:`fold`.
ROMANISATIONS = (("kh", "x"), ("gh", "g"), ("ch", "c"), ("sh", "s"), ("zh", "j"), ("dj", "j"), ("q", "g"),
                 ("y", "i"), ("ə", "a"), ("w", "v"))  # fmt: skip
#: Names shorter than this (romanised) are not matched by :func:`romanised`: short names meet too often.
ROMANISED_MIN = 6


def romanised(text: str) -> str:
    """A name as its romanisations meet: :func:`fold`, then :data:`ROMANISATIONS`, doubled letters once.

    Examples
    --------
    >>> romanised("Ashaghy Buzqov") == romanised("Ashagi Buzgov") == romanised("Aşağı Buzqov")
    True
    >>> romanised("Ashaghy Buzqov"), romanised("Yukhari Ayrim") == romanised("Yuxarı Əyrim")
    ('asagi buzgov', True)
    """
    out = fold(text)
    for written, one in ROMANISATIONS:
        out = out.replace(written, one)
    return re.sub(r"(\w)\1+", r"\1", out)


def events_with_place_kinds(event_places: pd.DataFrame, places: pd.DataFrame, kinds: Iterable[str]) -> set[str]:
    """Ids of the events with at least one place of the given kinds."""
    wanted = places.index[places["kind"].isin(list(kinds))]
    return set(event_places.loc[event_places["place_id"].isin(wanted), "event_id"])


def search_events(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: pd.DataFrame,
    query: str,
    incidents: pd.DataFrame | None = None,
) -> set[str]:
    """Ids of the events whose words or places match every word of ``query``.

    An event matches a word through its summary, excerpt, actors, claimant or id, or through the name or
    any alternative name of one of its places: "Sev Lich" finds the events at Lake Garagol. With
    ``incidents``, every account of an incident goes with it: an incident matches through its name, one
    of its places, or an area (a district, a province) containing a place named, and so does an incident
    one of whose accounts matched: "Sev Lich" also finds the claim made in Yerevan and its denial in Baku.
    """
    words = fold(query).split()
    if not words:
        return set(events.index)
    place_text = {pid: fold(" ".join([row["name"], *row["alt_names"]])) for pid, row in places.iterrows()}
    by_event: dict[str, list[str]] = {}
    for link in event_places.itertuples():
        by_event.setdefault(link.event_id, []).append(place_text.get(link.place_id, ""))
    found = set()
    for event_id, e in events.iterrows():
        haystack = fold(
            " ".join([event_id, e["summary"], e["excerpt"], e["claimed_by"], *e["actors"], *by_event.get(event_id, [])])
        )
        if all(word in haystack for word in words):
            found.add(event_id)
    if incidents is None or incidents.empty or "incident" not in events.columns:
        return found
    named = {pid for pid, text in place_text.items() if all(word in text for word in words)}
    if named and "geometry" in places.columns:
        inside = [places.geometry[pid] for pid in named]
        named |= {
            pid for pid, shape in places.geometry.items()
            if shape is not None and shape.area > 0 and any(shape.covers(point) for point in inside)
        }  # fmt: skip
    hit = set(events.loc[list(found), "incident"].dropna())
    for incident_id, incident in incidents.iterrows():
        words_match = all(word in fold(f"{incident['name']} {incident['summary']}") for word in words)
        if words_match or named.intersection(incident["places"]):
            hit.add(incident_id)
    return found | set(events.index[events["incident"].isin(hit)])


def claim_threads(events: pd.DataFrame) -> list[list[str]]:
    """Claim–response chains: each thread starts at an event nobody's ``responds_to`` points above, and
    lists it followed by every event that answers it (directly or through another answer), by date."""
    children: dict[str, list[str]] = {}
    for event_id, target in events["responds_to"].items():
        if isinstance(target, str) and target in events.index:
            children.setdefault(target, []).append(event_id)
    roots = [i for i in events.index if i in children and not (isinstance(events.loc[i, "responds_to"], str))]

    def by_date(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (events.loc[i, "date_start"], i))

    threads = []
    for root in roots:
        thread, todo = [root], by_date(children[root])
        while todo:  # breadth first: answers, then answers to answers
            current = todo.pop(0)
            thread.append(current)
            todo.extend(by_date(children.get(current, [])))
        threads.append(thread)
    return threads


def date_bounds(events: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """The first start and the last end date of all events."""
    return min(events["date_start"]), max(events["date_end"])


def periods_for(first: dt.date, last: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """Named periods for the date slider, each clipped to the data: the bulletin's month first.

    Examples
    --------
    >>> list(periods_for(dt.date(1994, 1, 1), dt.date(2021, 5, 31)))
    ['May 2021', 'Since the 10 November 2020 statement', 'All dates (from 1994)']
    """
    wanted = {
        "May 2021": DEFAULT_DATE_RANGE,
        "Since the 10 November 2020 statement": (dt.date(2020, 11, 10), last),
        f"All dates (from {first.year})": (first, last),
    }
    periods = {}
    for name, (lo, hi) in wanted.items():
        lo, hi = max(lo, first), min(hi, last)
        if lo <= hi:
            periods[name] = (lo, hi)
    return periods or {"All dates": (first, last)}


@dataclass(frozen=True, slots=True)
class ExcerptInContext:
    """An excerpt with the source text around it and the section of the source it stands in."""

    before: str
    excerpt: str
    after: str
    section: str


_HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)


def section_at(text: str, offset: int) -> str:
    """The title of the last Markdown heading at or before ``offset`` (bold marks removed)."""
    title = ""
    for match in _HEADING.finditer(text):
        if match.start() > offset:
            break
        title = match.group(1).replace("*", "").strip()
    return title


def excerpt_in_context(text: str, start: int, end: int, *, chars: int = CONTEXT_CHARS) -> ExcerptInContext:
    """The excerpt at ``text[start:end]`` with up to ``chars`` characters either side, cut at word edges."""
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    before, after = text[lo:start], text[end:hi]
    if lo > 0:
        before = "…" + before.split(" ", 1)[-1]
    if hi < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    return ExcerptInContext(before=before, excerpt=text[start:end], after=after, section=section_at(text, start))
