"""The corpus of broken data roots (``tests/corpus.py``): exact messages, no traceback, valid records kept."""

from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from caucasus_atlas import settings
from caucasus_atlas.__main__ import main
from caucasus_atlas.validate import load_atlas
from tests.conftest import write_root
from tests.corpus import CASES

IDS = [name for name, *_ in CASES]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40
    assert len(set(IDS)) == len(IDS)


@pytest.mark.parametrize(("name", "break_it", "lines", "loaded"), CASES, ids=IDS)
def test_each_broken_input_gives_its_exact_message(tmp_path, capsys, name, break_it, lines, loaded):
    root = write_root(tmp_path)
    break_it(root)
    status = main(["--data", str(root), "validate"])
    out, err = capsys.readouterr()
    expected = [line.replace("{root}", str(root)) for line in lines]
    if expected:
        assert status == 1
        assert out.splitlines() == expected
    else:
        assert status == 0, out
        assert out.startswith("ok: ")
    assert "Traceback" not in out + err
    assert tuple(sorted(load_atlas(root).events)) == tuple(loaded)


#: Cases run through a real process (its own encoding of standard output) and through the dashboard.
END_TO_END = [
    "non-UTF-8 file name beside a problem record",
    "impossible date, unquoted",
    "alias bomb in a field",
    "boundary feature without geometry",
    "places.yaml missing",
    "CRLF source text",
    "imports registry not UTF-8",
    "imports dates stored as text",
]


@pytest.mark.parametrize("name", END_TO_END)
def test_the_command_prints_no_traceback(tmp_path, name):
    _, break_it, lines, _ = CASES[IDS.index(name)]
    root = write_root(tmp_path)
    break_it(root)
    done = subprocess.run(
        [sys.executable, "-m", "caucasus_atlas", "--data", str(root), "validate"],
        capture_output=True,
        timeout=120,
        cwd=settings.PROJECT_ROOT,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 1
    assert "Traceback" not in out + err
    assert out.splitlines() == [line.replace("{root}", str(root)) for line in lines]


@pytest.mark.parametrize("name", END_TO_END)
def test_the_dashboard_lists_the_problems_and_maps_the_rest(tmp_path, monkeypatch, name):
    _, break_it, lines, _ = CASES[IDS.index(name)]
    root = write_root(tmp_path)
    break_it(root)
    monkeypatch.setenv(settings.DATA_ENV_VAR, str(root))
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert f"The data has {len(lines)} problem(s)" in at.error[0].value
    assert at.code[0].value.splitlines() == [line.replace("{root}", str(root)) for line in lines]
    assert at.metric[0].label == "Events in this filter"


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (lambda p: p / "nowhere", "does not exist"),
        (lambda p: (p / "a-file").touch() or p / "a-file", "is not a folder"),
    ],
    ids=["missing", "a file"],
)
def test_a_data_root_that_is_not_a_folder_is_one_clear_line(tmp_path, capsys, make, what):
    root = make(tmp_path)
    assert main(["--data", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"-: -: -: the data folder {root} {what} (expected a folder holding geodata/ and events/)"
    ]


def test_loading_stops_at_the_event_limit_and_says_which_files_it_left(tmp_path, monkeypatch):
    root = write_root(tmp_path)
    (root / "events" / "z-more.yaml").write_text(
        (root / "events" / "test.yaml").read_text().replace("id: e-", "id: z-")
    )
    monkeypatch.setattr(settings, "MAX_EVENTS", 4)
    atlas = load_atlas(root)
    assert sorted(atlas.events) == ["e-denial", "e-fire", "e-nowhere", "e-road"]
    assert [str(p) for p in atlas.problems] == [
        "events/z-more.yaml: -: -: is not read: the atlas already holds 4 event records, its limit for hand-written "
        "data (bulk data belongs in an import)"
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    root = write_root(tmp_path)
    monkeypatch.setattr(settings, "MAX_DATA_FILE_BYTES", 100)
    lines = [str(p) for p in load_atlas(root).problems]
    assert any(line.startswith("events/test.yaml: -: -: is too large to load (got 0.0 MB") for line in lines)


def test_the_source_texts_are_kept_byte_for_byte_by_git():
    attributes = (settings.PROJECT_ROOT / ".gitattributes").read_text()
    assert "events/sources/*.txt -text" in attributes


def test_an_unforeseen_error_is_one_line_not_a_traceback(tiny_root, monkeypatch, capsys):
    import caucasus_atlas.validate

    def broken(root):
        raise KeyError("surprise")

    monkeypatch.setattr(caucasus_atlas.validate, "load_atlas", broken)
    assert main(["--data", str(tiny_root), "validate"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.startswith(f"error: validate stopped on an unforeseen KeyError while reading {tiny_root}: 'surprise'")


def test_the_dashboard_survives_an_unforeseen_error(tmp_path, monkeypatch):
    import caucasus_atlas.ui.data

    def broken(root):
        raise KeyError("surprise")

    monkeypatch.setattr(caucasus_atlas.ui.data, "load_atlas", broken)
    monkeypatch.setenv(settings.DATA_ENV_VAR, str(tmp_path))
    at = AppTest.from_file(str(settings.PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert at.code[0].value == "-: -: -: the data could not be read (KeyError); the server log has the details"
