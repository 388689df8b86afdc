"""The body of every page. Each ``pages/*.py`` file calls one function here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from caucasus_atlas import export, settings, ui
from caucasus_atlas import incidents as accounts_of
from caucasus_atlas.borderside import side_of
from caucasus_atlas.events import claim_threads, excerpt_in_context
from caucasus_atlas.models import Source, date_label
from caucasus_atlas.ui import imported, md_escape
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.mapview import LRU
from caucasus_atlas.views import (
    BACKGROUND_BEFORE,
    Span,
    construction_status,
    histogram,
    reader_paragraphs,
    reader_sections,
    timeline_groups,
    timeline_spans,
)


def _topic_colours() -> alt.Scale:
    """The map's topic colours, for charts."""
    return alt.Scale(domain=[v[0] for v in settings.TOPICS.values()], range=[v[1] for v in settings.TOPICS.values()])


def _map_and_panel(
    data: ui.Frames,
    shown: pd.DataFrame,
    filters: ui.Filters,
    *,
    key: str,
    title: str,
    with_imported: bool = True,
    **kwargs,
) -> None:
    col_map, col_panel = st.columns([3, 2], gap="medium")
    with col_map:
        rows = imported.rows_in_filter(data, filters) if with_imported else None
        ui.event_map(data, shown, tiles=filters.tiles, key=key, imported_rows=rows, title=title, **kwargs)
        ui.offscreen(data, shown)
        ui.wider_note(data, filters)
    with col_panel:
        ui.event_panel(data, shown)


def overview() -> None:
    data, filters, shown = ui.current()
    ui.page_header(
        "Caucasus Atlas",
        data,
        caption="Where and when the events of a May 2021 bulletin happened, in its own words, and what the other "
        "parties said of the same incidents, in theirs.",
        shown=shown,
    )
    cols = st.columns(4)
    cols[0].metric("Events in this filter", len(shown), help=f"{len(data.events)} events in all")
    placed = data.event_places[data.event_places["event_id"].isin(shown.index)]
    cols[1].metric("Places", placed["place_id"].nunique())
    cols[2].metric("Sections", shown["topic"].nunique())
    cols[3].metric("Claim threads", len([t for t in claim_threads(shown) if len(t) > 1]))
    if data.imports:
        rows = imported.rows_in_filter(data, filters)
        st.caption(
            f"Also on the map: {len(rows):,} imported events ({', '.join(map(md_escape, filters.datasets or ()))}"
            " chosen) — their texts are the datasets' paraphrases."
        )
    ui.legend(data, shown)
    _map_and_panel(data, shown, filters, key="overview_map", title="Overview", height=480)
    st.subheader("Events over time")
    bars = histogram(shown)
    if bars.empty:
        st.info("No event in this filter.")
    else:
        colours = _topic_colours()
        chart = (
            alt.Chart(bars)
            .mark_bar()
            .encode(
                x=alt.X("week:T", title="Week (by the event's first possible day)"),
                y=alt.Y("events:Q", title="Events"),
                color=alt.Color("topic:N", scale=colours, title="Topic"),
                tooltip=["week:T", "topic:N", "events:Q"],
            )
        )
        st.altair_chart(chart, width="stretch")
    st.subheader("Latest events")
    latest = shown.sort_values(["date_end", "date_start"], ascending=False).head(8)
    for event_id, event in latest.iterrows():
        st.markdown(
            f"- **{md_escape(event['date_label'])}** — {md_escape(event['summary'])} "
            f"*({md_escape(event['claimed_by'])})* `{event_id}`"
        )
    ui.unmapped(data, shown)


def incidents() -> None:
    data, filters, shown = ui.current()
    ui.page_header("Incidents map", data, shown=shown)
    st.metric("Events in this filter", len(shown), help=f"{len(data.events)} events in all")
    ui.legend(data, shown)
    _map_and_panel(data, shown, filters, key="incidents_map", title="Incidents map", cluster=True)
    time_window(data, filters)  # under the map, as in TimeMap: the map stays on a phone's first screen
    ui.unmapped(data, shown)


def time_window(data: ui.Frames, filters: ui.Filters) -> None:
    """Events per day over the period; drag across the chart to set the date range. A play control steps
    a window of a day or a week through the period, the map following."""
    period = st.session_state.get(keys.PERIOD) or ""
    first, last = ui.periods_of(data).get(period, (filters.start, filters.end))
    days = pd.date_range(first, last, freq="D")
    if len(days) > 400:  # a long period: the chart is drawn by week
        days = pd.date_range(first, last, freq="W-MON")
    events = data.events[(data.events["date_start"] >= first) & (data.events["date_end"] <= last)]
    starts = pd.to_datetime(events["date_start"])
    counts = starts.value_counts().reindex(days, fill_value=0) if len(days) <= 400 else None
    if counts is None:
        counts = starts.dt.to_period("W-SUN").dt.start_time.value_counts().reindex(days, fill_value=0)
    table = pd.DataFrame({"date": days, "events": counts.to_numpy()})
    brush = alt.selection_interval(encodings=["x"], name="window")
    chart = (
        alt.Chart(table)
        .mark_bar(color="#4f535c")
        .encode(x=alt.X("date:T", title=None), y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickMinStep=1)))
        .properties(height=90)
        .add_params(brush)
    )
    left, right = st.columns([5, 2], vertical_alignment="bottom")
    with left:
        st.caption("Drag across the chart to set the date range; the map follows.")
        state = st.altair_chart(chart, width="stretch", on_select="rerun", key="time_window", selection_mode="window")
    selected: dict[str, Any] = dict(state) if state else {}
    window = selected.get("selection", {}).get("window", {}).get("date") if selected else None
    # a new drag sets the range once; the chart keeps its selection, which must not undo later changes
    if window and len(window) == 2 and tuple(window) != st.session_state.get(keys.APPLIED_WINDOW):
        st.session_state[keys.APPLIED_WINDOW] = tuple(window)
        start = max(first, pd.to_datetime(window[0], unit="ms").date())
        end = min(last, pd.to_datetime(window[1], unit="ms").date())
        if start <= end and (start, end) != (filters.start, filters.end):
            ui.set_range(start, end)
    if st.session_state.pop(keys.STOP_PLAYING, False):  # the play reached the period's end (set before the toggle)
        st.session_state[keys.PLAYING] = False
    with right:
        step = st.segmented_control("Window", ["day", "week"], default="week", key="play_step")
        playing = st.toggle("▶ Play through the period", key=keys.PLAYING)
    if playing:
        _play(first, last, 1 if step == "day" else 7)


@st.fragment(run_every=2.0)
def _play(first: dt.date, last: dt.date, width: int) -> None:
    """Every two seconds, move the window one step on, the whole page (and so the map) following."""
    filters = st.session_state.get(keys.FILTERS)
    if not st.session_state.get(keys.PLAYING) or filters is None:
        return
    start = (
        filters.start + dt.timedelta(days=width) if filters.end - filters.start < dt.timedelta(days=width) else first
    )
    if start > last:
        st.session_state[keys.STOP_PLAYING] = True
        st.rerun()
    ui.set_range(start, min(last, start + dt.timedelta(days=width - 1)))


def border() -> None:
    data, filters, shown = ui.current()
    ui.page_header(
        "Border & demarcation",
        data,
        caption=(
            "The Azerbaijan–Armenia border districts (Natural Earth), border points and incidents, and who said what."
        ),
        shown=shown[shown["topic"] == "border"],
    )
    border_events = shown[shown["topic"] == "border"]
    st.metric("Section I events in this filter", len(border_events))
    ui.legend(data, border_events)
    story(data)  # the story's controls sit right above the map they move
    _map_and_panel(
        data, border_events, filters, key="border_map", title="Border & demarcation", highlight=data.border_districts
    )
    ui.scroll_to_map_if_asked()
    incident_view(data, filters)
    st.subheader("Claims and responses")
    st.caption("Each row: a claim on the left, the statements that answer it on the right, in the source's words.")
    threads = [t for t in claim_threads(data.events) if any(i in shown.index for i in t)]
    if not threads:
        st.info("No claim–response thread in this filter.")
    for thread in threads:
        left, right = st.columns(2)
        with left:
            _statement(data, thread[0])
        with right:
            for other in thread[1:]:
                _statement(data, other)


def incident_view(data: ui.Frames, filters: ui.Filters) -> None:
    """One incident's accounts side by side, a column per party, each in its own words; a map draws the points
    first-hand accounts state, in their party's colour, joined by thin lines with the distance; where the
    accounts differ and where they agree, each line with the phrases it rests on."""
    st.subheader("Incidents: every side's account")
    if data.incidents.empty:
        st.info("No incident is recorded in this data.")
        return
    st.caption(
        "An incident is one happening that several documents describe. Each account stands in the column of the "
        "party whose account it is, in its own words and language. The comparison uses only what each party's "
        "own document states, each value with its phrase; where the accounts differ is named, not resolved."
    )
    ids = list(data.incidents.index)
    if st.session_state.get(keys.INCIDENT) not in ids:
        st.session_state[keys.INCIDENT] = ids[-1] if "inc-2021-05-27-capture" not in ids else "inc-2021-05-27-capture"
    counts = data.events["incident"].value_counts()
    chosen = st.selectbox(
        "Incident", ids, key=keys.INCIDENT,
        format_func=lambda i: f"{data.incidents.loc[i, 'name']} — {int(counts.get(i, 0))} accounts",
    )  # fmt: skip
    incident = data.incidents.loc[chosen]
    by_party = accounts_of.accounts(data.events, chosen)
    links = accounts_of.connectors(by_party, data.places)
    st.markdown(
        f"**{md_escape(incident['name'])}** ({md_escape(date_label(incident['date_start'], incident['date_end']))})"
        f" — {md_escape(incident['summary'])}"
    )
    parties = ", ".join(f"{settings.PARTIES[p][0]} ({_provenance_counts(g)})" for p, g in by_party.items())
    st.caption(f"Accounts by: {parties}.")
    accounts = data.events[data.events["incident"] == chosen]
    points = accounts_of.stated_points(by_party, data.places)
    view = _stated_view(data, chosen, accounts)
    drawn = accounts[accounts.index.isin(view.event_places["event_id"])]
    stated = list(dict.fromkeys(view.event_places.loc[view.event_places["event_id"].isin(drawn.index), "place_id"]))
    focus = [p for p in stated if ui.in_region(data, p)]
    ui.event_map(
        view, drawn, tiles=filters.tiles, key="incident_map", colour_by="party", links=links,
        focus=focus or None, title=f"Incident: {incident['name']}", height=420, focus_zoom=12,
    )  # fmt: skip
    ui.legend(data, drawn, colour_by="party")
    if len(drawn) < len(accounts):
        st.caption(
            f"The map draws each account at the places it states. {len(accounts) - len(drawn)} of the "
            f"{len(accounts)} accounts state no place of the happening and are not drawn; they stand in the "
            "columns below."
        )
    kinds = tuple(incident["compared"])
    lines = accounts_of.compare(by_party, data.places, kinds=kinds)
    differ, agree = [x for x in lines if not x.agree], [x for x in lines if x.agree]
    if len([p for p, g in by_party.items() if len(accounts_of.first_hand(g))]) < 2:
        st.markdown("**Where the accounts differ**: fewer than two parties give a first-hand account here.")
    else:
        st.markdown("**Where the accounts differ** (named, not resolved; from what each document states)")
        if len(kinds) < len(settings.STATED_KINDS):
            names = ", ".join(settings.STATED_KINDS[k].lower() for k in kinds)
            st.caption(
                f"This incident's accounts describe different steps of one happening, whose other values are not "
                f"the same step's: they are compared on {names} only."
            )
        if differ:
            _show_lines(data, differ)
        else:
            st.markdown("- Nothing the first-hand accounts state differs.")
        if agree:
            st.markdown("**Where they agree**")
            _show_lines(data, agree)
    own = {line.text for line in lines}
    wider = [
        x
        for x in accounts_of.compare(by_party, data.places, reported=True, kinds=kinds)
        if not x.agree and x.text not in own
    ]
    if wider:
        st.markdown(
            "**Where they differ if what other documents report is counted** (a party's words as another "
            "party's document reports them, not its own statement: marked *reported*)"
        )
        _show_lines(data, wider)
    sides = _sides(data, points)
    if sides:
        st.markdown("**Which side of the line** (the atlas's reference data, not any party's)")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in sides))
    st.download_button(
        "Download this comparison (CSV: one row per account, each stated value with its phrase and offsets)",
        export.comparison_csv(data.events, data.places, data.sources, chosen),
        file_name=f"caucasus-atlas-{chosen}.csv", mime="text/csv", key="download_comparison_csv",
    )  # fmt: skip
    columns = st.columns(len(by_party))
    for column, (party, group) in zip(columns, by_party.items(), strict=True):
        with column:
            st.markdown(f"**{settings.PARTIES[party][0]}** · {len(group)} account{'s' if len(group) != 1 else ''}")
            own = accounts_of.first_hand(group)
            for event_id, event in own.iterrows():
                _account(data, event_id, event)
            reported = group[~group.index.isin(own.index)]
            for event_id, event in reported.iterrows():
                _account(data, event_id, event)


_STATED_VIEWS = LRU(64)


def _stated_view(data: ui.Frames, incident_id: str, accounts: pd.DataFrame) -> ui.Frames:
    """The frames with the incident's accounts placed only where they state the happening to be (never at
    the capital a statement was made in); an account that states no place has no place here."""

    def build() -> ui.Frames:
        rows = [
            {"event_id": event_id, "place_id": place, "role": "at", "order": order}
            for event_id, event in accounts.iterrows()
            for order, place in enumerate(
                dict.fromkeys(s.value for s in event["states"] if s.what == "place" and s.value in data.places.index)
            )
        ]
        others = data.event_places[~data.event_places["event_id"].isin(accounts.index)]
        links = pd.concat([others, pd.DataFrame(rows, columns=data.event_places.columns)], ignore_index=True)
        return replace(data, event_places=links, key=f"{data.key}:stated:{incident_id}")

    return _STATED_VIEWS.get((data.key, incident_id), build)


def _provenance_counts(group: pd.DataFrame) -> str:
    own = int((group["provenance"] == "first-hand").sum())
    other = len(group) - own
    return f"{own} first-hand" + (f", {other} reported by another document" if other else "")


def _show_lines(data: ui.Frames, lines: list[accounts_of.Line]) -> None:
    """A comparison's lines, each with the phrases it rests on and whose they are (behind a switch)."""
    for line in lines:
        st.markdown(f"- {md_escape(line.text)}")
        with st.expander(f"The {len(line.citations)} phrase(s) this rests on", expanded=len(line.citations) <= 3):
            cited = []
            for cite in line.citations:
                source = data.sources.get(cite.source)
                title = source.title if source is not None else cite.source
                reported = " — *reported* in this document, not the party's own" if cite.reported else ""
                cited.append(
                    f"- «{md_escape(cite.phrase)}» — {md_escape(cite.claimed_by)}, *{md_escape(title)}* "
                    f"(characters {cite.start}–{cite.end}){reported}"
                )
            st.markdown("\n".join(cited))


def _sides(data: ui.Frames, points: dict[str, list]) -> list[str]:
    """For each point a first-hand account states near the Armenia–Azerbaijan line: its side on the reference
    line, or that the line's accuracy cannot settle it."""
    out = []
    for place, cites in points.items():
        geometry = data.places.loc[place, "geometry"]
        side = side_of(geometry.x, geometry.y, str(settings.data_root() / settings.ADMIN0_FILE))
        if side is not None:
            who = ", ".join(dict.fromkeys(c.claimed_by for c in cites))
            out.append(f"{side.words(str(data.places.loc[place, 'name']))} Stated by {who}.")
    return out


def _account(data: ui.Frames, event_id: str, event: pd.Series) -> None:
    """One account in an incident's column: who, whether its own words or reported, what it states (each
    value with its phrase), its own words and their translation, a link to the passage."""
    source = data.sources.get(event["source"])
    with st.container(border=True):
        head = f"**{md_escape(event['claimed_by'])}** · {event['stance']} · {md_escape(event['date_label'])}"
        if event["provenance"] == "reported":
            publisher = source.author or source.publisher if source is not None else event["source"]
            head += f"  \n*Reported: as {md_escape(publisher)}'s document reports it, not the party's own words*"
        st.markdown(head)
        if event["states"]:
            st.markdown(
                "\n".join(
                    f"- {settings.STATED_KINDS[s.what]}: "
                    f"{md_escape(accounts_of.value_label(s.what, s.value, data.places))} — «{md_escape(s.phrase)}»"
                    for s in event["states"]
                )
            )
        else:
            st.caption("States no place, date, figure or happening of its own (not compared).")
        st.markdown("> " + md_escape(event["excerpt"]))
        if event["translation"]:
            st.markdown("*The atlas's translation:* " + md_escape(event["translation"]))
        if source is not None:
            st.caption(f"{md_escape(source.title)} — {md_escape(source.publisher)}, {md_escape(source.date)} "
                       f"({md_escape(source.language)})")  # fmt: skip
        ui.link_to_reader(event_id, label="Read it in the document")


def _statement(data: ui.Frames, event_id: str) -> None:
    event = data.events.loc[event_id]
    with st.container(border=True):
        st.markdown(f"**{md_escape(event['claimed_by'])}** — {event['stance']} · {md_escape(event['date_label'])}")
        st.markdown("> " + md_escape(event["excerpt"]))
        if st.button("Show on the map", key=f"show_{event_id}"):
            ui.select_from_elsewhere(event_id)
            st.session_state[keys.SCROLL_TO_MAP] = True  # the map is far above: bring it into view
            st.rerun()


def story(data: ui.Frames) -> None:
    """Step through the May 2021 border crisis, one dated event at a time: the map moves to each."""
    steps = [
        i
        for i, e in data.events.iterrows()
        if e["topic"] == "border" and e["date_start"] >= settings.DEFAULT_DATE_RANGE[0] and e["time_precision"] <= 2
    ]
    if not steps:
        return
    st.markdown("**Story: the May 2021 border crisis**")
    step = st.session_state.get(keys.STORY_STEP)
    back, label, forward = st.columns([1, 4, 1])
    target = None
    if back.button("◀ Previous", disabled=not step, key="story_prev") and step:
        target = step - 1
    if forward.button("Start ▶" if step is None else "Next ▶", disabled=step == len(steps) - 1, key="story_next"):
        target = 0 if step is None else step + 1
    if target is not None:
        st.session_state[keys.STORY_STEP] = target
        ui.select_from_elsewhere(steps[target])
        st.rerun()
    if step is None:
        label.markdown(f"{len(steps)} dated events, 12–28 May: press **Start** to step through them on the map.")
    else:
        event = data.events.loc[steps[step]]
        label.markdown(
            f"Step **{step + 1} of {len(steps)}** · {md_escape(event['date_label'])} · {md_escape(event['summary'])}"
        )
        away = ui.places_outside_region(data, steps[step])
        if away:
            label.caption(f"Said in {md_escape(', '.join(away))}, about the border shown on the map.")


def reconstruction() -> None:
    data, filters, shown = ui.current()
    ui.page_header(
        "Reconstruction",
        data,
        caption="Sites, roads, railways and corridors; what the source says is planned, started or finished.",
        shown=shown,
    )
    kinds = {"reconstruction_site", "corridor", "facility"}
    on_sites = set(
        data.event_places.loc[
            data.event_places["place_id"].isin(data.places.index[data.places["kind"].isin(kinds)]), "event_id"
        ]
    )
    works = shown[shown.index.isin(on_sites) | shown["topic"].isin(["reconstruction"])]
    st.metric("Events at sites and on routes", len(works))
    ui.legend(data, works)
    _map_and_panel(data, works, filters, key="reconstruction_map", title="Reconstruction", with_imported=False)
    st.subheader("Planned, started, finished")
    status = construction_status(shown)
    if status.empty:
        st.info("No construction event in this filter.")
    else:
        st.dataframe(status, width="stretch")


def timeline() -> None:
    data, filters, shown = ui.current()
    ui.page_header(
        "Timeline",
        data,
        caption="A chronology; a month or a span is drawn as what it is, not as a false day.",
        shown=shown,
    )
    background = st.toggle(
        f"Show background history (events that ended before {BACKGROUND_BEFORE.isoformat()})", key="background"
    )
    visible = shown if background else shown[shown["date_end"] >= BACKGROUND_BEFORE]
    spans = timeline_spans(visible)
    if not spans.empty:
        colours = _topic_colours()
        chart = (
            alt.Chart(spans)
            .mark_bar(height=8, clip=True)
            .encode(
                x=alt.X(
                    "start:T",
                    title="Date",
                    scale=alt.Scale(
                        domain=[filters.start.isoformat(), (filters.end + dt.timedelta(days=1)).isoformat()]
                    ),
                ),
                x2="end:T",
                y=alt.Y("event:N", sort=None, axis=None),
                color=alt.Color("topic:N", scale=colours, title="Topic"),
                tooltip=["date:N", "precision:N", "summary:N", "topic:N"],
            )
            .properties(height=max(120, 10 * len(spans)))
        )
        st.altair_chart(chart, width="stretch")
    for label, group in timeline_groups(shown, background=background):
        precision = settings.TIME_PRECISION[int(group["time_precision"].iloc[0])]
        st.markdown(f"#### {md_escape(label)}")
        st.caption(f"date precision: {precision}")
        for event_id, event in group.iterrows():
            topic = settings.TOPICS[event["topic"]][0]
            left, right = st.columns([5, 1], vertical_alignment="center")
            left.markdown(f"- {md_escape(event['summary'])} — *{md_escape(event['claimed_by'])}* ({md_escape(topic)})")
            with right:
                ui.link_to_reader(event_id, label="Read")


def reader() -> None:
    data, _, _ = ui.current()
    ui.page_header(
        "Source reader",
        data,
        caption="Every document in full; highlighted passages are cited by events: open one on the map.",
    )
    event = ui.selected_event(data)
    if not data.texts:
        st.info("No source document is loaded.")
        return
    ids = list(data.texts)
    if event and st.session_state.get(keys.READER_FOR) != event:  # an event opened from elsewhere: its document
        st.session_state[keys.READER_FOR] = event
        st.session_state[keys.READER_DOC] = data.events.loc[event, "source"]
    if st.session_state.get(keys.READER_DOC) not in ids:
        st.session_state[keys.READER_DOC] = ids[0]
    source_id = st.selectbox(
        f"Document ({len(ids)})", ids, key=keys.READER_DOC,
        format_func=lambda i: f"{data.sources[i].date} · {data.sources[i].title} — {data.sources[i].publisher}"[:120],
    )  # fmt: skip
    _document_facts(data.sources[source_id])
    if event and data.events.loc[event, "source"] == source_id:
        e = data.events.loc[event]
        context = excerpt_in_context(data.texts[source_id], int(e["source_start"]), int(e["source_end"]))
        with st.container(border=True):
            st.markdown(f"**Opened event:** {md_escape(e['date_label'])} — {md_escape(e['summary'])}")
            if context.section:
                st.markdown(f"Section *{md_escape(context.section)}*")
            st.markdown("> " + md_escape(context.excerpt))
            ui.link_to_map(event)
    text = data.texts[source_id]
    events = data.events[data.events["source"] == source_id]
    sections = reader_sections(text, events)
    if sections:
        for n, (topic, paras) in enumerate(sections):
            opened = data.events.loc[event, "topic"] == topic if event else n == 0
            with st.expander(settings.TOPICS[topic][0], expanded=bool(opened)):
                _paragraphs(data, paras, event)
    else:
        with st.container(border=True):
            _paragraphs(data, reader_paragraphs(text, events), event)


def _document_facts(source: Source) -> None:
    """Who published the document, when, where it was read, and how much of it the stored text holds."""
    facts = {
        "Publisher": source.publisher,
        "Whose statement": source.author or "—",
        "Date": source.date,
        "Language": source.language,
        "Read at": source.read_at or "the publisher's own page",
        "Stored text": settings.COMPLETENESS.get(source.completeness, source.completeness),
    }
    st.markdown("\n".join(f"- **{k}:** {md_escape(v)}" for k, v in facts.items()))
    if source.url:
        st.markdown(f"- **Address:** `{source.url.replace('`', '')}`")  # a code span: shown as is, never a link
    if source.publisher_note:
        st.caption(source.publisher_note)


def _paragraphs(data: ui.Frames, paras: list, event: str | None) -> None:
    for spans in paras:
        st.markdown("".join(_span_markdown(s, event) for s in spans))
        cited = list(dict.fromkeys(i for s in spans for i in s.event_ids))
        for event_id in cited:  # each highlighted passage's events, on the map, in this tab
            ui.link_to_map(event_id, label=f"On the map: {data.events.loc[event_id, 'date_label']} — "
                           f"{data.events.loc[event_id, 'summary'][:80]}")  # fmt: skip


def _span_markdown(span: Span, selected: str | None) -> str:
    text = md_escape(span.text)
    if not span.event_ids:
        return text + " "
    colour = "red" if selected in span.event_ids else "orange"
    return f":{colour}-background[{text}] "


def data_page() -> None:
    data, filters, shown = ui.current()
    ui.page_header(
        "Data",
        data,
        caption="The filtered events, ready to download in ACLED's columns or as GeoJSON; and the gazetteer.",
        shown=shown,
    )
    table = shown.drop(columns=["excerpt"]).copy()
    table["actors"] = table["actors"].map("; ".join)
    table["states"] = table["states"].map(lambda states: "; ".join(f"{s.what}: {s.value}" for s in states))
    st.dataframe(table, width="stretch")
    args = (shown, data.event_places, data.places, data.sources)
    rows = imported.rows_in_filter(data, filters)
    extra = {
        "imported": data.imported.iloc[rows],
        "nearby": imported.nearby_for(data, filters.near_km, filters.near_days) if data.imports else None,
    }
    if data.imports:
        st.caption(
            f"The downloads add the {len(rows):,} imported events in this filter after the curated ones, and count "
            f"for each curated event the imported ones within {filters.near_km:g} km and ±{filters.near_days} days "
            "(`nearby_independent`)."
        )
    left, right = st.columns(2)
    left.download_button(
        "Download events (CSV, ACLED columns)", export.events_csv(*args, **extra),
        file_name="caucasus-atlas-events.csv", mime="text/csv", key="download_events_csv",
    )  # fmt: skip
    right.download_button(
        "Download events (GeoJSON)", export.events_geojson(*args, **extra),
        file_name="caucasus-atlas-events.geojson", mime="application/geo+json", key="download_events_geojson",
    )  # fmt: skip
    st.caption(
        "One row per event, at its primary place; the event–place table has every place of every event with its role."
    )
    st.download_button(
        "Download the event–place table (CSV)", export.event_places_csv(shown, data.event_places, data.places),
        file_name="caucasus-atlas-event-places.csv", mime="text/csv", key="download_event_places_csv",
    )  # fmt: skip
    if not data.incidents.empty:
        st.subheader("Incidents")
        st.caption(
            "One happening that several documents describe: its accounts (events), the parties and the documents "
            "they come from. All accounts are listed whatever the filter; an incident is the sum of its accounts."
        )
        table = export.incident_rows(data.incidents, data.events)
        st.dataframe(pd.DataFrame(table, columns=list(export.INCIDENT_COLUMN_DOCS)), hide_index=True, width="stretch")
        st.download_button(
            "Download the incidents (CSV)", export.incidents_csv(data.incidents, data.events),
            file_name="caucasus-atlas-incidents.csv", mime="text/csv", key="download_incidents_csv",
        )  # fmt: skip
    with st.expander("What each column of the events download holds"):
        st.dataframe(
            pd.DataFrame(list(export.EVENT_COLUMN_DOCS.items()), columns=["column", "content"]),
            hide_index=True, width="stretch",
        )  # fmt: skip
    st.subheader("Places")
    places = data.places.drop(columns="geometry").reset_index()
    places["alt_names"] = places["alt_names"].map("; ".join)
    st.dataframe(places, width="stretch", hide_index=True)
    st.download_button(
        "Download places (CSV)", export.places_csv(data.places), file_name="caucasus-atlas-places.csv",
        mime="text/csv", key="download_places_csv",
    )  # fmt: skip
    if data.imports:
        st.subheader("Imports")
        st.dataframe(pd.DataFrame(data.imports), hide_index=True, width="stretch")
    imported.uploader(settings.data_root())


def about() -> None:
    data = ui.frames()
    ui.current()
    ui.page_header("About", data)
    ui.about(data)
