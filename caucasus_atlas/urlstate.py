"""The view in the address bar: read URL parameters into filter values, never trusting them.

Anyone can type anything after the ``?``. Each parameter is checked on its own; one that cannot be used
is left out (its filter keeps its default) and a note says why, in words a visitor understands. Nothing
here raises on any input. Pure functions of the parameters: no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from caucasus_atlas.reading import shown
from caucasus_atlas.settings import FORMER_IDS

#: URL parameter -> the filter it fills (a list filter repeats the parameter: ``?topic=a&topic=b``).
LIST_PARAMS: dict[str, str] = {
    "topic": "topics",
    "type": "event_types",
    "actor": "actors",
    "claim": "claimants",
    "kind": "place_kinds",
    "party": "parties",
    "doc": "sources",
}
#: Parameters that take one value.
SCALAR_PARAMS: tuple[str, ...] = (
    "from", "to", "q", "tiles", "event", "wider", "view", "incident_view", "colour", "incident",
)  # fmt: skip
#: The maps' views in the address, one parameter per map: a page's main map, and the Border page's incident map.
VIEW_PARAMS: tuple[str, ...] = ("view", "incident_view")
#: What ``colour=`` may say: the map coloured by topic (the default) or by whose account.
COLOUR_VALUES: tuple[str, ...] = ("topic", "party")
#: Longest search text taken from an address, in characters.
MAX_QUERY_CHARS = 200
#: Most values taken for one list parameter (more than any filter has options).
MAX_LIST_VALUES = 500

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class UrlState:
    """What the address asks for, checked: ``None`` (or absent) leaves a filter at its default."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    start: dt.date | None = None
    end: dt.date | None = None
    query: str | None = None
    tiles: bool | None = None
    wider: bool | None = None
    #: the map's view, (latitude, longitude, zoom), as the map last wrote it into the address
    view: tuple[float, float, int] | None = None
    #: the incident map's view (the Border page's second map), the same way
    incident_view: tuple[float, float, int] | None = None
    event: str | None = None
    colour: str | None = None
    incident: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_url_state(
    params: Mapping[str, Sequence[str]],
    *,
    options: Mapping[str, Sequence[str]],
    bounds: tuple[dt.date, dt.date],
    event_ids: Sequence[str] | set[str],
    incident_ids: Sequence[str] | set[str] = (),
) -> UrlState:
    """Read ``params`` (each name -> all its values) against what the data offers.

    ``options`` maps each list filter to its allowed values; ``bounds`` are the first and last day of the
    data; ``event_ids`` the known events.

    Examples
    --------
    >>> state = parse_url_state({"from": ["2021-13-45"], "topic": ["border", "weather"]},
    ...     options={"topics": ["border"]}, bounds=(dt.date(2021, 1, 1), dt.date(2021, 12, 31)), event_ids=[])
    >>> state.start, state.lists
    (None, {'topics': ['border']})
    >>> for note in state.notes:
    ...     print(note)
    topic: 'weather' not known; ignored.
    from: '2021-13-45' is not a date (expected YYYY-MM-DD); the default range is shown.
    """
    state = UrlState()
    one: dict[str, str] = {}
    for name in SCALAR_PARAMS:
        values = list(params.get(name, ()))
        if len(values) > 1:
            state.notes.append(f"{name}: given {len(values)} times; ignored.")
        elif values:
            one[name] = FORMER_IDS.get(values[0], values[0]) if name in ("event", "incident") else values[0]
    for name, key in LIST_PARAMS.items():
        values = list(params.get(name, ()))[:MAX_LIST_VALUES]
        if not values:
            continue
        allowed = set(options.get(key, ()))
        known = list(dict.fromkeys(v for v in values if v in allowed))
        unknown = [v for v in values if v not in allowed and v != ""]
        if unknown:
            state.notes.append(f"{name}: {', '.join(shown(v) for v in unknown[:3])} not known; ignored.")
        if known or values == [""]:
            state.lists[key] = known
    state.start, state.end = _dates(one.get("from"), one.get("to"), bounds, state.notes)
    query = one.get("q")
    if query is not None:
        if len(query) > MAX_QUERY_CHARS:
            state.notes.append(f"q: the search text is {len(query)} characters (at most {MAX_QUERY_CHARS}); ignored.")
        else:
            state.query = query
    state.tiles = _switch(one, "tiles", state.notes)
    state.wider = _switch(one, "wider", state.notes)
    state.view = _view(one.get("view"), state.notes)
    state.incident_view = _view(one.get("incident_view"), state.notes, name="incident_view")
    state.colour = _known(one, "colour", COLOUR_VALUES, "is not 'topic' or 'party'", state.notes)
    state.incident = _known(one, "incident", incident_ids, "is not an incident of this atlas", state.notes)
    state.event = _known(one, "event", event_ids, "is not an event of this atlas", state.notes)
    return state


def _known(one: Mapping[str, str], name: str, allowed: Collection[str], why: str, notes: list[str]) -> str | None:
    """A parameter that must be one of ``allowed``: its value, or None (absent, or unknown with a note)."""
    value = one.get(name)
    if value is None or value in allowed:
        return value
    notes.append(f"{name}: {shown(value)} {why}; ignored.")
    return None


def _view(value: str | None, notes: list[str], *, name: str = "view") -> tuple[float, float, int] | None:
    """``view=40.1,45.9,9`` (latitude, longitude, zoom) or None with a note.

    Examples
    --------
    >>> _view("40.1,45.9,9", []), _view("91,0,5", [])
    ((40.1, 45.9, 9), None)
    """
    if value is None:
        return None
    try:
        lat, lon, zoom = value.split(",")
        view = (float(lat), float(lon), int(zoom))
        if not (-90 <= view[0] <= 90 and -180 <= view[1] <= 180 and 2 <= view[2] <= 18):
            raise ValueError
    except ValueError:
        notes.append(f"{name}: {shown(value)} is not latitude,longitude,zoom (2 to 18); ignored.")
        return None
    return view


def _switch(one: Mapping[str, str], name: str, notes: list[str]) -> bool | None:
    """An on/off parameter: True, False, or None (absent, or neither, with a note)."""
    value = one.get(name)
    if value is None:
        return None
    if value in ("on", "off"):
        return value == "on"
    notes.append(f"{name}: {shown(value)} is not 'on' or 'off'; ignored.")
    return None


def _dates(
    start: str | None, end: str | None, bounds: tuple[dt.date, dt.date], notes: list[str]
) -> tuple[dt.date | None, dt.date | None]:
    """The date range asked for, or ``(None, None)`` (the default range) with a note when it cannot be used."""
    days = {}
    for name, value in (("from", start), ("to", end)):
        if value is None:
            continue
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError
            days[name] = dt.date.fromisoformat(value)
        except ValueError:
            notes.append(f"{name}: {shown(value)} is not a date (expected YYYY-MM-DD); the default range is shown.")
            return None, None
    first, last = bounds
    for name, day in days.items():
        if not first <= day <= last:
            notes.append(
                f"{name}: {day.isoformat()} is outside the data ({first.isoformat()} to {last.isoformat()}); "
                "the default range is shown."
            )
            return None, None
    if "from" in days and "to" in days and days["from"] > days["to"]:
        notes.append(
            f"from {days['from'].isoformat()} is after to {days['to'].isoformat()}; the default range is shown."
        )
        return None, None
    return days.get("from"), days.get("to")
