"""Draft whole records from a new document: one proposal per sentence, every suggestion with its reason.

:func:`draft` reads a statement the atlas has never seen and proposes, for each sentence that names a
date, a place or a coordinate (a dated sentence with no known place is proposed too, its place left for
the curator — never dropped):

- its **dates**: the sentence's own date expression, a span where it gives one ("on the night of 13 to 14
  July"), a coming weekday where the verb is in the future ("On Friday the minister will visit"), or the
  publication day, marked as such, where the sentence gives none;
- its **places**: names of the atlas's gazetteer, then of the regional gazetteer
  (:mod:`caucasus_atlas.regional`; a match there is proposed as a *new place* with its GeoNames point and
  ``coord_source``), and coordinates the text writes (degrees-minutes-seconds or decimal), each a new place
  whose ``coord_source`` cites the document;
- a suggested **event type** and sub-type (by the words that suggest it), the **claimant** (a speaker the
  sentence names, else the document's author), the **stance** (``denies`` on "unfounded", "rejects"…, or on
  "did not" when it negates a deed another party alleges or answers another party's claim: not on "did
  not attend"), the **incident** it may belong to (an incident at one of its places whose accounts' span
  meets its dates) and the **account it may answer** (``responds_to``: another party's account of that
  incident);
- the **figures** it gives of people killed, wounded or captured ("one of their soldiers was wounded",
  "two servicemen were killed"; "without casualties" is none of either), each with its phrase
  (:func:`figures_in`): stated values of the account beside its place and date phrases.

Every suggestion says where it comes from (:attr:`Proposal.why`), and nothing here writes a word the
document does not say: the excerpt is the sentence, verbatim, at its offsets; the proposed summary is the
excerpt too, for the curator to replace with a neutral line. :mod:`caucasus_atlas.bundle` turns the
proposals into records and writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from caucasus_atlas import regional, settings
from caucasus_atlas.candidates import PATTERNS, WEEKDAYS, _span, sentences
from caucasus_atlas.events import ROMANISED_MIN, fold, romanised
from caucasus_atlas.models import Place, precision_for

# -- folding with offsets --------------------------------------------------------------------------------


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` folded (:func:`caucasus_atlas.events.fold`) with, for each folded character, the offset of
    the character of ``text`` it comes from (folding may lengthen a character: "ß" -> "ss").

    >>> folded, where = fold_with_offsets("Qaragöl ß")
    >>> folded, where[-2:]
    ('qaragol ss', [8, 8])
    """
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        f = fold(char)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def _original(where: list[int], length: int, a: int, b: int) -> tuple[int, int]:
    """The offsets in the original text of the folded span [a, b)."""
    if a >= len(where):
        return length, length
    return where[a], (where[b - 1] + 1) if b > a else where[a]


# -- dates -----------------------------------------------------------------------------------------------

#: Words that put a sentence's weekday in the future ("On Friday the minister will visit").
FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|is due to|are due to|is scheduled|are scheduled|is expected|are expected|"
    r"plans? to|planned for|going to|next|upcoming|coming)\b"
)
#: "on the night of 13 to 14 July", "in the night from May 26 to 27": spans, read by the range patterns;
#: "on the night of May 26" alone is the night leading from that day into the next.
NIGHT_OF = re.compile(r"\bnight (?:of|from)\s+(?:the\s+)?$")


@dataclass(frozen=True)
class DateFound:
    """A sentence's date: the span, its precision, the phrase that gives it (or none) and why."""

    start: dt.date
    end: dt.date
    phrase: str
    phrase_start: int  # offset in the document; -1 when no phrase of the sentence gives the date
    why: str

    @property
    def precision(self) -> int:
        return precision_for(self.start, self.end)

    @property
    def from_publication(self) -> bool:
        return self.phrase_start < 0


def find_date(
    sentence: str, published: dt.date, previous: tuple[dt.date, dt.date] | None = None, *, offset: int = 0
) -> DateFound:
    """The sentence's date, or the publication day (marked as such) when it gives none.

    Examples
    --------
    >>> friday = dt.date(2021, 7, 16)
    >>> d = find_date("On the night of 13 to 14 July shots were fired.", friday)
    >>> d.start, d.end, d.precision, d.phrase
    (datetime.date(2021, 7, 13), datetime.date(2021, 7, 14), 2, '13 to 14 July')
    >>> d = find_date("On Monday the minister will visit Goris.", friday)
    >>> d.start, d.why
    (datetime.date(2021, 7, 19), "'Monday' with a verb in the future tense: the coming Monday")
    >>> d = find_date("The ministry rejects the claim.", friday)
    >>> d.start, d.from_publication, d.why
    (datetime.date(2021, 7, 16), True, 'no date in the sentence: the publication day (2021-07-16)')
    """
    folded, where = fold_with_offsets(sentence)
    found: list[tuple[int, int, str, tuple[dt.date, dt.date]]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(folded):
            span = _span(kind, match, published, previous)
            if span is not None:
                found.append((match.start(), match.end(), kind, span))
                break
    if found:
        a, b, kind, span = min(found, key=lambda item: (item[0], -(item[1] - item[0])))
        s, e = _original(where, len(sentence), a, b)
        phrase = sentence[s:e]
        why = f"the sentence's date expression {phrase!r}"
        if kind == "weekday" and FUTURE.search(folded):
            weekday = WEEKDAYS[re.search("|".join(WEEKDAYS), folded[a:b]).group(0)]  # type: ignore[union-attr]
            ahead = (weekday - published.weekday()) % 7
            if ahead == 0 and re.search(r"\bnext\b", folded[max(0, a - 6) : b]):
                ahead = 7
            day = published + dt.timedelta(days=ahead)
            span = (day, day)
            why = f"{phrase.split()[-1]!r} with a verb in the future tense: the coming {phrase.split()[-1]}"
        elif kind in ("day-month", "month-day") and NIGHT_OF.search(folded[:a]):
            span = (span[0], span[0] + dt.timedelta(days=1))
            why = f"'night of' {phrase!r}: the night from that day into the next"
        elif kind in ("day-month", "month-day", "iso") and re.search(r"\bsince\s+(?:the\s+)?$", folded[:a]):
            span = (span[0], max(span[1], published))
            why = f"'since' {phrase!r}: from that day to the publication day ({published.isoformat()})"
        elif kind in ("same-day", "next-day"):
            why = f"{phrase!r}: from the date of the sentence before"
        elif kind in ("last-night", "yesterday", "today", "days-ago", "weekday"):
            why = f"{phrase!r}, counted from the publication day ({published.isoformat()})"
        return DateFound(span[0], span[1], phrase, offset + s, why)
    return DateFound(published, published, "", -1,
                     f"no date in the sentence: the publication day ({published.isoformat()})")  # fmt: skip


# -- figures of people killed, wounded or captured -------------------------------------------------------

#: Number words a sentence may give a figure in (up to twenty); "a"/"an" count one person.
_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen \
    seventeen eighteen nineteen twenty"
NUMBER_WORDS = {w: n for n, w in enumerate(_NUMBERS.split())}
_FIGURE = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r"|an?)"
#: The people a figure counts: soldiers, servicemen, civilians… (a word or two of who they are may stand before).
_PEOPLE = (
    r"(?:(?:[A-Z]?[a-z]+(?:ian|ani|ese|ish|i)|military|contract|enemy|border|civilian|local|our|their|its|the|"
    r"junior|young|other)\s+){0,3}"
    r"(?P<who>servicem[ae]n|soldiers?|troops?|conscripts?|border guards?|guards?|officers?|sergeants?|privates?|"
    r"civilians?|residents?|villagers?|people|persons?|members?|shepherds?|farmers?|m[ae]n|wom[ae]n|child(?:ren)?|"
    r"fighters?|militants?)"
)
_ANY_PEOPLE = _PEOPLE.replace("?P<who>", "?:")
#: What happened to them: the kind of figure by the verb ("fatally wounded" is killed).
_HARM_VERBS = (
    r"(?P<verb>fatally (?:wounded|injured)|killed|died|dead|wounded|injured|captured|taken (?:prisoner|captive)|"
    r"detained|abducted)"
)
_KIND_OF_VERB = {"killed": "killed", "died": "killed", "dead": "killed", "wounded": "wounded", "injured": "wounded",
                 "captured": "captured", "detained": "captured", "abducted": "captured"}  # fmt: skip
_BE = r"(?:(?:was|were|has been|have been|had been|got|are|is|being)\s+)?"
FIGURE_PATTERNS = [
    # "two servicemen were killed", "one of their soldiers was wounded", "a soldier was fatally wounded"
    re.compile(
        # "a serviceman of the Azerbaijan Army, first lieutenant A. B., was wounded": the army and a name between
        rf"\b{_FIGURE}\s+(?:of\s+(?:the|their|our|its|his|her)\s+)?{_PEOPLE}"
        r"(?:\s+of\s+the\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})?(?:,\s+[^,.;]{1,60},)?"
        rf"\s+(?:\w+\s+)?{_BE}{_HARM_VERBS}\b",
        re.IGNORECASE,
    ),
    # "killed two soldiers", "captured six servicemen", "wounded a civilian"
    re.compile(rf"\b{_HARM_VERBS}\s+{_FIGURE}\s+{_PEOPLE}\b", re.IGNORECASE),
]
#: A figure of nobody: "no one was wounded", "nobody was killed", "no casualties", "without casualties" (the
#: README's table: the phrase gives the figure, 0; "casualties" and "losses" are the killed and the wounded).
NONE_PATTERNS = [
    re.compile(rf"\b(?:no one|no-one|nobody|none of (?:the|our|their) {_ANY_PEOPLE}|no {_ANY_PEOPLE})\s+{_BE}"
               rf"{_HARM_VERBS}\b", re.IGNORECASE),
    re.compile(r"\b(?:(?:there (?:were|was|had been|have been) )?no|without(?: any)?)\s+(?:human\s+)?"
               r"(?P<verb>casualties|losses)\b", re.IGNORECASE),
]  # fmt: skip


@dataclass(frozen=True)
class FigureFound:
    """A figure of people killed, wounded or captured the sentence gives, with its phrase."""

    what: str  # killed, wounded or captured
    value: int
    phrase: str
    start: int  # offset in the document
    why: str


def _kind(verb: str) -> str:
    verb = verb.lower()
    if verb.startswith("fatally"):
        return "killed"
    if verb.startswith("taken"):
        return "captured"
    return _KIND_OF_VERB[verb]


def figures_in(sentence: str, *, offset: int = 0) -> list[FigureFound]:
    """The figures of people killed, wounded or captured a sentence gives, each with the shortest phrase that
    gives the figure and names the people counted (digits, number words up to twenty, "a soldier" = 1); a
    figure of nobody ("no one was wounded", "without casualties": killed and wounded) is 0. Only what the
    sentence says: no word of harm, no figure.

    Examples
    --------
    >>> [(f.what, f.value, f.phrase) for f in figures_in("One of their soldiers was wounded near Kut.")]
    [('wounded', 1, 'One of their soldiers was wounded')]
    >>> [(f.what, f.value) for f in figures_in("Two servicemen were killed and 3 civilians were injured.")]
    [('killed', 2), ('wounded', 3)]
    >>> [(f.what, f.value, f.phrase) for f in figures_in("A serviceman was fatally wounded.")]
    [('killed', 1, 'A serviceman was fatally wounded')]
    >>> [(f.what, f.value) for f in figures_in("The fire was suppressed without casualties.")]
    [('killed', 0), ('wounded', 0)]
    >>> figures_in("The soldiers fired at the village.")
    []
    """
    out: list[FigureFound] = []
    taken: list[tuple[int, int]] = []
    for pattern in NONE_PATTERNS + FIGURE_PATTERNS:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            phrase = m.group(0)
            verb = m.group("verb").lower()
            number = (m.groupdict().get("n") or "").lower()
            if verb in ("casualties", "losses"):
                kinds, value = ["killed", "wounded"], 0
                why = f"{phrase!r}: no {verb}, so none killed and none wounded (the phrase gives the figure, 0)"
            elif not number:
                kinds, value = [_kind(verb)], 0
                why = f"{phrase!r}: nobody {verb} (the phrase gives the figure, 0)"
            else:
                who = m.group("who").lower()
                if number in ("a", "an") and who.endswith(("s", "men", "people", "children")) and who != "servicemen":
                    continue  # "a few soldiers", not one person
                value = int(number) if number.isdigit() else NUMBER_WORDS.get(number, 1)
                kinds = [_kind(verb)]
                why = f"{phrase!r} gives the figure {value} and names the people counted"
            taken.append((m.start(), m.end()))
            for kind in kinds:
                out.append(FigureFound(kind, value, phrase, offset + m.start(), why))
    return sorted(out, key=lambda f: (f.start, f.what))


# -- places ----------------------------------------------------------------------------------------------

#: Single words a regional settlement may be named that are far likelier to be ordinary words here.
_NOT_PLACES_WORDS = """the and for said army lake border ministry state river new old upper lower
    all many more most also about
    after before both during from into last next since under over with within without today yesterday
    president prime minister defence defense foreign affairs republic national service armed forces troops
    village city region district province post north south east west central union peace press office
    council security general major spokesman spokesperson statement information according however
    armenia azerbaijan georgia turkey iran russia france karabakh nagorno artsakh"""
NOT_PLACES = frozenset(_NOT_PLACES_WORDS.split())


def _key(name: str) -> str:
    """A name as matched: folded, its words joined by one space ("Zarrit'ap'" -> "zarrit ap")."""
    return " ".join(re.findall(r"\w+", fold(name)))


@dataclass
class PlaceFound:
    """A place a sentence names or a coordinate it writes."""

    phrase: str
    start: int  # offset in the document
    end: int
    place_id: str  # an atlas id, or the id proposed for a new place
    name: str
    role: str
    why: str
    new: dict[str, Any] | None = None  # the new place's record, when the atlas does not have it


@dataclass
class Gazetteers:
    """The names to look for: the atlas's places first, then the regional settlements."""

    atlas: dict[str, Place]
    index: dict[str, list[Place | regional.Settlement]]
    longest: int
    by_geonameid: dict[int, str]
    #: the atlas's places and Armenia's and Azerbaijan's settlements by their names romanised
    #: (:func:`caucasus_atlas.events.romanised`): "Ashagi Buzgov" finds Ashaghy Buzqov when no name matches
    spelled: dict[str, list[Place | regional.Settlement]] = field(default_factory=dict)

    @classmethod
    def build(cls, places: Iterable[Place], settlements: Iterable[regional.Settlement] | None = None) -> Gazetteers:
        atlas = {p.id: p for p in places}
        index: dict[str, list[Place | regional.Settlement]] = {}
        for place in atlas.values():
            for name in (place.name, *place.alt_names):
                key = _key(name)
                if len(key) >= 3 and place not in index.setdefault(key, []):
                    index[key].append(place)
        by_geonameid = {}
        for place in atlas.values():
            m = re.match(r"GeoNames (\d+)", place.coord_source)
            if m:
                by_geonameid[int(m.group(1))] = place.id
        pool = regional.settlements() if settlements is None else tuple(settlements)
        ranked = sorted(pool, key=lambda s: (s.country not in ("AM", "AZ", "GE"), -s.population))
        for s in ranked:
            for name in (s.name, *s.alt_names):
                key = _key(name)
                if len(key) < 4 or key in NOT_PLACES:
                    continue
                bucket = index.setdefault(key, [])
                if s not in bucket:
                    bucket.append(s)
        longest = max((k.count(" ") + 1 for k in index), default=1)
        spelled: dict[str, list[Place | regional.Settlement]] = {}
        for entry in [*atlas.values(), *(s for s in ranked if s.country in ("AM", "AZ"))]:
            for name in (entry.name, *entry.alt_names):
                key = romanised(_key(name))
                if len(key) >= ROMANISED_MIN and key not in NOT_PLACES and entry not in spelled.setdefault(key, []):
                    spelled[key].append(entry)
        return cls(atlas, index, min(longest, 6), by_geonameid, spelled)


_SLUG_LETTERS = {ord(k): v for k, v in {"ə": "e", "ø": "o", "ł": "l", "ß": "ss", "’": "", "ʼ": "", "ʻ": ""}.items()}


def _slug(text: str) -> str:
    """An id made of a name: folded, ASCII letters and digits, hyphens.

    >>> _slug("Zarrit’ap’ (Syunik)"), _slug("Ağdərə")
    ('zarritap-syunik', 'agdere')
    """
    folded = fold(text).translate(_SLUG_LETTERS)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def new_place_from_settlement(s: regional.Settlement, taken: set[str], phrase: str, source_id: str) -> dict:
    """The record of a settlement of the regional gazetteer proposed as a new place of the atlas."""
    ident = _slug(s.name) or f"geonames-{s.geonameid}"
    if ident in taken:
        ident = f"{ident}-{s.geonameid}"
    return {
        "id": ident,
        "name": s.name,
        "alt_names": list(s.alt_names),
        "kind": "settlement",
        "country": s.country,
        "point": [s.lon, s.lat],
        "geo_precision": 1,
        "coord_source": s.coord_source,
        "note": f"Added while drafting {source_id}, whose text names it {phrase!r}.",
    }


def _names_in(sentence: str, offset: int, gaz: Gazetteers) -> list[tuple[int, int, list[Any], bool]]:
    """Every gazetteer name in the sentence, longest first and not overlapping: (start, end, entries, and
    whether it is spelled otherwise: found by its romanised form only)."""
    folded, where = fold_with_offsets(sentence)
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\w+", folded)]
    out = []
    i = 0
    while i < len(tokens):
        for n in range(min(gaz.longest, len(tokens) - i), 0, -1):
            key = " ".join(t[2] for t in tokens[i : i + n])
            entries, spelled = gaz.index.get(key), False
            if not entries and sentence[_original(where, len(sentence), tokens[i][0], tokens[i][1])[0]].isupper():
                entries, spelled = gaz.spelled.get(romanised(key)), True  # a name (capitalised) spelled otherwise
            if not entries:
                continue
            s, e = _original(where, len(sentence), tokens[i][0], tokens[i + n - 1][1])
            if isinstance(entries[0], regional.Settlement) and (
                sentence[s].islower() or (n == 1 and key in NOT_PLACES) or sentence[s].isdigit()
            ):
                continue  # a regional name written in lower case is an ordinary word here; "28 May" is a date
            out.append((offset + s, offset + e, entries, spelled))
            i += n
            break
        else:
            i += 1
    return out


#: Words before a place that name it as where people live or come from, not where something happened:
#: "residents of", "a native of", "born in", "a shepherd from", "villagers of"… (matched on folded text).
HOME_CUE = re.compile(
    r"\b(?:(?:residents?|inhabitants?|natives?|villagers|dwellers|people|citizens?|born)\s+(?:of|in)|"
    r"(?:hails?|hailing|comes?|came|coming|originally)\s+from|"
    r"(?:residents?|inhabitants?|natives?|villagers|people|persons?|civilians?|citizens?|shepherds?|herders?|"
    r"farmers?|m[ae]n|wom[ae]n|boys?|girls?|child|children|famil(?:y|ies)|servicem[ae]n|soldiers?|conscripts?)"
    r"\s+from)\b"
)
#: What may stand between such words and the place, or between the places of a list they govern:
#: "residents of the border villages of Goris, Sisian and Tegh communities of Syunik province".
_HOME_LIST = re.compile(
    r"(?:[\s,]|\b(?:the|a|border|bordering|frontier|nearby|neighbou?ring|villages?|communit(?:y|ies)|towns?|"
    r"city|cities|settlements?|regions?|provinces?|districts?|marz|of|and|or)\b)*"
)


def home_cue(text: str, start: int, at: int, places: list[PlaceFound]) -> str | None:
    """The words naming the place at offset ``at`` (in ``text``; its sentence begins at ``start``) as where
    people live or come from ("residents of", "a native of", "a shepherd from"), or ``None``. The words
    govern a list: the places named between them and this one, with "and", commas or "village(s) of",
    are homes too.

    >>> t = "Residents of the villages of Goris and Tegh said that troops were seen near Sisian."
    >>> names = ("Goris", "Tegh", "Sisian")
    >>> marks = [PlaceFound(n, t.index(n), t.index(n) + len(n), n.lower(), n, "at", "") for n in names]
    >>> [home_cue(t, 0, p.start, marks) for p in marks]
    ['residents of', 'residents of', None]
    """
    before = list(text[start:at])
    for other in places:  # the places of a list stand as commas
        if start <= other.start and other.end <= at:
            before[other.start - start : other.end - start] = "," * (other.end - other.start)
    folded = "".join(before).lower()
    cues = list(HOME_CUE.finditer(folded))
    if cues and _HOME_LIST.fullmatch(folded[cues[-1].end() :]):
        return cues[-1].group(0)
    return None


# -- coordinates -----------------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:[.,]\d+)?"
_DEG = r"(?:°|º|˚|\s*(?:degrees?|dərəcə|градус(?:а|ов)?)\b)"
_MIN = r"(?:[′'’]|\s*(?:minutes?|dəqiqə|минут[аы]?)\b)"
_SEC = r"(?:[″\"”]|[′'’]{2}|\s*(?:seconds?|saniyə|секунд[аы]?)\b)"
#: An angle written with units: 40°09′06″, 40 dərəcə 09 dəqiqə 06 saniyə, 40.15°.
_ANGLE_UNITS = rf"(?P<dK>{_NUM})\s*{_DEG}\s*(?:(?P<mK>{_NUM})\s*{_MIN}\s*(?:(?P<sK>{_NUM})\s*{_SEC})?)?"
#: An angle written bare after its hemisphere letter: N 40 09 06.
_ANGLE_BARE = r"(?P<dK>\d{1,3})\s+(?P<mK>\d{1,2})\s+(?P<sK>\d{1,2}(?:[.,]\d+)?)"
_LAT_WORDS = r"(?:N|north|şimal enliyi|северной широты|с\.\s?ш\.)"
_LON_WORDS = r"(?:E|east|şərq uzunluğu|восточной долготы|в\.\s?д\.)"
COORDINATE_PATTERNS = [
    # N 40°09′06″; E 45°58′07″  /  N 40 09 06, E 45 58 07
    re.compile(
        rf"\b(?:N|north)\s*(?:{_ANGLE_UNITS.replace('K', '1')}|{_ANGLE_BARE.replace('K', '3')})\s*[,;]?\s*(?:and\s+)?"
        rf"\b(?:E|east)\s*(?:{_ANGLE_UNITS.replace('K', '2')}|{_ANGLE_BARE.replace('K', '4')})"
    ),
    # 40°09′06″ N, 45°58′07″ E  /  40 dərəcə 09 dəqiqə 06 saniyə şimal enliyi, 45 dərəcə … şərq uzunluğu
    re.compile(
        rf"{_ANGLE_UNITS.replace('K', '1')}\s*{_LAT_WORDS}\s*[,;]?\s*(?:and|və|и)?\s*"
        rf"{_ANGLE_UNITS.replace('K', '2')}\s*{_LON_WORDS}"
    ),
    # 40.15167, 45.96861 (decimal degrees, latitude first, within the region)
    re.compile(r"(?<![\d.])(?P<d1>[34]\d\.\d{3,})\s*°?\s*,\s*(?P<d2>[45]\d\.\d{3,})\s*°?(?![\d.])"),
]


def _angle(match: re.Match[str], k: int) -> float | None:
    g = match.groupdict()
    deg = g.get(f"d{k}")
    if deg is None and k in (1, 2):
        return _angle(match, k + 2)
    if deg is None:
        return None
    value = float(deg.replace(",", "."))
    for part, div in (("m", 60), ("s", 3600)):
        raw = g.get(f"{part}{k}")
        if raw:
            value += float(raw.replace(",", ".")) / div
    return value


def coordinates_in(text: str) -> list[tuple[int, int, float, float]]:
    """Every coordinate pair the text writes: (start, end, longitude, latitude).

    >>> [(round(lon, 5), round(lat, 5)) for _, _, lon, lat in coordinates_in("at N 40°09′06″; E 45°58′07″.")]
    [(45.96861, 40.15167)]
    >>> [(round(lon, 5), round(lat, 5)) for _, _, lon, lat in coordinates_in("N 40 04 30, E 45 54 42")]
    [(45.91167, 40.075)]
    >>> az = "40 dərəcə 09 dəqiqə 06 saniyə şimal enliyi, 45 dərəcə 58 dəqiqə 07 saniyə şərq uzunluğu"
    >>> [(round(lon, 5), round(lat, 5)) for _, _, lon, lat in coordinates_in(az)]
    [(45.96861, 40.15167)]
    >>> [(lon, lat) for _, _, lon, lat in coordinates_in("the point 40.1517, 45.9686 on the map")]
    [(45.9686, 40.1517)]
    """
    out: list[tuple[int, int, float, float]] = []
    for pattern in COORDINATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e, _, _ in out):
                continue
            lat, lon = _angle(m, 1), _angle(m, 2)
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                continue
            out.append((m.start(), m.end(), lon, lat))
    return sorted(out)


def country_of(lon: float, lat: float, admin0: Any) -> str | None:
    """The ISO code(s) of the country holding a point by the atlas's outlines; ``AZ;AM`` for a point nearer
    the Armenia–Azerbaijan line than the line's accuracy (the data cannot settle its side)."""
    from shapely.geometry import Point

    if admin0 is None or len(admin0) == 0:
        return None
    point = Point(lon, lat)
    codes = {"ARM": "AM", "AZE": "AZ", "GEO": "GE", "IRN": "IR", "TUR": "TR"}
    inside = [codes.get(row.ADM0_A3) for row in admin0.itertuples() if row.geometry.contains(point)]
    inside = [c for c in inside if c]
    if inside and inside[0] in ("AM", "AZ"):
        from caucasus_atlas.borderside import side_of

        side = side_of(lon, lat, str(settings.project_file(settings.ADMIN0_FILE)))
        if side is not None and not side.settled:
            return "AZ;AM"
    if inside:
        return inside[0]
    nearest = min(admin0.itertuples(), key=lambda row: row.geometry.distance(point))
    return codes.get(nearest.ADM0_A3)


# -- what the sentence says ------------------------------------------------------------------------------

#: (words, event_type, sub_event_type), first match wins; matched on the folded sentence.
TYPE_RULES: list[tuple[str, str, str]] = [
    (r"captur\w*|detain\w*|taken prisoner|abduct\w*|kidnapp\w*|held captive", "detention", "captivity"),
    (r"arrest\w*", "detention", "arrest"),
    (r"mines?\b|mined\b|mining\b", "armed_incident", "mine_laying"),
    (r"fire[ds]?\b|firing|shot|shots|shooting|shell\w*|gunfire|mortar\w*|sniper\w*", "armed_incident",
     "exchange_of_fire"),
    (r"cross\w*|advanc\w*|incursion|trespass\w*|infiltrat\w*|entered|penetrat\w*|positions?\b|"
     r"appeared in (?:the )?(?:territory|area|vicinity)|(?<!\bit )emerged\b|moved forward", "armed_incident",
     "incursion"),
    (r"phone (?:call|conversation|talk)|telephone|spoke (?:by phone|with)|call(?:ed)? with", "phone_call",
     "bilateral_call"),
    (r"\bmet\b|meeting|talks\b|negotiation\w*", "meeting", "bilateral_meeting"),
    (r"\bvisit\w*", "visit", "official_visit"),
    (r"calls? (?:on|upon)|urg\w*|appeal\w*", "statement", "appeal"),
    (r"warn\w*", "statement", "warning"),
    (r"propos\w*|offer\w*", "statement", "proposal"),
]  # fmt: skip

#: A sentence's main verb asking someone to act ("We call on Azerbaijan to release the detainees"): a deed
#: word after it is what the appeal asks for, not a deed the sentence reports.
APPEAL = re.compile(r"\b(?:call(?:s|ed|ing)? (?:on|upon)|urg(?:e|es|ed|ing)\b|appeal(?:s|ed|ing)? (?:to|for)\b)")

#: Words that make a sentence a denial of someone else's account, whatever else it says.
DENIAL = re.compile(
    r"\b(?:unfounded|groundless|baseless|untrue|not true|false|fake|disinformation|misinformation|"
    r"does not correspond|do not correspond|not correspond|no shots|no fire|reject\w*|refut\w*|den(?:y|ies|ied|ying)|"
    r"absurd|lies\b(?!\s+(?:(?:entirely|solely|fully|wholly|squarely|only)\s+)?(?:with|in|on|at|upon|within|behind|"
    r"ahead|between|beyond)\b)|provocative information)\b"
)
#: A negated action: a denial only when it answers another party (see :func:`stance_of`).
NEGATED = re.compile(r"\b(?:did not|didn['’ʼ]?t|did n't)\b")
#: Deeds another party's account alleges: the words of the armed-incident and detention types (fire,
#: shelling, crossing, violation, attack…), right after the negation or after a few words that only
#: qualify it ("did not at any time cross", "did not open an aimed fire"). "did not attend the border
#: crossing ceremony" negates attending; "did not stop firing" says the firing went on: neither is a denial.
DEED_DENIED = re.compile(
    r"\b(?:did not|didn['’ʼ]?t|did n't)\s+(?:(?:even|ever|at|any|no|point|time|all|once|a|an|the|single|"
    r"actually|in|fact|intentionally|deliberately)\s+){0,3}"
    r"(?:open(?:ed)?\s+(?:(?:an?|any|the|aimed|targeted|single)\s+){0,2}fire|fire[ds]?|shoot|shot|shell\w*|"
    r"cross\w*|violat\w*|breach\w*|attack\w*|strike|struck|bomb\w*|advance|enter|invade|infiltrate|penetrate|"
    r"target|launch\w*|kill|wound|capture|detain|abduct|mine|provoke)\b"
)
#: Words by which a sentence speaks of another party's claim ("contrary to the claims of Baku").
OTHERS_CLAIM = re.compile(
    r"\b(?:contrary to|(?:the|their|its|his|her|these|those|such|baku's|yerevan's|armenia's|azerbaijan's) claims?|"
    r"claims? (?:of|by|made by|that)|allegations?|alleged(?:ly)?|accusations?|as (?:claimed|alleged) by)\b"
)


def stance_of(folded: str) -> tuple[str, str]:
    """The stance of a folded sentence and why: ``denies`` on a word of denial or refutation, or on "did not"
    / "didn't" when what is negated is a deed another party's account alleges (fire, shelling, crossing,
    violation, attack…) or when the sentence speaks of another party's claim; a plain negated action
    (attending, visiting, receiving) is the speaker's own account: ``asserts``.

    >>> stance_of("the minister did not attend the meeting.")
    ('asserts', "no word of denial: 'did not attend' negates an action, not another party's claim")
    >>> stance, why = stance_of("the armenian side did not open fire, contrary to the claims of baku.")
    >>> stance, why[:61]
    ('denies', "'did not open fire': a negated deed of the kind another party")
    >>> stance_of("the minister did not attend the meeting, contrary to the claims of the press.")[1]
    "'did not' with 'contrary to': the sentence answers another party's claim"
    >>> stance_of("the claims are groundless.")
    ('denies', "the word 'groundless'")
    >>> stance_of("responsibility for the tension lies entirely with armenia."), stance_of("these are lies.")[0]
    (('asserts', 'no word of denial'), 'denies')
    """
    denial = DENIAL.search(folded)
    if denial:
        return "denies", f"the word {folded[denial.start() : denial.end()]!r}"
    deed = DEED_DENIED.search(folded)
    if deed:
        return "denies", (f"{folded[deed.start() : deed.end()]!r}: a negated deed of the kind another party's "
                          "account alleges (fire, shelling, crossing, violation, attack)")  # fmt: skip
    negated = NEGATED.search(folded)
    if negated:
        claim = OTHERS_CLAIM.search(folded)
        if claim:
            return "denies", (f"{negated.group(0)!r} with {claim.group(0)!r}: the sentence answers another "
                              "party's claim")  # fmt: skip
        verb = re.match(r"\s+[\w-]+", folded[negated.end() :])
        action = negated.group(0) + (verb.group(0) if verb else "")
        return "asserts", f"no word of denial: {action!r} negates an action, not another party's claim"
    return "asserts", "no word of denial"


#: Verbs of speech after or before a speaker's name.
SPEECH = r"(?:said|says|stated|states|reported|reports|announced|announces|claimed|claims|denied|denies|noted|notes|" \
    r"added|informed|declared|told)"  # fmt: skip
#: How the region's texts name a body, by the body's words in ``claimed_by``.
BODY_WORDS: dict[str, str] = {
    "Ministry of Defence": r"ministry of defen[cs]e|defen[cs]e ministry|mod\b|ministry of defen[cs]e",
    "Ministry of Foreign Affairs": r"ministry of foreign affairs|foreign ministry|foreign affairs ministry|mfa\b",
    "Foreign Ministry": r"ministry of foreign affairs|foreign ministry|mfa\b",
    "State Border Service": r"state border service|border service",
    "Human Rights Defender": r"human rights defender|ombudsman|ombudsperson",
    "Prime Minister": r"prime minister|premier",
    "President": r"\bpresident\b",
    "Prosecutor General's Office": r"prosecutor general",
}
COUNTRY_WORDS = {"Armenia": r"armenia\w*|\bra\b", "Azerbaijan": r"azerbaijan\w*|\bazeri\b"}


@dataclass
class Proposal:
    """One proposed event: a sentence of the document with everything the curator must decide."""

    start: int
    end: int
    excerpt: str
    date: DateFound
    places: list[PlaceFound]
    event_type: str
    sub_event_type: str
    claimed_by: str
    stance: str
    incident: str | None
    responds_to: str | None
    topic: str
    actors: list[str]
    why: dict[str, str] = field(default_factory=dict)
    #: the choices still open (field -> what to decide); empty when accepting the proposal gives a record
    open: dict[str, str] = field(default_factory=dict)
    #: True for a sentence with a date expression, a place or a coordinate; False for the other sentences
    #: and for a title or a dateline (listed so that nothing is dropped, not proposed for saving by default)
    suggested: bool = True
    #: the figures of people killed, wounded or captured the sentence gives (:func:`figures_in`)
    figures: list[FigureFound] = field(default_factory=list)


def _claimant(folded: str, author: str, known: Iterable[str]) -> tuple[str, str]:
    """The speaker the sentence names with a verb of speech, among the claimants the atlas knows, else the
    document's author."""
    for claimant in known:
        country, _, body = claimant.partition(settings.CLAIMANT_DASH)
        words = BODY_WORDS.get(body)
        country_words = COUNTRY_WORDS.get(country)
        if not words or not country_words:
            continue
        named = re.search(rf"(?:{country_words})[^.;:]{{0,40}}(?:{words})|(?:{words})[^.;:]{{0,20}}(?:{country_words})",
                          folded)  # fmt: skip
        if named and (re.search(SPEECH, folded) or "according to" in folded):
            words = folded[named.start() : named.end()]
            if author and (author.startswith(claimant) or claimant.startswith(author)):
                return author, f"the sentence names the document's author ({words!r})"
            return claimant, f"the sentence names the speaker: {words!r}"
    if author:
        return author, "the document's author (whose statement it is, as given): the sentence names no other speaker"
    return "", "no author given and no speaker named"


def _incident_for(atlas: Any, place_ids: set[str], date: DateFound) -> tuple[str | None, str]:
    best = None
    for inc in atlas.incidents.values():
        exact = set(inc.places) & place_ids
        near = set(exact)
        ids = set(inc.places)
        for pid in place_ids:
            place = atlas.places.get(pid)
            if place is not None and any(
                (q := atlas.places.get(other)) is not None and q.kind in ("district", "region")
                and q.geometry.buffer(0.01).contains(place.geometry) for other in ids
            ):  # fmt: skip
                near.add(pid)
        if not near:
            continue
        lo = inc.date_start - dt.timedelta(days=2)
        hi = inc.date_end + dt.timedelta(days=2)
        if date.start <= hi and date.end >= lo:
            inside = inc.date_start <= date.start and date.end <= inc.date_end
            score = (len(exact), inside, len(near), -(inc.date_end - inc.date_start).days)
            if best is None or score > best[0]:
                best = (score, inc, near)
    if best is None:
        return None, "no incident of the atlas at these places within two days of these dates"
    _, inc, near = best
    return inc.id, f"incident {inc.name!r} is at {', '.join(sorted(near))} and spans {inc.date_start}–{inc.date_end}"


def _answers(atlas: Any, incident: str | None, claimed_by: str, date: DateFound) -> tuple[str | None, str]:
    if incident is None:
        return None, "a denial with no incident found: name the account it answers"
    party = settings.party_of(claimed_by)
    others = [
        e for e in atlas.events.values()
        if e.incident == incident and settings.party_of(e.claimed_by) != party and e.stance == "asserts"
        and e.date_start <= date.end + dt.timedelta(days=1)
    ]  # fmt: skip
    if not others:
        return None, f"no other party's account in {incident} before these dates: name the account it answers"
    # one government's denial answers the other's account first (a third party's only when there is none)
    rival = {"armenia": "azerbaijan", "azerbaijan": "armenia"}.get(party)
    theirs = [e for e in others if settings.party_of(e.claimed_by) == rival]
    best = max(theirs or others, key=lambda e: (e.date_start, e.id))
    whose = "the other government's latest account" if theirs else "the latest other party's account"
    return best.id, f"{whose} in {incident} ({best.claimed_by}, {best.date_start})"


def draft(
    text: str,
    published: dt.date,
    atlas: Any,
    *,
    author: str = "",
    source_id: str = "new-document",
    gazetteers: Gazetteers | None = None,
) -> list[Proposal]:
    """One proposal per sentence of ``text`` (see the module's docstring)."""
    gaz = gazetteers or Gazetteers.build(atlas.places.values())
    taken = set(atlas.place_ids) | set(atlas.places)
    new_places: dict[str, dict] = {}  # geonameid or coordinate key -> record, one per document
    known_claimants = sorted({e.claimed_by for e in atlas.events.values()} | ({author} if author else set()))
    out: list[Proposal] = []
    previous = None
    coord_n = 0
    for start, end in sentences(text):
        sentence = text[start:end]
        if len(re.findall(r"\w+", sentence)) < 3:
            continue  # a headline word or a date line alone
        date = find_date(sentence, published, previous, offset=start)
        if not date.from_publication:
            previous = (date.start, date.end)
        places: list[PlaceFound] = []
        coordinates = coordinates_in(sentence)
        for s, e, lon, lat in coordinates:
            key = f"{lon:.5f},{lat:.5f}"
            if key not in new_places:
                coord_n += 1
                ident = f"point-{source_id}-{coord_n}"[:100]
                phrase = sentence[s:e]
                new_places[key] = {
                    "id": ident,
                    "name": f"Point given by {author or 'the document'}",
                    "alt_names": [phrase],
                    "kind": "border_point",
                    "country": country_of(lon, lat, atlas.admin0) or "TO DECIDE: the country (ISO code)",
                    "point": [round(lon, 5), round(lat, 5)],
                    "geo_precision": 1,
                    "coord_source": f"Cited coordinate {phrase} from the statement itself: {author or 'the author'}, "
                    f"{published.isoformat()} (source {source_id})",
                    "note": "Where one party says the happening took place; not a finding.",
                }
            rec = new_places[key]
            places.append(PlaceFound(sentence[s:e], start + s, start + e, rec["id"], rec["name"], "at",
                                     "a coordinate the text writes: a new place", rec))  # fmt: skip
        for s, e, entries, spelled in _names_in(sentence, start, gaz):
            if any(p.start <= s < p.end for p in places):
                continue
            first = entries[0]
            phrase = text[s:e]
            otherwise = f", spelled otherwise (romanised, both are {romanised(phrase)!r}): check it" if spelled else ""
            if isinstance(first, Place):
                why = f"{phrase!r} is a name of {first.id} in the atlas's gazetteer{otherwise}"
                places.append(PlaceFound(phrase, s, e, first.id, first.name, "at", why))
                continue
            if first.geonameid in gaz.by_geonameid:
                pid = gaz.by_geonameid[first.geonameid]
                why = f"{phrase!r} is GeoNames {first.geonameid}, the atlas's {pid}{otherwise}"
                places.append(PlaceFound(phrase, s, e, pid, first.name, "at", why))
                continue
            key = f"geonames-{first.geonameid}"
            if key not in new_places:
                rec = new_place_from_settlement(first, taken, phrase, source_id)
                taken.add(rec["id"])
                new_places[key] = rec
            rec = new_places[key]
            others = [f"{o.name} ({o.country})" for o in entries[1:4] if isinstance(o, regional.Settlement)]
            also = f"; also {len(entries) - 1} other settlement(s) so named: {', '.join(others)}" if others else ""
            where = regional.COUNTRY_NAMES.get(first.country, first.country)
            places.append(PlaceFound(phrase, s, e, rec["id"], first.name, "at",
                                     f"{phrase!r} is {first.name}, {where}, GeoNames {first.geonameid} in the regional "
                                     f"gazetteer{otherwise}: a new place{also}", rec))  # fmt: skip
        places.sort(key=lambda p: p.start)
        for found in places:
            if cue := home_cue(text, start, found.start, places):
                found.role = "about"
                found.why += (f"; named as where people come from ({cue!r}), not where it happened: role 'about', "
                              "not used to find the incident")  # fmt: skip
        once: dict[str, PlaceFound] = {}
        for found in places:  # a place named twice is one place of the account (its first naming where it happened)
            if once.get(found.place_id) is None or (once[found.place_id].role != "at" and found.role == "at"):
                once[found.place_id] = found
        places = sorted(once.values(), key=lambda p: p.start)
        folded = fold(sentence)
        why: dict[str, str] = {"date": date.why}
        open_: dict[str, str] = {}
        event_type, sub = "statement", "claim"
        why["event_type"] = "no word of a deed, a call, a meeting or a visit: a statement making a claim"
        for words, etype, stype in TYPE_RULES:
            m = re.search(rf"\b(?:{words})", folded)
            if m:
                event_type, sub = etype, stype
                why["event_type"] = f"the word {folded[m.start() : m.end()]!r}"
                break
        appeal = APPEAL.search(folded)
        if m and event_type != "statement" and appeal and appeal.start() < m.start():
            event_type, sub = "statement", "appeal"
            why["event_type"] = (f"the appeal {appeal.group(0)!r} before {folded[m.start() : m.end()]!r}: the sentence "
                                 "asks for it, it does not report it as done")  # fmt: skip
        stance, why["stance"] = stance_of(folded)
        if stance == "denies" and event_type not in ("phone_call", "meeting", "visit"):
            event_type, sub = "statement", "denial"
            why["event_type"] = f"a denial ({why['stance']})"
        claimed_by, why["claimed_by"] = _claimant(folded, author, known_claimants)
        if not claimed_by:
            open_["claimed_by"] = "whose account this is"
        atlas_places = {p.place_id for p in places if p.new is None and p.role == "at"}
        incident, why["incident"] = _incident_for(atlas, atlas_places, date)
        responds_to = None
        if stance == "denies":
            responds_to, why["responds_to"] = _answers(atlas, incident, claimed_by, date)
            if responds_to is None:
                open_["responds_to"] = why["responds_to"]
        topic = "border"
        why["topic"] = "the atlas's statements are on section I's incidents (border)"
        if incident:
            topics = [e.topic for e in atlas.events.values() if e.incident == incident]
            if topics:
                topic = max(set(topics), key=topics.count)
                why["topic"] = f"the topic of the other accounts of {incident}"
        elif event_type in ("phone_call", "meeting", "visit"):
            topic = "regional"
            why["topic"] = "a call, meeting or visit: section II (regional diplomacy)"
        actors = [claimed_by.partition(settings.CLAIMANT_DASH)[2] or claimed_by] if claimed_by else []
        forces = []  # (where the sentence first names them, who)
        for country, words in (("Azerbaijan", COUNTRY_WORDS["Azerbaijan"]), ("Armenia", COUNTRY_WORDS["Armenia"])):
            named = event_type not in ("visit", "meeting", "phone_call") and re.search(
                rf"(?:{words})[^.;]{{0,30}}(?:armed forces|army|units|servicem[ae]n|soldiers|military|troops)|"
                rf"(?:armed forces|army|units|servicem[ae]n|soldiers|military|troops)[^.;]{{0,25}}(?:of|of the)\s+"
                rf"(?:the\s+)?(?:republic of\s+)?(?:{words})", folded)  # fmt: skip
            if named:
                forces.append((named.start(), f"Armed Forces of {country}"))
        if forces:  # in the order the sentence names them: who acted first, as it tells it
            actors = [a for a in actors if not a.startswith("Ministry")]
            actors += [actor for _, actor in sorted(forces) if actor not in actors]
        why["actors"] = "the forces the sentence names, in its order, else the speaking body"
        if not actors:
            open_["actors"] = "who acted"
        if not places:
            open_["places"] = "the sentence names no place of the gazetteers: pick one on the map, or leave none"
        for p in places:
            why[f"place {p.place_id}"] = p.why
        suggested = bool(places) or not date.from_publication
        if suggested and (
            kind := heading_kind(sentence, before_any_sentence=not any(_ends(o.excerpt) for o in out))
            or (attribution_kind(folded) if event_type == "statement" and stance == "asserts" else None)
        ):
            suggested = False  # proposed, not ticked: a curator may still accept it
            why["accept"] = kind
        figures = figures_in(sentence, offset=start)
        for f in figures:
            why[f"stated {f.what}"] = f.why
        out.append(Proposal(start, end, sentence, date, places, event_type, sub, claimed_by, stance, incident,
                            responds_to, topic, actors, why, open_, suggested, figures))  # fmt: skip
    return out


_END = re.compile(r"[.!?…:;\"”»’')\]]\s*$")
_MONTH_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:am|pm|gmt|utc)\b", re.IGNORECASE
)


#: A news agency's dateline: a place in capitals, a date (day and month either way, a year perhaps) and
#: perhaps the agency's name, nothing else ("YEREVAN, MAY 28, ARMENPRESS.", "BAKU, 27 May 2021 (APA).").
_MONTH = r"(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)"
_AGENCY_DATELINE = re.compile(
    rf"^[A-Z][A-Za-z'’.-]+(?: [A-Z][A-Za-z'’.-]+)?,\s*(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\.?\s+\d{{1,2}})"
    r"(?:,?\s+\d{4})?(?:[,.]?\s*(?:[A-Z][A-Za-z.&-]*|\([A-Za-z.&-]+\)|/[A-Za-z.&-]+/))?[.:\s–-]*$"
)


def _ends(sentence: str) -> bool:
    """Whether a sentence ends as a sentence does (a full stop, a question, a quotation closed)."""
    return bool(_END.search(sentence))


def heading_kind(sentence: str, *, before_any_sentence: bool) -> str | None:
    """Why a "sentence" is no claim of its own, or ``None``: a dateline (a date and a time, nothing else) or
    the document's title (words before its first full sentence, not ending as a sentence does). Such rows are
    proposed unticked.

    >>> heading_kind("14 May, 2021 16:55", before_any_sentence=False)
    'a dateline (a date and a time, nothing else): not a claim'
    >>> heading_kind("Harutyunyan and Shoigu discussed the situation in Syunik", before_any_sentence=True)
    "the document's title (before its first full sentence): its claims are in the sentences below"
    >>> heading_kind("Harutyunyan and Shoigu discussed the situation in Syunik.", before_any_sentence=True) is None
    True
    >>> heading_kind("YEREVAN, MAY 28, ARMENPRESS.", before_any_sentence=False)
    "a dateline (a place, a date and the outlet's name in capitals): not a claim"
    >>> heading_kind("BAKU, 27 May 2021 (APA).", before_any_sentence=False)[:10]
    'a dateline'
    >>> heading_kind("YEREVAN, MAY 28. Shots were fired.", before_any_sentence=False) is None
    True
    """
    words = re.findall(r"[^\W\d_]+", _MONTH_WORDS.sub(" ", sentence))
    if not words:
        return "a dateline (a date and a time, nothing else): not a claim"
    if _AGENCY_DATELINE.match(sentence.strip()):
        return "a dateline (a place, a date and the outlet's name in capitals): not a claim"
    if before_any_sentence and not _ends(sentence):
        return "the document's title (before its first full sentence): its claims are in the sentences below"
    return None


#: Words of harm to people, which a deed's sentence may give without a word of :data:`TYPE_RULES`.
_HARM = r"kill\w*|wound\w*|injur\w*|died|dead|death\w*|casualt\w*|fatalit\w*|threat\w*|weapons?"
#: Words that say a statement exists: the object of "issued", "released"…
_STATEMENT_WORDS = r"(?:statement|announcement|comment|communique|message|address|report|press release)s?"
#: Lines that say who says what, not what happened (matched on the folded sentence; see
#: :func:`attribution_kind`): a line ending in a colon that introduces a quotation, a report that a statement
#: was issued, and a "this is noted in a statement by …" after the words it attributes.
ATTRIBUTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:statements?|reads?|says?|said|states?|stated|continues|follows|noted|declared|told|added|"
                r"wrote|writes|reported|announced|in part)\b[^:]*:\W*$"),
     "a line introducing a quotation: its claims are in the sentences it introduces"),
    (re.compile(rf"\b(?:issued|released|published|made|adopted|disseminated|posted|spread|made public)\s+"
                rf"(?:(?:an?|the|its|his|her|their|this|that|a new|new|special|official|joint|written)\s+)*"
                rf"{_STATEMENT_WORDS}\b(?:\s+(?:on|about|regarding|concerning|in connection with|today|yesterday)\b"
                rf"[^,;:]*)?\W*$"),
     "says that a statement was issued, not what happened: its claims are in the statement's own sentences"),
    (re.compile(r"^(?:this|that|the above|all this|these)\s+(?:is|was|were|are|has been|have been)\s+"
                r"(?:\w+\s+)?(?:noted|stated|said|reported|announced|mentioned|written|declared|indicated)\b"),
     "says who said what the sentence before says ('This is noted in a statement by …'): no claim of its own"),
]  # fmt: skip


def attribution_kind(folded: str) -> str | None:
    """Why a folded sentence is an attribution — who says what, with no deed, place or date of a happening
    of its own — or ``None``. Only a sentence with no word of a deed is one (:data:`TYPE_RULES`): "X said
    that Azerbaijani forces fired on Y" is a claim. Such rows are proposed unticked.

    >>> attribution_kind("news.am reports that the human rights defender of armenia issued a statement.")[:50]
    'an attribution: says that a statement was issued, '
    >>> attribution_kind("the statement reads:")
    'an attribution: a line introducing a quotation: its claims are in the sentences it introduces'
    >>> attribution_kind("the ministry said that azerbaijani forces fired on verishen.") is None
    True
    """
    deeds = [words for words, etype, _ in TYPE_RULES if etype != "statement"] + [_HARM]
    if any(re.search(rf"\b(?:{words})", folded) for words in deeds):
        return None
    for pattern, why in ATTRIBUTIONS:
        if pattern.search(folded):
            return f"an attribution: {why}"
    return None


def new_places(proposals: Iterable[Proposal]) -> list[dict]:
    """The new places the proposals use, each once, in order of first mention."""
    seen: dict[str, dict] = {}
    for proposal in proposals:
        for p in proposal.places:
            if p.new is not None and p.place_id not in seen:
                seen[p.place_id] = p.new
    return list(seen.values())
