"""Rollbacks named with a word after the migration's stem: ``.rollback.sql``,
``_rollback.sql``, ``.undo.sql``, ``.revert.sql``, as ``.down.sql`` is.

Trial s12 (left then): ``0002_b.rollback.sql`` beside ``0002_b.up.sql`` was
replayed as a forward migration, so it dropped the table the migration had
just created, and the model lost it. golang-migrate runs only files named
``N_title.up.ext`` (its ``source.Parse`` pattern); a hand-rolled runner keeps
its rollbacks by a suffix. Right values: sqlite3 running the forward files
in order (``sqlite_master``), and, for ``migrate --write``, sqlite3 running
the written forward and rollback scripts.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import is_down_migration, rollback_suffix

FILES = {
    "001_a.sql": "CREATE TABLE alpha (id integer);\n",
    "001_a.rollback.sql": "DROP TABLE alpha;\n",
    "002_b.sql": "CREATE TABLE bees (id integer);\n",
    "002_b_rollback.sql": "DROP TABLE bees;\n",
    "003_c.sql": "CREATE TABLE cats (id integer);\n",
    "003_c.undo.sql": "DROP TABLE cats;\n",
    "004_create_undo_log.sql": "CREATE TABLE undo_log (id integer);\n",  # forward
    "005_revert_flag.sql": "CREATE TABLE flag (id integer);\n",  # forward: reverts by a new step
    "006_rollback_table.sql": "CREATE TABLE rollback_table (id integer);\n",  # forward
}


def _tables_sqlite_makes(files: dict[str, str]) -> set[str]:
    with sqlite3.connect(":memory:") as conn:
        for name in sorted(files):
            if name in {"001_a.sql", "002_b.sql", "003_c.sql"} or not is_down_migration(name):
                conn.executescript(files[name])
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def test_names_with_a_rollback_word_after_the_stem() -> None:
    assert [n for n in FILES if is_down_migration(n)] == [
        "001_a.rollback.sql",
        "002_b_rollback.sql",
        "003_c.undo.sql",
    ]
    assert rollback_suffix("001_a.rollback.sql") == ".rollback.sql"
    assert rollback_suffix("002_b_rollback.sql") == "_rollback.sql"
    assert rollback_suffix("0001_a.down.sql") == ".down.sql"
    assert rollback_suffix("x.revert.sql") == ".revert.sql"
    assert rollback_suffix("down.sql") is None  # Diesel's: a folder per migration
    assert rollback_suffix("U1__x.sql") is None  # Flyway undo: a prefix, not a suffix


def test_the_model_is_what_the_forward_files_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in FILES.items():
        (tmp_path / "db" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "db" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["inspect", "--no-cache", "--dialect", "sqlite", "--format", "json", "db"]
    )
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    tables = {o["name"] for o in objects if o["kind"] == "table"}
    assert tables == _tables_sqlite_makes(FILES)
    assert tables == {"alpha", "bees", "cats", "undo_log", "flag", "rollback_table"}


@pytest.mark.parametrize("suffix", [".rollback.sql", "_rollback.sql", ".down.sql"])
def test_migrate_writes_its_rollback_as_the_folder_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    db = tmp_path / "db"
    db.mkdir()
    (db / "001_init.sql").write_text("CREATE TABLE post (id integer PRIMARY KEY);\n", "utf-8")
    (db / f"001_init{suffix}").write_text("DROP TABLE post;\n", "utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", "utf-8")
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: Plural, status: open}\nentries:\n'
        '  - {kind: table, name: post, rules: [DBN105], phase: "1", target: posts}\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in db.iterdir())
    new = "002_rename_phase_1"
    assert written == sorted(["001_init.sql", f"001_init{suffix}", f"{new}.sql", f"{new}{suffix}"])
    with sqlite3.connect(":memory:") as conn:
        conn.executescript((db / "001_init.sql").read_text("utf-8"))
        before = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY 2").fetchall()
        conn.executescript((db / "002_rename_phase_1.sql").read_text("utf-8"))
        assert ("posts",) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        conn.executescript((db / f"002_rename_phase_1{suffix}").read_text("utf-8"))
        after = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY 2").fetchall()
    assert [row[:2] for row in after] == [row[:2] for row in before]
    # The walk leaves the new rollback out too: after the prune, check passes.
    assert CliRunner().invoke(cli, ["whitelist", "prune"]).exit_code == 0
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output
