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
