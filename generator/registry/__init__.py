"""The registries (keys, units, periods, editions, colours, links, digits): one source for code, docs and tests."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source')
