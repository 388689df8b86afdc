"""What the dashboard's shared sidebar selects, as one value: the filters a page applies and the address
(URL) writes. No Streamlit here: :mod:`caucasus_atlas.ui.filters` draws the sidebar that makes a
:class:`Filters`, :mod:`caucasus_atlas.ui.address` writes one into the address."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from caucasus_atlas.corroboration import NEARBY_DAYS, NEARBY_KM


@dataclass(frozen=True)
class Filters:
    """What the shared sidebar selects; ``None`` in a list filter means "all"."""

    start: dt.date
    end: dt.date
    topics: tuple[str, ...]
    event_types: tuple[str, ...] | None
    actors: tuple[str, ...] | None
    claimants: tuple[str, ...] | None
    place_kinds: tuple[str, ...] | None
    query: str
    tiles: bool
    #: also show the events dated only to a wider period that overlaps the range (drawn faded)
    wider: bool = False
    #: the imports shown (None: there are none), and the "independent records nearby" distance and days
    datasets: tuple[str, ...] | None = None
    near_km: float = NEARBY_KM
    near_days: int = NEARBY_DAYS
    #: whose accounts (parties of settings.PARTIES) and which documents; None: all
    parties: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    #: what the map's colours show: "topic" or "party" (whose account)
    colour_by: str = "topic"
    #: the imported events' own attributes: their datasets ("ACLED", "UCDP GED"), event types, and the range of
    #: fatalities the dataset codes (an event without a count is kept only while the range is the whole one);
    #: None: all
    imported_datasets: tuple[str, ...] | None = None
    imported_types: tuple[str, ...] | None = None
    fatalities: tuple[int, int] | None = None
