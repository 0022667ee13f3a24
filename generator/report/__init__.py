"""The check's text and JSON, and the open data (CSV, JSON)."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model', 'assess', 'pipeline', 'present')
