"""About."""

from caucasus_atlas.ui import pages

pages.about()
