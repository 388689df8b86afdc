"""Overview."""

from caucasus_atlas.ui import pages

pages.overview()
