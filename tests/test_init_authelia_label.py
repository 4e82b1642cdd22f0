"""``init`` tells a folder of Authelia's ``V0001.Name.up.sql`` files as
Authelia's, as ``check`` and ``migrate`` do (session 33 leftover: it said
golang-migrate).

golang-migrate would not read these names: its file name pattern is
``^([0-9]+)_(.*)\\.(down|up)\\.(.*)$`` (``source/parse.go``), digits then
``_``; Authelia's own runner reads them (``internal/storage/migrations.go``:
``V0001.Initial_Schema.up.sql``). The layout value other code keys on stays
``golang-migrate`` (its ``.up.sql``/``.down.sql`` suffixes: a sequence
tool's folders are separate databases, :data:`~dbnamelint.services.tool_databases.SEQUENCE_TOOLS`);
only the words told change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.project_scan import scan

#: The words ``migrate`` tells the layout by (``Files (... layout)``).
AUTHELIA_LAYOUT = "Authelia's V0001.Name.up.sql"

FILES = {
    "internal/storage/migrations/postgres/V0001.Initial_Schema.up.sql": (
        "CREATE TABLE users (id int);\n"
    ),
    "internal/storage/migrations/postgres/V0001.Initial_Schema.down.sql": "DROP TABLE users;\n",
    "internal/storage/migrations/postgres/V0002.Logs.up.sql": "CREATE TABLE logs (id int);\n",
    "internal/storage/migrations/mysql/V0001.Initial_Schema.up.sql": (
        "CREATE TABLE users (id int) ENGINE=InnoDB;\n"
    ),
    "internal/storage/migrations/mysql/V0002.Logs.up.sql": (
        "CREATE TABLE logs (id int) ENGINE=InnoDB;\n"
    ),
    "db/000001_init.up.sql": "CREATE TABLE teams (id int);\n",
}


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_init_tells_an_authelia_folder_as_authelias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    said = f"internal/storage/migrations/postgres (2 files, {AUTHELIA_LAYOUT})"
    assert said in done.stdout
    assert f"internal/storage/migrations/mysql (2 files, {AUTHELIA_LAYOUT})" in done.stdout
    assert "db (1 file, golang-migrate)" in done.stdout  # golang-migrate's own names
    config = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert f"internal/storage/migrations/postgres: {AUTHELIA_LAYOUT}" in config
    assert "db: golang-migrate" in config
    assert "postgres (2 files, golang-migrate)" not in config
    # what other code keys on stays golang-migrate's
    found = scan(tmp_path)
    layouts = {f.path: (f.layout, f.label) for f in found.folders}
    assert layouts == {
        "db": ("golang-migrate", None),
        "internal/storage/migrations/mysql": ("golang-migrate", AUTHELIA_LAYOUT),
        "internal/storage/migrations/postgres": ("golang-migrate", AUTHELIA_LAYOUT),
    }
    assert {d.tool for d in found.databases} <= {"golang-migrate"}


def test_migrate_and_init_tell_the_folder_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate``'s file list names the layout as ``init`` now does."""
    _tree(
        tmp_path,
        {
            "migrations/V0001.Initial_Schema.up.sql": 'CREATE TABLE "Users" (id int);\n',
            "migrations/V0001.Initial_Schema.down.sql": 'DROP TABLE "Users";\n',
        },
    )
    monkeypatch.chdir(tmp_path)
    init = CliRunner().invoke(cli, ["init"])
    assert f"migrations (1 file, {AUTHELIA_LAYOUT})" in init.stdout, init.output
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    plan = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert f"Files ({AUTHELIA_LAYOUT} layout)" in plan.output, plan.output
