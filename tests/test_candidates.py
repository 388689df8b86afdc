"""`candidates`: draft events from texts written for these tests (never the curated documents)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import yaml

from caucasus_atlas.__main__ import main
from caucasus_atlas.candidates import candidates, date_span, sentences
from caucasus_atlas.models import Place

FRIDAY = dt.date(2021, 5, 28)


def _place(ident: str, name: str, *alt: str) -> Place:
    from shapely.geometry import Point

    return Place(ident, name, alt, "settlement", "AZ", Point(46, 40), 1, "test")


GAZETTEER = [
    _place("alpha", "Alpha", "Alfa", "Альфа"),
    _place("qaragol", "Qaragöl", "Black Lake", "Sev Lich"),
    _place("kut", "Kut"),
]

STATEMENT = (
    "Statement of the Ministry\n"
    "On May 27, soldiers were seen near ALFA. Nothing happened at the lake.\n"
    "Last night shots were fired towards the black lake and Kut, the ministry said. "
    "On Tuesday evening a patrol passed Qaragol. Shortcuts through Kutaisi are not Kut.\n"
    "The talks of 12-13 May in Alpha ended. Yesterday nothing was said."
)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It happened on 2021-05-20.", ("2021-05-20", "2021-05-20")),
        ("It happened on 27 May 2021 near the lake.", ("2021-05-27", "2021-05-27")),
        ("It happened on May 27th.", ("2021-05-27", "2021-05-27")),
        ("It happened on 12 and 13 May.", ("2021-05-12", "2021-05-13")),
        ("It happened on May 12-13, 2021.", ("2021-05-12", "2021-05-13")),
        ("Some time in May 2021.", ("2021-05-01", "2021-05-31")),
        ("It happened in December.", None),  # a month without a day or a year is not a date here
        ("On 30 December soldiers met.", ("2020-12-30", "2020-12-30")),  # no year: the last one before publication
        ("Last night shots were heard.", ("2021-05-27", "2021-05-28")),
        ("At night the patrol moved.", ("2021-05-27", "2021-05-28")),
        ("The same day they left.", None),  # "the same day" with no date before it is no date
        ("Yesterday the ministry said so.", ("2021-05-27", "2021-05-27")),
        ("Two days ago the troops came.", ("2021-05-26", "2021-05-26")),
        ("On Friday evening the minister spoke.", ("2021-05-28", "2021-05-28")),  # published on a Friday
        ("On Wednesday the minister spoke.", ("2021-05-26", "2021-05-26")),
        ("Mayın 27-də qrup saxlanılıb.", ("2021-05-27", "2021-05-27")),
        ("Le 13 mai, la France a appelé au calme.", ("2021-05-13", "2021-05-13")),
        ("27 мая шесть военнослужащих задержаны.", ("2021-05-27", "2021-05-27")),
        ("Nothing dated here at all.", None),
    ],
)
def test_dates_absolute_and_relative_to_the_day_of_publication(sentence, expected):
    span = date_span(sentence, FRIDAY)
    assert (span if span is None else (span[0].isoformat(), span[1].isoformat())) == expected


def test_sentences_keep_their_offsets():
    cut = [STATEMENT[s:e] for s, e in sentences(STATEMENT)]
    assert cut[:3] == [
        "Statement of the Ministry",
        "On May 27, soldiers were seen near ALFA.",
        "Nothing happened at the lake.",
    ]
    assert all(part.strip() == part and part for part in cut)


def test_every_sentence_with_a_date_and_a_place_is_proposed_once_per_place():
    rows = candidates(STATEMENT, FRIDAY, GAZETTEER)
    found = [(r.place_id, r.date_start, r.date_end, r.time_precision) for r in rows]
    assert found == [
        ("alpha", "2021-05-27", "2021-05-27", 1),  # "ALFA": an alternative name, in capitals
        ("qaragol", "2021-05-27", "2021-05-28", 2),  # "the black lake", "Last night"
        ("kut", "2021-05-27", "2021-05-28", 2),
        ("qaragol", "2021-05-25", "2021-05-25", 1),  # "Qaragol" without its diacritic, "On Tuesday evening"
        ("alpha", "2021-05-12", "2021-05-13", 2),
    ]
    for row in rows:  # the excerpt is the text at the offsets, verbatim
        assert STATEMENT[row.source_start : row.source_end] == row.excerpt
    assert rows[0].excerpt == "On May 27, soldiers were seen near ALFA."
    assert not any("Kutaisi" in r.excerpt for r in rows)  # "Kut" inside "Kutaisi" is not Kut
    assert not any(r.excerpt.startswith("Yesterday") for r in rows)  # a date but no place


def test_the_command_prints_csv_and_yaml_and_writes_nothing(tiny_root, tmp_path, capsys):
    text = tmp_path / "statement.txt"
    text.write_text("On 1 May soldiers were seen near Alfa. Later, nothing.\n", encoding="utf-8")
    before = sorted((p, p.stat().st_mtime_ns) for p in tiny_root.rglob("*") if p.is_file())
    assert main(["--data", str(tiny_root), "candidates", str(text), "--published", "2021-05-03"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "date_start", "date_end", "time_precision", "place_id", "place_name", "source_start", "source_end", "excerpt",
    ]  # fmt: skip
    assert [(r["date_start"], r["place_id"], r["source_start"], r["source_end"]) for r in rows] == [
        ("2021-05-01", "alpha", "0", "38")
    ]
    assert err.strip() == f"1 candidate(s) from 1 sentence(s) of {text}"
    command = ["--data", str(tiny_root), "candidates", str(text), "--published", "2021-05-03"]
    assert main([*command, "--format", "yaml"]) == 0
    assert yaml.safe_load(capsys.readouterr().out)[0]["excerpt"] == "On 1 May soldiers were seen near Alfa."
    assert sorted((p, p.stat().st_mtime_ns) for p in tiny_root.rglob("*") if p.is_file()) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--published", "28 May"], "--published '28 May' is not a date"),
        (["--published", "2021-05-28"], "cannot be read as UTF-8 text"),
    ],
)
def test_bad_input_is_one_line(tiny_root, tmp_path, capsys, args, words):
    text = tmp_path / "statement.txt"
    text.write_bytes(b"\xff\xfe broken" if "2021" in args[1] else b"fine")
    assert main(["--data", str(tiny_root), "candidates", str(text), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and "Traceback" not in err


def test_the_same_day_and_the_next_day_follow_the_date_before():
    text = "On 1 May soldiers crossed near Alpha. The same day they reached Kut. The next day they left Kut."
    rows = candidates(text, FRIDAY, GAZETTEER)
    assert [(r.place_id, r.date_start) for r in rows] == [
        ("alpha", "2021-05-01"), ("kut", "2021-05-01"), ("kut", "2021-05-02"),
    ]  # fmt: skip
