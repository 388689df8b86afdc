"""What an account states: each value cited to a phrase of its own document, checked; the comparison of
accounts built from those values only, first-hand accounts only, every line with its phrases."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest
import yaml

from caucasus_atlas import export, incidents, settings
from caucasus_atlas.tables import tables
from caucasus_atlas.validate import load_atlas, names_place

#: A second party's document about the same fire (its own words, its own offsets).
OTHER_TEXT = "On 2 May the army in Eastshire said nobody fired near Alfa. Two soldiers were wounded near Alfa."


def _two_parties(data):
    """The tiny bulletin becomes Azerbaijan's army's own document; Armenia's army has a document of its own."""
    data["sources"][0]["author"] = "Azerbaijan – Army"
    data["sources"].append(
        {"id": "other-src", "title": "Other statement", "publisher": "Other army", "date": "2021-05-02",
         "language": "en", "path": "other.txt", "sha256": hashlib.sha256(OTHER_TEXT.encode()).hexdigest(),
         "author": "Armenia – Army"}
    )  # fmt: skip
    fire = data["events"][0]
    fire.update(
        claimed_by="Azerbaijan – Army", incident="inc-fire",
        states=[
            {"what": "place", "value": "alpha", "phrase": "near Alpha village"},
            {"what": "date", "value": "2021-05-01", "phrase": "On 1 May"},
            {"what": "happened", "value": "fire", "phrase": "soldiers fired"},
        ],
    )  # fmt: skip
    data["events"][1]["incident"] = "inc-fire"  # the denial: a third party's words in Azerbaijan's document
    data["events"][1]["states"] = [{"what": "place", "value": "alpha", "phrase": "Alpha village"}]
    data["events"].append(
        {"id": "e-other", "source": "other-src", "date_start": "2021-05-02", "date_end": "2021-05-02",
         "time_precision": 1, "topic": "border", "event_type": "statement", "sub_event_type": "denial",
         "actors": ["Army"], "claimed_by": "Armenia – Army", "stance": "denies", "responds_to": "e-fire",
         "incident": "inc-fire", "places": [{"place": "alpha", "role": "about"}],
         "summary": "The other army says nobody fired.", "excerpt": OTHER_TEXT[:59], "source_start": 0,
         "source_end": 59,
         "states": [
             {"what": "place", "value": "alpha", "phrase": "near Alfa", "start": 86},
             {"what": "date", "value": "2021-05-02", "phrase": "On 2 May"},
             {"what": "happened", "value": "no_fire", "phrase": "nobody fired"},
             {"what": "wounded", "value": 2, "phrase": "Two soldiers were wounded"},
         ]}
    )  # fmt: skip


@pytest.fixture
def two_parties(make_root):
    root = make_root(_two_parties)
    (root / "events" / "sources" / "other.txt").write_text(OTHER_TEXT, encoding="utf-8")
    incident = {"id": "inc-fire", "name": "Fire near Alpha, May 2021", "summary": "s", "places": ["alpha"]}
    (root / settings.INCIDENTS_FILE).write_text(yaml.safe_dump([incident]))
    return root


def test_stated_values_carry_their_phrase_and_offsets(two_parties):
    atlas = load_atlas(two_parties)
    assert atlas.problems == []
    other = atlas.events["e-other"]
    assert [(s.what, s.value) for s in other.states] == [
        ("place", "alpha"), ("date", "2021-05-02"), ("happened", "no_fire"), ("wounded", "2"),
    ]  # fmt: skip
    for stated in other.states:
        assert OTHER_TEXT[stated.start : stated.end] == stated.phrase
    assert other.states[0].start == 86  # "near Alfa" twice in the text: the one `start` names
    assert (atlas.events["e-fire"].provenance, other.provenance) == ("first-hand", "first-hand")
    assert atlas.events["e-denial"].provenance == "reported"  # "Test ministry" in Azerbaijan's document


@pytest.mark.parametrize(
    ("states", "words"),
    [
        ([{"what": "place", "value": "alpha", "phrase": "near Alpha town"}], "phrase is not verbatim in the document"),
        ([{"what": "place", "value": "eastshire", "phrase": "near Alpha village"}], "does not name place 'eastshire'"),
        (
            [{"what": "place", "value": "atlantis", "phrase": "Alpha village"}],
            "place is not a known place (got 'atlantis'",
        ),
        ([{"what": "date", "value": "1 May", "phrase": "On 1 May"}], "date is not a day or a span (got '1 May'"),
        ([{"what": "killed", "value": "many", "phrase": "soldiers"}], "killed is not a whole number of people"),
        ([{"what": "happened", "value": "war", "phrase": "fired"}], "happened is not in the vocabulary (got 'war'"),
        ([{"what": "mood", "value": "x", "phrase": "fired"}], "what is not in the vocabulary (got 'mood'"),
        ([{"what": "place", "value": "alpha", "phrase": "Alpha", "start": 3}], "start does not point at the phrase"),
        ([{"what": "place", "value": "alpha"}], "each entry must be"),
    ],
)
def test_a_value_that_cannot_be_cited_costs_itself_only(make_root, states, words):
    def mutate(data):
        data["events"][0]["states"] = [{"what": "date", "value": "2021-05-01", "phrase": "On 1 May"}, *states]

    atlas = load_atlas(make_root(mutate))
    [problem] = atlas.problems
    assert (problem.file, problem.record, problem.field) == ("events/test.yaml", "e-fire", "states")
    assert words in problem.message, problem.message
    assert [s.what for s in atlas.events["e-fire"].states] == ["date"]  # the account and its good value stay


def test_a_repeated_phrase_needs_its_start(make_root):
    def mutate(data):
        data["events"][0]["states"] = [{"what": "place", "value": "alpha", "phrase": "Alpha"}]

    [problem] = load_atlas(make_root(mutate)).problems
    assert "occurs 2 times in the document: give `start` (one of 68, 152)" in problem.message


def test_a_party_s_words_in_another_party_s_document_cannot_be_called_first_hand(two_parties):
    path = two_parties / "events" / "test.yaml"
    events = yaml.safe_load(path.read_text())
    events[1]["provenance"] = "first-hand"  # Test ministry's words, in Azerbaijan's army's document
    path.write_text(yaml.safe_dump(events, allow_unicode=True))
    atlas = load_atlas(two_parties)
    [problem] = atlas.problems
    assert (problem.record, problem.field) == ("e-denial", "provenance")
    assert "a party's words in another party's document are reported" in problem.message
    assert atlas.events["e-denial"].provenance == "reported"


def test_a_non_english_document_needs_the_atlas_s_translation(make_root):
    def mutate(data):
        data["sources"][0]["language"] = "fr"

    problems = load_atlas(make_root(mutate)).problems
    assert {p.field for p in problems} == {"translation"} and len(problems) == 4
    assert "give an English rendering of the excerpt" in problems[0].message


def test_a_phrase_names_a_place_by_any_of_its_names_or_by_its_coordinate(real_root):
    places = load_atlas(real_root).places
    assert names_place("in the direction of the Yukhari Ayrim settlement", places["yukhari-ayrim"])
    assert names_place("N 40°09′06″; E 45°58′07″", places["capture-point-az-mod-2021-05-27"])
    assert not names_place("N 40°19′06″; E 45°58′07″", places["capture-point-az-mod-2021-05-27"])
    assert not names_place("in the border zone of the Gegharkunik province", places["kut"])


def test_the_comparison_uses_only_first_hand_stated_values_each_line_cited(two_parties):
    atlas = load_atlas(two_parties)
    t = tables(atlas)
    events, places = t.events, t.places
    by_party = incidents.accounts(events, "inc-fire")
    assert list(by_party) == ["azerbaijan", "armenia", "third"]
    lines = incidents.compare(by_party, places)
    texts = [(line.agree, line.text) for line in lines]
    assert texts == [
        (False, "Date: Azerbaijani government: 2021-05-01; Armenian government: 2021-05-02"),
        (False, "What happened: Azerbaijani government: firing; Armenian government: no firing by the speaker's own "
                "side"),
        (True, "Place: Both (Azerbaijani government, Armenian government) state Alpha"),
    ]  # fmt: skip
    # the third party's place is reported (Azerbaijan's document): never compared; wounded: one party only
    assert all("Third" not in text for _, text in texts) and not any(line.what == "wounded" for line in lines)
    place = lines[2]
    assert [(c.claimed_by, c.phrase) for c in place.citations] == [
        ("Azerbaijan – Army", "near Alpha village"), ("Armenia – Army", "near Alfa"),
    ]  # fmt: skip


def test_the_exports_give_every_stated_value_with_its_phrase(two_parties):
    atlas = load_atlas(two_parties)
    t = tables(atlas)
    events, places = t.events, t.places
    rows = list(csv.DictReader(io.StringIO(export.statements_csv(events, places))))
    assert len(rows) == 8 and set(rows[0]) == set(export.STATEMENT_COLUMN_DOCS)
    texts = {"test-src": atlas.texts["test-src"], "other-src": OTHER_TEXT}
    for row in rows:
        assert texts[row["source_id"]][int(row["start"]) : int(row["end"])] == row["phrase"]
    table = list(csv.DictReader(io.StringIO(export.comparison_csv(events, places, atlas.sources, "inc-fire"))))
    assert [r["event_id"] for r in table] == ["e-fire", "e-denial", "e-other"]
    other = table[2]
    assert (other["provenance"], other["date"], other["date_phrase"], other["wounded"]) == (
        "first-hand", "2021-05-02", "On 2 May", "2",
    )  # fmt: skip
    assert table[1]["provenance"] == "reported" and set(table[0]) == set(export.COMPARISON_COLUMN_DOCS)


def test_a_first_hand_account_of_a_deed_in_an_incident_must_state_something(two_parties):
    """A curator's trial saved an incident account of a deed that stated nothing (its place typed by hand, in
    words that are none of the place's names): the validator, and so the Add a document page's Save, names it."""
    data = yaml.safe_load((two_parties / "events" / "test.yaml").read_text(encoding="utf-8"))
    fire = next(e for e in data if e["id"] == "e-fire")
    assert fire["event_type"] not in ("statement", "phone_call") and fire["incident"] == "inc-fire"
    del fire["states"]
    (two_parties / "events" / "test.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    atlas = load_atlas(two_parties)
    [problem] = atlas.problems
    assert (problem.record, problem.field) == ("e-fire", "states")
    assert problem.message.startswith("is empty: a first-hand account of a deed in an incident states what")
    assert "e-fire" in atlas.events  # the account stays; the problem is named
