"""An index target that still spells a column the same phase renames (trial s7-t4 #7).

`whitelist init` wrote ``idx_votes_commenthex`` for an index while its
column had no target; giving the column the target ``comment_hex`` later
made `migrate` rename the index to a name built on a column that is gone,
so the written migration failed `check` (DBN302) and `whitelist prune`
then fought the gate (DBN903). Now the target is judged as the migration
leaves the table: DBN910 reports it while DBN302 is active, and `migrate`
refuses it (exit 2, nothing written) naming the entry and the name that
follows the column, as it refuses a target spelling a table's old name.
Oracles: DBN302's template (`idx_{table}_{columns}`, README) judging the
tree after the migration, and PostgreSQL 15 running the forward script.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from pg_server import PgServer

INIT = "CREATE TABLE votes (id int PRIMARY KEY, commentHex text);\n"
INIT += "CREATE INDEX votesIdx ON votes(commentHex);\n"
WHITELIST = """phases: [{id: "1", title: p, status: open}]
entries:
  - kind: column
    name: votes.commentHex
    rules: [DBN506]
    phase: "1"
    target: comment_hex
  - kind: index
    name: votes.votesIdx
    rules: [DBN302, DBN506]
    phase: "1"
    target: TARGET
"""


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch, template: bool, target: str) -> None:
    (root / "db").mkdir()
    (root / "db" / "001.sql").write_text(INIT, encoding="utf-8")
    rules = "  DBN506: true\n" + ("  DBN302: true\n" if template else "")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: postgres\nrules:\n{rules}")
    (root / "whitelist.yaml").write_text(WHITELIST.replace("TARGET", target), encoding="utf-8")
    monkeypatch.chdir(root)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output, result.stderr


def test_migrate_refuses_the_target_naming_the_one_that_follows_the_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, template=False, target="idx_votes_commenthex")
    code, _, err = _run("migrate", "--phase", "1", "--write")
    assert code == 2
    assert err.startswith("dbnamelint: whitelist.yaml:8: the target 'idx_votes_commenthex' ")
    assert "still spells the column 'commenthex', which this migration renames to" in err
    assert "change the entry's target to 'idx_votes_comment_hex'" in err
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == ["001.sql"]


def test_check_reports_the_target_on_the_renamed_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, template=True, target="idx_votes_commenthex")
    code, out, _ = _run("check")
    assert code == 1
    assert "whitelist.yaml:12:5: DBN910 error: whitelist target idx_votes_commenthex" in out
    code, _, _ = _run("migrate", "--phase", "1", "--write")
    assert code == 2
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == ["001.sql"]


def test_the_following_target_closes_the_loop(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, template=True, target="idx_votes_comment_hex")
    code, out, _ = _run("check")
    assert code == 0, out
    code, _, err = _run("migrate", "--phase", "1", "--write")
    assert code == 0, err
    assert _run("whitelist", "prune")[0] == 0
    code, out, _ = _run("check")  # DBN302 judges the renamed index: it passes
    assert code == 0, out
    with pg.fresh_database("dbnamelint_column_index_target") as db:
        pg.run(files=sorted((tmp_path / "db").glob("*.sql")), dbname=db)
        rows = pg.query_json(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'votes' "
            "AND indexname <> 'votes_pkey'",
            db,
        )
    assert rows == [
        {
            "indexname": "idx_votes_comment_hex",
            "indexdef": "CREATE INDEX idx_votes_comment_hex ON public.votes "
            "USING btree (comment_hex)",
        }
    ]


def test_a_target_spelling_the_new_column_is_accepted_when_it_holds_the_old_one(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MySQL's index ``key`` on column ``key``; the column -> ``flag_key``.

    `whitelist init` gives the index the target ``flag_key``: the name that
    follows its column. `migrate` took the word ``key`` in it for the old
    column and asked for ``flag_flag_key``, then ``flag_flag_flag_key``,
    never closing (trial s21 flipt #1). MariaDB runs the forward script,
    the rollback and the forward again; its catalog then holds the names.
    """
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "1_init.up.sql").write_text(
        "CREATE TABLE flags (`key` VARCHAR(255) NOT NULL, name text, INDEX `key` (`key`));\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [m]\ndialect: mysql\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    text = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert text.count("target: flag_key") == 2  # the column's and the index's
    code, _, err = _run("migrate", "--phase", "1", "--write")
    assert code == 0, err
    assert _run("whitelist", "prune")[0] == 0
    code, out, _ = _run("check")
    assert code == 0, out
    up = sorted((tmp_path / "m").glob("*.up.sql"))
    down = sorted((tmp_path / "m").glob("*.down.sql"))
    assert [p.name for p in up] == ["1_init.up.sql", "2_rename_phase_1.up.sql"]
    with maria.fresh_database("dbnamelint_key_index_target") as db:
        for f in (*up, *down[-1:], up[-1]):
            maria.run(file=f, database=db)
        rows = maria.run(
            "SELECT COLUMN_NAME, INDEX_NAME FROM information_schema.STATISTICS "
            f"WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME = 'flags'",
            database=db,
        )
    assert rows.split() == ["flag_key", "flag_key"]
