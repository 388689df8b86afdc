"""Serving the dashboard: Streamlit's one private setting the atlas relies on (:func:`navigation_only`), and
the dashboard in a child process on a free localhost port, for the load test, the browser tests and the
benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from caucasus_atlas import settings


def navigation_only() -> None:
    """Tell Streamlit, before its server starts, that the app's pages come from ``st.navigation`` alone.

    Streamlit decides whether an app uses a ``pages/`` folder beside its main script (its first multipage
    mode) when the first session of the process starts: ``PagesManager.uses_pages_directory`` becomes True
    when the folder exists, and stays so until some session runs ``st.navigation``. Until then every
    request is resolved against the folder's file names, so a deep link such as ``/border`` opened as the
    very first request shows "Page not found" before the right page. Streamlit offers no public way out:
    ``client.showSidebarNavigation = false`` only hides that mode's menu, the atlas keeps its ``pages/``
    folder beside ``dashboard.py`` (``st.Page`` paths and ``static/`` are read from the main script's
    folder), and the warm-up visit of ``serve`` is not sure to be the first. So this sets the private class
    attribute, here and nowhere else; ``tests/test_serving.py`` fails when a Streamlit upgrade removes it or
    it stops having its effect.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def dashboard_server(
    data_root: Path | None = None,
    *,
    timeout: float = 60,
    address: str = "127.0.0.1",
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[str, int]]:
    """Run ``python -m caucasus_atlas serve`` on a free port of ``address`` (a loopback address: 127.0.0.1,
    or 127.0.0.2 to stand for a server on a network address); yield its base URL and process id.

    ``data_root`` (default: the project's data, whatever ``$CAUCASUS_ATLAS_DATA`` says) is passed to the
    child as ``$CAUCASUS_ATLAS_DATA``; ``extra_env`` is added to its environment. The server is stopped on exit.
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in (settings.DATA_ENV_VAR, settings.CURATOR_TOKENS_ENV_VAR)}
    env.update(extra_env or {})
    if data_root is not None:
        env[settings.DATA_ENV_VAR] = str(data_root)
    cmd = [
        sys.executable, "-m", "caucasus_atlas", "serve", "--server.port", str(port),
        "--server.address", address, "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, cwd=settings.PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://{address}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                out = proc.stdout.read() if proc.stdout else ""
                msg = f"the dashboard did not start on {url}:\n{out}"
                raise RuntimeError(msg)
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
