"""Pure functions on the model: the target in force, status, trend, the previous result."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'registry', 'model')
