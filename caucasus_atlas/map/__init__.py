"""The map: the Python side builds data, the browser code in ``static/atlas/`` draws it.

- :mod:`~caucasus_atlas.map.escaping`: data texts escaped for popup HTML, JSON escaped for a ``<script>``;
- :mod:`~caucasus_atlas.map.features`: the events as GeoJSON features and layers, one feature per location;
- :mod:`~caucasus_atlas.map.basemap`: boundaries, land and water, place names, as script JSON;
- :mod:`~caucasus_atlas.map.imported`: imported events as compact columns for the canvas layer;
- :mod:`~caucasus_atlas.map.assets`: the addresses of the browser code (with a content digest), local only;
- :mod:`~caucasus_atlas.map.element`: the folium element that hands the page one config, and ``build_map``;
- :mod:`~caucasus_atlas.map.caption`: the words of the map's saved image.
"""
