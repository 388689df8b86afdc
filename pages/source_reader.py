"""Source reader: any document (a picker) with its publisher, date, address and completeness; the bulletin
section by section, every cited passage highlighted and linked to its event on the map; ``?event=ID`` opens one."""

from __future__ import annotations

import streamlit as st

from caucasus_atlas import settings, ui
from caucasus_atlas.events import excerpt_in_context
from caucasus_atlas.models import Source
from caucasus_atlas.ui import mapview, md_escape
from caucasus_atlas.ui import state as keys
from caucasus_atlas.views import Span, reader_paragraphs, reader_sections


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


data, _, _ = ui.current()
ui.page_header(
    "Source reader",
    data,
    caption="Every document in full; highlighted passages are cited by events: open one on the map.",
)
event = ui.selected_event(data)
if not data.texts:
    st.info("No source document is loaded.")
    st.stop()
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
# the passages of a document are a function of the data: worked out once per load and document
sections = mapview.DERIVED.get((data.key, "reader-sections", source_id), lambda: reader_sections(text, events))
if sections:
    # one section at a time (the one of the opened event first): a document's every passage and link drawn
    # at once made each rerun of this page cost three times the others
    topics = [topic for topic, _ in sections]
    if event and data.events.loc[event, "topic"] in topics and st.session_state.get(keys.READER_SECTION_FOR) != event:
        st.session_state[keys.READER_SECTION_FOR] = event
        st.session_state[keys.READER_SECTION] = data.events.loc[event, "topic"]
    if st.session_state.get(keys.READER_SECTION) not in topics:
        st.session_state[keys.READER_SECTION] = topics[0]
    topic = st.radio(
        "Section of the document", topics, key=keys.READER_SECTION, horizontal=True,
        format_func=lambda t: settings.TOPICS[t][0],
    )  # fmt: skip
    with st.container(border=True):
        _paragraphs(data, dict(sections)[topic], event)
else:
    with st.container(border=True):
        paragraphs = mapview.DERIVED.get(
            (data.key, "reader-paragraphs", source_id), lambda: reader_paragraphs(text, events)
        )
        _paragraphs(data, paragraphs, event)
