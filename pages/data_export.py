"""Data."""

from caucasus_atlas.ui import pages

pages.data_page()
