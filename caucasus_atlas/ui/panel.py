"""The event panel beside a map: the selected place's events, one in full with the source's own words,
its claim thread, and links to the other pages that keep the filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from caucasus_atlas import settings
from caucasus_atlas.events import (
    excerpt_in_context,
)
from caucasus_atlas.ui import imported, mapview
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.address import select_event, select_from_elsewhere, selected_event
from caucasus_atlas.ui.data import Frames
from caucasus_atlas.ui.text import md_escape


def event_panel(data: Frames, shown: pd.DataFrame) -> None:
    """The side panel: the selected location's events, or the selected event, one shown in full; or the
    imported event clicked last, or the list of those under the count or pile of imported dots clicked last."""
    heap = st.session_state.get(keys.IMPORTED_PILE)
    if heap:
        imported.pile(data, heap["rows"], heap["total"])
        return
    row = st.session_state.get(keys.IMPORTED)
    if isinstance(row, int) and row < len(data.imported):
        imported.detail(data, row)
        return
    location = st.session_state.get(keys.LOCATION)
    event = selected_event(data)
    if location:
        place_ids = [p for p in location["place_ids"].split(",") if p in data.places.index]
        ids = [i for i in location["event_ids"] if i in shown.index]
        st.subheader(md_escape(" · ".join(data.places.loc[place_ids, "name"])) or "Selected place")
        if not ids:
            st.write("None of this place's events is in the current filter.")
            return
        if event is None or event not in ids:
            event = ids[0]
        if len(ids) > 1:
            choice = st.selectbox(
                f"{len(ids)} events here",
                ids,
                index=ids.index(event),
                key=f"pick_{location['place_ids']}_{len(ids)}",
                format_func=lambda i: f"{data.events.loc[i, 'date_label']} — {data.events.loc[i, 'summary'][:70]}",
            )
            if choice != st.session_state.get(keys.EVENT):
                select_event(choice)
            event = choice
    elif event:
        st.subheader("Selected event")
        if event not in shown.index:
            st.caption("This event is outside the current filters; it is shown because it is selected.")
    else:
        st.subheader("Event details")
        st.write("Click a circle, a line or a shaded area on the map to read what the source says happened there.")
        return
    event_detail(data, event)


def event_detail(data: Frames, event_id: str) -> None:
    """One event in full: date and precision, places and roles, who claims it, the excerpt in context."""
    event = data.events.loc[event_id]
    precision = settings.TIME_PRECISION[event["time_precision"]]
    st.markdown(f"**{md_escape(event['span_text'])}** · date precision: {precision}")
    if pd.notna(event["reported_on"]) and event["reported_on"]:
        st.caption(f"Reported on {event['reported_on'].isoformat()}")
    st.markdown(md_escape(event["summary"]))
    source = data.sources.get(event["source"])
    claimed = event["claimed_by"]
    if event["provenance"] == "reported":
        reporter = (source.author or source.publisher) if source is not None else event["source"]
        claimed += f" — reported: as {reporter}'s document reports it, not the party's own words"
    facts = {
        "Topic": settings.TOPICS[event["topic"]][0],
        "Type": f"{event['event_type']} / {event['sub_event_type']}",
        "Claimed by": claimed,
        "Stance": event["stance"],
        "Actors": ", ".join(event["actors"]),
    }
    if pd.notna(event["fatalities"]):
        facts["Fatalities (as claimed)"] = str(int(event["fatalities"]))
    st.markdown("\n".join(f"- **{k}:** {md_escape(str(v))}" for k, v in facts.items()))
    links = data.event_places[data.event_places["event_id"] == event_id]
    if len(links):
        lines = []
        for _, link in links.iterrows():
            place = data.places.loc[link["place_id"]]
            precision = settings.GEO_PRECISION[place["geo_precision"]]
            lines.append(f"- {md_escape(place['name'])} — {settings.PLACE_ROLES[link['role']]} ({precision})")
        st.markdown("**Places**\n" + "\n".join(lines))
    if event["states"]:
        from caucasus_atlas.incidents import value_label

        stated = [
            f"- {settings.STATED_KINDS[s.what]}: {md_escape(value_label(s.what, s.value, data.places))} — "
            f"«{md_escape(s.phrase)}»"
            for s in event["states"]
        ]
        st.markdown("**What it states** (each in the document's own words)\n" + "\n".join(stated))
    if isinstance(event["incident"], str) and event["incident"] in data.incidents.index:
        st.caption(f"One account of: {md_escape(data.incidents.loc[event['incident'], 'name'])}.")
        link_to_incident(event["incident"])
    thread = _thread(data, event_id)
    if thread:
        st.markdown("**Claim thread**\n" + "\n".join(thread))
    text = data.texts.get(event["source"], "")
    context = excerpt_in_context(text, int(event["source_start"]), int(event["source_end"]))
    section = f" — section *{md_escape(context.section)}*" if context.section.strip() else ""
    st.markdown(f"**The source's words**{section}")
    st.markdown("> " + md_escape(context.excerpt))
    if event["translation"]:
        st.markdown("*The atlas's translation:* " + md_escape(event["translation"]))
    with st.expander("The excerpt with the sentences around it"):
        st.markdown(md_escape(context.before) + " **" + md_escape(context.excerpt) + "** " + md_escape(context.after))
    if source:
        where = f"{md_escape(source.path)} ({md_escape(source.publisher)})"
        st.caption(f"Characters {event['source_start']}–{event['source_end']} of {where}.")
    link_to_reader(event_id)
    filters = st.session_state.get(keys.FILTERS)
    if filters is not None and filters.datasets is not None:
        imported.nearby_list(data, event_id, filters)


def _thread(data: Frames, event_id: str) -> list[str]:
    """The claim–response chain through this event: what it responds to and what responds to it."""
    events = data.events
    lines = []
    target = events.loc[event_id, "responds_to"]
    if isinstance(target, str) and target in events.index:
        other = events.loc[target]
        lines.append(
            f"- Responds to: {md_escape(other['date_label'])}, "
            f"{md_escape(other['claimed_by'])} — {md_escape(other['summary'])}"
        )
    for _, other in events[events["responds_to"] == event_id].iterrows():
        lines.append(
            f"- Answered by ({other['stance']}): {md_escape(other['date_label'])}, "
            f"{md_escape(other['claimed_by'])} — {md_escape(other['summary'])}"
        )
    return lines


def unmapped(data: Frames, shown: pd.DataFrame) -> None:
    """Events in the filter with no place: listed on the timeline, never dropped."""
    n, text = mapview.DERIVED.get((data.key, "unmapped", tuple(shown.index)), lambda: _unmapped_list(data, shown))
    if n:
        with st.expander(f"{n} event(s) in this filter have no mappable place"):
            st.markdown(text)


def _unmapped_list(data: Frames, shown: pd.DataFrame) -> tuple[int, str]:
    """How many events of ``shown`` have no place, and their list (one Markdown element: cheap to send)."""
    rest = shown[~shown.index.isin(set(data.event_places["event_id"]))]
    lines = [
        f"- **{md_escape(date)}** — {md_escape(summary)} (`{event_id}`)"
        for event_id, date, summary in zip(rest.index, rest["date_label"], rest["summary"], strict=True)
    ]
    return len(rest), "\n".join(lines)


#: Most search results listed at once (the rest: narrow the search).
MAX_RESULTS = 40


def search_results(data: Frames, shown: pd.DataFrame, query: str, *, key: str) -> None:
    """When the sidebar's search has text: the events of the page's filter that match it, by date, each with
    its date, summary and claimant, a button that selects it on the page's map and a link to its passage."""
    if not query:
        return
    n = len(shown)
    st.markdown(f"**Search results** · {n} event{'s' if n != 1 else ''} in this filter match “{md_escape(query)}”")
    if not n:
        st.caption("Nothing in this page's filter matches the search: widen the date range or change the words.")
        return
    ordered = shown.sort_values(["date_start", "date_end"])
    with st.container(height=min(360, 24 + 56 * min(n, MAX_RESULTS)), key=f"{key}-results"):
        event_rows(data, ordered.head(MAX_RESULTS), key=key)
    if n > MAX_RESULTS:
        st.caption(f"The first {MAX_RESULTS} of {n}, by date: narrow the search or the date range to see the rest.")


def event_rows(data: Frames, events: pd.DataFrame, *, key: str) -> None:
    """One line per event (date, summary, who claims it) with "On the map" (selects it on this page's map,
    which moves to it) and "Passage" (its words in the Source reader, in this tab with the filters)."""
    for event_id, event in events.iterrows():
        with st.container(key=f"{key}-row-{event_id}", horizontal=True, vertical_alignment="center", gap="small"):
            st.markdown(
                f"**{md_escape(event['date_label'])}** — {md_escape(event['summary'])} "
                f"*({md_escape(event['claimed_by'])})*",
                width="stretch",
            )
            st.button(
                "On the map", key=f"{key}-map-{event_id}", icon=":material/location_on:", type="tertiary",
                on_click=_show_on_map, args=(event_id,), help="Select it on the map above",
            )  # fmt: skip
            link_to_reader(event_id, label="Passage")


def _show_on_map(event_id: str) -> None:
    select_from_elsewhere(event_id)
    st.session_state[keys.SCROLL_TO_MAP] = True  # the list is below the map: bring the map into view


def _page_link(page: str, url_path: str, label: str, icon: str, event_id: str) -> None:
    """A link to another page of the atlas, in this tab: the session (and so every filter) goes along.

    A page run on its own, without the entry script's navigation (a test), gets a plain address.
    """
    try:
        st.page_link(page, label=label, icon=icon, query_params={"event": event_id})
    except StreamlitPageNotFoundError:
        st.markdown(f"[{md_escape(label)}](/{url_path}?event={event_id})")


def link_to_reader(event_id: str, *, label: str = "Read the passage in the Source reader") -> None:
    """A link, in this tab and keeping the filters, to the event's passage in the Source reader."""
    _page_link("pages/source_reader.py", "source", label, ":material/article:", event_id)


def link_to_incident(incident_id: str) -> None:
    """A link, in this tab and keeping the filters, to the incident view: every side's account of it."""
    try:
        st.page_link(
            "pages/border_demarcation.py", label="See every side's account", icon=":material/compare:",
            query_params={"incident": incident_id},
        )  # fmt: skip
    except (StreamlitPageNotFoundError, KeyError):
        st.markdown(f"[See every side's account](/border?incident={incident_id})")


def link_to_map(event_id: str, *, label: str = "Show it on the map") -> None:
    """A link, in this tab and keeping the filters, to the event on the Incidents map."""
    _page_link("pages/incidents_map.py", "map", label, ":material/map:", event_id)
