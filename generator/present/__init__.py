"""What people read: values, words, views of the data, safe Markdown, Jinja templates."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model', 'validate', 'assess')
