"""Escaping of data texts for the map: HTML inside JavaScript template strings, and JSON inside a ``<script>``.

Every text that comes from data is escaped (:func:`escape`) before it reaches popup or tooltip HTML, and
every JSON the page receives is written by :func:`script_json`, so that no data text can close the script.
"""

from __future__ import annotations

import html
import json
from typing import Any

_JS_TEMPLATE_ENTITIES = {"`": "&#96;", "$": "&#36;", "\\": "&#92;"}


def escape(text: object) -> str:
    """HTML-escape ``text`` and write `` ` ``, ``$`` and ``\\`` as entities.

    folium puts popup and tooltip text inside JavaScript template strings, where a back-tick ends the
    string and ``${`` runs code; as entities they are inert and still display as themselves.

    Examples
    --------
    >>> escape("<b>${x}`</b>")
    '&lt;b&gt;&#36;{x}&#96;&lt;/b&gt;'
    """
    out = html.escape(str(text), quote=True)
    for char, entity in _JS_TEMPLATE_ENTITIES.items():
        out = out.replace(char, entity)
    return out


def script_json(value: Any) -> str:
    r"""JSON to stand inside a ``<script>``: ``<``, ``>``, ``&`` and the JavaScript line separators are
    written as escapes, so that no data text can close the script or start markup.

    Examples
    --------
    >>> script_json({"name": "</script><b>&"})
    '{"name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text
