"""Accounts already in the atlas that a drafted row may repeat: the same statement reprinted by another
outlet, or read twice. A row repeats an account when both are the same party's, their dates lie within
:data:`WINDOW_DAYS` of each other and most of the shorter excerpt's runs of :data:`SHINGLE` words stand in
the other (on folded text). The Add a document page warns and names the account; it never blocks saving.

Examples
--------
>>> index = RepeatIndex([Known("ev-1", "doc-a", "armenia", dt.date(2021, 5, 27), dt.date(2021, 5, 27),
...     "On 27 May, units of the Azerbaijani armed forces opened fire at the Armenian positions near Verishen.")])
>>> [r.event_id for r in index.find("armenia", dt.date(2021, 5, 28), dt.date(2021, 5, 28),
...     "Units of the Azerbaijani Armed Forces opened fire at the Armenian positions near Verishen, it said.")]
['ev-1']
>>> index.find("azerbaijan", dt.date(2021, 5, 28), dt.date(2021, 5, 28), "units of the azerbaijani armed forces "
...     "opened fire at the armenian positions near verishen")
[]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from caucasus_atlas import settings
from caucasus_atlas.events import fold

#: How many days apart a row's and an account's dates may be and still be one statement's.
WINDOW_DAYS = 3
#: The length of the runs of words compared.
SHINGLE = 5
#: The share of the shorter excerpt's runs of words the other must hold.
SHARE = 0.5


def _runs(text: str) -> frozenset[tuple[str, ...]]:
    """The runs of :data:`SHINGLE` words of a text, folded (all of it when it is shorter)."""
    words = re.findall(r"\w+", fold(text))
    n = min(SHINGLE, len(words))
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1)) if n else frozenset()


@dataclass(frozen=True)
class Known:
    """An account of the atlas, as compared."""

    event_id: str
    source: str
    party: str
    date_start: dt.date
    date_end: dt.date
    excerpt: str
    runs: frozenset[tuple[str, ...]] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True)
class Repeat:
    """An account a row may repeat: its id, document, excerpt and the share of runs of words they share."""

    event_id: str
    source: str
    excerpt: str
    share: float

    def excerpt_start(self, words: int = 12) -> str:
        """The excerpt's first words (white space folded), "…" after them when it goes on."""
        parts = self.excerpt.split()
        return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


class RepeatIndex:
    """The atlas's accounts by party, each with its runs of words, to compare rows with."""

    def __init__(self, known: Iterable[Known]) -> None:
        self.by_party: dict[str, list[Known]] = {}
        for k in known:
            runs = k.runs or _runs(k.excerpt)
            self.by_party.setdefault(k.party, []).append(
                Known(k.event_id, k.source, k.party, k.date_start, k.date_end, k.excerpt, runs)
            )

    @classmethod
    def of_events(cls, events: Iterable) -> RepeatIndex:
        """The index of the atlas's events (:class:`caucasus_atlas.models.Event`)."""
        return cls(
            Known(e.id, e.source, settings.party_of(e.claimed_by) or "", e.date_start, e.date_end, e.excerpt)
            for e in events
        )

    def find(self, party: str, date_start: dt.date, date_end: dt.date, excerpt: str) -> list[Repeat]:
        """The accounts of ``party`` within :data:`WINDOW_DAYS` of the dates whose wording ``excerpt``
        repeats, the likeliest first."""
        runs = _runs(excerpt)
        if not runs:
            return []
        window = dt.timedelta(days=WINDOW_DAYS)
        out = []
        for k in self.by_party.get(party, ()):
            if k.date_start > date_end + window or k.date_end < date_start - window or not k.runs:
                continue
            share = len(runs & k.runs) / min(len(runs), len(k.runs))
            if share >= SHARE:
                out.append(Repeat(k.event_id, k.source, k.excerpt, share))
        return sorted(out, key=lambda r: (-r.share, r.event_id))
