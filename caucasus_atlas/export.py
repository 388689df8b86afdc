"""Exports: events in ACLED's column names (plus the atlas's own fields), places as a gazetteer."""

from __future__ import annotations

import json
from typing import Any

import geopandas as gpd
import pandas as pd

from caucasus_atlas.models import Source, normalise_whitespace

#: ACLED's names where they apply, then the atlas's own fields. One row per event and place.
EVENT_CSV_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
    "date_start",
    "date_end",
    "topic",
    "excerpt",
    "source_start",
    "source_end",
    "claimed_by",
    "place_id",
    "source_id",
    "nearby_independent",
]

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
    """One row per (event, place); an event with no place gets one row with empty location fields.

    ``event_date`` is ``date_start`` (ACLED has one date); ``date_end`` and ``time_precision`` say how far
    it may stretch. ``tags`` carries the role of the place and the stance. ``nearby`` (from
    :func:`caucasus_atlas.corroboration.nearby`) fills ``nearby_independent``; without it the column is
    empty.
    """
    rows = []
    for event_id, e in events.iterrows():
        links = event_places[event_places["event_id"] == event_id]
        base = {
            "event_id_cnty": event_id,
            "event_date": e["date_start"].isoformat(),
            "year": e["date_start"].year,
            "time_precision": e["time_precision"],
            "event_type": e["event_type"],
            "sub_event_type": e["sub_event_type"],
            "actor1": e["actors"][0] if e["actors"] else "",
            "actor2": e["actors"][1] if len(e["actors"]) > 1 else "",
            "source": sources[e["source"]].publisher if e["source"] in sources else e["source"],
            "notes": e["summary"],
            "fatalities": "" if pd.isna(e["fatalities"]) else int(e["fatalities"]),
            "date_start": e["date_start"].isoformat(),
            "date_end": e["date_end"].isoformat(),
            "topic": e["topic"],
            "excerpt": normalise_whitespace(e["excerpt"]),
            "source_start": e["source_start"],
            "source_end": e["source_end"],
            "claimed_by": e["claimed_by"],
            "source_id": e["source"],
            "nearby_independent": len(nearby.get(event_id, ())) if nearby is not None else "",
        }
        if links.empty:
            rows.append(base | _no_place(e))
        for _, link in links.iterrows():
            place = places.loc[link["place_id"]]
            rows.append(
                base
                | {
                    "country": place["country"],
                    "admin1": place["admin1"],
                    "admin2": "",
                    "location": place["name"],
                    "latitude": place["latitude"],
                    "longitude": place["longitude"],
                    "geo_precision": place["geo_precision"],
                    "place_id": link["place_id"],
                    "tags": f"place_role={link['role']}; stance={e['stance']}",
                }
            )
    return rows


def _no_place(e: pd.Series) -> dict[str, Any]:
    return {
        "country": "",
        "admin1": "",
        "admin2": "",
        "location": "",
        "latitude": "",
        "longitude": "",
        "geo_precision": "",
        "place_id": "",
        "tags": f"place_role=none; stance={e['stance']}",
    }


#: What a spreadsheet takes for the start of a formula when a cell begins with it (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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
    return table[columns].map(spreadsheet_safe).to_csv(index=False, lineterminator="\n")


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
            "event_type": imported["event_type"],
            "sub_event_type": imported["sub_event_type"],
            "actor1": actors.str[0].fillna(""),
            "actor2": actors.str[1].fillna(""),
            "country": imported["country"],
            "admin1": imported["admin1"],
            "admin2": "",
            "location": imported["location"],
            "latitude": imported["latitude"],
            "longitude": imported["longitude"],
            "geo_precision": imported["geo_precision"],
            "source": imported["reported_by"],
            "notes": imported["excerpt"],
            "fatalities": imported["fatalities"].astype("object").where(imported["fatalities"].notna(), ""),
            "tags": "dataset=" + imported["dataset"].astype(str) + "; excerpt=the dataset's paraphrase",
            "date_start": day,
            "date_end": imported["date_end"].dt.strftime("%Y-%m-%d"),
            "topic": "",
            "excerpt": imported["excerpt"],
            "source_start": "",
            "source_end": "",
            "claimed_by": imported["dataset"],
            "place_id": "",
            "source_id": imported["source_id"],
            "nearby_independent": "",
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
    table = pd.DataFrame(event_rows(events, event_places, places, sources, nearby=nearby), columns=EVENT_CSV_COLUMNS)
    if imported is not None and len(imported):
        table = pd.concat([table, imported_rows(imported)], ignore_index=True)
    return _csv(table, EVENT_CSV_COLUMNS)


def events_geojson(
    events: pd.DataFrame,
    event_places: pd.DataFrame,
    places: gpd.GeoDataFrame,
    sources: dict[str, Source],
    *,
    imported: pd.DataFrame | None = None,
    nearby: dict[str, Any] | None = None,
) -> str:
    """Events as a GeoJSON FeatureCollection: one feature per (event, place) with the place's geometry,
    then one per imported event at its point."""
    features = []
    for row in event_rows(events, event_places, places, sources, nearby=nearby):
        geometry = places.loc[row["place_id"]].geometry.__geo_interface__ if row["place_id"] else None
        ident = f"{row['event_id_cnty']}@{row['place_id']}"
        features.append({"type": "Feature", "id": ident, "geometry": geometry, "properties": row})
    if imported is not None and len(imported):
        for row in imported_rows(imported).to_dict("records"):
            geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]}
            features.append({"type": "Feature", "id": row["event_id_cnty"], "geometry": geometry, "properties": row})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str, indent=1)


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
