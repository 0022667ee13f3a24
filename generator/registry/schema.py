"""JSON Schemas of the data files, for editors that check YAML as it is typed.

A stand-in: the real schemas are made from the key registry on another branch, which replaces
this file whole.  Until then each schema is empty (an empty schema allows anything), so the
files `standards init` writes are valid either way.
"""

from __future__ import annotations


def schemas() -> dict[str, dict]:
    """File name (like 'area.schema.json') -> that JSON Schema."""
    return {"area.schema.json": {}, "period.schema.json": {}}
