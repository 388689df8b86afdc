"""Browser fixtures: a real `streamlit run`, Debian's Chromium, and a network cut off from everything but localhost."""

from __future__ import annotations

import os

import pytest

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, block_non_local, chromium_available, streamlit_server


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not chromium_available():
        reason = f"Chromium not found at {CHROMIUM}: install Debian's package `chromium` to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " (CI=true: the browser tests must run)")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def server(chromium_path):
    with streamlit_server() as url:
        yield url


@pytest.fixture
def offline_page(browser):
    """A fresh page whose every request off localhost is blocked; ``page.attempted`` lists them."""
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    attempted: list[str] = []
    block_non_local(context, attempted)
    page = context.new_page()
    page.attempted = attempted
    yield page
    context.close()
