"""A table name on the line after ``INSERT INTO`` / ``FROM`` is SQL (trial s7-t4 #5).

Formatted SQL often breaks the line after the keyword. The name opening the
next line was plain text, so ``impact --diff`` renamed the statement's columns
but not its table. The oracle is PostgreSQL 15: the seed runs on the schema
before the rename, fails unpatched after it, and runs once patched. The
search runs through the real ``git grep``, the patch through ``git apply``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo
from pg_server import PgServer, SqlFailed

SEED = "INSERT INTO\n  session (id) VALUES (1);\nSELECT count(*) FROM\n session;\n"
PROSE = 'msg = "we update the\\nsession of the user"\n'


def test_a_table_after_a_line_ending_in_insert_into_is_renamed(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repo(tmp_path)
    for path, text in {
        "db/001.sql": "CREATE TABLE session (id int);\n",
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": (
            'phases: [{id: "1", title: p, status: open}]\nentries:\n'
            '  - {kind: table, name: session, phase: "1", target: sessions}\n'
        ),
        "seeds/seed.sql": SEED,
        "app/m.py": PROSE,
    }.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    commit_all(tmp_path, "seed")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(tmp_path, "apply", "fix.patch")
    seed = tmp_path / "seeds" / "seed.sql"
    assert seed.read_text(encoding="utf-8") == SEED.replace("session (", "sessions (").replace(
        " session;", " sessions;"
    )
    assert (tmp_path / "app" / "m.py").read_text(encoding="utf-8") == PROSE  # prose stays
    with pg.fresh_database("dbnl_next_line") as db:
        pg.run(sql="CREATE TABLE sessions (id int);", dbname=db)
        with pytest.raises(SqlFailed, match='relation "session" does not exist'):
            pg.run(sql=SEED, dbname=db)
        assert "1" in pg.run(files=[seed], dbname=db)
