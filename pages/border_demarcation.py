"""Border & demarcation."""

from caucasus_atlas.ui import pages

pages.border()
