"""Incidents: the accounts of one happening side by side, and where they differ — named, never resolved.

An incident (``events/incidents.yaml``) is one happening several documents describe; each description is
an event of its own document with ``incident: <id>``. Each account records what it **states** (``states``:
the place, the date, the casualties, what happened, who the people were), every value with the phrase of
its own document that states it. The comparison is built from those values only — a place an account is
merely about never stands for the place it states — and from first-hand accounts only: a party's words as
another party's document reports them are shown apart, never compared as that party's own. Every line of
the comparison carries the phrases it rests on. Pure functions of the tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Geod

from caucasus_atlas import settings
from caucasus_atlas.corroboration import distances_km
from caucasus_atlas.events import fold
from caucasus_atlas.models import Stated

_GEOD = Geod(ellps="WGS84")

#: How the comparison names the parties that agree on a value.
_BOTH = {2: "Both"}
#: Kinds whose labels name what happened or who was concerned, not by whose hand: two parties that both
#: state "a crossing" may each mean the other side's; the agreement line says so.
_WHOSE = frozenset({"happened", "status"})


@dataclass(frozen=True)
class Citation:
    """The phrase a stated value rests on: whose account, which document, where in it."""

    party: str
    claimed_by: str
    event_id: str
    source: str
    what: str
    value: str
    phrase: str
    start: int
    end: int
    #: the phrase stands in another party's document that reports the claimant's words
    reported: bool = False


@dataclass(frozen=True)
class Line:
    """One line of the comparison: where the parties' first-hand accounts differ on one kind of value, or
    where they agree, with the phrases it rests on."""

    what: str
    agree: bool
    text: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Connector:
    """A thin line on the incident's map between two points that first-hand accounts of different parties
    state, with the distance between them and who states each."""

    a: str
    b: str
    km: float
    label: str
    #: what the map writes by the line: the two places and the distance
    short: str = ""


def accounts(events: pd.DataFrame, incident_id: str) -> dict[str, pd.DataFrame]:
    """The accounts of an incident by party (the order of :data:`settings.PARTIES`), each by date."""
    mine = events[events["incident"] == incident_id].sort_values(["date_start", "date_end"], kind="stable")
    return {party: mine[mine["party"] == party] for party in settings.PARTIES if (mine["party"] == party).any()}


def first_hand(group: pd.DataFrame) -> pd.DataFrame:
    """The accounts that are their party's own words (not another party's document reporting them)."""
    return group[group["provenance"] == "first-hand"]


def citations(by_party: dict[str, pd.DataFrame], what: str, *, reported: bool = False) -> dict[str, list[Citation]]:
    """Every value of one kind the first-hand accounts state, by party, each with its phrase; with
    ``reported``, also what other documents report the party as stating."""
    out: dict[str, list[Citation]] = {}
    for party, group in by_party.items():
        for event_id, event in (group if reported else first_hand(group)).iterrows():
            for stated in event["states"]:
                if stated.what == what:
                    out.setdefault(party, []).append(_cite(party, event_id, event, stated))
    return out


def _cite(party: str, event_id: str, event: pd.Series, stated: Stated) -> Citation:
    return Citation(
        party=party, claimed_by=event["claimed_by"], event_id=event_id, source=event["source"], what=stated.what,
        value=stated.value, phrase=stated.phrase, start=stated.start, end=stated.end,
        reported=event["provenance"] == "reported",
    )  # fmt: skip


def value_label(what: str, value: str, places: pd.DataFrame) -> str:
    """A stated value in the comparison's words: a place's name, a date in words, a label, a count."""
    if what == "place":
        return str(places.loc[value, "name"]) if value in places.index else value
    return Stated(what, value, "", 0, 0).label


def distance_km(places: pd.DataFrame, a: str, b: str) -> float:
    """Geodesic distance (WGS84) between two places' representative points, in kilometres."""
    pa, pb = places.loc[a, "geometry"].representative_point(), places.loc[b, "geometry"].representative_point()
    _, _, metres = _GEOD.inv(pa.x, pa.y, pb.x, pb.y)
    return metres / 1000


def _km(km: float) -> str:
    """
    >>> _km(0.8), _km(6.43)
    ('800 m', '6.4 km')
    """
    return f"{round(km * 1000, -2):.0f} m" if km < 1 else f"{km:.1f} km"


def _is_point(places: pd.DataFrame, place: str) -> bool:
    return place in places.index and places.loc[place, "geometry"].geom_type == "Point"


def connectors(by_party: dict[str, pd.DataFrame], places: pd.DataFrame) -> list[Connector]:
    """Lines between the points (not areas) that first-hand accounts of different parties state, each pair
    once, nearest first. A point a party shares with another is not "apart" from itself."""
    stated: dict[str, dict[str, str]] = {}  # place -> party -> who states it (the first account)
    for place, cites in stated_points(by_party, places).items():
        for cite in cites:
            stated.setdefault(place, {}).setdefault(cite.party, cite.claimed_by)
    out = []
    ids = sorted(stated)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            pairs = [(pa, pb) for pa in stated[a] for pb in stated[b] if pa != pb]
            if not pairs:
                continue
            pa, pb = pairs[0]
            km = distance_km(places, a, b)
            name_a, name_b = places.loc[a, "name"], places.loc[b, "name"]
            label = f"{name_a} per {stated[a][pa]} — {name_b} per {stated[b][pb]}: {_km(km)} apart"
            out.append(Connector(a, b, km, label, f"{name_a} ↔ {name_b}: {_km(km)}"))
    return sorted(out, key=lambda c: c.km)


def compare(
    by_party: dict[str, pd.DataFrame],
    places: pd.DataFrame,
    *,
    reported: bool = False,
    kinds: tuple[str, ...] = tuple(settings.STATED_KINDS),
) -> list[Line]:
    """Where the parties' first-hand accounts differ and where they agree, kind by kind (place, date,
    casualties, what happened, who they were), from what they state only.

    A kind is compared when two or more parties state a value of it. The values every such party states
    make an agreement line; a difference line lists each party's own values when they are not all the same.
    A party that states nothing of a kind is neither agreeing nor differing there. Places agree when they
    are the same or one lies within the other (a village inside the province another account names).
    With ``reported``, what other documents report a party as stating is compared too (the citations say
    so). Only ``kinds`` are compared (an incident's ``compared``). Differences come first.
    """
    agreements, differences = [], []
    for what, heading in settings.STATED_KINDS.items():
        if what not in kinds:
            continue
        cites = citations(by_party, what, reported=reported)
        if len(cites) < 2:
            continue
        sets = {party: {c.value for c in group} for party, group in cites.items()}
        labels = {v: value_label(what, v, places) for s in sets.values() for v in s}
        if what == "place":
            common = {v for s in sets.values() for v in s if all(_within_any(v, o, places) for o in sets.values())}
        else:
            common = set.intersection(*sets.values())
        if common:
            who = _BOTH.get(len(sets), "All") + " (" + ", ".join(settings.PARTIES[p][0] for p in sets) + ")"
            if what == "place" and any(len(s & common) < len(common) for s in sets.values()):
                names = _and(sorted(labels[v] for v in common))
                text = f"{heading}: {who} state places of which one lies within another: {names}"
            else:
                text = f"{heading}: {who} state {_and(sorted(labels[v] for v in common))}"
            if what in _WHOSE:
                text += " (the words do not say whose forces: read the phrases)"
            agreed = tuple(c for group in cites.values() for c in group if c.value in common)
            agreements.append(Line(what, True, text, agreed))
        if any(s - common for s in sets.values()):
            parts = [f"{settings.PARTIES[p][0]}: {_and(sorted(labels[v] for v in s))}" for p, s in sets.items()]
            text = f"{heading}: " + "; ".join(parts)
            if what == "place":
                text += _apart(cites, places)
            differences.append(Line(what, False, text, tuple(c for group in cites.values() for c in group)))
    return differences + agreements


def _within_any(value: str, others: set[str], places: pd.DataFrame) -> bool:
    """Whether a stated place is one of ``others``, or lies within an area among them, or is an area holding
    one of them. A point of one country just outside an area of the same country (nearer than the outlines'
    accuracy, :data:`settings.BORDER_ACCURACY_KM`) counts as within: the generalised outline, not the
    accounts, puts it outside. Never across countries, nor for a point whose country is contested."""
    if value in others:
        return True
    if value not in places.index:
        return False
    for other in others:
        if other in places.index and (_holds(places, other, value) or _holds(places, value, other)):
            return True
    return False


def _holds(places: pd.DataFrame, area_id: str, inner_id: str) -> bool:
    area, inner = places.loc[area_id, "geometry"], places.loc[inner_id, "geometry"]
    if area.geom_type == "Point":
        return False
    if area.covers(inner):
        return True
    if inner.geom_type != "Point" or places.loc[inner_id, "country"] != places.loc[area_id, "country"]:
        return False
    return distances_km(area, np.array([inner.y]), np.array([inner.x]))[0] <= settings.BORDER_ACCURACY_KM


def _apart(cites: dict[str, list[Citation]], places: pd.DataFrame) -> str:
    """The distances between the points different parties state, for a place line ("; Kut ↔ … 9.3 km")."""
    pairs = {}
    parties = list(cites)
    for i, pa in enumerate(parties):
        for pb in parties[i + 1 :]:
            for a in {c.value for c in cites[pa]}:
                for b in {c.value for c in cites[pb]}:
                    if a != b and _is_point(places, a) and _is_point(places, b):
                        key = tuple(sorted((a, b)))
                        pairs[key] = distance_km(places, a, b)
    if not pairs:
        return ""
    shown = [f"{places.loc[a, 'name']} ↔ {places.loc[b, 'name']} {_km(km)}" for (a, b), km in sorted(pairs.items())]
    return " (points apart: " + "; ".join(shown) + ")"


def _and(items: list[str]) -> str:
    """
    >>> _and(["a"]), _and(["a", "b"]), _and(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def stated_points(by_party: dict[str, pd.DataFrame], places: pd.DataFrame) -> dict[str, list[Citation]]:
    """The points (not areas) first-hand accounts state, each with the citations that state it."""
    out: dict[str, list[Citation]] = {}
    for cites in citations(by_party, "place").values():
        for cite in cites:
            if _is_point(places, cite.value):
                out.setdefault(cite.value, []).append(cite)
    return out


@dataclass(frozen=True)
class View:
    """Everything the incident view shows that follows from the data alone, computed once per incident
    (:func:`view`): the accounts by party, the map's lines, the comparison (first-hand, and with what other
    documents report), and the stated points with the citations that state them."""

    by_party: dict[str, pd.DataFrame]
    connectors: list[Connector]
    lines: list[Line]
    wider: list[Line]
    points: dict[str, list[Citation]]
    first_hand_parties: int


def view(events: pd.DataFrame, places: pd.DataFrame, incident_id: str, kinds: tuple[str, ...]) -> View:
    """The comparison of one incident's accounts, ready to show (a pure function of the tables)."""
    by_party = accounts(events, incident_id)
    lines = compare(by_party, places, kinds=kinds)
    own = {line.text for line in lines}
    wider = [x for x in compare(by_party, places, reported=True, kinds=kinds) if not x.agree and x.text not in own]
    parties = sum(1 for group in by_party.values() if len(first_hand(group)))
    return View(by_party, connectors(by_party, places), lines, wider, stated_points(by_party, places), parties)


@dataclass(frozen=True)
class Choice:
    """The incidents a filter leaves to pick from (``listed``, in the data's order), how many of each one's
    accounts the filter keeps and how many it has (``counts``: id -> (in the filter, in all)), those the
    search names (``named``) and the one to open on (``best``, None when none is listed)."""

    listed: list[str]
    counts: dict[str, tuple[int, int]]
    named: list[str]
    best: str | None


def choices(
    events: pd.DataFrame, incidents: pd.DataFrame, places: pd.DataFrame, kept: pd.Index, query: str = ""
) -> Choice:
    """The incidents with at least one account among the events a filter ``kept`` (its date range, search and
    every other filter), and the best one to open on: of those the search names (by the incident's name, its
    summary or the names of its places), else of all listed, the one with most accounts kept, then the
    latest.

    Examples
    --------
    >>> ev = pd.DataFrame({"incident": ["a", "a", "b", None]}, index=["e1", "e2", "e3", "e4"])
    >>> inc = pd.DataFrame({"name": ["Fire at Kut", "Lake"], "summary": ["", ""], "places": [(), ()],
    ...     "date_start": ["2021-05-01", "2021-05-02"]}, index=["a", "b"])
    >>> c = choices(ev, inc, pd.DataFrame({"name": [], "alt_names": []}), pd.Index(["e1", "e3"]), "lake")
    >>> c.listed, c.counts, c.named, c.best
    (['a', 'b'], {'a': (1, 2), 'b': (1, 1)}, ['b'], 'b')
    """
    of = events["incident"].dropna()
    total = of.value_counts()
    inside = of[of.index.isin(kept)].value_counts()
    listed = [i for i in incidents.index if inside.get(i, 0)]
    counts = {i: (int(inside.get(i, 0)), int(total.get(i, 0))) for i in listed}
    words = fold(query).split()
    named = []
    if words:
        for i in listed:
            row = incidents.loc[i]
            names = [
                " ".join([str(places.loc[p, "name"]), *places.loc[p, "alt_names"]])
                for p in row["places"]
                if p in places.index
            ]
            text = fold(" ".join([str(row["name"]), str(row["summary"]), *names]))
            if all(word in text for word in words):
                named.append(i)
    pool = named or listed
    best = max(pool, key=lambda i: (counts[i][0], str(incidents.loc[i, "date_start"]))) if pool else None
    return Choice(listed=listed, counts=counts, named=named, best=best)
