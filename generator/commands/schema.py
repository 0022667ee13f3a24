"""`standards schema`: write the JSON Schemas of the data files, for checks as staff type in their editor."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from generator.commands.common import config_path, shown_path, writing
from generator.output import paths as outputs
from generator.registry.schema import FOR_FOLDER, SCHEMAS_FOLDER, schema_line, schemas


def run(config_file: str | None, output: str | None) -> None:
    config = config_path(config_file)
    root = config.parent
    folder = Path(output) if output else root / SCHEMAS_FOLDER
    documents = {folder / name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
                 for name, schema in schemas().items()}
    _check_output(config, folder, list(documents))
    written = []
    with writing(root):
        for path, text in documents.items():
            if _same(path, text):
                continue
            _write(path, text)
            written.append(path)
    shown = [shown_path(p) for p in documents]
    names = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]
    click.echo(f"Wrote {names}." if written else f"Up to date: {names}.")
    for data in FOR_FOLDER:
        relative = Path(os.path.relpath(folder.resolve(), (root / data).resolve())).as_posix()
        click.echo(f"For checks as you type, start each file in {data}/ with the line:\n"
                   f"  {schema_line(data, relative)}")


def _check_output(config: Path, folder: Path, files: list[Path]) -> None:
    """-o: never into the data folders, the hand-written pages, .git or the cache, nor over mkdocs.yml."""
    docs = outputs.site_choice(config, None).docs_dir
    for path in files:
        why = outputs.file_refusal(path, config.parent, config, docs)
        if why is not None:
            raise click.BadParameter(
                f"the schemas cannot be written to '{shown_path(folder)}': {why}. Choose a folder of their own, "
                f"like '{SCHEMAS_FOLDER}' (the default).", param_hint="'-o' / '--output'")


def _same(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def _write(path: Path, text: str) -> None:
    """Whole or not at all: written beside, then moved into place."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        if partial.parent.is_dir():
            partial.unlink(missing_ok=True)
        raise outputs.failed(exc, path) from None
