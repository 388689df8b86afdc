"""Incidents map."""

from caucasus_atlas.ui import pages

pages.incidents()
