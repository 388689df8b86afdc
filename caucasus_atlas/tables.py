"""The loaded atlas as the tables every consumer reads: the dashboard, the commands, the bench and the tests."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from caucasus_atlas.events import event_places_frame, events_frame, incidents_frame
from caucasus_atlas.gazetteer import places_frame
from caucasus_atlas.loading import Atlas


@dataclass(frozen=True, slots=True)
class Tables:
    """The atlas's records as tables, built once from one :class:`~caucasus_atlas.loading.Atlas`."""

    #: one row per event, indexed by id (:func:`caucasus_atlas.events.events_frame`)
    events: pd.DataFrame
    #: one row per (event, place) with its role and order (:func:`caucasus_atlas.events.event_places_frame`)
    event_places: pd.DataFrame
    #: the gazetteer, indexed by place id (:func:`caucasus_atlas.gazetteer.places_frame`)
    places: gpd.GeoDataFrame
    #: one row per incident, indexed by id (:func:`caucasus_atlas.events.incidents_frame`)
    incidents: pd.DataFrame


def tables(atlas: Atlas) -> Tables:
    """The events, event–place, places and incidents tables of ``atlas`` (its valid records only)."""
    return Tables(
        events=events_frame(atlas.events),
        event_places=event_places_frame(atlas.events),
        places=places_frame(atlas.places, atlas.admin1),
        incidents=incidents_frame(atlas.incidents),
    )
