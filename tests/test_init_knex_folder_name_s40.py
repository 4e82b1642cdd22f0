"""A code migrations folder named ``<x>_migrations`` is a tool's (trial s40 uptime-kuma F2).

uptime-kuma runs ``knex.migrate.latest({ directory: "./db/knex_migrations" })``
beside its older SQL patches (``db/old_migrations/*.sql``). ``init`` found
only folders named exactly ``migrations`` or ``versions``: it wrote
``paths: [db]`` and said nothing of the 55 Knex migrations, which the walk
of ``db`` (it holds SQL files) does not read either, so their tables were
in no model (``check``, ``whitelist init``, ``migrate``, ``impact``). Now a
folder whose name ends in ``_migrations``/``-migrations`` is taken as one
tool's, as ``migrations`` is: named beside SQL files ("Also: ..."), read
when the tree holds no SQL file. Oracle: Knex's documents (the migrations
``directory`` is any folder the config names).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

KNEX = """exports.up = function (knex) {
    return knex.schema.createTable("StatDaily", function (table) {
        table.increments("id");
        table.integer("monitorId").notNullable();
    });
};

exports.down = function (knex) {
    return knex.schema.dropTable("StatDaily");
};
"""
PATCH = "CREATE TABLE monitor (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(150));\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.mark.parametrize("folder", ["db/knex_migrations", "db/sql-migrations"])
def test_init_names_a_knex_folder_beside_sql_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str
) -> None:
    _write(
        tmp_path,
        {
            "db/old_migrations/patch1.sql": PATCH,
            f"{folder}/2023-08-16-0000-create-uptime.js": KNEX,
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert f"Also: {folder} (1 file, Knex migrations)" in result.output, result.output


def test_a_tree_of_knex_migrations_alone_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"db/knex_migrations/2023-08-16-0000-create-uptime.js": KNEX})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "db/knex_migrations (1 file, Knex migrations)" in result.output, result.output
    assert "  - db/knex_migrations\n" in (tmp_path / "dbnamelint.yaml").read_text()
    result = CliRunner().invoke(cli, ["check", "--no-show-source"])
    assert result.exit_code == 1, result.output
    assert 'DBN101 table "StatDaily"' in result.output, result.output
    assert 'DBN201 column "StatDaily.monitorId"' in result.output, result.output
