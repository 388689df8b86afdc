"""Caucasus Atlas: where and when the events of a political report happened, in the report's own words.

The package holds every piece of logic (loading, validation, filtering, map building, export) and can be
imported and tested without Streamlit; :mod:`caucasus_atlas.ui` is the only module that imports it.
"""

__version__ = "0.1.0"
