"""Incidents: the accounts of one happening side by side, and where they disagree — named, never resolved.

An incident (``events/incidents.yaml``) is one happening several documents describe; each description is
an event of its own document with ``incident: <id>``. This module gathers the accounts by party, finds the
place each account puts the happening at, and says where the accounts differ: on the date, on the place
(with the distance between the places they give), on the casualties. Pure functions of the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pyproj import Geod

from caucasus_atlas import settings

_GEOD = Geod(ellps="WGS84")

#: Event types that are someone speaking, whose date is the day they spoke, not the day it happened.
SPEECH_TYPES = frozenset({"statement", "phone_call", "meeting", "visit"})

#: Place kinds that say who spoke, not where it happened: a statement is placed at its government's seat.
SPEAKER_KINDS = frozenset({"capital"})


def accounts(events: pd.DataFrame, incident_id: str) -> dict[str, pd.DataFrame]:
    """The accounts of an incident by party (the order of :data:`settings.PARTIES`), each by date."""
    mine = events[events["incident"] == incident_id].sort_values(["date_start", "date_end"], kind="stable")
    return {party: mine[mine["party"] == party] for party in settings.PARTIES if (mine["party"] == party).any()}


def stated_place(event_places: pd.DataFrame, places: pd.DataFrame, event_id: str) -> str | None:
    """The place an account puts the happening at: its most precise place that is not a speaker's seat
    (where it happened before what it concerns, then in the event's order); None when it names none."""
    links = event_places[event_places["event_id"] == event_id]
    best: tuple[int, int, int, str] | None = None
    for order, (place_id, role) in enumerate(zip(links["place_id"], links["role"], strict=True)):
        if place_id not in places.index or places.loc[place_id, "kind"] in SPEAKER_KINDS:
            continue
        key = (int(places.loc[place_id, "geo_precision"]), 0 if role == "at" else 1, order, place_id)
        best = key if best is None or key < best else best
    return best[3] if best else None


def distance_km(places: pd.DataFrame, a: str, b: str) -> float:
    """Geodesic distance (WGS84) between two places' representative points, in kilometres."""
    pa, pb = places.loc[a, "geometry"].representative_point(), places.loc[b, "geometry"].representative_point()
    _, _, metres = _GEOD.inv(pa.x, pa.y, pb.x, pb.y)
    return metres / 1000


@dataclass(frozen=True)
class Connector:
    """A thin line on the incident's map between two places that accounts of different parties give."""

    a: str
    b: str
    km: float
    label: str
    #: what the map writes by the line: the two places and the distance
    short: str = ""


def connectors(by_party: dict[str, pd.DataFrame], event_places: pd.DataFrame, places: pd.DataFrame) -> list[Connector]:
    """Lines between the points (exact or near places, not areas) that different parties' accounts give,
    each once, with the distance. Areas are not joined: a point inside a district is not "apart" from it."""
    stated: dict[str, dict[str, str]] = {}  # place -> party -> who says so (the first account)
    for party, group in by_party.items():
        for event_id, event in group.iterrows():
            place = stated_place(event_places, places, event_id)
            if place is not None and places.loc[place, "geometry"].geom_type == "Point":
                stated.setdefault(place, {}).setdefault(party, event["claimed_by"])
    out = []
    ids = sorted(stated)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            pairs = [(pa, pb) for pa in stated[a] for pb in stated[b] if pa != pb]
            if not pairs:
                continue
            pa, pb = pairs[0]
            km = distance_km(places, a, b)
            label = (
                f"{places.loc[a, 'name']} per {stated[a][pa]} — {places.loc[b, 'name']} per {stated[b][pb]}: "
                f"{_km(km)} apart"
            )
            short = f"{places.loc[a, 'name']} ↔ {places.loc[b, 'name']}: {_km(km)}"
            out.append(Connector(a, b, km, label, short))
    return sorted(out, key=lambda c: c.km)


def _km(km: float) -> str:
    """
    >>> _km(0.8), _km(6.43)
    ('800 m', '6.4 km')
    """
    return f"{round(km * 1000, -2):.0f} m" if km < 1 else f"{km:.1f} km"


def differences(by_party: dict[str, pd.DataFrame], event_places: pd.DataFrame, places: pd.DataFrame) -> list[str]:
    """Where the parties' accounts differ, one line each — the date, the place, the casualties — with each
    party's version; nothing when they agree or when only one party speaks."""
    if len(by_party) < 2:
        return []
    lines = []
    # the date each party gives the happening itself: its reports of what happened, not the days it spoke
    happened = {p: g[~g["event_type"].isin(SPEECH_TYPES)] for p, g in by_party.items()}
    dates = {party: sorted(set(group["date_label"])) for party, group in happened.items() if len(group)}
    if len(dates) > 1 and len({tuple(d) for d in dates.values()}) > 1:
        lines.append("Date: " + "; ".join(f"{settings.PARTIES[p][0]}: {', '.join(d)}" for p, d in dates.items()))
    where: dict[str, list[str]] = {}
    for party, group in by_party.items():
        named = [stated_place(event_places, places, event_id) for event_id in group.index]
        where[party] = list(dict.fromkeys(places.loc[p, "name"] for p in named if p is not None))
    if len({tuple(sorted(w)) for w in where.values() if w}) > 1:
        lines.append("Place: " + "; ".join(f"{settings.PARTIES[p][0]}: {', '.join(w)}" for p, w in where.items() if w))
    deaths = {party: sorted({int(f) for f in group["fatalities"] if pd.notna(f)}) for party, group in by_party.items()}
    if len({tuple(d) for d in deaths.values() if d}) > 1 or (any(deaths.values()) and not all(deaths.values())):
        lines.append(
            "Casualties: "
            + "; ".join(
                f"{settings.PARTIES[p][0]}: {', '.join(map(str, d)) + ' killed' if d else 'no figure given'}"
                for p, d in deaths.items()
            )
        )
    return lines
