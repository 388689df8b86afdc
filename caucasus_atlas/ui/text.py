"""Data text on a page: shown as written, never as Markdown or markup."""

from __future__ import annotations

import re

from caucasus_atlas.models import normalise_whitespace

#: Markdown's special characters, and the ':' of "://": escaped, "http://2130706433/phish" shows as text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~]|:(?=//))")

#: Where the Markdown renderer would still turn data into a link after the escapes ("www." and the "@" of an
#: e-mail address): an invisible word joiner (U+2060) goes after them, so they show as text.
_AUTOLINKED = re.compile(r"(?i)(\bwww|@)(?=[\w.])")


def md_escape(text: str) -> str:
    """Fold white space and escape Markdown (and Streamlit's ``$`` maths) so data text shows as written.

    Source text keeps the bulletin's line and page breaks; folded, an excerpt stays one paragraph.

    Examples
    --------
    >>> md_escape("[x](javascript:1) <b>")
    '\\\\[x\\\\]\\\\(javascript:1\\\\) \\\\<b\\\\>'
    >>> md_escape("see http://x.example")
    'see http\\\\://x\\\\.example'
    """
    text = _AUTOLINKED.sub("\\1\u2060", normalise_whitespace(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
