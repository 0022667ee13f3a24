"""The website: the page registry, pages, tables, charts, fixes to Material; plugin.py is the only module importing mkdocs."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model', 'output', 'validate', 'assess', 'pipeline', 'present', 'report')
