"""Border & demarcation: border districts, border points and incidents; the story mode through the May 2021
crisis; the incident view (every side's account of one incident, with a map of the places each states); claims
and their answers side by side."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from caucasus_atlas import export, settings, ui
from caucasus_atlas import incidents as accounts_of
from caucasus_atlas.borderside import side_of
from caucasus_atlas.events import claim_threads
from caucasus_atlas.map.caption import incident_caption
from caucasus_atlas.models import date_label
from caucasus_atlas.ui import mapview, md_escape
from caucasus_atlas.ui import state as keys


def incident_view(data: ui.Frames, filters: ui.Filters, shown: pd.DataFrame) -> None:
    """One incident's accounts side by side, a column per party, each in its own words; a map draws the points
    first-hand accounts state, in their party's colour, joined by thin lines with the distance; where the
    accounts differ and where they agree, each line with the phrases it rests on. The picker lists the
    incidents with accounts in the filter (``shown``: the date range, the search, every other filter) and opens
    on the best match."""
    st.subheader("Incidents: every side's account")
    if data.incidents.empty:
        st.info("No incident is recorded in this data.")
        return
    st.caption(
        "An incident is one happening that several documents describe. Each account stands in the column of the "
        "party whose account it is, in its own words and language. The comparison uses only what each party's "
        "own document states, each value with its phrase; where the accounts differ is named, not resolved."
    )
    choice = mapview.DERIVED.get(
        (data.key, "incident-choices", repr(filters)),
        lambda: accounts_of.choices(data.events, data.incidents, data.places, shown.index, filters.query),
    )
    span = date_label(filters.start, filters.end)
    if not choice.listed:
        search = f" matching the search “{md_escape(filters.query)}”" if filters.query else ""
        st.info(
            f"No incident has an account dated within {span}{search} in this filter. Widen the date range"
            + (" or change the search" if filters.query else "")
            + " to compare the accounts of an incident.",
            icon=":material/search_off:",
        )
        return
    _follow_filters(data, filters, choice)
    chosen = st.selectbox(
        f"Incident ({len(choice.listed)} of {len(data.incidents)} with accounts in this filter)",
        choice.listed, key=keys.INCIDENT,
        format_func=lambda i: f"{data.incidents.loc[i, 'name']} — {choice.counts[i][0]} of {choice.counts[i][1]} "
        "accounts in this filter",
    )  # fmt: skip
    if st.query_params.get("incident") != chosen:
        st.query_params["incident"] = chosen
    incident = data.incidents.loc[chosen]
    kinds = tuple(incident["compared"])
    # the comparison is a function of the data alone: computed once per incident and load, not per rerun
    model = mapview.INCIDENT_VIEWS.get(
        (data.key, chosen), lambda: accounts_of.view(data.events, data.places, chosen, kinds)
    )
    by_party = model.by_party
    st.markdown(
        f"**{md_escape(incident['name'])}** ({md_escape(date_label(incident['date_start'], incident['date_end']))})"
        f" — {md_escape(incident['summary'])}"
    )
    parties = ", ".join(f"{settings.PARTIES[p][0]} ({_provenance_counts(g)})" for p, g in by_party.items())
    st.caption(f"Accounts by: {parties}.")
    accounts = mapview.DERIVED.get(
        (data.key, "incident-accounts", chosen), lambda: data.events[data.events["incident"] == chosen]
    )
    inside = accounts.index[(accounts["date_start"] >= filters.start) & (accounts["date_end"] <= filters.end)]
    st.caption(
        f"{len(inside)} of {len(accounts)} accounts are dated within the range, {md_escape(span)}: below, each "
        "account is marked “dated within the range” or “dated outside the range”."
    )
    view = _stated_view(data, chosen, accounts)

    def placed() -> tuple[pd.DataFrame, list[str], dict]:
        drawn = accounts[accounts.index.isin(view.event_places["event_id"])]
        links = view.event_places
        stated = list(dict.fromkeys(links.loc[links["event_id"].isin(drawn.index), "place_id"]))
        words = incident_caption(
            name=incident["name"], dates=date_label(incident["date_start"], incident["date_end"]),
            accounts=len(drawn), party_counts=drawn["party"].value_counts().to_dict(),
            sources=[data.sources[s] for s in dict.fromkeys(drawn["source"]) if s in data.sources],
            start=incident["date_start"], end=incident["date_end"],
        )  # fmt: skip
        return drawn, [p for p in stated if ui.in_region(data, p)], words

    drawn, focus, words = mapview.DERIVED.get((data.key, "incident-drawn", chosen), placed)
    ui.event_map(
        view, drawn, tiles=filters.tiles, key="incident_map", colour_by="party", links=model.connectors,
        focus=focus or None, title=f"Incident: {incident['name']}", height=420, focus_zoom=12,
        view_param="incident_view", words=words,
    )  # fmt: skip
    ui.legend(data, drawn, colour_by="party")
    if len(drawn) < len(accounts):
        st.caption(
            f"The map draws each account at the places it states. {len(accounts) - len(drawn)} of the "
            f"{len(accounts)} accounts state no place of the happening and are not drawn; they stand in the "
            "columns below."
        )
    differ, agree = [x for x in model.lines if not x.agree], [x for x in model.lines if x.agree]
    if model.first_hand_parties < 2:
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
    if model.wider:
        st.markdown(
            "**Where they differ if what other documents report is counted** (a party's words as another "
            "party's document reports them, not its own statement: marked *reported*)"
        )
        _show_lines(data, model.wider)
    sides = mapview.DERIVED.get((data.key, "sides", chosen), lambda: _sides(data, model.points))
    if sides:
        st.markdown("**Which side of the line** (the atlas's reference data, not any party's)")
        st.markdown("\n".join(f"- {md_escape(line)}" for line in sides))
    st.download_button(
        "Download this comparison (CSV: one row per account, each stated value with its phrase and offsets)",
        lambda: export.comparison_csv(data.events, data.places, data.sources, chosen),
        file_name=f"caucasus-atlas-{chosen}.csv", mime="text/csv", key="download_comparison_csv",
    )  # fmt: skip
    every = st.toggle(
        f"Show every account (each party's first {ACCOUNTS_PER_COLUMN} are shown: its own words first, those "
        "dated within the range before the others)",
        key=f"every_account_{chosen}",
    ) if any(len(g) > ACCOUNTS_PER_COLUMN for g in by_party.values()) else True  # fmt: skip
    columns = st.columns(len(by_party))
    inside_key = tuple(inside)
    for column, (party, group) in zip(columns, by_party.items(), strict=True):
        with column:
            st.markdown(f"**{settings.PARTIES[party][0]}** · {len(group)} account{'s' if len(group) != 1 else ''}")
            ordered = mapview.DERIVED.get(
                (data.key, "account-order", chosen, party, inside_key), lambda group=group: _order(group, inside)
            )
            for event_id in ordered if every else ordered[:ACCOUNTS_PER_COLUMN]:
                _account(data, event_id, inside=event_id in inside)
            if not every and len(ordered) > ACCOUNTS_PER_COLUMN:
                st.caption(f"{len(ordered) - ACCOUNTS_PER_COLUMN} more: switch on “Show every account” above.")


#: Accounts shown at first in each party's column (the rest a switch away: each costs the page a rerun's time).
ACCOUNTS_PER_COLUMN = 6


def _order(group: pd.DataFrame, inside: pd.Index) -> list[str]:
    """A party's accounts in the order its column shows them: its own words first, then those dated within
    the range, each kind by date."""
    own = set(accounts_of.first_hand(group).index)
    return sorted(group.index, key=lambda e: (e not in own, e not in inside))


def _follow_filters(data: ui.Frames, filters: ui.Filters, choice: accounts_of.Choice) -> None:
    """Open the picker on the filter's best match when the chosen incident has no account in the filter, or when
    a new search names other incidents; say so when an incident the reader had was replaced."""
    current = st.session_state.get(keys.INCIDENT)
    last = st.session_state.get(keys.INCIDENT_FILTER)
    st.session_state[keys.INCIDENT_FILTER] = repr(filters)
    named_other = last != repr(filters) and choice.named and current not in choice.named
    if current in choice.listed and not named_other:
        return
    st.session_state[keys.INCIDENT] = choice.best
    if current in data.incidents.index and current not in choice.listed:
        st.caption(
            f"“{md_escape(data.incidents.loc[current, 'name'])}” has no account in this filter: the picker opens "
            f"on “{md_escape(data.incidents.loc[choice.best, 'name'])}”."
        )


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

    return mapview.STATED_VIEWS.get((data.key, incident_id), build)


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


def _account(data: ui.Frames, event_id: str, *, inside: bool) -> None:
    """One account in an incident's column: who, whether its own words or reported, whether it is dated within
    the sidebar's range (``inside``), what it states (each value with its phrase), its own words and their
    translation, a link to the passage."""
    with st.container(border=True):
        mark = ":green-badge[dated within the range]" if inside else ":gray-badge[dated outside the range]"
        # one element for the account's words (each element of a rerun costs; a column holds many accounts)
        text = mapview.DERIVED.get((data.key, "account", event_id), lambda: _account_text(data, event_id))
        st.markdown(f"{mark} {text}")
        ui.link_to_reader(event_id, label="Read it in the document")


def _account_text(data: ui.Frames, event_id: str) -> str:
    """An account's words as one markdown text: who, reported or not, what it states, its own words, the
    translation, the document."""
    event = data.events.loc[event_id]
    source = data.sources.get(event["source"])
    head = f"**{md_escape(event['claimed_by'])}** · {event['stance']} · {md_escape(event['date_label'])}"
    if event["provenance"] == "reported":
        publisher = source.author or source.publisher if source is not None else event["source"]
        head += f"  \n*Reported: as {md_escape(publisher)}'s document reports it, not the party's own words*"
    parts = [head]
    if event["states"]:
        parts.append(
            "\n".join(
                f"- {settings.STATED_KINDS[s.what]}: "
                f"{md_escape(accounts_of.value_label(s.what, s.value, data.places))} — «{md_escape(s.phrase)}»"
                for s in event["states"]
            )
        )
    else:
        parts.append(":small[States no place, date, figure or happening of its own (not compared).]")
    parts.append("> " + md_escape(event["excerpt"]))
    if event["translation"]:
        parts.append("*The atlas's translation:* " + md_escape(event["translation"]))
    if source is not None:
        parts.append(
            f":small[{md_escape(source.title)} — {md_escape(source.publisher)}, {md_escape(source.date)} "
            f"({md_escape(source.language)})]"
        )
    return "\n\n".join(parts)


def _statement(data: ui.Frames, event_id: str) -> None:
    def text() -> str:
        event = data.events.loc[event_id]
        return (
            f"**{md_escape(event['claimed_by'])}** — {event['stance']} · {md_escape(event['date_label'])}\n\n"
            "> " + md_escape(event["excerpt"])
        )

    with st.container(border=True):
        st.markdown(mapview.DERIVED.get((data.key, "statement", event_id), text))
        if st.button("Show on the map", key=f"show_{event_id}"):
            ui.select_from_elsewhere(event_id)
            st.session_state[keys.SCROLL_TO_MAP] = True  # the map is far above: bring it into view
            st.rerun()


def _story_steps(data: ui.Frames) -> list[str]:
    events = data.events
    return mapview.DERIVED.get(
        (data.key, "story-steps"),
        lambda: events.index[
            (events["topic"] == "border")
            & (events["date_start"] >= settings.DEFAULT_DATE_RANGE[0])
            & (events["time_precision"] <= 2)
        ].tolist(),
    )


def _go_to_step(steps: list[str], target: int) -> None:
    """A story button's action, run before the page: the step and its event selected, the map moving to it."""
    st.session_state[keys.STORY_STEP] = target
    ui.select_from_elsewhere(steps[target])


def story(data: ui.Frames) -> None:
    """Step through the May 2021 border crisis, one dated event at a time: the map moves to each. Drawn beside
    the map (the top of its panel), so that the steps and the map are seen together."""
    steps = _story_steps(data)
    if not steps:
        return
    st.markdown("**Story: the May 2021 border crisis**")
    step = st.session_state.get(keys.STORY_STEP)
    if step is not None and not 0 <= step < len(steps):
        step = None
    back, forward = st.columns(2)
    back.button(
        "◀ Previous", disabled=not step, key="story_prev", width="stretch",
        on_click=_go_to_step, args=(steps, (step or 0) - 1),
    )  # fmt: skip
    forward.button(
        "Start ▶" if step is None else "Next ▶", disabled=step == len(steps) - 1, key="story_next", width="stretch",
        on_click=_go_to_step, args=(steps, 0 if step is None else step + 1),
    )  # fmt: skip
    if step is None:
        st.markdown(f"{len(steps)} dated events, 12–28 May: press **Start** to step through them on the map.")
    else:
        event = data.events.loc[steps[step]]
        st.markdown(
            f"Step **{step + 1} of {len(steps)}** · {md_escape(event['date_label'])} · {md_escape(event['summary'])}"
        )
        away = ui.places_outside_region(data, steps[step])
        if away:
            st.caption(f"Said in {md_escape(', '.join(away))}, about the border shown on the map.")
    st.divider()


#: Claim–response threads shown at a time (the rest are a choice away).
THREADS_PER_PAGE = 4

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
ui.map_and_panel(
    data, border_events, filters, key="border_map", title="Border & demarcation", highlight=data.border_districts,
    panel_top=lambda: story(data),  # the story's steps beside the map they move: seen together
)  # fmt: skip
ui.scroll_to_map_if_asked()
incident_view(data, filters, shown)
st.subheader("Claims and responses")
st.caption("Each row: a claim on the left, the statements that answer it on the right, in the source's words.")
all_threads = mapview.DERIVED.get((data.key, "claim-threads"), lambda: claim_threads(data.events))
threads = [t for t in all_threads if any(i in shown.index for i in t)]
if not threads:
    st.info("No claim–response thread in this filter.")
chosen = 0
if len(threads) > THREADS_PER_PAGE:
    pages = -(-len(threads) // THREADS_PER_PAGE)
    chosen = st.selectbox(
        f"{len(threads)} threads, {THREADS_PER_PAGE} to a page: show",
        range(pages),
        format_func=lambda i: f"{i * THREADS_PER_PAGE + 1}–{min(len(threads), (i + 1) * THREADS_PER_PAGE)}",
    )
for thread in threads[chosen * THREADS_PER_PAGE : (chosen + 1) * THREADS_PER_PAGE]:
    left, right = st.columns(2)
    with left:
        _statement(data, thread[0])
    with right:
        for other in thread[1:]:
            _statement(data, other)
