"""Source reader."""

from caucasus_atlas.ui import pages

pages.reader()
