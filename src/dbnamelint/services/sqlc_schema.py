"""Which SQL files sqlc reads as its schema (``sqlc.yaml``'s ``schema:``).

sqlc (docs.sqlc.dev, "Configuration") generates code from queries checked
against a schema it reads from the files its config names: version 2's
``sql: [{schema: ..., queries: ...}]``, version 1's ``packages: [{schema:
...}]``; each ``schema`` is a path or a list of paths (files or folders),
relative to the folder holding the config (``sqlc.yaml``, ``sqlc.yml`` or
``sqlc.json``). Such a file mirrors the database's schema for the code
generator; no migration tool runs it, so new DDL there is no migration the
gate must refuse (river's ``internal/dbsqlc/schema.sql``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dbnamelint.config.regular import SafeYamlError
from dbnamelint.core import readlog

CONFIG_NAMES = ("sqlc.yaml", "sqlc.yml", "sqlc.json")


def _entries(data: object, field: str = "schema") -> Iterator[str]:
    """The ``schema`` (or ``queries``: ``field``) paths a parsed sqlc config
    lists (version 1 or 2)."""
    if not isinstance(data, dict):
        return
    for key in ("sql", "packages"):
        blocks = data.get(key)
        for block in blocks if isinstance(blocks, list) else ():
            schema = block.get(field) if isinstance(block, dict) else None
            for entry in [schema] if isinstance(schema, str) else schema or ():
                if isinstance(entry, str) and entry.strip():
                    yield entry


def sqlc_read_paths(config: Path) -> list[Path]:
    """The files and folders (absolute, resolved) the sqlc config at
    ``config`` reads: its ``schema`` and ``queries`` paths; none when it
    cannot be read."""
    try:
        data = parse_config(config.name, config.read_bytes())
    except OSError:
        return []
    return [
        (config.parent / entry).resolve()
        for field in ("schema", "queries")
        for entry in _entries(data, field)
    ]


def parse_config(name: str, data: bytes) -> object:
    """A sqlc config's content (``name``: its file name, ``.json`` or YAML);
    None when it cannot be read (it names nothing)."""
    from dbnamelint.config.yamlsafe import safe_load  # PyYAML only when a sqlc config is read

    try:
        text = data.decode("utf-8-sig")
        return json.loads(text) if name.endswith(".json") else safe_load(text)
    except (UnicodeDecodeError, ValueError, SafeYamlError):
        return None


def names_schema(data: object, folder: Path, target: Path) -> bool:
    """Whether a parsed sqlc config in ``folder`` names ``target`` (absolute),
    or a folder holding it, among its ``schema`` paths."""
    resolved = target.resolve()
    for entry in _entries(data):
        named = (folder / entry).resolve()
        if named == resolved or named in resolved.parents:
            return True
    return False


def sqlc_schema_config(path: Path, top: Path) -> Path | None:
    """The sqlc config (in ``path``'s folder or one above it, up to ``top``,
    both absolute) whose ``schema`` names ``path`` or a folder holding it,
    else None. Each config looked at is a side input of the run cache."""
    folder = Path(path).parent
    while True:
        for name in CONFIG_NAMES:
            config = folder / name
            readlog.note_side(str(config))  # added, edited or deleted: judged again
            try:
                data = config.read_bytes() if config.is_file() else None
            except OSError:
                data = None
            if data is not None and names_schema(parse_config(name, data), folder, path):
                return config
        if folder in (top, folder.parent) or top not in folder.parents:
            return None
        folder = folder.parent
