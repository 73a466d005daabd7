"""Views of the servers area, one module per topic. Shared look-ups live in `_lookup`."""
