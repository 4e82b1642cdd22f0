"""Small project trees for the tests."""

from __future__ import annotations

from pathlib import Path


def up_migration_project(root: Path, sql: str, dialect: str) -> Path:
    """``root`` as a project of one golang-migrate migration,
    ``migrations/000001_init.up.sql`` holding ``sql``, and a config reading
    that folder in ``dialect``; the migration's path."""
    (root / "migrations").mkdir()
    up = root / "migrations" / "000001_init.up.sql"
    up.write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [migrations]\ndialect: {dialect}\n")
    return up


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """``root`` holding ``files`` (path relative to it: text); ``root``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root
