"""Reconstruction."""

from caucasus_atlas.ui import pages

pages.reconstruction()
