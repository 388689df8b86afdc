"""Every ``st.session_state`` key the dashboard uses, named once, with what it holds.

A widget's ``key`` is its value's session-state key, so the widgets that other modules read or set take
their key from here. Public keys (no leading ``_``) belong to widgets; private ones (``_…``) are the
session's own memory between reruns. The list filters' keys are their names in the address
(:data:`caucasus_atlas.urlstate.LIST_PARAMS`: ``topics``, ``event_types``, ``actors``, ``claimants``,
``place_kinds``, ``parties``, ``sources``), the same as :class:`caucasus_atlas.filters.Filters`' fields.
"""

from __future__ import annotations

# -- the sidebar's widgets (caucasus_atlas.ui.filters, caucasus_atlas.ui.imported) ---------------------

#: the chosen period, a name of :func:`caucasus_atlas.events.periods_for` (the "Period" radio)
PERIOD = "period"
#: also show the events dated only to a wider period that overlaps the range (a toggle)
WIDER = "wider"
#: the search text
QUERY = "query"
#: the topics shown (a multiselect; the first of the list filters, see the module's docstring)
TOPICS = "topics"
#: whose accounts are shown (parties of settings.PARTIES)
PARTIES = "parties"
#: which documents are shown (source ids)
SOURCES = "sources"
#: what the map's colours show: "topic" or "party"
COLOUR_BY = "colour_by"
#: whether the OpenStreetMap tiles are drawn
TILES = "tiles"
#: the imports shown (names of the reader's own imported datasets)
DATASETS = "datasets"
#: the imported events' own filters: their datasets, event types and range of fatalities
IMPORTED_DATASETS = "imported_datasets"
IMPORTED_TYPES = "imported_types"
FATALITIES = "fatalities"
#: the "independent records nearby" distance (km) and days
NEAR_KM = "near_km"
NEAR_DAYS = "near_days"


def date_range(period: str) -> str:
    """The key of the date range chosen within one period (each period keeps its own slider)."""
    return f"date_range_{period}"


# -- what the pages select ----------------------------------------------------------------------------

#: the selected event's id (the panel shows it; the address carries it)
EVENT = "event"
#: the incident the incident view shows (its selectbox; the address carries it)
INCIDENT = "incident"
#: the filter (its repr) the incident picker last followed: a new filter may open the picker on its best match
INCIDENT_FILTER = "_incident_filter"
#: the document the Source reader shows (its selectbox)
READER_DOC = "reader_doc"
#: the section of the document the Source reader shows (its radio; the opened event's section first)
READER_SECTION = "reader_section"
#: the story mode's step through the May 2021 crisis (None before it starts)
STORY_STEP = "story_step"
#: the play control's window (``day`` or ``week``) and speed (a name of :data:`caucasus_atlas.ui.play.SPEEDS`)
PLAY_WINDOW = "play_window"
PLAY_SPEED = "play_speed"

# -- the session's memory ------------------------------------------------------------------------------

#: the Filters of this rerun, read by the legend, the map and the panel after the sidebar made them
FILTERS = "_filters"
#: the date window last taken from the time chart's drag (a new drag sets the range once)
APPLIED_WINDOW = "_applied_window"
#: the play running through the range (:class:`caucasus_atlas.ui.play.Play`), None when it is not
PLAY = "_play"
#: what the play said when it stopped or ended (shown once, beside its controls)
PLAY_NOTE = "_play_note"
#: set when a link asks to bring the map into view on the next rerun
SCROLL_TO_MAP = "_scroll_to_map"
#: the event whose document the Source reader last opened (an event opened from elsewhere opens its own)
READER_FOR = "_reader_for"
#: the event whose section the Source reader last opened
READER_SECTION_FOR = "_reader_section_for"
#: a date range asked for by a page (the time chart, the play control), applied before the sidebar is drawn:
#: ``(start, end)`` or ``(start, end, period)`` to put back a period as well
PENDING_RANGE = "_pending_range"
#: the sidebar's values kept across a page switch the server makes (ui.filters.switch_page_keeping_filters)
KEPT_FILTERS = "_kept_filters"
#: the row of the imported event clicked last (the panel shows it)
IMPORTED = "_imported"
#: the imported events under the count or the pile of dots clicked last: ``{"rows": [...], "total": n}``
IMPORTED_PILE = "_imported_pile"
#: the map feature clicked last: ``{"place_ids": "a,b", "event_ids": [...]}``
LOCATION = "_location"
#: whether the next map fits the selected event (True after a selection from elsewhere)
FOCUS = "_focus"
#: set once the address has been read into the widgets (once per session)
URL_LOADED = "_url_loaded"
#: what the address asked for that could not be given (shown as a note on the page)
URL_NOTES = "_url_notes"
#: the maps' views (centre and zoom) from the address, by parameter (``view``, ``incident_view``): each map
#: opens on its own the first time it is drawn in the session
URL_VIEW = "_url_view"


def last_click(map_key: str) -> str:
    """The key of the last click one map (by its widget key) reported, so that a click is acted on once."""
    return f"_last_click_{map_key}"


def imported_view(map_key: str) -> str:
    """The key of the view one map (by its widget key) last reported for its imported events."""
    return f"_imported_view_{map_key}"


# -- the Add a document page (caucasus_atlas.ui.adddoc) -----------------------------------------------

#: the draft of the document being added: its bundle (caucasus_atlas.bundle), as last drafted or edited
DRAFT = "_draft_bundle"
#: places added to the draft from the gazetteer search (new place records)
DRAFT_EXTRA_PLACES = "_draft_extra_places"
#: what the last Save wrote (a message), shown once
DRAFT_SAVED = "_draft_saved"
#: the editable table of proposals (a data_editor)
DRAFT_TABLE = "draft_table"
#: the same rows' other columns (sub-type, through, responds_to, topic, summary, what is left to decide)
DRAFT_TABLE_MORE = "draft_table_more"
#: the preview's frames (a staged copy of the data folder with the draft), by the draft's digest
DRAFT_PREVIEW = "_draft_preview"
#: what stops the draft from being saved, by the draft's digest and the data folder's state
DRAFT_PROBLEMS = "_draft_problems"
#: a point the curator clicked on the draft's map, not yet added to a row: {"lat", "lng", "seen"}
DRAFT_PICK = "_draft_pick"
#: the last click of the draft's map acted on (its coordinate as text), so that a click proposes once
DRAFT_PICK_SEEN = "_draft_pick_seen"
#: what the last pick added (a message), shown once
DRAFT_PICK_ADDED = "_draft_pick_added"
#: the Add a document page: the sentence a place picked on the map goes to (the number input's key)
DRAFT_PICK_ROW = "draft_pick_row"
#: the Add a document page: the title typed above Save when the text has no headline line (the input's key)
DRAFT_TITLE = "draft_source_title"
#: the Add a document page: the sentence whose stated values are shown and edited (the number input's key)
DRAFT_STATES_ROW = "draft_states_row"
#: what the last change of a row's stated values did (a message), shown once
DRAFT_STATES_DONE = "_draft_states_done"


def draft_state_phrase(row: int) -> str:
    """The key of the Add a document page's phrase input for the stated values of sentence ``row`` (emptied
    once a value is recorded)."""
    return f"draft_state_phrase_{row}"
