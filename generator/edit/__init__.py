"""Writing staff's own files: a new project (`standards init`), a new period file (`standards
new-period`) and results imported from a spreadsheet (`standards import`), keeping every comment,
key order and untouched line as it was (ruamel.yaml here only)."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model', 'output', 'validate', 'pipeline', 'present')
