"""`serve` and Streamlit's private setting it relies on (:func:`caucasus_atlas.serving.navigation_only`).

These fail when a Streamlit upgrade changes what the setting is or does: the attribute is gone, Streamlit
no longer decides on the ``pages/`` folder with it, or a deep link as the first request shows "Page not
found" even with it. One of them also fails when Streamlit fixes the first request itself: the setting is
then no longer needed and can go.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from caucasus_atlas import settings
from caucasus_atlas.loadtest import in_own_loop  # a loop of its own: a browser test may run one
from caucasus_atlas.serving import free_port
from tests.streamlit_ws import elements, first_run, page_text

DASHBOARD = str(settings.PROJECT_ROOT / "dashboard.py")


@pytest.fixture
def pages_flag():
    """Streamlit's class attribute, restored after the test (AppTest resets it too)."""
    from streamlit.runtime.pages_manager import PagesManager

    before = PagesManager.__dict__.get("uses_pages_directory")
    yield PagesManager
    PagesManager.uses_pages_directory = before


def test_streamlit_decides_on_the_pages_folder_with_the_attribute_navigation_only_sets(pages_flag):
    from caucasus_atlas.serving import navigation_only

    assert "uses_pages_directory" in vars(pages_flag), "Streamlit's PagesManager lost `uses_pages_directory`"
    pages_flag.uses_pages_directory = None
    pages_flag(DASHBOARD)  # the first session of a plain `streamlit run`: pages/ beside dashboard.py is seen
    assert pages_flag.uses_pages_directory is True
    pages_flag.uses_pages_directory = None
    navigation_only()
    pages_flag(DASHBOARD)  # the first session under `serve`: the folder is not looked at
    assert pages_flag.uses_pages_directory is False


#: Runs the dashboard as ``serve`` does but without its warm-up visit (which would be the first session),
#: with or without :func:`navigation_only` (argv[1]).
LAUNCH = """
import sys
from streamlit.web import cli
if sys.argv[1] == "navigation_only":
    from caucasus_atlas.serving import navigation_only
    navigation_only()
sys.argv = ["streamlit", "run", *sys.argv[2:]]
sys.exit(cli.main())
"""


@contextmanager
def _streamlit(*modes: str) -> Iterator[list[str]]:
    """One server per mode, started side by side; their base URLs once each answers."""
    env = {k: v for k, v in os.environ.items() if k != settings.DATA_ENV_VAR}
    procs, urls = [], []
    try:
        for mode in modes:
            port = free_port()
            cmd = [
                sys.executable, "-c", LAUNCH, mode, DASHBOARD, "--server.port", str(port),
                "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ]  # fmt: skip
            procs.append(subprocess.Popen(cmd, cwd=settings.PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for mode, proc, url in zip(modes, procs, urls, strict=True):
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"streamlit ({mode}) did not start on {url}")
                    time.sleep(0.2)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


async def _first_request(url: str, page: str) -> tuple[bool, list[str]]:
    """Open ``/page`` as a browser's first request: whether Streamlit said "page not found", and the titles."""
    messages = await first_run(url, page)
    not_found = any(m.WhichOneof("type") == "page_not_found" for m in messages)
    titles = [e.heading.body for e in elements(messages) if e.WhichOneof("type") == "heading" and e.heading.tag == "h1"]
    return not_found, titles


@pytest.mark.slow  # starts two servers one after the other (about 15 s)
def test_a_deep_link_as_the_first_request_opens_its_page_under_serve_and_only_there():
    """Two servers started side by side (one start's time): ``serve``'s way, and a plain ``streamlit run``.

    When the second assertion fails, Streamlit resolves the first request by ``st.navigation`` on its own:
    drop :func:`navigation_only` (and this test) and say so in README.md."""
    with _streamlit("navigation_only", "plain") as (served, plain):

        async def both():
            return await asyncio.gather(_first_request(served, "border"), _first_request(plain, "border"))

        (not_found, titles), (plain_not_found, plain_titles) = in_own_loop(both())
    assert not not_found, "navigation_only() no longer stops the first request's lookup in pages/"
    assert titles == ["Border & demarcation"]
    assert plain_not_found, "a plain `streamlit run` no longer shows 'Page not found' first: the flag can go"
    assert plain_titles[-1:] == ["Border & demarcation"]


@pytest.mark.slow  # starts two servers (about 15 s)
def test_two_servers_sharing_a_data_folder_both_show_an_import_within_seconds_without_a_restart(tmp_path):
    """Replicas behind a proxy share one data folder: an import written by another process (here the command
    line's function; the page's importer writes the same way) is seen by both servers on their next rerun."""
    from caucasus_atlas.imports import import_file
    from caucasus_atlas.serving import dashboard_server
    from tests.conftest import write_root
    from tests.import_fixtures import acled_csv

    root = write_root(tmp_path / "shared")
    export = acled_csv(tmp_path / "acled.csv", rows=300)
    with dashboard_server(root) as (first, _), dashboard_server(root) as (second, _):
        for url in (first, second):
            assert "shared-acled" not in in_own_loop(page_text(url, "data"))
        import_file(root, "acled", export, name="shared-acled")
        written = time.monotonic()
        seen: dict[str, float] = {}
        while len(seen) < 2 and time.monotonic() - written < 5:
            for url in (first, second):
                if url not in seen and "shared-acled" in in_own_loop(page_text(url, "data")):
                    seen[url] = time.monotonic() - written
            time.sleep(0.2)
    assert set(seen) == {first, second}, f"seen by {sorted(seen)} within 5 s of the import"
