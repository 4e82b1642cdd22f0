"""Authelia's runner holds the transaction: the scripts ``migrate`` writes must not.

Trial s14a (authelia/authelia): its ``V0001.Name.up.sql`` folders are
applied by its own runner, which runs every pending PostgreSQL or SQLite
migration inside one ``BeginTxx`` (``internal/storage/sql_provider_schema.go``).
The scripts carried their own ``BEGIN``/``COMMIT``: SQLite refused them
("cannot start a transaction within a transaction") and PostgreSQL's
``COMMIT`` ended the runner's transaction early (its later statements and
history row then ran outside it). The databases judge: each forward script
runs inside an outer transaction that is then rolled back, and the old
names must still be there (nothing committed by the script itself).
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from mysql_server import MysqlServer
from pg_server import PgServer

PG_INIT = (
    "CREATE TABLE banned_user (id SERIAL CONSTRAINT banned_user_pkey PRIMARY KEY);\n"
    "CREATE TABLE parent (id SERIAL PRIMARY KEY);\n"
)
SQLITE_INIT = (
    "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
    "CREATE TABLE banned_user (id INTEGER PRIMARY KEY, parent_id INTEGER, "
    "CONSTRAINT banned_user_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id));\n"
)
WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: banned_user, rules: [DBN105], phase: "1", target: banned_users}\n'
    '  - {kind: table, name: parent, rules: [DBN105], phase: "1", target: parents}\n'
)
FOLDER = "internal/storage/migrations"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed_repo(
        root,
        {
            "dbnamelint.yaml": f"paths: [{FOLDER}]\n",
            "whitelist.yaml": WHITELIST,
            f"{FOLDER}/postgres/V0001.Init.up.sql": PG_INIT,
            f"{FOLDER}/postgres/V0001.Init.down.sql": "DROP TABLE banned_user, parent;\n",
            f"{FOLDER}/sqlite/V0001.Init.up.sql": SQLITE_INIT,
            f"{FOLDER}/sqlite/V0001.Init.down.sql": "DROP TABLE banned_user;\nDROP TABLE parent;\n",
        },
        monkeypatch,
    )


def _written(root: Path, dialect: str) -> Path:
    done = CliRunner().invoke(cli, ["migrate", "--all", "--dialect", dialect, "--write"])
    assert done.exit_code == 0, done.output
    assert "applies its pending migrations in one transaction of its own" in done.output
    forward = root / FOLDER / dialect / "V0002.rename_whitelist_targets.up.sql"
    text = forward.read_text()
    statements = [line.strip().upper() for line in text.splitlines()]
    assert "BEGIN;" not in statements and "COMMIT;" not in statements
    return forward


def test_sqlite_scripts_run_inside_the_runners_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch)
    forward = _written(tmp_path, "sqlite")
    rollback = forward.with_name("V0002.rename_whitelist_targets.down.sql")
    db = tmp_path / "authelia.sqlite3"
    init = (tmp_path / FOLDER / "sqlite/V0001.Init.up.sql").read_text()
    sqlite3.connect(db).executescript(
        init + "INSERT INTO parent VALUES (1);\nINSERT INTO banned_user VALUES (7, 1);\n"
    ).close()

    def as_runner(script: Path, end: str) -> subprocess.CompletedProcess[str]:
        text = f"BEGIN;\n{script.read_text()}\n{end};\n"
        return subprocess.run(
            ["sqlite3", "-bail", str(db)], input=text, capture_output=True, text=True, check=False
        )

    def tables() -> set[str]:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {r[0] for r in rows}

    undone = as_runner(forward, "ROLLBACK")
    assert undone.returncode == 0, undone.stderr
    assert tables() == {"parent", "banned_user"}  # the script committed nothing itself
    done = as_runner(forward, "COMMIT")
    assert done.returncode == 0, done.stderr
    assert {"parents", "banned_users"} <= tables()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, parent_id FROM banned_user").fetchall() == [(7, 1)]
    back = as_runner(rollback, "COMMIT")
    assert back.returncode == 0, back.stderr
    assert tables() == {"parent", "banned_user"}


def test_postgres_scripts_leave_the_runners_transaction_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, monkeypatch)
    forward = _written(tmp_path, "postgres")
    init = tmp_path / FOLDER / "postgres/V0001.Init.up.sql"
    query = (
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
    )
    with pg.fresh_database("authelia_tx") as dbname:
        pg.run(files=[init], dbname=dbname)
        pg.run(sql=f"BEGIN;\n{forward.read_text()}\nROLLBACK;", dbname=dbname)
        names = {r["relname"] for r in pg.query_json(query, dbname)}
        assert names == {"banned_user", "parent"}  # rolled back whole: nothing committed early
        pg.run(sql=f"BEGIN;\n{forward.read_text()}\nCOMMIT;", dbname=dbname)
        names = {r["relname"] for r in pg.query_json(query, dbname)}
        assert names == {"banned_users", "parents"}


def test_a_rename_keeping_the_version_is_an_info_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Authelia's ``migrations`` table records only versions (version_before,
    version_after): renaming ``V0002.X`` keeping ``0002`` and its SQL runs
    nothing again (trial s14a #5), while an edit of its SQL is still DBN025."""
    _tree(tmp_path, monkeypatch)
    folder = tmp_path / FOLDER / "postgres"
    (folder / "V0002.OneTimeCode.up.sql").write_text("ALTER TABLE parent ADD COLUMN code text;\n")
    (folder / "V0002.OneTimeCode.down.sql").write_text("ALTER TABLE parent DROP COLUMN code;\n")
    commit_all(tmp_path, "v2")
    for direction in ("up", "down"):
        git(
            tmp_path,
            "mv",
            f"{FOLDER}/postgres/V0002.OneTimeCode.{direction}.sql",
            f"{FOLDER}/postgres/V0002.One_Time_Code.{direction}.sql",
        )
    commit_all(tmp_path, "rename keeping the version")
    kept = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--select", "DBN025", "-v"])
    assert kept.exit_code == 0, kept.output
    assert "DBN025 info: this Authelia migration" in kept.output
    assert "keeping its version 0002" in kept.output
    (folder / "V0002.One_Time_Code.up.sql").write_text("ALTER TABLE parent ADD COLUMN kode text;\n")
    commit_all(tmp_path, "and an edit")
    edited = CliRunner().invoke(cli, ["check", "--base", "HEAD~2", "--select", "DBN025"])
    assert edited.exit_code == 1 and "DBN025" in edited.output, edited.output


MYSQL_INIT = (
    "CREATE TABLE parent (id INTEGER NOT NULL PRIMARY KEY) ENGINE=InnoDB;\n"
    "CREATE TABLE consent_session (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER NULL,\n"
    "  CONSTRAINT consent_session_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id))"
    " ENGINE=InnoDB;\n"
)
#: Authelia's V0007 on MySQL: a procedure drops the key, a plain ALTER re-adds it.
MYSQL_FIX = (
    "CREATE PROCEDURE drop_fk(IN t VARCHAR(64), IN c VARCHAR(64))\nBEGIN\n"
    "    SET @q = CONCAT('ALTER TABLE ', t, ' DROP FOREIGN KEY ', c);\n"
    "    PREPARE s FROM @q; EXECUTE s; DEALLOCATE PREPARE s;\nEND;\n"
    "CALL drop_fk('consent_session', 'consent_session_parent_fkey');\n"
    "ALTER TABLE consent_session ADD CONSTRAINT consent_session_parent_fkey "
    "FOREIGN KEY (parent_id) REFERENCES parent (id);\n"
)


def test_a_key_re_added_after_a_call_is_renamed_with_its_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """A CALL runs DDL the model cannot read, so a name it spells may differ in
    the database; but a key the files add again after it has their name.
    The plan renamed it not (trial s14a #3), and the migration it wrote then
    failed `check` (DBN504) on the key's old table name."""
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": f"paths: [{FOLDER}]\n",
            "whitelist.yaml": WHITELIST.replace("banned_user", "consent_session"),
            f"{FOLDER}/mysql/V0001.Init.up.sql": MYSQL_INIT,
            f"{FOLDER}/mysql/V0002.Fix.up.sql": MYSQL_FIX,
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["migrate", "--all", "--write"])
    assert done.exit_code == 0, done.output
    # the label said "golang-migrate layout" (trial s33 authelia #7)
    assert "Files (Authelia's V0001.Name.up.sql layout), written:" in done.output
    assert "consent_session_parent_fkey is not renamed" not in done.output
    assert "consent_session_parent_fkey -> consent_sessions_parent_fkey" in done.output
    assert CliRunner().invoke(cli, ["whitelist", "prune"]).exit_code == 0
    after = CliRunner().invoke(cli, ["check"])
    assert after.exit_code == 0, after.output
    folder = tmp_path / FOLDER / "mysql"
    with maria.fresh_database("authelia_call") as db:
        maria.run(file=folder / "V0001.Init.up.sql", database=db)
        # the client splits at `;`: the procedure's body goes under DELIMITER
        # (Authelia sends the file in one Exec, multiStatements=true)
        client = tmp_path / "fix_for_client.sql"
        body, _, rest = MYSQL_FIX.partition("END;\n")
        client.write_text(f"DELIMITER //\n{body}END//\nDELIMITER ;\n{rest}")
        maria.run(file=client, database=db)
        maria.run(file=folder / "V0003.rename_whitelist_targets.up.sql", database=db)
        names = maria.run(
            "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS "
            f"WHERE TABLE_SCHEMA = '{db}' AND CONSTRAINT_TYPE = 'FOREIGN KEY'"
        ).split()
        assert names == ["consent_sessions_parent_fkey"]


def test_another_copys_call_is_not_this_copys_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MySQL copy's CALLs were named in the PostgreSQL copy's plan as DDL
    "this plan does not read" (trial s14a #6); its own plan still says them."""
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": f"paths: [{FOLDER}]\n",
            "whitelist.yaml": WHITELIST.replace("banned_user", "consent_session"),
            f"{FOLDER}/mysql/V0001.Init.up.sql": MYSQL_INIT,
            # a variable's value is passed: what the CALL runs is not read
            f"{FOLDER}/mysql/V0002.Fix.up.sql": MYSQL_FIX.replace(
                "CALL drop_fk('consent_session',", "SET @t = 'consent_session';\nCALL drop_fk(@t,"
            ),
            f"{FOLDER}/postgres/V0001.Init.up.sql": MYSQL_INIT.replace(" ENGINE=InnoDB", ""),
        },
        monkeypatch,
    )
    postgres = CliRunner().invoke(cli, ["migrate", "--all", "--dialect", "postgres"])
    assert postgres.exit_code == 0, postgres.output
    assert "CALL" not in postgres.output and "V0002.Fix" not in postgres.output
    mysql = CliRunner().invoke(cli, ["migrate", "--all", "--dialect", "mysql"])
    assert mysql.exit_code == 0, mysql.output
    assert "(CALL drop_fk)) runs SQL this plan does not read" in mysql.output
