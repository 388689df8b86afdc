"""The map as an image for a report: the current view with a title, the date range, a legend and a source line.

The picture is drawn in the reader's browser from the map itself — its SVG layers (basemap, areas, routes,
places), the place names, the clusters and the imported dots — so that it shows exactly the view on the
screen and costs the server nothing. Background tiles are left out: they are another party's images, often
unreachable, and would taint the canvas. The server only supplies the words (:func:`caption`), which
travel with the event layers; ``static/atlas/image.js`` draws and saves the PNG.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from caucasus_atlas import settings
from caucasus_atlas.models import Source

#: Who drew the picture's background, said on every image.
IMAGE_CREDIT = (
    "Outlines, coast and lakes: Natural Earth (public domain). Place names: GeoNames (CC BY 4.0). "
    "Background tiles not included."
)


def range_text(start: dt.date, end: dt.date) -> str:
    """A date range in words.

    Examples
    --------
    >>> range_text(dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    '1–31 May 2021'
    >>> range_text(dt.date(2020, 11, 10), dt.date(2021, 5, 31))
    '10 Nov 2020 – 31 May 2021'
    >>> range_text(dt.date(2021, 5, 12), dt.date(2021, 5, 12))
    '12 May 2021'
    """
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "map"


def caption(
    *,
    title: str,
    start: dt.date,
    end: dt.date,
    wider: bool,
    topics: Sequence[str],
    topic_counts: Mapping[str, int],
    narrowed_by: Iterable[str] = (),
    sources: Iterable[Source] = (),
    datasets: Sequence[str] | None = None,
    today: dt.date | None = None,
    by: str = "topic",
    party_counts: Mapping[str, int] | None = None,
) -> dict[str, object]:
    """The words of the map's image: title, what the filter shows, a legend, the source line, the credit
    and the file name. Plain text: the browser draws it on a canvas, never as HTML.

    ``topics`` are the topics chosen, ``topic_counts`` the events shown per topic, ``narrowed_by`` the other
    filters in use, said in words (``"search 'Sev Lich'"``), ``datasets`` the imported datasets drawn. With
    ``by="party"`` the map is coloured by whose account, and the legend lists the parties (``party_counts``).
    """
    today = today or dt.date.today()
    n = sum(topic_counts.values())
    rule = "dated within" if not wider else "dated within, or only to a wider period overlapping (faded),"
    lines = [f"{n} event{'s' if n != 1 else ''} {rule} {range_text(start, end)}"]
    chosen = [settings.TOPICS[t][0] for t in settings.TOPICS if t in topics]
    narrowing = list(narrowed_by)
    if len(chosen) < len(settings.TOPICS):
        narrowing.insert(0, "topics: " + ("; ".join(chosen) if chosen else "none"))
    if narrowing:
        lines.append("Filter: " + " · ".join(narrowing))
    if datasets:
        lines.append("Also drawn, as small dots: imported events from " + ", ".join(datasets))
    docs = list(sources)
    accounts = [f"{s.title}, {s.publisher}, {s.date}" for s in docs]
    if len(accounts) > 3:
        by_party = Counter(settings.party_of(s.author) for s in docs)
        accounts = [
            f"{len(docs)} documents ({', '.join(f'{settings.PARTIES[p][0]}: {n}' for p, n in by_party.items())})"
        ]
    source = (
        ("Sources: " if len(docs) > 1 else "Source: ") + "; ".join(accounts) + ". Each event is drawn as its "
        "source states it; who asserts it is named in the atlas."
        if accounts
        else "Source: none loaded."
    )
    if by == "party":
        counts = party_counts or {}
        legend = [
            {"topic": f"party-{party}", "label": label, "n": int(counts.get(party, 0))}
            for party, (label, _) in settings.PARTIES.items()
        ]
    else:
        legend = [
            {"topic": topic, "label": label, "n": int(topic_counts.get(topic, 0))}
            for topic, (label, _) in settings.TOPICS.items()
            if topic in topics
        ]
    return {
        "title": f"Caucasus Atlas · {title}" if title != "Caucasus Atlas" else title,
        "lines": lines,
        "legend": legend,
        "source": source,
        "credit": f"{IMAGE_CREDIT} Drawn with Caucasus Atlas on {today.isoformat()}.",
        "file": f"caucasus-atlas_{_slug(title)}_{start.isoformat()}_{end.isoformat()}.png",
    }


def incident_caption(
    *,
    name: str,
    dates: str,
    accounts: int,
    party_counts: Mapping[str, int],
    sources: Iterable[Source],
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> dict[str, object]:
    """The words of an incident map's image: the incident's name and dates, how many of its accounts are drawn
    (each at the places it states, whatever the sidebar's range), a legend of the parties' colours, and every
    document the accounts come from, by name (never only counted).

    >>> from caucasus_atlas.models import Source
    >>> doc = Source("m", "Statement", "Ministry of Defence", "2021-05-27", "en", "m.txt", "0", author="x")
    >>> words = incident_caption(name="Capture near Kut", dates="27 May 2021", accounts=1,
    ...     party_counts={"azerbaijan": 1}, sources=[doc], start=dt.date(2021, 5, 27), end=dt.date(2021, 5, 27))
    >>> words["title"], words["lines"][0]
    ('Caucasus Atlas · Incident: Capture near Kut', '27 May 2021 · 1 account drawn, each at the places it states')
    >>> words["source"].split(". ")[0]
    'Source: Statement, Ministry of Defence, 2021-05-27'
    """
    docs = list(sources)
    words = caption(
        title=f"Incident: {name}", start=start, end=end, wider=False, topics=list(settings.TOPICS), topic_counts={},
        sources=docs, today=today, by="party", party_counts=party_counts,
    )  # fmt: skip
    words["lines"] = [
        f"{dates} · {accounts} account{'s' if accounts != 1 else ''} drawn, each at the places it states",
        "Colours: whose account (the party's); a thin dotted line joins places different parties' accounts give",
    ]
    named = "; ".join(f"{s.title}, {s.publisher}, {s.date}" for s in docs)
    words["source"] = (
        ("Sources: " if len(docs) > 1 else "Source: ") + named + ". Each account is drawn as its source states it; "
        "who asserts it is named in the atlas."
        if docs
        else "Source: none loaded."
    )
    return words
