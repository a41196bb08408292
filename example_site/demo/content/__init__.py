"""The example site's demo content: the data, the diagrams drawn for it, and the modules that load it.

``loader.load_demo`` loads all of it. ``catalogs``, ``villages`` and ``opinion_responses`` each load
one kind of content into the standard columns, and import no model of the example site, so they can
be used without it.
"""
