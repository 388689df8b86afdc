"""The per-kind rules of the atlas data: sources, places, incidents, events and what they state.

Each ``load_*`` function checks the records of one kind, adds the valid ones to the atlas
(:class:`caucasus_atlas.loading.Atlas`) and notes a problem for everything wrong;
:func:`caucasus_atlas.validate.load_atlas` runs them in order.
"""
