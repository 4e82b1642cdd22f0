"""migrate on a tree with an unreadable statement the user silenced.

``check`` passes when a DBN004 is silenced (inline ``ignore[DBN004]``, the
config's ``ignore`` or ``per_path.ignore``); ``migrate`` plans too, and says
each time that names created there are not in the plan. Unsilenced, it
refuses with exit 2 and says how to silence one checked by hand. The plan's
forward script is applied to a real PostgreSQL built from the readable part.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli

READABLE = "CREATE TABLE post (id int PRIMARY KEY);\n"
SILENCED = "-- dbnamelint: ignore[DBN004] checked by hand: a typo upstream\nCREATE TABLE (x int);\n"


def _tree(root: Path, unreadable: str, config: str = "") -> None:
    (root / ".git").mkdir(parents=True)
    (root / "db").mkdir()
    (root / "db" / "001.sql").write_text(READABLE + unreadable, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\n" + config, encoding="utf-8"
    )


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("unreadable", "config"),
    [
        (SILENCED, ""),
        ("CREATE TABLE (x int);\n", "ignore: [DBN004]\n"),
        ("CREATE TABLE (x int);\n", 'per_path:\n  - paths: ["db/**"]\n    ignore: [DBN004]\n'),
    ],
    ids=["inline", "ignore", "per_path"],
)
def test_a_silenced_unreadable_statement_is_planned_around_and_said(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg: pg_server.PgServer,
    unreadable: str,
    config: str,
) -> None:
    _tree(tmp_path, unreadable, config)
    assert _run(tmp_path, monkeypatch, "check", "--no-cache")[0] == 1  # DBN105 on post
    code, _, _ = _run(tmp_path, monkeypatch, "whitelist", "init")
    assert code == 0
    assert _run(tmp_path, monkeypatch, "check", "--no-cache")[0] == 0
    code, _, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1", "-o", "plan.sql")
    assert code == 0, err
    assert "warning: 1 silenced unreadable statement (db/001.sql:" in err
    assert "not in this plan" in err
    plan = (tmp_path / "plan.sql").read_text(encoding="utf-8")
    forward = plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]
    assert 'ALTER TABLE "post" RENAME TO "posts";' in forward
    with pg.fresh_database("dbnamelint_silenced") as db:
        pg.run(sql=READABLE, dbname=db)
        pg.run(sql=forward, dbname=db)
        tables = pg.query_json(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'",
            dbname=db,
        )
    assert [r["relname"] for r in tables] == ["posts"]


def test_an_unsilenced_unreadable_statement_refuses_and_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "CREATE TABLE (x int);\n")
    (tmp_path / "whitelist.yaml").write_text(
        "phases:\n  - {id: '1', title: L, status: open}\nentries:\n"
        "  - {kind: table, name: post, rules: [DBN105], phase: '1', target: posts}\n",
        encoding="utf-8",
    )
    code, _, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1")
    assert code == 1
    assert "db/001.sql:2:14: DBN004" in err
    assert "must read cleanly" in err and "ignore[DBN004]" in err


def test_a_silenced_duplicate_version_is_no_unreadable_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DBN016 the config silences loses no name: migrate plans without a word
    about unreadable statements (trial s10-t2 #2)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "0001_a.up.sql").write_text(READABLE, encoding="utf-8")
    (tmp_path / "db" / "0001_b.up.sql").write_text("INSERT INTO post VALUES (1);\n", "utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nignore: [DBN016]\n", encoding="utf-8"
    )
    code, _, _ = _run(tmp_path, monkeypatch, "whitelist", "init")
    assert code == 0
    code, out, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1")
    assert code == 0, err
    assert "posts" in out
    assert "unreadable" not in err


#: A tree of two databases, or of two dialect copies of one: the silenced
#: unreadable statement is in the second one's file only.
SPLIT_TREES = {
    "databases": (
        "paths: [db]\ndialect: postgres\ndatabases:\n  main: [db/main]\n  spare: [db/spare]\n",
        ("db/main", "db/spare"),
        ("--database", "main"),
        ("--database", "spare"),
    ),
    "copies": (
        "paths: [db]\n",
        ("db/postgresql", "db/sqlite"),
        ("--dialect", "postgres"),
        ("--dialect", "sqlite"),
    ),
}


@pytest.mark.parametrize("split", sorted(SPLIT_TREES))
def test_only_the_planned_part_s_silenced_statements_are_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: str
) -> None:
    """golang-migrate's tree: every ``migrate --database postgres`` warned of
    the silenced unreadable statements of its spanner folder, which that plan
    never reads. The warning names the files of the database (or copy) planned."""
    config, (clean, silenced), clean_flag, silenced_flag = SPLIT_TREES[split]
    (tmp_path / ".git").mkdir()
    for folder, sql in ((clean, READABLE), (silenced, READABLE + SILENCED)):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "001.sql").write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(config, encoding="utf-8")
    code, _, err = _run(tmp_path, monkeypatch, "whitelist", "init")
    assert code == 0, err
    code, out, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1", *clean_flag)
    assert code == 0, err
    assert 'RENAME TO "posts"' in out
    assert "unreadable" not in err
    code, out, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1", *silenced_flag)
    assert code == 0, err
    assert 'RENAME TO "posts"' in out
    assert f"warning: 1 silenced unreadable statement ({silenced}/001.sql:3:" in err
