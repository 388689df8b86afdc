"""The map's assets, all served from ``static/`` by Streamlit: the atlas's own scripts and style sheet in
``static/atlas/`` (addressed with a digest of their content) and folium's, pointed at the local copies.

Nothing is ever fetched from a CDN: :func:`localise_assets` refuses an asset that has no local copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

import folium

from caucasus_atlas import settings

#: The folder of the atlas's own browser code.
ATLAS_DIR = settings.PROJECT_ROOT / "static" / "atlas"
#: Its scripts in loading order: the pure functions first, the layers switch last (``layers.js`` calls
#: the three before it; ``control.js`` reads what ``layers.js`` drew). Its one style sheet.
ATLAS_JS = ("core.js", "imported.js", "tools.js", "image.js", "layers.js", "control.js")
ATLAS_CSS = ("atlas.css",)
#: The script that asks for all of a map's scripts and style sheets at once, loaded before them (see
#: ``caucasus_atlas.ui.mapview.frame_args``: streamlit-folium would ask for them one after another).
PRELOAD_JS = "preload.js"

_DIGESTS: dict[tuple[str, int, int], str] = {}


def atlas_url(name: str) -> str:
    """The address of ``static/atlas/<name>`` with the first 12 hex digits of its sha256 in the query, so
    that a changed file has a new address and no browser runs a stale copy (computed once per version of
    the file).

    Examples
    --------
    >>> atlas_url("core.js").startswith("/app/static/atlas/core.js?v=")
    True
    """
    path = ATLAS_DIR / name
    stat = path.stat()
    key = (name, stat.st_mtime_ns, stat.st_size)
    if key not in _DIGESTS:
        _DIGESTS[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{settings.STATIC_URL}/atlas/{name}?v={_DIGESTS[key]}"


def atlas_assets(names: Iterable[str]) -> list[tuple[str, str]]:
    """folium's ``default_js``/``default_css`` entries for atlas files: ``("atlas_core_js", address)``."""
    return [(f"atlas_{name.replace('.', '_')}", atlas_url(name)) for name in names]


def localise_assets(fmap: folium.Map) -> None:
    """Point every JavaScript and CSS asset of the map at the local copies under ``static/``.

    Raises ``ValueError`` naming any asset that has no local copy, so nothing is ever fetched from a CDN.
    An asset already under ``static/`` (the atlas's own files) is kept as it is.
    """
    for element in _walk(fmap):
        for attr, local in (("default_js", settings.LOCAL_JS), ("default_css", settings.LOCAL_CSS)):
            assets = getattr(element, attr, None)
            if not assets:
                continue
            found = [(name, url, _local(name, url, local)) for name, url in assets]
            unknown = [url for name, url, there in found if there is None and name not in _NOT_NEEDED]
            if unknown:
                msg = f"{type(element).__name__} needs assets with no local copy: {unknown!r}"
                raise ValueError(msg)
            setattr(element, attr, [(name, there) for name, _, there in found if there is not None])


def _local(name: str, url: str, local: dict[str, str]) -> str | None:
    if name in local:
        return local[name]
    return url if url.startswith(f"{settings.STATIC_URL}/") else None


#: folium's default assets that this map does not use (jQuery, Bootstrap and the awesome-markers icons).
_NOT_NEEDED = {
    "jquery",
    "bootstrap",
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
}


def _walk(element: Any) -> Iterator[Any]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)
