"""The commands (check, build, newsletter, serve, import): each one run() that reads top to bottom; they may use everything below."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model', 'output', 'validate', 'assess', 'pipeline', 'present', 'report', 'site', 'newsletter', 'edit')
