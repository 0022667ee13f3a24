"""Writing files out: where a build or newsletter may write, atomic folders, locks, dates from the data."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model')
