"""Reading the landlord's files: YAML with a line and column for every value, finding the data files, mkdocs.yml."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems',)
