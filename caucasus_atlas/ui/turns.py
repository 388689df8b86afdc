"""A turn at the server for each run of a session, and for each download it builds (:mod:`caucasus_atlas.fairness`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from streamlit.runtime.scriptrunner import get_script_run_ctx

from caucasus_atlas.fairness import GATE

T = TypeVar("T")


def session_id() -> str:
    """This run's session (``""`` outside a Streamlit run)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


def gated(build: Callable[[], T]) -> Callable[[], T]:
    """``build`` (a download's content, made when it is clicked, outside any run) taking its turn as this
    session's work: a large download waits its turn and counts against the session that asked for it."""
    session = session_id()

    def in_turn() -> T:
        with GATE.turn(session):
            return build()

    return in_turn
