"""What an account states (``states``): each value with the verbatim phrase of its own document."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from caucasus_atlas import settings
from caucasus_atlas.events import ROMANISED_MIN, romanised
from caucasus_atlas.models import Place, Stated
from caucasus_atlas.reading import shown
from caucasus_atlas.records import ISO_DATE, Record

_STATED_KEYS = {"what", "value", "phrase", "start"}
_NUMBER = r"(\d{1,3}(?:[.,]\d+)?)"
_DEGREES = re.compile(_NUMBER + r"\s*°\s*(?:" + _NUMBER + r"\s*[′'’]\s*)?(?:" + _NUMBER + r"\s*[″\"”])?")
#: How far a coordinate the text gives may lie from its place's point (degrees: about 100 m).
STATED_COORDINATE_TOLERANCE_DEG = 0.001


def _fold(text: str) -> str:
    """Lower case without diacritics, for matching a place's names in a phrase.

    >>> _fold("Yukhari Ayrım"), _fold("Qaragöl")
    ('yukhari ayrim', 'qaragol')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _coordinates(phrase: str) -> list[float]:
    """Every angle a phrase writes in degrees (and minutes, seconds), as decimal degrees.

    >>> [round(a, 5) for a in _coordinates("N 40°09′06″; E 45°58′07″")]
    [40.15167, 45.96861]
    >>> _coordinates("at 39.7215° N")
    [39.7215]
    """
    out = []
    for deg, minutes, seconds in _DEGREES.findall(phrase):
        value = float(deg.replace(",", "."))
        value += float(minutes.replace(",", ".")) / 60 if minutes else 0
        value += float(seconds.replace(",", ".")) / 3600 if seconds else 0
        out.append(value)
    return out


def names_place(phrase: str, place: Place) -> bool:
    """Whether a phrase names a place (its name or an alternative name, any case or diacritics, whole
    words) or gives its point's coordinates.

    >>> from shapely import Point
    >>> kut = Place("kut", "Kut", ("Kut village",), "settlement", "AM", Point(45.9, 40.2), 1, "x")
    >>> names_place("near the Kut village of Gegharkunik", kut), names_place("in Kutaisi", kut)
    (True, False)
    >>> buzqov = Place("ashaghy-buzqov", "Ashaghy Buzqov", (), "settlement", "AZ", Point(45.4, 39.5), 1, "x")
    >>> names_place("near Ashagi Buzgov", buzqov), names_place("near Ashagi", buzqov)
    (True, False)
    """
    folded, spelled = _fold(phrase), romanised(phrase)
    for name in (place.name, *place.alt_names):
        if re.search(r"(?<!\w)" + re.escape(_fold(name)) + r"(?!\w)", folded):
            return True
        other = romanised(name)  # the same name romanised another way: "Ashagi Buzgov" for "Ashaghy Buzqov"
        if len(other) >= ROMANISED_MIN and re.search(r"(?<!\w)" + re.escape(other) + r"(?!\w)", spelled):
            return True
    if place.geometry.geom_type == "Point":
        angles = _coordinates(phrase)
        tol = STATED_COORDINATE_TOLERANCE_DEG
        hits = [abs(a - place.geometry.y) <= tol for a in angles], [abs(a - place.geometry.x) <= tol for a in angles]
        return any(hits[0]) and any(hits[1])
    return False


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    r"""A stated value's phrase as it may stand in its document: its words in order, white space between them
    of any kind (line breaks are folded).

    >>> phrase_pattern("the  return fire").search("by the return\nfire.").group(0)
    'the return\nfire'
    """
    return re.compile(r"\s+".join(re.escape(w) for w in phrase.split()))


def _phrase_span(rec: Record, text: str, phrase: str, start: Any) -> tuple[int, int] | None:
    """Where a stated value's phrase stands in the document: the only place it occurs, or the one at
    ``start`` when it occurs more than once (:func:`phrase_pattern`)."""
    spans = [(m.start(), m.end()) for m in phrase_pattern(phrase).finditer(text)]
    if not spans:
        rec.problem("states", f"phrase is not verbatim in the document (got {shown(phrase)})", fatal=False)
        return None
    if start is None:
        if len(spans) > 1:
            offsets = ", ".join(str(a) for a, _ in spans)
            rec.problem(
                "states",
                f"phrase {shown(phrase)} occurs {len(spans)} times in the document: give `start` (one of {offsets})",
                fatal=False,
            )
            return None
        return spans[0]
    for span in spans:
        if span[0] == start:
            return span
    offsets = ", ".join(str(a) for a, _ in spans)
    rec.problem(
        "states", f"start does not point at the phrase {shown(phrase)} (got {shown(start)}, expected {offsets})",
        fatal=False,
    )  # fmt: skip
    return None


def _stated_value(rec: Record, what: str, value: Any, phrase: str, places: dict[str, Place]) -> str | None:
    """The stated value as text, or None (with a problem) when it does not fit its kind or its phrase."""
    if what == "place":
        if not isinstance(value, str) or value not in places:
            rec.problem("states", f"place is not a known place (got {shown(value)}, expected an id in "
                        f"{settings.PLACES_FILE})", fatal=False)  # fmt: skip
            return None
        if not names_place(phrase, places[value]):
            rec.problem(
                "states",
                f"phrase {shown(phrase)} does not name place {value!r} (expected its name, an alternative name or "
                "its coordinate in the phrase)",
                fatal=False,
            )
            return None
        return value
    if what == "date":
        parts = value.split("/") if isinstance(value, str) else []
        try:
            days = [dt.date.fromisoformat(x) for x in parts if ISO_DATE.fullmatch(x)]
        except ValueError:
            days = []
        if not 1 <= len(parts) <= 2 or len(days) != len(parts) or days != sorted(days):
            rec.problem("states", f"date is not a day or a span (got {shown(value)}, expected YYYY-MM-DD or "
                        "YYYY-MM-DD/YYYY-MM-DD)", fatal=False)  # fmt: skip
            return None
        return "/".join(d.isoformat() for d in days) if len(set(days)) > 1 else days[0].isoformat()
    if what in settings.STATED_FIGURES:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            rec.problem("states", f"{what} is not a whole number of people (got {shown(value)})", fatal=False)
            return None
        return str(value)
    vocabulary = settings.HAPPENINGS if what == "happened" else settings.STATUSES
    if value not in vocabulary:
        rec.problem("states", f"{what} is not in the vocabulary (got {shown(value)}, expected one of: "
                    f"{', '.join(vocabulary)})", fatal=False)  # fmt: skip
        return None
    return str(value)


def states(rec: Record, text: str | None, places: dict[str, Place]) -> tuple[Stated, ...]:
    """What the account states, each value with its phrase. A value that cannot be cited is reported and
    left out; the account and its other values stay."""
    value = rec.raw.get("states")
    if value is None:
        return ()
    example = "{what: place|date|killed|wounded|captured|happened|status, value: …, phrase: …}"
    if not isinstance(value, list):
        rec.problem("states", f"must be a list of {example} (got {shown(value)})", fatal=False)
        return ()
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) - _STATED_KEYS or not {"what", "value", "phrase"} <= set(item):
            rec.problem("states", f"each entry must be {example} (got {shown(item)})", fatal=False)
            continue
        what, phrase = item["what"], item["phrase"]
        if what not in settings.STATED_KINDS:
            kinds = ", ".join(settings.STATED_KINDS)
            rec.problem("states", f"what is not in the vocabulary (got {shown(what)}, expected one of: {kinds})",
                        fatal=False)  # fmt: skip
            continue
        if not isinstance(phrase, str) or not phrase.strip():
            rec.problem("states", f"phrase must be a non-empty text (got {shown(phrase)})", fatal=False)
            continue
        if text is None:
            continue  # the document did not load: reported with the source
        span = _phrase_span(rec, text, phrase, item.get("start"))
        stated = _stated_value(rec, what, item["value"], phrase, places)
        if span is not None and stated is not None:
            out.append(Stated(what=what, value=stated, phrase=text[span[0] : span[1]], start=span[0], end=span[1]))
    return tuple(out)
