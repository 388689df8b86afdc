"""Documented constants: paths, vocabularies, map defaults. Read-only at run time."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

#: The folder that holds the code, ``geodata/``, ``events/`` and ``static/``.
PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Environment variable that points the atlas at another data folder (holding ``geodata/`` and ``events/``).
DATA_ENV_VAR = "CAUCASUS_ATLAS_DATA"


def data_root() -> Path:
    """The folder holding ``geodata/`` and ``events/``: ``$CAUCASUS_ATLAS_DATA`` or the project folder."""
    value = os.environ.get(DATA_ENV_VAR)
    return Path(value).expanduser().resolve() if value else PROJECT_ROOT


def project_file(rel: Path | str) -> Path:
    """A file the code ships beside itself (reference geodata, ``dashboard.py``): the source tree's copy, or,
    for an installed wheel (which holds the package only), the data folder's (``$CAUCASUS_ATLAS_DATA``)."""
    path = PROJECT_ROOT / rel
    return path if path.exists() else data_root() / rel


#: Environment variable that sets who may use the Data page's uploader (:func:`uploads_mode`): an upload
#: is seen by every visitor.
UPLOADS_ENV_VAR = "CAUCASUS_ATLAS_UPLOADS"


def uploads_allowed() -> bool:
    """Whether the Data page may import files from the browser (on unless ``$CAUCASUS_ATLAS_UPLOADS`` is 0)."""
    return uploads_mode() != "off"


def uploads_mode() -> str:
    """Who may import from the browser, by ``$CAUCASUS_ATLAS_UPLOADS``: ``off`` (``0``); ``curators`` (only a
    session that entered a curator token, whoever it is: set it behind a reverse proxy); ``local`` (the
    default: whoever reaches a server listening on localhost directly, else curators only).
    """
    value = os.environ.get(UPLOADS_ENV_VAR, "1").strip().lower()
    if value in ("0", "false", "no", "off"):
        return "off"
    return "curators" if value == "curators" else "local"


#: Environment variable with the curators' tokens, ``label=token`` pairs separated by ``;`` (set by the
#: operator). On a server that listens on any address but localhost, only a session that entered one of
#: them may write (upload an import); the label is recorded with what it added.
CURATOR_TOKENS_ENV_VAR = "CAUCASUS_ATLAS_CURATOR_TOKENS"
#: Server addresses that only this machine can reach: there, whoever uses the dashboard may write.
LOCAL_ADDRESSES: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")
#: The shortest curator token taken (a short one could be guessed).
MIN_TOKEN_CHARS = 12


def curator_tokens(value: str | None = None) -> dict[str, str]:
    """The curators' tokens from ``$CAUCASUS_ATLAS_CURATOR_TOKENS`` (or ``value``): token -> label. Pairs
    that are not ``label=token`` with a token of at least :data:`MIN_TOKEN_CHARS` characters are ignored.

    >>> curator_tokens("anna=s3cret-token-1; bad; bob=short")
    {'s3cret-token-1': 'anna'}
    """
    out = {}
    text = os.environ.get(CURATOR_TOKENS_ENV_VAR, "") if value is None else value
    for pair in text.split(";"):
        label, sep, token = pair.strip().partition("=")
        if sep and label.strip() and len(token.strip()) >= MIN_TOKEN_CHARS:
            out[token.strip()] = label.strip()
    return out


#: Topic ids are the seven sections of the bulletin, in the bulletin's order: id -> (label, colour). The
#: colours are Okabe and Ito's palette, told apart by readers with the common colour-vision deficiencies.
TOPICS: dict[str, tuple[str, str]] = {
    "border": ("I. Border demarcation and incidents", "#D55E00"),
    "regional": ("II. Regional diplomacy and transport corridors", "#0072B2"),
    "reconstruction": ("III. Karabakh reconstruction", "#009E73"),
    "reintegration": ("IV. Reintegration", "#CC79A7"),
    "foreign_fighters": ("V. Trials of foreign fighters", "#56B4E9"),
    "military": ("VI. Azerbaijani-Turkish military cooperation", "#E69F00"),
    "covid": ("VII. Covid-19", "#F0E442"),
}

#: ACLED ``time_precision``, tied to the length of the date span (the validator checks it, see
#: :func:`caucasus_atlas.models.precision_for`): 1 one day; 2 a span of 2 to 7 days; 3 a longer span
#: within one calendar month; 4 (our extension, as UCDP's ``date_prec`` 5) anything longer: a year, or
#: months to years.
TIME_PRECISION: dict[int, str] = {1: "day", 2: "span of up to a week", 3: "within a month", 4: "longer span"}

#: ACLED ``geo_precision``: 1 the exact place, 2 near it or part of an area, 3 only the wider region.
GEO_PRECISION: dict[int, str] = {1: "exact place", 2: "near / part of an area", 3: "region"}

PLACE_KINDS: tuple[str, ...] = (
    "border_point",
    "district",
    "settlement",
    "reconstruction_site",
    "facility",
    "natural",
    "corridor",
    "capital",
    "region",
)

#: Whose account an event is, by the party named before the en dash of its ``claimed_by`` (:func:`party_of`):
#: id -> (label, colour). The colours are Okabe and Ito's, told apart with colour-vision deficiencies; on
#: the map each party also has a shape and a hatching (:mod:`caucasus_atlas.symbols`).
PARTIES: dict[str, tuple[str, str]] = {
    "azerbaijan": ("Azerbaijani government", "#0072B2"),
    "armenia": ("Armenian government", "#D55E00"),
    "third": ("Third parties", "#009E73"),
    "bulletin": ("The bulletin's own narrative", "#CC79A7"),
}
#: The claimants' parties, by the name ``claimed_by`` (and a source's ``author``) writes before its en dash:
#: ``Party – body or person``, or the name alone with a note in brackets (``AIR Center (bulletin
#: narrative)``). Name -> a key of :data:`PARTIES`. A name not listed here is a problem of the record (see
#: :func:`claimant_problem`): a new claimant's party is added here, never guessed.
CLAIMANT_PARTIES: dict[str, str] = {
    "Azerbaijan": "azerbaijan",
    "Armenia": "armenia",
    "AIR Center": "bulletin",
    "France": "third",
    "Russia": "third",
    "United States": "third",
    "European Union": "third",
    "OSCE Minsk Group": "third",
    "CSTO": "third",
    "Turkey": "third",
    "Union of Armenians of Russia": "third",
    "France and Canada": "third",
    "Sputnik Hellas": "third",
}
#: What separates the party from the body in ``claimed_by``: an en dash with a space either side.
CLAIMANT_DASH = " – "


def claimant_name(claimed_by: str) -> str:
    """The party's name in ``claimed_by``: the text before the en dash, or before a bracketed note.

    >>> claimant_name("Armenia – Ministry of Defence"), claimant_name("AIR Center (bulletin narrative)")
    ('Armenia', 'AIR Center')
    """
    name = claimed_by.split(CLAIMANT_DASH.strip(), 1)[0]
    return name.split(" (", 1)[0].strip()


def claimant_problem(claimed_by: str) -> str | None:
    """Why ``claimed_by`` (or a source's ``author``) names no known party, or None when it does.

    >>> claimant_problem("Armenia – Ministry of Defence") is None
    True
    >>> print(claimant_problem("Armenia - Ministry of Defence"))  # doctest: +ELLIPSIS
    names no known party (got 'Armenia - Ministry of Defence', expected 'Party – body or person' with an en dash ...
    """
    name = claimant_name(claimed_by)
    if name in CLAIMANT_PARTIES:
        return None
    hyphen = any(dash in claimed_by for dash in (" - ", " — ", " -- "))
    how = "with an en dash (–), not a hyphen" if hyphen else "with an en dash (–)"
    known = ", ".join(CLAIMANT_PARTIES)
    return (
        f"names no known party (got {claimed_by!r}, expected 'Party – body or person' {how}; the party one of: "
        f"{known}; a new party is added to settings.CLAIMANT_PARTIES)"
    )


def party_of(claimed_by: str) -> str:
    """The party whose account ``claimed_by`` names: a key of :data:`PARTIES`, by :data:`CLAIMANT_PARTIES`.

    ``claimed_by`` reads ``Party – body or person``; Azerbaijan's and Armenia's state bodies (ministries,
    the president, the prime minister, the ombudsman, a village head) are their governments' accounts. The
    validator refuses a name not in :data:`CLAIMANT_PARTIES` (:func:`claimant_problem`); anything else
    (an imported dataset's name) is a third party's.

    >>> party_of("Armenia – Ministry of Defence"), party_of("Azerbaijan – President")
    ('armenia', 'azerbaijan')
    >>> party_of("AIR Center (bulletin narrative)"), party_of("France – President Emmanuel Macron")
    ('bulletin', 'third')
    """
    return CLAIMANT_PARTIES.get(claimant_name(claimed_by), "third")


#: How much of a document the stored text holds.
COMPLETENESS: dict[str, str] = {
    "whole": "the stored text is the whole document",
    "beginning": "only the document's opening is stored",
}

#: How a statement stands towards the one it ``responds_to``.
STANCES: tuple[str, ...] = ("asserts", "denies", "qualifies")

#: What an account states happened (``states: - what: happened``): label -> the words the comparison shows.
#: Neutral words for what the account's own phrase says; the phrase is always shown beside the label.
HAPPENINGS: dict[str, str] = {
    "crossing": "a crossing of the border",
    "positions": "troops taking up or holding positions",
    "advance": "an advance",
    "fire": "firing",
    "no_fire": "no firing by the speaker's own side",
    "accident": "an accident",
    "capture": "a capture or detention",
    "mining": "the laying of mines",
    "engineering_work": "engineering or fortification work",
    "withdrawal": "a withdrawal or return to earlier positions",
    "no_crossing": "no crossing of the border by the speaker's own side",
    "threat": "threats against residents",
    "talks": "talks between the sides",
    "use_of_force": "use or threat of force",
    "sentence": "a sentence by a court",
}

#: What an account calls the people a happening concerns (``states: - what: status``).
STATUSES: dict[str, str] = {
    "servicemen": "servicemen (soldiers)",
    "sabotage_group": "a sabotage or reconnaissance group",
    "civilian": "a civilian",
    "mercenary": "a mercenary",
    "prisoner_of_war": "prisoners of war",
    "detainees": "detainees",
}

#: What an account may state about its incident (``states``): the kind -> the words the comparison shows.
STATED_KINDS: dict[str, str] = {
    "place": "Place",
    "date": "Date",
    "killed": "Killed",
    "wounded": "Wounded",
    "captured": "Captured",
    "happened": "What happened",
    "status": "Who they were",
}
#: The kinds of :data:`STATED_KINDS` that are a figure of people (a whole number).
STATED_FIGURES: tuple[str, ...] = ("killed", "wounded", "captured")

#: Where an account's words come from: its party's own document, or another party's document reporting them.
PROVENANCES: dict[str, str] = {
    "first-hand": "the party's own statement (its own page, or a report quoting it)",
    "reported": "another party's document reporting what the party said",
}

#: How a place belongs to an event, with the words the dashboard shows: ``at`` where it happened (or who
#: spoke from where); ``about`` what it concerns.
PLACE_ROLES: dict[str, str] = {"at": "where it happened", "about": "what it concerns"}

#: ``event_type`` -> allowed ``sub_event_type`` values. Documented in ``events/README.md``.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "armed_incident": ("exchange_of_fire", "ceasefire_violation", "mine_laying", "incursion", "military_operation"),
    "detention": ("arrest", "captivity"),
    "statement": ("claim", "denial", "position", "proposal", "warning", "appeal"),
    "phone_call": ("bilateral_call",),
    "meeting": ("bilateral_meeting", "multilateral_meeting", "news_conference", "conference"),
    "visit": ("official_visit", "inspection"),
    "agreement": ("signed", "announced"),
    "resignation": ("resignation",),
    "deployment": ("border_deployment",),
    "construction": ("launched", "inaugurated", "completed", "planned"),
    "indictment": ("indictment", "charge"),
    "delivery": ("equipment_delivery", "aid"),
    "vote": ("resolution_adopted",),
    "campaign": ("vaccination", "stimulus"),
    "institutional": ("established", "dissolved"),
    "humanitarian": ("prisoner_release", "remains_handover", "missing_persons"),
    "recruitment": ("mercenary", "volunteer"),
}

#: The box inside which every place in Azerbaijan or Armenia must fall (lon/lat, WGS84): a check against
#: swapped or mistyped coordinates. West, south, east, north.
REGION_BBOX: tuple[float, float, float, float] = (43.4, 38.3, 50.9, 42.0)
REGION_COUNTRIES: tuple[str, ...] = ("AZ", "AM")

#: How far, in km, the atlas's reference line between Armenia and Azerbaijan (Natural Earth 1:10m) may lie
#: from where a point really is on its side. Natural Earth 1:10m is compiled for maps at 1:10,000,000, where
#: half a millimetre of paper is 5 km; on this border its vertices lie a median 2.3 km apart (90 % within
#: 5.9 km; measured on ``ADMIN0_FILE``). A stated point nearer the line than this is not put on a side.
BORDER_ACCURACY_KM: float = 5.0

#: Map defaults: the view that opens, and the date range the slider starts on (the bulletin's month).
MAP_CENTER: tuple[float, float] = (40.0, 46.3)
MAP_ZOOM: int = 7
MAP_HEIGHT: int = 640
#: The map's width in a desktop's window 1440 pixels wide: the server's guess of the first view, whose
#: imported events are sent with the map (another width asks for its own view once the map is drawn).
MAP_WIDTH_GUESS: int = 646

#: Radius in metres of the dashed circle drawn for a place known only as "near" (``geo_precision`` 2).
UNCERTAINTY_RADIUS_M: int = 5000
DEFAULT_DATE_RANGE: tuple[dt.date, dt.date] = (dt.date(2021, 5, 1), dt.date(2021, 5, 31))

#: Local copies of the JavaScript and CSS the map needs, served by Streamlit's static serving
#: (``server.enableStaticServing``) under ``/app/static/``. Keys are folium's asset names.
STATIC_URL = "/app/static"
LOCAL_JS: dict[str, str] = {
    "leaflet": f"{STATIC_URL}/leaflet/leaflet.js",
    "markerclusterjs": f"{STATIC_URL}/markercluster/leaflet.markercluster.js",
}
LOCAL_CSS: dict[str, str] = {
    "leaflet_css": f"{STATIC_URL}/leaflet/leaflet.css",
    "markerclustercss": f"{STATIC_URL}/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{STATIC_URL}/markercluster/MarkerCluster.Default.css",
}

#: Clustering on the incidents map: places closer than this many pixels merge until this zoom level.
CLUSTER_RADIUS_PX: int = 35
CLUSTER_UNTIL_ZOOM: int = 9
#: A click on a count or a pile of imported dots sends the page at most this many of their rows (with the
#: total); the page lists the first ``caucasus_atlas.ui.imported.MAX_PILE`` of them by date.
MAX_PILE_ROWS: int = 2000

#: OpenStreetMap tiles: drawn when the user's browser can reach them, never needed.
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "&copy; OpenStreetMap contributors"

#: Paragraphs deliberately not coded, with the reason (read by ``python -m caucasus_atlas coverage``).
COVERAGE_FILE = Path("events/sources/coverage.yaml")

#: Characters of source text shown either side of an excerpt in the event panel.
CONTEXT_CHARS = 400

#: Limits that keep loading bounded, whatever is put in the data folder. A data file larger than this is
#: refused whole (hand-written YAML of this size would take minutes to parse); past ``MAX_EVENTS`` event
#: records, the remaining files are not read. Bulk data belongs in an import, not in hand-written YAML.
MAX_DATA_FILE_BYTES: int = 5_000_000
MAX_EVENTS: int = 20_000
#: Values one record may hold once YAML aliases are expanded (a real event holds a few dozen).
MAX_RECORD_NODES: int = 10_000

#: The dates the atlas can show: the date slider counts microseconds in a JavaScript number, which
#: reaches from about 1684 to 2255; data dates must fall in this narrower, round range.
DATE_MIN: dt.date = dt.date(1700, 1, 1)
DATE_MAX: dt.date = dt.date(2199, 12, 31)

#: Record ids: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most
#: 100 characters. Ids travel in URLs, in comma-separated lists on map features and in Markdown links.
ID_PATTERN: str = r"[a-z0-9][a-z0-9._-]{0,99}"
#: What starts a value a drafted record leaves for the curator to choose (``candidates --format yaml``, the
#: Add a document page); the validator names every such value, wherever it stands in a record.
DRAFT_MARK = "TO DECIDE:"

#: Ids renamed to neutral ones: the old id -> the new. An address or a link with an old id still opens the
#: record (the address is rewritten with the new id). Ids carry no side's term.
FORMER_IDS: dict[str, str] = {
    "karabakh-liberated": "karabakh-districts-2020",
    "border-1991-border-territories-occupied": "border-1991-border-territories-held",
}

#: Where each kind of record lives, relative to the data root.
SOURCES_FILE = Path("events/sources/sources.yaml")
PLACES_FILE = Path("geodata/places.yaml")
EVENTS_DIR = Path("events")
#: The incidents: happenings several accounts describe (not an event file, though it sits beside them).
INCIDENTS_FILE = Path("events/incidents.yaml")
ADMIN1_FILE = Path("geodata/boundaries/ne10m_admin1_AZE_ARM.geojson")
ADMIN0_FILE = Path("geodata/boundaries/ne10m_admin0_AZE_ARM_GEO_IRN_TUR.geojson")
#: Bounding boxes of every country (Natural Earth 1:50m map subunits): a place outside the region is
#: checked against the boxes of its ``country``, which catches swapped longitude and latitude.
COUNTRY_BOXES_FILE = Path("geodata/boundaries/ne50m_country_boxes.json")
#: Land, lakes and the coastline around the region (Natural Earth 1:10m), for the offline basemap.
PHYSICAL_FILE = Path("geodata/boundaries/ne10m_land_lakes_coast_region.geojson")
#: Town names for the offline basemap: GeoNames places of 2,000 people or more inside the region's box.
TOWN_LABELS_FILE = Path("geodata/labels/geonames_towns.json")
#: Country names as ACLED writes them (Natural Earth's names), by ISO alpha-2 code, for the exports.
COUNTRY_NAMES_FILE = Path("geodata/boundaries/ne50m_country_names.json")
