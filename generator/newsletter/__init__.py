"""The newsletters: content, HTML per edition, PDF (pdf.py is the only module importing WeasyPrint and pikepdf), text, page budget, files."""

# What this package may import from the rest of generator/ (tests/test_structure.py reads it).
MAY_IMPORT = ('problems', 'source', 'registry', 'model', 'output', 'validate', 'assess', 'present')
