"""Raw documents to the model, collecting every problem: values, settings, areas, periods, assets, templates."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model')
