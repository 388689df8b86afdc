"""Exports: events in ACLED's column names (plus the atlas's own fields), places as a gazetteer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import geopandas as gpd
import pandas as pd

from caucasus_atlas import settings
from caucasus_atlas.corroboration import SPEECH_TYPES
from caucasus_atlas.models import Source, normalise_whitespace

#: Every column of the events export and what it holds: ACLED's names where they apply, then the atlas's
#: own fields. One row per event. The Data page shows this table; ``events/README.md`` documents it too.
EVENT_COLUMN_DOCS: dict[str, str] = {
    "event_id_cnty": "the event's id (curated: the atlas id; imported: <import>:<dataset id>)",
    "event_date": "the first day the event may have happened (date_start); see date_end and time_precision",
    "year": "the year of event_date",
    "time_precision": "1 one day, 2 up to 7 days, 3 within a month, 4 longer (the span from date_start to date_end)",
    "disorder_type": "ACLED's disorder type for the ACLED event type (Political violence, Strategic developments)",
    "event_type": "ACLED's event type (Battles, Explosions/Remote violence, Violence against civilians, Protests, "
    "Riots, Strategic developments); the atlas's own type is in atlas_event_type",
    "sub_event_type": "ACLED's sub-event type (Armed clash, Arrests, Agreement, Change to group/activity, Other)",
    "actor1": "the first actor",
    "assoc_actor_1": "empty: the atlas does not code associated actors",
    "inter1": "ACLED's interaction code of actor1, where the atlas knows it (State forces for a state's armed "
    "forces, ministries and border service)",
    "actor2": "the second actor, if any",
    "assoc_actor_2": "empty: the atlas does not code associated actors",
    "inter2": "ACLED's interaction code of actor2, where known",
    "interaction": "inter1 and inter2 as ACLED joins them ('State forces-State forces'; 'State forces only')",
    "civilian_targeting": "empty: no curated account is coded as violence against civilians",
    "region": "ACLED's region of the event's country (Caucasus and Central Asia for Armenia, Azerbaijan and Georgia)",
    "iso": "ISO 3166-1 numeric code of the event's country (the first, for a place on the border)",
    "country": "the country's name, as ACLED writes it (Natural Earth's name); '; '-separated for a border place",
    "admin1": "the first-level unit the place lies in (Natural Earth admin-1)",
    "admin2": "empty: the boundaries have no second level",
    "admin3": "empty: the boundaries have no third level",
    "location": "where the happening is stated to be: the first place the account states, else the first "
    "place where it happened; for a statement that states no place, the first place it concerns — never "
    "where a statement was made (statement_venue)",
    "latitude": "the primary place's latitude (a number; a representative point for lines and areas)",
    "longitude": "the primary place's longitude (a number)",
    "geo_precision": "1 the exact place, 2 near it or part of an area, 3 a region",
    "source": "who published the source (curated) or whom the dataset cites (imported)",
    "source_scale": "National for an Armenian or Azerbaijani government document or the bulletin, International "
    "for a third party's; empty for imported events",
    "notes": "a one-line summary in the atlas's words (curated) or the dataset's description (imported)",
    "fatalities": "deaths as claimed; empty when the source states none",
    "tags": "place_role and stance (curated) or dataset and the nature of the excerpt (imported)",
    "timestamp": "empty: the atlas keeps no edit time for curated events, nor the dataset's for imported ones",
    "atlas_event_type": "the atlas's own event type (events/README.md)",
    "atlas_sub_event_type": "the atlas's own sub-event type",
    "date_start": "the first day the event may have happened",
    "date_end": "the last day the event may have happened",
    "topic": "the bulletin's section (border, regional, …); empty for imported events",
    "excerpt": "the source's own words, verbatim (curated) or the dataset's paraphrase (imported)",
    "source_start": "character offset of the excerpt in the source text",
    "source_end": "character offset of the excerpt's end",
    "claimed_by": "whose account this is (curated) or the dataset (imported)",
    "stance": "asserts, denies or qualifies, towards responds_to",
    "responds_to": "the id of the event this statement answers",
    "place_id": "the primary place (location's place id)",
    "place_role": "stated (the account states it), at (where it happened) or about (what it concerns), for the "
    "primary place",
    "statement_venue": "for a statement, call or meeting: where it was made (its 'at' place), apart from location",
    "provenance": "first-hand (the party's own document) or reported (another party's document reporting it)",
    "other_places": "the event's other places, 'id (role)', '; '-separated (all places: the event-place table)",
    "source_id": "the document the event comes from, or the import's name",
    "party": "whose account: azerbaijan, armenia (the governments), third (third parties), bulletin (the "
    "bulletin's own narrative); empty for imported events",
    "incident": "the incident this account describes (the incidents table); empty when it is in none",
    "nearby_independent": "imported events within the chosen km and days of the event; empty for imported events",
}
EVENT_CSV_COLUMNS = list(EVENT_COLUMN_DOCS)

#: The event–place table: every place of every event, with its role (the events export keeps one).
EVENT_PLACE_COLUMNS = [
    "event_id", "place_id", "role", "order", "name", "country", "latitude", "longitude", "geo_precision",
]  # fmt: skip

#: Atlas event type -> ACLED (disorder type, event type, sub-event type). Armed incidents with fire are
#: battles; a claimed incursion (troops crossing or taking positions, no fire) is a change to the group's
#: activity, and mine laying (no shot, no explosion) a strategic development; arrests, agreements and
#: deployments have ACLED categories of their own; everything said, met, built or decided is a strategic
#: development, "Other".
#: The atlas's own types stay in atlas_event_type / atlas_sub_event_type.
_BATTLE = ("Political violence", "Battles", "Armed clash")
_STRATEGIC = ("Strategic developments", "Strategic developments")
_OTHER = (*_STRATEGIC, "Other")
ACLED_TYPES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("armed_incident", "exchange_of_fire"): _BATTLE,
    ("armed_incident", "ceasefire_violation"): _BATTLE,
    ("armed_incident", "incursion"): (
        "Strategic developments",
        "Strategic developments",
        "Change to group/activity",
    ),
    ("armed_incident", "military_operation"): _BATTLE,
    ("detention", "arrest"): ("Strategic developments", "Strategic developments", "Arrests"),
    ("agreement", "signed"): ("Strategic developments", "Strategic developments", "Agreement"),
    ("agreement", "announced"): ("Strategic developments", "Strategic developments", "Agreement"),
    ("deployment", "border_deployment"): (
        "Strategic developments",
        "Strategic developments",
        "Change to group/activity",
    ),
}


def acled_type(event_type: str, sub_event_type: str) -> tuple[str, str, str]:
    """ACLED's (disorder type, event type, sub-event type) for an atlas type.

    Examples
    --------
    >>> acled_type("armed_incident", "exchange_of_fire"), acled_type("statement", "claim")[1:]
    (('Political violence', 'Battles', 'Armed clash'), ('Strategic developments', 'Other'))
    """
    return ACLED_TYPES.get((event_type, sub_event_type), _OTHER)


def _country_names() -> dict[str, str]:
    path = settings.project_file(settings.COUNTRY_NAMES_FILE)
    return json.loads(path.read_text(encoding="utf-8"))


def country_fields(codes: str) -> tuple[str, int | str]:
    """A place's ``country`` (ISO alpha-2 codes, ';'-separated) as ACLED's ``country`` and numeric ``iso``.

    Examples
    --------
    >>> country_fields("AZ;AM")
    ('Azerbaijan; Armenia', 31)
    """
    import pycountry

    if not _COUNTRY_NAMES:
        _COUNTRY_NAMES.update(_country_names())
    names = _COUNTRY_NAMES
    parts = [c for c in codes.split(";") if c]
    if not parts:
        return "", ""
    country = pycountry.countries.get(alpha_2=parts[0])
    return "; ".join(names.get(c, c) for c in parts), int(country.numeric) if country else ""


_COUNTRY_NAMES: dict[str, str] = {}


def _location(e: pd.Series, links: list[tuple[str, str]], places: pd.DataFrame) -> tuple[str, str]:
    """Where the happening is stated to be, and how the atlas knows: the first place the account states
    (``stated``), else the first place where it happened (``at``) — for a statement, call or meeting, the
    first place it concerns (``about``), never its venue — else the first place listed. ``links`` are the
    event's (place, role) pairs in order."""
    for stated in e["states"]:
        if stated.what == "place" and stated.value in places.index:
            return stated.value, "stated"
    roles = ("about", "at") if e["event_type"] in SPEECH_TYPES else ("at", "about")
    for role in roles:
        for place, their_role in links:
            if their_role == role:
                return place, role
    return links[0]


#: ACLED's regions of the countries the atlas's places lie in (ISO alpha-2 -> region).
ACLED_REGIONS: dict[str, str] = {
    "AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia", "GE": "Caucasus and Central Asia",
    "KZ": "Caucasus and Central Asia", "TJ": "Caucasus and Central Asia", "RU": "Europe", "FR": "Europe",
    "BE": "Europe", "TR": "Middle East", "IR": "Middle East", "US": "North America",
}  # fmt: skip

#: Actors whose ACLED interaction code is "State forces": a state's armed forces and its security bodies.
_STATE_FORCES = ("Armed Forces of", "Military Forces of", "State Border Service", "Border Guard", "Ministry of Defence")


def _inter(actor: str) -> str:
    """ACLED's interaction code of an actor, where the atlas can tell it; empty otherwise.

    >>> _inter("Armed Forces of Armenia"), _inter("Government of France")
    ('State forces', '')
    """
    return "State forces" if any(actor.startswith(s) or s in actor for s in _STATE_FORCES) else ""


def _interaction(inter1: str, inter2: str, actors: int) -> str:
    """
    >>> _interaction("State forces", "State forces", 2), _interaction("State forces", "", 1)
    ('State forces-State forces', 'State forces only')
    """
    if inter1 and inter2:
        return f"{inter1}-{inter2}"
    if inter1 and actors == 1:
        return f"{inter1} only"
    return ""


PLACE_CSV_COLUMNS = [
    "place_id",
    "name",
    "alt_names",
    "kind",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "coord_source",
]


def event_rows(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    sources: dict[str, Source],
    *,
    nearby: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """One row per event with :data:`EVENT_CSV_COLUMNS`, located at its primary place (the others are
    listed in ``other_places``; :func:`event_places_csv` has them all). Numbers are numbers; a missing
    value is ``None``. ``nearby`` (from :func:`caucasus_atlas.corroboration.nearby`) fills
    ``nearby_independent``; without it the column is empty.
    """
    rows = []
    by_event: dict[str, list[tuple[str, str]]] = {}
    for event_id, place, role in zip(
        event_places["event_id"], event_places["place_id"], event_places["role"], strict=True
    ):
        by_event.setdefault(event_id, []).append((place, role))
    for event_id, e in events.iterrows():
        disorder, acled_event, acled_sub = acled_type(e["event_type"], e["sub_event_type"])
        row: dict[str, Any] = {
            "event_id_cnty": event_id,
            "event_date": e["date_start"].isoformat(),
            "year": e["date_start"].year,
            "time_precision": int(e["time_precision"]),
            "disorder_type": disorder,
            "event_type": acled_event,
            "sub_event_type": acled_sub,
            "actor1": e["actors"][0] if e["actors"] else "",
            "actor2": e["actors"][1] if len(e["actors"]) > 1 else "",
            "assoc_actor_1": "", "inter1": _inter(e["actors"][0]) if e["actors"] else "",
            "assoc_actor_2": "", "inter2": _inter(e["actors"][1]) if len(e["actors"]) > 1 else "",
            "civilian_targeting": "", "region": "", "admin3": "", "timestamp": None,
            "source_scale": "International" if e["party"] == "third" else "National",
            "statement_venue": "", "provenance": e["provenance"],
            "iso": None, "country": "", "admin1": "", "admin2": "", "location": "",
            "latitude": None, "longitude": None, "geo_precision": None,
            "source": sources[e["source"]].publisher if e["source"] in sources else e["source"],
            "notes": e["summary"],
            "fatalities": None if pd.isna(e["fatalities"]) else int(e["fatalities"]),
            "tags": f"place_role=none; stance={e['stance']}",
            "atlas_event_type": e["event_type"],
            "atlas_sub_event_type": e["sub_event_type"],
            "date_start": e["date_start"].isoformat(),
            "date_end": e["date_end"].isoformat(),
            "topic": e["topic"],
            "excerpt": normalise_whitespace(e["excerpt"]),
            "source_start": int(e["source_start"]),
            "source_end": int(e["source_end"]),
            "claimed_by": e["claimed_by"],
            "stance": e["stance"],
            "responds_to": e["responds_to"] if isinstance(e["responds_to"], str) else "",
            "place_id": "", "place_role": "", "other_places": "",
            "source_id": e["source"],
            "party": e["party"],
            "incident": e["incident"] if isinstance(e["incident"], str) else "",
            "nearby_independent": len(nearby.get(event_id, ())) if nearby is not None else None,
        }  # fmt: skip
        row["interaction"] = _interaction(row["inter1"], row["inter2"], len(e["actors"]))
        links = by_event.get(event_id)
        if links:
            place_id, role = _location(e, links, places)
            if e["event_type"] in SPEECH_TYPES:
                venue = [p for p, r in links if r == "at" and p in places.index]
                row["statement_venue"] = "; ".join(str(places.loc[v, "name"]) for v in venue)
            place = places.loc[place_id]
            country, iso = country_fields(place["country"])
            row.update(
                iso=iso if iso != "" else None, country=country, admin1=place["admin1"], location=place["name"],
                latitude=float(place["latitude"]), longitude=float(place["longitude"]),
                geo_precision=int(place["geo_precision"]), place_id=place_id, place_role=role,
                region=ACLED_REGIONS.get(place["country"].split(";")[0], ""),
                tags=f"place_role={role}; stance={e['stance']}",
                other_places="; ".join(f"{p} ({r})" for p, r in links if p != place_id),
            )  # fmt: skip
        rows.append(row)
    return rows


def event_places_csv(events: pd.DataFrame, event_places: pd.DataFrame, places: gpd.GeoDataFrame) -> str:
    """The event–place table of ``events``: every place of every event with its role, one row each."""
    links = event_places[event_places["event_id"].isin(events.index)].copy()
    links["name"] = links["place_id"].map(places["name"])
    links["country"] = links["place_id"].map(places["country"])
    links["latitude"] = links["place_id"].map(places["latitude"])
    links["longitude"] = links["place_id"].map(places["longitude"])
    links["geo_precision"] = links["place_id"].map(places["geo_precision"])
    return _csv(links, EVENT_PLACE_COLUMNS)


#: What a spreadsheet takes for the start of a formula when a cell begins with it (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: The incidents table: one row per incident, with its accounts and the parties they come from.
INCIDENT_COLUMN_DOCS: dict[str, str] = {
    "incident_id": "the incident's id (the events export's incident column)",
    "name": "a neutral name giving both sides' place names",
    "date_start": "the first day any account dates it to",
    "date_end": "the last day any account dates it to",
    "summary": "one neutral line in the project's words",
    "places": "the places the accounts put it at, ';'-separated ids",
    "accounts": "the ids of the events that are its accounts, ';'-separated",
    "parties": "the parties whose accounts there are, ';'-separated",
    "documents": "the documents the accounts come from, ';'-separated",
}


def incident_rows(incidents: pd.DataFrame, events: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per incident with :data:`INCIDENT_COLUMN_DOCS`, its accounts listed (all of them, whatever
    the filter: an incident is the sum of its accounts)."""
    rows = []
    for incident_id, incident in incidents.iterrows():
        accounts = events[events["incident"] == incident_id]
        rows.append(
            {
                "incident_id": incident_id,
                "name": incident["name"],
                "date_start": incident["date_start"].isoformat(),
                "date_end": incident["date_end"].isoformat(),
                "summary": incident["summary"],
                "places": ";".join(incident["places"]),
                "accounts": ";".join(accounts.index),
                "parties": ";".join(p for p in settings.PARTIES if p in set(accounts["party"])),
                "documents": ";".join(dict.fromkeys(accounts["source"])),
            }
        )
    return rows


def incidents_csv(incidents: pd.DataFrame, events: pd.DataFrame) -> str:
    """The incidents table as CSV (:data:`INCIDENT_COLUMN_DOCS`)."""
    return _csv(incident_rows(incidents, events), list(INCIDENT_COLUMN_DOCS))


#: The statements table: one row per value an account states, with the phrase of its own document.
STATEMENT_COLUMN_DOCS: dict[str, str] = {
    "event_id": "the account (an event id)",
    "incident": "the incident it describes",
    "party": "whose account (azerbaijan, armenia, third, bulletin)",
    "claimed_by": "the body or person whose account it is",
    "provenance": "first-hand (the party's own document) or reported (another party's document reporting it)",
    "source_id": "the document the phrase stands in",
    "what": "place, date, killed, wounded, captured, happened or status",
    "value": "the stated value: a place id, an ISO date or span, a count, a label",
    "value_label": "the value in words (a place's name, a date, a label's meaning)",
    "phrase": "the document's own words that state it, verbatim",
    "start": "character offset of the phrase in the document's text",
    "end": "character offset of the phrase's end",
}


def statement_rows(events: pd.DataFrame, places: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per stated value of every account (:data:`STATEMENT_COLUMN_DOCS`)."""
    from caucasus_atlas.incidents import value_label

    rows = []
    for event_id, e in events.iterrows():
        incident = e["incident"] if isinstance(e["incident"], str) else ""
        for s in e["states"]:
            rows.append(
                {
                    "event_id": event_id,
                    "incident": incident,
                    "party": e["party"],
                    "claimed_by": e["claimed_by"],
                    "provenance": e["provenance"],
                    "source_id": e["source"],
                    "what": s.what,
                    "value": s.value,
                    "value_label": value_label(s.what, s.value, places),
                    "phrase": s.phrase,
                    "start": s.start,
                    "end": s.end,
                }
            )
    return rows


def statements_csv(events: pd.DataFrame, places: pd.DataFrame) -> str:
    """The statements table as CSV (:data:`STATEMENT_COLUMN_DOCS`)."""
    return _csv(statement_rows(events, places), list(STATEMENT_COLUMN_DOCS))


#: The incident comparison: one row per account, each kind of stated value with its phrases and offsets.
COMPARISON_COLUMN_DOCS: dict[str, str] = {
    "incident_id": "the incident",
    "event_id": "the account",
    "party": "whose account",
    "claimed_by": "the body or person whose account it is",
    "provenance": "first-hand or reported (reported accounts are not compared as the party's own words)",
    "document": "the document's title",
    "source_id": "the document's id",
    "url": "where the document was read",
    "stance": "asserts, denies or qualifies, towards responds_to",
    "responds_to": "the account it answers",
    "excerpt": "the account's own words, verbatim",
    "translation": "the atlas's English rendering of a non-English excerpt",
    **{
        column: doc
        for what, label in settings.STATED_KINDS.items()
        for column, doc in (
            (what, f"{label.lower()} as the account states it ('; '-separated values; empty: it states none)"),
            (f"{what}_phrase", f"the phrase(s) stating {what}, verbatim (' | '-separated)"),
            (f"{what}_offsets", f"where each {what} phrase stands in the document, start-end"),
        )
    },
}


def comparison_rows(
    events: pd.DataFrame, places: pd.DataFrame, sources: dict[str, Source], incident_id: str | None = None
) -> list[dict[str, Any]]:
    """One row per account of an incident (or of every incident), :data:`COMPARISON_COLUMN_DOCS`."""
    from caucasus_atlas.incidents import value_label

    mine = events[events["incident"].notna()] if incident_id is None else events[events["incident"] == incident_id]
    rows = []
    for event_id, e in mine.iterrows():
        source = sources.get(e["source"])
        row: dict[str, Any] = {
            "incident_id": e["incident"], "event_id": event_id, "party": e["party"], "claimed_by": e["claimed_by"],
            "provenance": e["provenance"], "document": source.title if source else "", "source_id": e["source"],
            "url": source.url if source else "", "stance": e["stance"],
            "responds_to": e["responds_to"] if isinstance(e["responds_to"], str) else "",
            "excerpt": normalise_whitespace(e["excerpt"]), "translation": e["translation"],
        }  # fmt: skip
        for what in settings.STATED_KINDS:
            stated = [s for s in e["states"] if s.what == what]
            row[what] = "; ".join(value_label(what, s.value, places) for s in stated)
            row[f"{what}_phrase"] = " | ".join(normalise_whitespace(s.phrase) for s in stated)
            row[f"{what}_offsets"] = "; ".join(f"{s.start}-{s.end}" for s in stated)
        rows.append(row)
    return rows


def comparison_csv(
    events: pd.DataFrame, places: pd.DataFrame, sources: dict[str, Source], incident_id: str | None = None
) -> str:
    """The incident comparison as CSV (:data:`COMPARISON_COLUMN_DOCS`)."""
    return _csv(comparison_rows(events, places, sources, incident_id), list(COMPARISON_COLUMN_DOCS))


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe so it shows as text.

    Numbers stay numbers (a negative longitude is not a formula).

    Examples
    --------
    >>> [spreadsheet_safe(v) for v in ["=cmd|' /C calc'!A0", "-77.03", -77.03, "@SUM(A1)", "Baku"]]
    ["'=cmd|' /C calc'!A0", '-77.03', -77.03, "'@SUM(A1)", 'Baku']
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def _csv(rows: list[dict[str, Any]] | pd.DataFrame, columns: list[str]) -> str:
    table = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=columns)
    cells = table[columns].astype(object)
    # a missing value is an empty cell; filling it first keeps whole numbers whole (no 31.0 beside a gap)
    return cells.where(cells.notna(), "").map(spreadsheet_safe).to_csv(index=False, lineterminator="\n")


def imported_rows(imported: pd.DataFrame) -> pd.DataFrame:
    """Imported events in :data:`EVENT_CSV_COLUMNS`, one row each (built column by column: fast for many).

    ``claimed_by`` is the dataset; ``excerpt`` and ``notes`` are the dataset's paraphrase of its sources.
    """
    actors = imported["actors"].astype(str).str.split("; ")
    day = imported["date_start"].dt.strftime("%Y-%m-%d")
    return pd.DataFrame(
        {
            "event_id_cnty": imported["id"],
            "event_date": day,
            "year": imported["date_start"].dt.year,
            "time_precision": imported["time_precision"],
            "disorder_type": "",
            "event_type": imported["event_type"],
            "sub_event_type": imported["sub_event_type"],
            "actor1": actors.str[0].fillna(""),
            "actor2": actors.str[1].fillna(""),
            "iso": None,
            "country": imported["country"],
            "admin1": imported["admin1"],
            "admin2": "",
            "location": imported["location"],
            "latitude": imported["latitude"],
            "longitude": imported["longitude"],
            "geo_precision": imported["geo_precision"],
            "source": imported["reported_by"],
            "notes": imported["excerpt"],
            "fatalities": imported["fatalities"].astype("object").where(imported["fatalities"].notna(), None),
            "tags": "dataset=" + imported["dataset"].astype(str) + "; excerpt=the dataset's paraphrase",
            "atlas_event_type": "",
            "atlas_sub_event_type": "",
            "date_start": day,
            "date_end": imported["date_end"].dt.strftime("%Y-%m-%d"),
            "topic": "",
            "excerpt": imported["excerpt"],
            "source_start": None,
            "source_end": None,
            "claimed_by": imported["dataset"],
            "stance": "",
            "responds_to": "",
            "place_id": "",
            "place_role": "",
            "other_places": "",
            "source_id": imported["source_id"],
            "party": "",
            "incident": "",
            "provenance": "",
            "nearby_independent": None,
        },
        columns=EVENT_CSV_COLUMNS,
    )


def events_csv(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    sources: dict[str, Source],
    *,
    imported: pd.DataFrame | None = None,
    nearby: dict[str, Any] | None = None,
) -> str:
    """Events as CSV text with :data:`EVENT_CSV_COLUMNS`, the curated ones first, then any ``imported``;
    cells a spreadsheet would run are defused."""
    rows = event_rows(events, event_places, places, sources, nearby=nearby)
    table = pd.DataFrame(rows, columns=EVENT_CSV_COLUMNS, dtype=object)  # whole numbers stay whole
    parts = [_csv(table, EVENT_CSV_COLUMNS)]
    # imported rows a slice at a time: the text is held once, never a whole table of a million rows beside it
    for chunk in _slices(imported):
        parts.append(_csv(imported_rows(chunk), EVENT_CSV_COLUMNS).split("\n", 1)[1])
    return "".join(parts)


#: Imported rows turned into download rows at a time (bounds the memory of a download of a large import).
EXPORT_SLICE_ROWS = 50_000


def _slices(imported: pd.DataFrame | None) -> Iterator[pd.DataFrame]:
    if imported is None:
        return
    for start in range(0, len(imported), EXPORT_SLICE_ROWS):
        yield imported.iloc[start : start + EXPORT_SLICE_ROWS]


def events_geojson(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    sources: dict[str, Source],
    *,
    imported: pd.DataFrame | None = None,
    nearby: dict[str, Any] | None = None,
) -> str:
    """Events as a GeoJSON FeatureCollection: one feature per event at its primary place (numbers as
    numbers, missing values as null), then one per imported event at its point."""

    def feature(row: dict[str, Any], geometry: dict[str, Any] | None) -> str:
        return json.dumps(
            {"type": "Feature", "id": row["event_id_cnty"], "geometry": geometry, "properties": row},
            ensure_ascii=False, default=_json_value,
        )  # fmt: skip

    features = []
    for row in event_rows(events, event_places, places, sources, nearby=nearby):
        geometry = places.loc[row["place_id"]].geometry.__geo_interface__ if row["place_id"] else None
        features.append(feature(row, geometry))
    # imported features a slice at a time, each written as text at once (no million dicts held together)
    for chunk in _slices(imported):
        table = imported_rows(chunk).astype(object).where(lambda t: t.notna(), None)
        for row in table.to_dict("records"):
            features.append(feature(row, {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}))
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(features) + "\n]}\n"


def _json_value(value: Any) -> Any:
    """numpy numbers as JSON numbers; anything else as text."""
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def places_csv(places: gpd.GeoDataFrame) -> str:
    """The gazetteer as CSV text with :data:`PLACE_CSV_COLUMNS` (``alt_names`` ``;``-separated); cells a
    spreadsheet would run are defused."""
    table = places.reset_index().rename(columns={"id": "place_id"})
    table["alt_names"] = table["alt_names"].map(";".join)
    return _csv(table, PLACE_CSV_COLUMNS)


def places_geojson(places: gpd.GeoDataFrame) -> str:
    """The gazetteer as GeoJSON, with each place's own geometry (point, line or polygon)."""
    table = places.reset_index().rename(columns={"id": "place_id"})
    table["alt_names"] = table["alt_names"].map(";".join)
    return table[[*PLACE_CSV_COLUMNS, "admin1", "note", "geometry"]].to_json(ensure_ascii=False, drop_id=True)
