"""Data prepared for the dashboard's pages: histogram, timeline, reconstruction status, source reader.

Pure functions of the tables, testable without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from caucasus_atlas import settings
from caucasus_atlas.coverage import paragraphs
from caucasus_atlas.models import Source

#: Events that ended before this day are "background history" on the timeline.
BACKGROUND_BEFORE = dt.date(2020, 11, 10)

#: How the source describes the state of a construction: sub-event type -> status shown.
CONSTRUCTION_STATUS = {
    "planned": "planned",
    "launched": "started",
    "inaugurated": "finished",
    "completed": "finished",
}


def histogram(events: pd.DataFrame) -> pd.DataFrame:
    """Event counts per week (Monday) and topic label, by start date: the overview's stacked bars."""
    if events.empty:
        return pd.DataFrame(columns=["week", "topic", "events"])
    # counted in plain Python: a filter holds a few hundred events, and a pandas group-by costs more
    counts = Counter(
        (day - dt.timedelta(days=day.weekday()), settings.TOPICS[topic][0])
        for day, topic in zip(events["date_start"], events["topic"], strict=True)
    )
    keys = sorted(counts)
    return pd.DataFrame(
        {
            "week": pd.to_datetime([week for week, _ in keys]),
            "topic": [label for _, label in keys],
            "events": [counts[key] for key in keys],
        }
    )


def play_windows(start: dt.date, end: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """The windows the play control steps through: ``days`` long from ``start``, the last one cut at ``end``.

    >>> play_windows(dt.date(2021, 5, 1), dt.date(2021, 5, 31), 7)[-2:]
    [(datetime.date(2021, 5, 22), datetime.date(2021, 5, 28)), (datetime.date(2021, 5, 29), datetime.date(2021, 5, 31))]
    >>> len(play_windows(dt.date(2021, 5, 1), dt.date(2021, 5, 31), 1))
    31
    """
    if days < 1 or end < start:
        msg = f"expected at least one day from start to end, got {days!r} days from {start} to {end}"
        raise ValueError(msg)
    out = []
    first = start
    while first <= end:
        out.append((first, min(end, first + dt.timedelta(days=days - 1))))
        first += dt.timedelta(days=days)
    return out


def timeline_groups(events: pd.DataFrame, *, background: bool) -> list[tuple[str, pd.DataFrame]]:
    """The chronology: events grouped by their date as the source allows it (a day, a span, a month, a
    year), earliest first. Without ``background``, events that ended before 10 November 2020 are left out."""
    shown = events if background else events[events["date_end"] >= BACKGROUND_BEFORE]
    ordered = shown.sort_values(["date_start", "date_end"], kind="stable")
    # one split of the frame (in the order each label first comes), not a lookup per label
    return [(str(label), group) for label, group in ordered.groupby("date_label", sort=False)]


#: How many characters of an event's summary name its bar on the timeline (the rest is in its tooltip).
SPAN_LABEL_CHARS = 64


def span_label(date: str, summary: str, chars: int = SPAN_LABEL_CHARS) -> str:
    """What a bar of the timeline is, in words: its date and the start of its summary.

    >>> span_label("2021-05-12", "Armenia says Azerbaijani troops crossed the border near Lake Sev Lich", 40)
    '2021-05-12 · Armenia says Azerbaijani…'
    """
    text = f"{date} · {summary}"
    if len(text) <= chars:
        return text
    return text[: chars - 1].rsplit(" ", 1)[0].rstrip(" ,;:·—") + "…"


def timeline_spans(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event, earliest first, with its start and end (end + 1 day, so that a day is a bar) and the
    words that name its bar (``label``, one of a kind: a repeated one is numbered): the span chart."""
    ordered = events.sort_values(["date_start", "date_end"], kind="stable")
    labels: list[str] = []
    seen: dict[str, int] = {}
    for date, summary in zip(ordered["date_label"], ordered["summary"], strict=True):
        label = span_label(str(date), str(summary))
        seen[label] = seen.get(label, 0) + 1
        labels.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return pd.DataFrame(
        {
            "event": ordered.index,
            "start": pd.to_datetime(ordered["date_start"]),
            "end": pd.to_datetime(ordered["date_end"]) + pd.Timedelta(days=1),
            "topic": ordered["topic"].map(lambda t: settings.TOPICS[t][0]),
            "precision": ordered["time_precision"].map(settings.TIME_PRECISION),
            "date": ordered["date_label"],
            "summary": ordered["summary"],
            "label": labels,
        }
    ).reset_index(drop=True)


def construction_status(events: pd.DataFrame) -> pd.DataFrame:
    """Construction events with the status the source gives them: planned, started or finished."""
    works = events[events["event_type"] == "construction"]
    return pd.DataFrame(
        {
            "status": works["sub_event_type"].map(CONSTRUCTION_STATUS),
            "date": works["date_label"],
            "summary": works["summary"],
            "claimed_by": works["claimed_by"],
        },
        index=works.index,
    ).sort_values(["status", "date"])


@dataclass(frozen=True, slots=True)
class Span:
    """A run of source text: plain, or cited by events (highlighted)."""

    text: str
    event_ids: tuple[str, ...] = ()


def reader_sections(text: str, events: pd.DataFrame) -> list[tuple[str, list[list[Span]]]]:
    """The source's numbered sections, each a list of paragraphs cut into plain and highlighted spans.

    Overlapping excerpts merge into one highlight carrying every event id that cites it.
    """
    cited = _cited(events)
    sections: dict[str, list[list[Span]]] = {}
    for para in paragraphs(text):
        sections.setdefault(para.topic, []).append(_spans(text, para.start, para.end, cited))
    return list(sections.items())


def reader_paragraphs(text: str, events: pd.DataFrame) -> list[list[Span]]:
    """A document without the bulletin's numbered sections (a statement): its paragraphs (blocks between
    blank lines), each cut into plain and highlighted spans like :func:`reader_sections`.

    >>> text = "One. Two." + chr(10) * 2 + "Three."
    >>> events = pd.DataFrame({"source_start": [5], "source_end": [9]}, index=["e"])
    >>> [[(s.text, s.event_ids) for s in p] for p in reader_paragraphs(text, events)]
    [[('One. ', ()), ('Two.', ('e',))], [('Three.', ())]]
    """
    cited = _cited(events)
    return [
        _spans(text, block.start(), block.end(), cited)
        for block in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*\Z)", text, re.DOTALL)
    ]


def _cited(events: pd.DataFrame) -> list[tuple[int, int, str]]:
    return sorted((int(e.source_start), int(e.source_end), i) for i, e in events.iterrows())


def _spans(text: str, first: int, last: int, cited: list[tuple[int, int, str]]) -> list[Span]:
    """``text[first:last]`` cut into plain and highlighted spans; overlapping excerpts merge into one."""
    spans: list[Span] = []
    cursor = first
    marks = [(max(s, first), min(e, last), i) for s, e, i in cited if s < last and e > first]
    while marks:
        start, end, ids = marks[0][0], marks[0][1], [marks[0][2]]
        rest = []
        for s, e, i in marks[1:]:
            if s < end:
                end, ids = max(end, e), [*ids, i]
            else:
                rest.append((s, e, i))
        if start > cursor:
            spans.append(Span(text[cursor:start]))
        spans.append(Span(text[start:end], tuple(dict.fromkeys(ids))))
        cursor, marks = end, rest
    if cursor < last:
        spans.append(Span(text[cursor:last]))
    return spans


def border_districts(admin1: gpd.GeoDataFrame, admin0: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The admin-1 units of Azerbaijan and Armenia along their common border (Natural Earth lines);
    none when the outlines lack either country."""
    aze = admin0.loc[admin0["ADM0_A3"] == "AZE", "geometry"].union_all()
    arm = admin0.loc[admin0["ADM0_A3"] == "ARM", "geometry"].union_all()
    if aze.is_empty or arm.is_empty:
        return admin1.iloc[0:0]
    border = aze.boundary.intersection(arm.boundary).buffer(0.01)
    return admin1[admin1.intersects(border)]


def documents_in_view(events: pd.DataFrame, sources: dict[str, Source]) -> dict[str, list[Source]]:
    """The documents the ``events`` come from, by the party whose accounts they are, in the order of
    :data:`caucasus_atlas.settings.PARTIES` (a document's party is that of its ``author``, or of the most
    frequent claimant of its events when it names no author)."""
    out: dict[str, list[Source]] = {party: [] for party in settings.PARTIES}
    for source_id in dict.fromkeys(events["source"]):
        source = sources.get(source_id)
        if source is None:
            continue
        if source.author:
            party = settings.party_of(source.author)
        else:
            party = events.loc[events["source"] == source_id, "party"].mode().iloc[0]
        out[party].append(source)
    for docs in out.values():
        docs.sort(key=lambda s: (s.date, s.id))
    return {party: docs for party, docs in out.items() if docs}


def perspective_text(events: pd.DataFrame, sources: dict[str, Source], *, counted_apart: bool = False) -> str:
    """One plain sentence naming whose documents are in view, for the banner and the map's image. With
    ``counted_apart``, when fewer than all of ``sources`` are in view, it says so and why (the Source reader
    and About list every document, so their counts are larger; About says so).

    >>> import pandas as pd
    >>> from caucasus_atlas.models import Source
    >>> doc = Source("b", "Bulletin", "AIR Center, Baku", "2021-05", "en", "b.txt", "0", author="AIR Center")
    >>> perspective_text(pd.DataFrame({"source": ["b"], "party": ["bulletin"]}), {"b": doc})
    'In view: 1 document — Bulletin (AIR Center, Baku, 2021-05).'
    >>> other = Source("o", "Statement", "MoD", "2021-07-01", "en", "o.txt", "0", author="Armenia – MoD")
    >>> print(perspective_text(pd.DataFrame({"source": ["b"], "party": ["bulletin"]}), {"b": doc, "o": other},
    ...                        counted_apart=True))  # doctest: +NORMALIZE_WHITESPACE
    In view: 1 of the atlas's 2 documents (those with an event in this filter) — Bulletin (AIR Center, Baku,
    2021-05).
    """
    by_party = documents_in_view(events, sources)
    n = sum(len(docs) for docs in by_party.values())
    if not n:
        return "In view: no document (no event in this filter)."
    parts = []
    order = ["bulletin", *(p for p in settings.PARTIES if p != "bulletin")]  # the atlas's own document first
    for party, docs in sorted(by_party.items(), key=lambda item: order.index(item[0])):
        label = settings.PARTIES[party][0]
        if len(docs) <= 2:
            names = "; ".join(f"{d.title} ({d.publisher}, {d.date})" for d in docs)
            parts.append(names if party == "bulletin" else f"{label}: {names}")
        else:
            parts.append(f"{label}: {len(docs)} documents")
    total = len(sources)
    if counted_apart and n < total:
        head = f"In view: {n} of the atlas's {total} documents (those with an event in this filter)"
    else:
        head = f"In view: {n} document{'s' if n != 1 else ''}"
    return head + " — " + "; ".join(parts) + "."
