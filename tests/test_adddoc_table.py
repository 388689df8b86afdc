"""The Add a document page's proposals table (caucasus_atlas.ui.adddoc.proposals_table): the columns a
curator scans to decide on a row, and the rest of each row in a second table under it, every column that
could be edited before still editable."""

from __future__ import annotations

import datetime as dt
import json

from streamlit.testing.v1 import AppTest

from caucasus_atlas import bundle, settings
from caucasus_atlas.drafting import draft
from caucasus_atlas.ui import imported
from caucasus_atlas.ui import state as keys
from tests.adddoc_fixtures import FRIDAY, PAGE

TEXT = "Statement of the ministry\nOn 14 July 2021 soldiers fired near Verishen, the ministry said.\n"


def _edits(rows: dict[int, dict]) -> dict:
    """A data editor's state as the browser sends it: the cells edited, by row."""
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_the_table_shows_the_columns_to_decide_and_the_rest_below_them_still_editable(atlas):
    """Found by the first curator's trial: the table's 16 columns needed sideways scrolling at 1440 px."""
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(TEXT, draft(TEXT, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state[imported.CURATOR_KEY] = "a test curator"  # AppTest's session is no direct local request
    at.session_state[keys.DRAFT] = made
    at.session_state[keys.DRAFT_EXTRA_PLACES] = []
    at.run()
    assert not at.exception
    main, more = at.get("dataframe")
    assert list(main.value.columns) == list(bundle.MAIN_COLUMNS) and len(bundle.MAIN_COLUMNS) == 10
    assert list(more.value.columns) == list(bundle.MORE_COLUMNS)
    assert set(bundle.MAIN_COLUMNS) | set(bundle.MORE_COLUMNS) == set(bundle.TABLE_COLUMNS)
    for table in (main, more):  # each column editable where it was, the excerpt never
        config = json.loads(table.proto.columns)
        editable = {c for c in table.value.columns if not config.get(c, {}).get("disabled")}
        assert editable == set(table.value.columns) & bundle.EDITABLE
    # an edit in each table reaches the bundle: a stance chosen above leaves an answer to name, named below
    open_answer = "responds\\_to: the id of the account this qualifies"
    at.session_state[keys.DRAFT_TABLE] = _edits({1: {"stance": "qualifies"}})
    at.run()
    assert any(open_answer in m.value for m in at.markdown)
    answered = next(e.id for e in atlas.events.values() if e.incident == "inc-2021-05-12-sev-lich")
    at.session_state[keys.DRAFT_TABLE_MORE] = _edits({1: {"responds_to": answered}})
    at.run()
    assert not at.exception and not any(open_answer in m.value for m in at.markdown)


def test_actors_and_place_roles_are_edited_in_the_table(atlas):
    """Found by the third curator's trial (Armenpress, 28 May 2021): a denial was proposed with the accused
    side's forces as its actors and the place it concerns as where it happened, and neither could be
    changed on the page. The places cell takes a role in brackets, the actors cell names separated by ;."""
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(TEXT, draft(TEXT, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state[imported.CURATOR_KEY] = "a test curator"
    at.session_state[keys.DRAFT] = made
    at.session_state[keys.DRAFT_EXTRA_PLACES] = []
    at.run()
    row = bundle.table_rows(made)[1]
    assert row["places"] == "verishen" and row["actors"]  # as proposed: where it happened, who acted
    at.session_state[keys.DRAFT_TABLE] = _edits({1: {"places": "verishen (about), goris"}})
    at.session_state[keys.DRAFT_TABLE_MORE] = _edits({1: {"actors": "Armed Forces of Armenia; Ministry of Defence"}})
    at.run()
    assert not at.exception
    records = next(m.value for m in at.markdown if "**#2**" in m.value).replace("\\", "").split("**#2**")[1]
    assert "actors: Armed Forces of Armenia, Ministry of Defence;" in records
    assert "places: verishen (about), goris (at);" in records


def test_a_row_read_back_from_its_table_cells_is_the_same_row(atlas):
    """The places cell writes a role other than "at" in brackets and the actors cell joins names by ";": a
    bundle put into the table and read back, nothing edited, is unchanged."""
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(TEXT, draft(TEXT, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    made["events"][1]["places"] = [{"place": "verishen", "role": "about"}, {"place": "goris", "role": "at"}]
    made["events"][1]["actors"] = ["Ministry of Defence, Armenia", "Armed Forces of Azerbaijan"]
    again = bundle.apply_rows(made, bundle.table_rows(made))
    assert again["events"][1]["places"] == made["events"][1]["places"]
    assert again["events"][1]["actors"] == made["events"][1]["actors"]


DENIAL = (
    "Statement of the ministry\nOn 14 July 2021 soldiers fired near Verishen, the ministry said.\n"
    "The ministry rejects the claims that shots were fired near Verishen on 14 July 2021.\n"
)


def _page_with(made: dict) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state[imported.CURATOR_KEY] = "a test curator"
    at.session_state[keys.DRAFT] = made
    at.session_state[keys.DRAFT_EXTRA_PLACES] = []
    at.run()
    assert not at.exception
    return at


def _why(at: AppTest, n: int) -> str:
    """The 'Why each row…' line of sentence ``n``, as the curator reads it."""
    text = next(m.value for m in at.markdown if f"**#{n}**" in m.value).replace("\\", "")
    return text.split(f"**#{n}**")[1].split("**#")[0]


def test_a_denial_turned_into_an_assertion_leaves_no_answer_to_name_and_can_be_saved(atlas):
    """Found by the fifth curators' trial: changing a row's stance from denies to asserts left the open
    'which account does this deny' item in 'left to decide', and Save blocked until it was emptied by hand."""
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(DENIAL, draft(DENIAL, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    at = _page_with(made)
    more = at.get("dataframe")[1].value
    assert more["to_decide"][2].startswith("responds_to: a denial with no incident found")
    assert at.button(key="draft_save").disabled
    assert "stance: the word 'rejects'" in _why(at, 3)
    at.session_state[keys.DRAFT_TABLE] = _edits({2: {"stance": "asserts"}})
    at.run()
    assert not at.exception
    main, more = at.get("dataframe")
    assert main.value["stance"][2] == "asserts"  # the edit kept
    assert more.value["to_decide"][2] == "" and more.value["responds_to"][2] == ""
    assert not any("the id of the account this" in m.value for m in at.markdown)
    assert "stance: your edit (proposed: denies, for the word 'rejects')" in _why(at, 3)
    assert not at.button(key="draft_save").disabled


def test_reasons_and_stated_values_follow_the_edited_row(atlas):
    """The reasons of what the curator changed say so; reasons that no longer hold go (a place taken out, a
    stated date that is no longer the row's date), reasons of values not changed stay."""
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    made = bundle.make_bundle(DENIAL, draft(DENIAL, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    rows = bundle.table_rows(made)
    rows[1] |= {"date_start": "2021-07-13", "places": "goris", "event_type": "detention",
                "incident": "inc-2021-05-12-sev-lich"}  # fmt: skip
    row = bundle.apply_rows(made, rows)["events"][1]
    why = row["why"]
    assert why["date"] == "your edit (proposed: 2021-07-14, for the sentence's date expression '14 July 2021')"
    assert why["event_type"].startswith("your edit (proposed: armed_incident, for the word 'fire")
    assert why["incident"].startswith("your edit (proposed: none, for no incident of the atlas")
    assert "place verishen" not in why and why["place goris"] == "your edit: added on the page"
    assert why["claimed_by"] == made["events"][1]["why"]["claimed_by"]  # not changed: its reason stays
    assert "states" not in row  # neither the place nor the date it stated is the row's any more
    assert row["to_decide"]["sub_event_type"].startswith("'exchange_of_fire' is not a sub-type of detention")
    assert row["to_decide"]["states"] == bundle.STATES_MISSING


RETURN_FIRE = (
    "Statement of the ministry\nOn 12 May 2021 soldiers fired near Verishen, the ministry said.\n"
    "The shelling was suppressed by the return fire.\n"
)


def test_a_sentence_that_states_nothing_gets_a_stated_value_on_the_page_in_its_own_words(atlas):
    """Found by the fifth curators' trial: a sentence of an incident with no date or place words ("The
    shelling was suppressed by the return fire") could not be saved ("states: is empty"), and no stated value
    could be added on the page. The page says what to do, and a value is recorded only with words the
    excerpt holds."""
    published = dt.date(2021, 5, 14)
    info = bundle.SourceInfo(id="doc", published=published, author="Armenia – Ministry of Defence",
                             url="https://x.org")  # fmt: skip
    made = bundle.make_bundle(
        RETURN_FIRE, draft(RETURN_FIRE, published, atlas, author=info.author, source_id=info.id), info, atlas
    )
    incident = made["events"][1]["incident"]
    assert incident and not made["events"][2].get("states")
    at = _page_with(made)
    at.session_state[keys.DRAFT_TABLE] = _edits({2: {"accept": True, "incident": incident, "places": "none"}})
    at.run()
    assert not at.exception
    plain = f"#3 ({made['events'][2]['id']}): {bundle.STATES_MISSING}"
    assert any(plain in m.value.replace("\\", "") for m in at.markdown)  # the list of what stops Save
    assert not any("states: is empty" in m.value for m in at.markdown)  # not the validator's words
    assert at.get("dataframe")[1].value["to_decide"][2] == f"states: {bundle.STATES_MISSING}"
    assert at.button(key="draft_save").disabled
    # the curator states what happened, with the excerpt's words
    at.number_input(key=keys.DRAFT_STATES_ROW).set_value(3).run()
    at.selectbox(key="draft_state_what_3").set_value("happened").run()
    at.selectbox(key="draft_state_label_3_happened").set_value("fire").run()
    at.text_input(key=keys.draft_state_phrase(3)).input("suppressed by a return fire").run()
    at.button(key="draft_state_add_3").click().run()
    assert [e.value for e in at.error] == [
        "Not recorded: «suppressed by a return fire» is not in the excerpt of #3 word for word: copy the words from it."
    ]
    at.text_input(key=keys.draft_state_phrase(3)).input("the return  fire").run()
    at.button(key="draft_state_add_3").click().run()
    assert not at.exception and not at.error
    assert at.text_input(key=keys.draft_state_phrase(3)).value == ""  # emptied for the next value
    assert any("Recorded for #3: What happened: firing — «the return fire»." in s.value for s in at.success)
    assert "states: happened fire «the return fire»" in _why(at, 3)
    assert "your edit: stated on the page" in _why(at, 3)
    assert at.get("dataframe")[1].value["to_decide"][2] == ""
    assert not any(bundle.STATES_MISSING in m.value for m in at.markdown)
    assert not at.button(key="draft_save").disabled
    saved = bundle.accepted(at.session_state[keys.DRAFT])[2][1]
    start = RETURN_FIRE.index("the return fire")
    assert saved["states"] == [{"what": "happened", "value": "fire", "phrase": "the return fire", "start": start}]


def test_a_stated_place_must_be_named_by_its_phrase_and_a_figure_can_be_changed(atlas):
    """A stated place is one of the row's places and its phrase must name it; changing a value replaces it."""
    published = dt.date(2021, 5, 14)
    info = bundle.SourceInfo(id="doc", published=published, author="Armenia – Ministry of Defence",
                             url="https://x.org")  # fmt: skip
    made = bundle.make_bundle(
        RETURN_FIRE, draft(RETURN_FIRE, published, atlas, author=info.author, source_id=info.id), info, atlas
    )
    at = _page_with(made)
    at.number_input(key=keys.DRAFT_STATES_ROW).set_value(2).run()
    listed = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert "- Place: verishen — «Verishen»" in listed
    at.selectbox(key="draft_state_replace_2").set_value("Place: verishen — «Verishen»").run()
    at.selectbox(key="draft_state_what_2").set_value("place").run()
    assert at.selectbox(key="draft_state_place_2").options == ["verishen"]
    at.text_input(key=keys.draft_state_phrase(2)).input("soldiers fired").run()
    at.button(key="draft_state_add_2").click().run()
    assert at.error[0].value.startswith("Not recorded: the phrase does not name Verishen (verishen)")
    at.text_input(key=keys.draft_state_phrase(2)).input("fired near Verishen").run()
    at.button(key="draft_state_add_2").click().run()
    assert not at.error
    states = at.session_state[keys.DRAFT]["events"][1]["states"]
    assert [(s["what"], s["phrase"]) for s in states] == [("date", "12 May 2021"), ("place", "fired near Verishen")]


def test_a_statement_already_in_the_atlas_is_named_on_its_row_without_blocking_save(atlas):
    """Found by the fifth curators' trial: the same statement reprinted by another outlet was drafted as new
    accounts with no word that the atlas has it. A row whose party, dates and words match an account of the
    atlas is named with that account's id, document and first words; the curator decides."""
    known = atlas.events["stmt-2021-05-27-am-mod-capture"]
    text = f"Reprint of the ministry's statement\nThe ministry reported: {known.excerpt.strip(chr(34))}\n"
    published = dt.date(2021, 5, 27)
    info = bundle.SourceInfo(id="doc", published=published, author="Armenia – Ministry of Defence",
                             url="https://x.org")  # fmt: skip
    made = bundle.make_bundle(text, draft(text, published, atlas, author=info.author, source_id=info.id), info, atlas)
    at = _page_with(made)
    [warning] = [w.value for w in at.warning if "Already in the atlas?" in w.value]
    line = warning.replace("\\", "").split("\n")[1]
    assert line.startswith("- **#2** repeats 100% of the wording of ")
    assert "**stmt-2021-05-27-am-mod-capture** (document am-mod-2021-05-27)" in line
    assert line.endswith('«"Early in the morning on May 27, six military servicemen of the …»')
    assert len(warning.split("\n")) == 2  # only that row, only that account
    problems = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "stmt-2021-05-27-am-mod-capture" not in problems  # a warning, not a thing to settle before Save
    # another party's words, or the same words far apart in time, are no repeat
    for author, day in (("Azerbaijan – Ministry of Defence", published), (info.author, dt.date(2021, 6, 15))):
        other = bundle.SourceInfo(id="doc", published=day, author=author, url="https://x.org")
        made = bundle.make_bundle(text, draft(text, day, atlas, author=author, source_id="doc"), other, atlas)
        made["events"][1] |= {"date_start": day.isoformat(), "date_end": day.isoformat()}
        assert not [w for w in _page_with(made).warning if "Already in the atlas?" in w.value]


def test_incident_and_answer_are_chosen_from_the_atlas_ids_with_the_proposal_preselected(atlas):
    """Found by the fifth curators' trial: the incident and the account answered were typed ids, which the
    curators had to look up elsewhere and mistyped. Both are now lists: every incident with its name, and
    for the answer the other parties' accounts in the rows' incidents first, then every account."""
    text = (
        "Statement of the ministry\n"
        "The claims of the Armenian side that our units fired near Verishen on 12 May are unfounded.\n"
    )
    published = dt.date(2021, 5, 14)
    info = bundle.SourceInfo(id="doc", published=published, author="Azerbaijan – Ministry of Defence",
                             url="https://x.org")  # fmt: skip
    made = bundle.make_bundle(text, draft(text, published, atlas, author=info.author, source_id=info.id), info, atlas)
    proposed = made["events"][1]
    assert proposed["incident"] == "inc-2021-05-12-sev-lich" and proposed["responds_to"]
    at = _page_with(made)
    main, more = at.get("dataframe")
    assert main.value["incident"][1] == proposed["incident"]  # the proposal preselected
    assert more.value["responds_to"][1] == proposed["responds_to"]
    incident = json.loads(main.proto.columns)["incident"]["type_config"]
    assert incident["type"] == "selectbox"
    labels = {o["value"]: o["label"] for o in incident["options"]}
    assert set(labels) == {"", *atlas.incidents}  # every incident, and none
    sev = atlas.incidents["inc-2021-05-12-sev-lich"]
    assert labels["inc-2021-05-12-sev-lich"] == f"inc-2021-05-12-sev-lich — {sev.name}"
    answers = json.loads(more.proto.columns)["responds_to"]["type_config"]["options"]
    values = [o["value"] for o in answers]
    assert set(atlas.events) <= set(values) and proposed["responds_to"] in values
    others = [e for e in atlas.events.values()
              if e.incident == proposed["incident"] and settings.party_of(e.claimed_by) != "azerbaijan"]  # fmt: skip
    assert set(values[1 : 1 + len(others)]) == {e.id for e in others}  # the candidates first
    assert all(o["label"].endswith(f"(in {proposed['incident']})") for o in answers[1 : 1 + len(others)])
    # a choice made in the list reaches the bundle
    chosen = values[2]
    at.session_state[keys.DRAFT_TABLE_MORE] = _edits({1: {"responds_to": chosen}})
    at.run()
    assert not at.exception
    assert f"responds_to: your edit (proposed: {proposed['responds_to']}" in _why(at, 2)


def test_the_title_is_the_first_headline_line_not_the_agency_dateline_or_asked_for(atlas):
    """Found by the fifth curators' trial: the title defaulted to the agency dateline ("YEREVAN, MAY 28,
    ARMENPRESS."). The dateline is skipped; a text with no headline line asks for the title above Save."""
    text = "YEREVAN, MAY 28, ARMENPRESS.\nArmenia's Defence Ministry on the situation in Syunik\nShots were fired.\n"
    info = bundle.SourceInfo(id="doc", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org")
    assert bundle.source_record(text, info)["title"] == "Armenia's Defence Ministry on the situation in Syunik"
    prose = (
        "YEREVAN, MAY 28, ARMENPRESS.\nOn 14 July 2021 units of the Armed Forces of Azerbaijan fired at the Armenian "
        "positions near Verishen from small arms, the ministry said in a statement.\n"
    )
    made = bundle.make_bundle(prose, draft(prose, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    at = _page_with(made)
    label = "The document's title as printed (the text has no headline line to take it from)"
    [field] = [t for t in at.text_input if t.label == label]
    problems = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "source doc: title: the document's title as printed" in problems
    field.input("Armenia's Defence Ministry on the border").run()
    problems = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert not at.exception and "title: the document's title as printed" not in problems
