"""The play control of the Incidents map: a window of a day or a week stepped through the reader's date range.

Each step stays on screen for the chosen time, counted from when its page (and so its map) was sent, so a
slow redraw never lets the play run ahead of the map. A step waits for its page to be sent before its time
starts; the play can be paused and resumed; when it is stopped, or reaches the end, the reader's own range
(and period) comes back, and the page says so.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import streamlit as st

from caucasus_atlas.filters import Filters
from caucasus_atlas.map.caption import range_text
from caucasus_atlas.ui import state as keys
from caucasus_atlas.ui.filters import set_range
from caucasus_atlas.views import play_windows

#: How long each step stays on screen, in seconds, per speed (the map redraws in about half a second).
SPEEDS: dict[str, float] = {"slow": 6.0, "normal": 4.0, "fast": 2.5}
#: How often the page asks whether the step's time is up (a fragment rerun: no map, no sidebar).
TICK_S = 0.5


@dataclass
class Play:
    """A play in progress: its windows, the step shown, and the reader's range to put back."""

    windows: list[tuple[dt.date, dt.date]]
    saved: tuple[dt.date, dt.date, str | None]
    step: int = 0
    paused: bool = False
    #: when the step's page was sent (None until it is): the step's time counts from then
    shown_at: float | None = None


def _start() -> None:
    filters: Filters | None = st.session_state.get(keys.FILTERS)
    if filters is None:
        return
    days = 1 if st.session_state.get(keys.PLAY_WINDOW) == "day" else 7
    windows = play_windows(filters.start, filters.end, days)
    st.session_state[keys.PLAY] = Play(windows, (filters.start, filters.end, st.session_state.get(keys.PERIOD)))
    st.session_state.pop(keys.PLAY_NOTE, None)
    st.session_state[keys.PENDING_RANGE] = windows[0]


def _pause() -> None:
    play: Play | None = st.session_state.get(keys.PLAY)
    if play is not None:
        play.paused = not play.paused
        play.shown_at = time.monotonic()  # resumed: the step shown gets its whole time again


def _finish(words: str) -> None:
    """End the play and put the reader's range back (applied before the sidebar of the next run)."""
    play: Play | None = st.session_state.pop(keys.PLAY, None)
    if play is None:
        return
    start, end, period = play.saved
    st.session_state[keys.PLAY_NOTE] = f"{words} Your date range, {range_text(start, end)}, is back."
    st.session_state[keys.PENDING_RANGE] = (start, end, period) if period else (start, end)


def _stop() -> None:
    play: Play | None = st.session_state.get(keys.PLAY)
    if play is not None:
        _finish(f"Stopped at step {play.step + 1} of {len(play.windows)}.")


@st.fragment(run_every=TICK_S)
def _tick() -> None:
    """Every half second: when the step shown has had its time, the next one (a rerun of the whole page)."""
    play: Play | None = st.session_state.get(keys.PLAY)
    if play is None or play.paused or play.shown_at is None:
        return
    if time.monotonic() - play.shown_at < SPEEDS.get(st.session_state.get(keys.PLAY_SPEED) or "normal", 4.0):
        return
    if play.step + 1 >= len(play.windows):
        _finish(f"Played to the end ({len(play.windows)} steps).")
        st.rerun()
    play.step += 1
    play.shown_at = None
    set_range(*play.windows[play.step])


def play_controls(filters: Filters) -> None:
    """The play's controls and where it stands: the window, the speed, play / pause / stop. Call it after
    the map has been drawn in this run: the step's time starts then."""
    play: Play | None = st.session_state.get(keys.PLAY)
    if play is not None and (filters.start, filters.end) != play.windows[play.step]:
        st.session_state.pop(keys.PLAY)  # the reader chose another range meanwhile: the play gives way to it
        play = None
    st.markdown("**Play through the date range**")
    left, right = st.columns(2)
    left.segmented_control(
        "Window", ["day", "week"], default="week", key=keys.PLAY_WINDOW, disabled=play is not None,
        help="How much of the range each step shows.",
    )  # fmt: skip
    right.segmented_control(
        "Each step stays", list(SPEEDS), default="normal", key=keys.PLAY_SPEED,
        format_func=lambda s: f"{SPEEDS[s]:g} s",
        help="How long each step stays on screen once its map is sent (the map redraws in about half a second).",
    )  # fmt: skip
    if play is None:
        st.button("▶ Play through the period", key="play_start", on_click=_start)
        note = st.session_state.get(keys.PLAY_NOTE)
        st.caption(note or f"Steps through {range_text(filters.start, filters.end)}; your range comes back at the end.")
        return
    if play.shown_at is None:
        play.shown_at = time.monotonic()
    start, end = play.windows[play.step]
    status = "paused" if play.paused else "playing"
    st.markdown(f"Step **{play.step + 1} of {len(play.windows)}** · **{range_text(start, end)}** · {status}")
    pause, stop = st.columns(2)
    pause.button("▶ Resume" if play.paused else "⏸ Pause", key="play_pause", on_click=_pause, width="stretch")
    stop.button("⏹ Stop", key="play_stop", on_click=_stop, width="stretch")
    saved = play.saved
    st.caption(f"Stop (or the end) puts your range, {range_text(saved[0], saved[1])}, back.")
    if not play.paused:
        _tick()
