"""Data text on a page: shown as written, never as Markdown or markup."""

from __future__ import annotations

import re

from caucasus_atlas.models import normalise_whitespace

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~])")


def md_escape(text: str) -> str:
    """Fold white space and escape Markdown (and Streamlit's ``$`` maths) so data text shows as written.

    Source text keeps the bulletin's line and page breaks; folded, an excerpt stays one paragraph.

    Examples
    --------
    >>> md_escape("[x](javascript:1) <b>")
    '\\\\[x\\\\]\\\\(javascript:1\\\\) \\\\<b\\\\>'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", normalise_whitespace(text))
