"""Timeline."""

from caucasus_atlas.ui import pages

pages.timeline()
