"""Draft events from a text the atlas has never seen: every sentence with a date and a known place.

``python -m caucasus_atlas candidates FILE.txt --published 2021-05-28`` reads a statement, cuts it into
sentences, finds in each a date expression — absolute ("27 May 2021", "May 27", "2021-05-27", "27 mai",
"mayın 27-də", "27 мая") or relative to the day the text was published ("today", "yesterday", "last
night", "on Friday evening", "two days ago") — and every name of the gazetteer (any alternative name, any
case, with or without diacritics), and prints one row per sentence and place. It proposes; a person codes.
Nothing is written into the curated data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

import yaml

from caucasus_atlas.events import fold
from caucasus_atlas.models import Place, precision_for

#: The columns of a candidate, in the order they are printed.
COLUMNS = (
    "date_start", "date_end", "time_precision", "place_id", "place_name", "source_start", "source_end", "excerpt",
)  # fmt: skip

#: Month names, folded (see :func:`caucasus_atlas.events.fold`), in English, French, Azerbaijani and
#: Russian (nominative and genitive), with common abbreviations.
MONTHS: dict[str, int] = {}
for number, names in enumerate(
    (
        "january jan janvier yanvar yanvarin январь января",
        "february feb fevrier fevral fevralin февраль февраля",
        "march mar mars mart martin март марта",
        "april apr avril aprel aprelin апрель апреля",
        "may mai mayin май мая",
        "june jun juin iyun iyunun июнь июня",
        "july jul juillet iyul iyulun июль июля",
        "august aug aout avqust avqustun август августа",
        "september sep sept septembre sentyabr sentyabrin сентябрь сентября",
        "october oct octobre oktyabr oktyabrin октябрь октября",
        "november nov novembre noyabr noyabrin ноябрь ноября",
        "december dec decembre dekabr dekabrin декабрь декабря",
    ),
    start=1,
):
    for name in names.split():
        MONTHS[fold(name)] = number

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|-?(?:da|də|de|ci|cı|cu|cü|u|ü|ı|i))?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
#: Date expressions, most specific first; each sets a (start, end) from its groups. Matched on folded text.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("day-range-month", re.compile(rf"\b{_DAY}\s*(?:-|–|and|to|et)\s*{_DAY2}\s+{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month-day-range", re.compile(rf"\b{_MONTH}\s+{_DAY}\s*(?:-|–|and|to)\s*{_DAY2}(?:,?\s+{_YEAR})?\b")),
    ("day-month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month-day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?")),
    ("month-year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
    ("last-night", re.compile(r"\b(?:last night|overnight|tonight|at night|during the night)\b")),
    ("same-day", re.compile(r"\b(?:the same day|that day|that night)\b")),
    ("next-day", re.compile(r"\b(?:the next day|the following day)\b")),
    ("yesterday", re.compile(r"\byesterday\b")),
    ("today", re.compile(r"\b(?:today|this (?:morning|afternoon|evening)|earlier today)\b")),
    ("days-ago", re.compile(r"\b(?P<n>\d|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b")),
    ("weekday", re.compile(r"\b(?:on\s+|last\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b")),
]


@dataclass(frozen=True)
class Candidate:
    """One proposed event: a sentence with a date and one of its places."""

    date_start: str
    date_end: str
    time_precision: int
    place_id: str
    place_name: str
    source_start: int
    source_end: int
    excerpt: str


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of every sentence: up to a full stop, question or exclamation mark (and a closing
    quote) followed by white space, or up to a line end; surrounding white space left out.

    >>> text = 'He said: "It is over." Then he left.' + chr(10) + "A headline"
    >>> [text[s:e] for s, e in sentences(text)]
    ['He said: "It is over."', 'Then he left.', 'A headline']
    """
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for stop in re.finditer(r"[.!?]+[\"”’»)]*(?=\s+[\"“«(]?[A-ZА-ЯƏÇĞİÖŞÜ0-9])", line.group(0)):
            end = line.start() + stop.end()
            yield from _trimmed(text, start, end)
            start = end
        yield from _trimmed(text, start, line.end())


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def _year_for(month: int, day: int, published: dt.date) -> int:
    """A date given without its year is the latest such date on or before the day of publication."""
    year = published.year
    try:
        return year if dt.date(year, month, day) <= published else year - 1
    except ValueError:
        return year


def date_span(
    sentence: str, published: dt.date, previous: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date] | None:
    """The first date expression of ``sentence`` as a (first day, last day) span, or None. "The same day"
    and "the next day" refer to ``previous``, the last date of the sentences before.

    Examples
    --------
    >>> published = dt.date(2021, 5, 28)  # a Friday
    >>> date_span("On May 27, six servicemen were captured.", published)
    (datetime.date(2021, 5, 27), datetime.date(2021, 5, 27))
    >>> date_span("Last night shots were fired.", published)
    (datetime.date(2021, 5, 27), datetime.date(2021, 5, 28))
    >>> date_span("On Tuesday evening the ministry said so.", published)
    (datetime.date(2021, 5, 25), datetime.date(2021, 5, 25))
    >>> date_span("Nothing dated here.", published) is None
    True
    >>> date_span("On the same day talks began.", published, previous=(dt.date(2021, 5, 12),) * 2)
    (datetime.date(2021, 5, 12), datetime.date(2021, 5, 12))
    """
    folded = fold(sentence)
    found: list[tuple[int, tuple[dt.date, dt.date]]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(folded):
            span = _span(kind, match, published, previous)
            if span is not None:
                found.append((match.start(), span))
                break
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


def _span(
    kind: str, m: re.Match[str], published: dt.date, previous: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date] | None:
    g = m.groupdict()
    if kind in ("same-day", "next-day"):
        if previous is None:
            return None
        if kind == "same-day":
            return previous
        day = previous[1] + dt.timedelta(days=1)
        return day, day
    try:
        if kind == "iso":
            day = dt.date(int(g["year"]), int(g["m"]), int(g["d"]))
            return day, day
        if kind in ("day-range-month", "month-day-range"):
            month, first, last = MONTHS[g["month"]], int(g["day"]), int(g["day2"])
            year = int(g["year"]) if g.get("year") else _year_for(month, last, published)
            return dt.date(year, month, first), dt.date(year, month, last)
        if kind in ("day-month", "month-day"):
            month, mday = MONTHS[g["month"]], int(g["day"])
            year = int(g["year"]) if g.get("year") else _year_for(month, mday, published)
            when = dt.date(year, month, mday)
            return when, when
        if kind == "month-year":
            month, year = MONTHS[g["month"]], int(g["year"])
            after = dt.date(year + (month == 12), month % 12 + 1, 1)
            return dt.date(year, month, 1), after - dt.timedelta(days=1)
        if kind == "last-night":
            return published - dt.timedelta(days=1), published
        if kind == "yesterday":
            day = published - dt.timedelta(days=1)
            return day, day
        if kind == "today":
            return published, published
        if kind == "days-ago":
            n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS[g["n"]]
            day = published - dt.timedelta(days=n)
            return day, day
        if kind == "weekday":
            back = (published.weekday() - WEEKDAYS[g["weekday"]]) % 7
            day = published - dt.timedelta(days=back)
            return day, day
    except (ValueError, KeyError):
        return None
    return None


def _name_patterns(places: Iterable[Place]) -> list[tuple[re.Pattern[str], Place]]:
    out = []
    for place in places:
        names = {fold(n) for n in (place.name, *place.alt_names) if len(fold(n).strip()) >= 3}
        for name in sorted(names, key=len, reverse=True):
            out.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), place))
    return out


def candidates(text: str, published: dt.date, places: Iterable[Place]) -> list[Candidate]:
    """Every (sentence, place) where the sentence has a date expression and names the place."""
    patterns = _name_patterns(places)
    out = []
    previous = None
    for start, end in sentences(text):
        sentence = text[start:end]
        span = date_span(sentence, published, previous)
        if span is None:
            continue
        previous = span
        folded = fold(sentence)
        seen: dict[str, Place] = {}
        for pattern, place in patterns:
            if place.id not in seen and pattern.search(folded):
                seen[place.id] = place
        for place in seen.values():
            first, last = span
            row = Candidate(first.isoformat(), last.isoformat(), precision_for(first, last), place.id, place.name,
                            start, end, sentence)  # fmt: skip
            out.append(row)
    return out


def to_csv(rows: list[Candidate]) -> str:
    """The candidates as CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(r) for r in rows)
    return buffer.getvalue()


def to_yaml(rows: list[Candidate]) -> str:
    """The candidates as a YAML list, ready to be copied into a draft and completed by hand."""
    return yaml.safe_dump([asdict(r) for r in rows], allow_unicode=True, sort_keys=False, width=110)
