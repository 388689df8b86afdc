"""Every session-state key is named once, in caucasus_atlas/ui/state.py."""

import re

from caucasus_atlas import settings
from caucasus_atlas.ui import state

UI = settings.PROJECT_ROOT / "caucasus_atlas" / "ui"
#: a session-state access with a written-out key: st.session_state["x"], .get("x"), .pop("x"), "x" in …
LITERAL = re.compile(r"""session_state(\[|\.get\(|\.pop\()\s*f?["']|["']\s+(not\s+)?in\s+st\.session_state""")


def test_no_module_writes_a_session_state_key_out():
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(UI.glob("*.py"))
        if path.name != "state.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert not found, "name these keys in caucasus_atlas/ui/state.py:\n" + "\n".join(found)


def test_the_keys_are_distinct():
    names = {name: value for name, value in vars(state).items() if name.isupper()}
    assert len(set(names.values())) == len(names) >= 20
    assert state.date_range("May 2021") not in names.values()
    assert state.last_click("overview_map").startswith("_")
