"""pop (gobuffalo/pop, Ory's popx) runs the migrations: ``migrate`` names its layout
and leaves the transaction to it (trial s15, supabase/auth).

pop's ``Migrator.UpTo`` (``migrator.go``) runs each pending up migration
inside ``Connection.Transaction`` together with the ``insert into
<table> (version)`` that records it. A script with its own ``BEGIN``/``COMMIT``
ends that transaction early: the renames commit, and the version's row is
written outside it. PostgreSQL judges: each forward script runs inside an
outer transaction with pop's version insert, which is then rolled back, and
the old names (and no version row) must be all that is left; the same
oracle runs a golang-migrate script of a folder whose migrations open no
transaction (coder's batch runner, trial s29: no ``BEGIN``/``COMMIT`` either).
pop is told by the module's ``go.mod`` (Go's module reference: ``require``
lines and blocks, ``// indirect`` for a module no package imports).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from pg_server import PgServer

INIT = (
    "CREATE TABLE banned_user (id SERIAL CONSTRAINT banned_user_pkey PRIMARY KEY);\n"
    "CREATE TABLE parent (id SERIAL PRIMARY KEY);\n"
)
WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: banned_user, rules: [DBN105], phase: "1", target: banned_users}\n'
    '  - {kind: table, name: parent, rules: [DBN105], phase: "1", target: parents}\n'
)
#: pop's version table on PostgreSQL, as pg_dump shows it (gobuffalo/fizz
#: ``testdata/e2e/fixtures/postgres``: ``version character varying(14)`` and a unique index).
POP_TABLE = (
    "CREATE TABLE schema_migration (version character varying(14) NOT NULL);\n"
    "CREATE UNIQUE INDEX schema_migration_version_idx ON schema_migration (version);\n"
)
MODULE = "module example.com/auth\n\ngo 1.22\n"
POP = MODULE + "\nrequire (\n\tgithub.com/gobuffalo/pop/v6 v6.1.1\n\tgithub.com/lib/pq v1.10.9\n)\n"
GOLANG_MIGRATE = MODULE + "\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
FOLDER = "migrations"
RELATIONS = (
    "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v') "
    "AND relnamespace = 'public'::regnamespace AND relname <> 'schema_migration'"
)


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str | None) -> None:
    files = {
        "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        f"{FOLDER}/20240101000000_init.up.sql": INIT,
        f"{FOLDER}/20240101000000_init.down.sql": "DROP TABLE banned_user, parent;\n",
    }
    if go_mod is not None:
        files["go.mod"] = go_mod
    committed_repo(root, files, monkeypatch)


def _migrate(*args: str) -> str:
    done = CliRunner().invoke(cli, ["migrate", "--all", *args])
    assert done.exit_code == 0, done.output
    return done.output


def _bare(text: str) -> list[str]:
    return [line.strip().upper() for line in text.splitlines()]


@pytest.mark.parametrize(
    ("go_mod", "layout"), [(POP, "pop"), (GOLANG_MIGRATE, "golang-migrate")], ids=["pop", "migrate"]
)
def test_the_forward_commits_with_pops_version_row_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, go_mod: str, layout: str
) -> None:
    _tree(tmp_path, monkeypatch, go_mod)
    out = _migrate("--write")
    assert f"Files ({layout} layout), written:" in out, out
    noted = "pop runs each migration in a transaction of its own and records its version" in out
    assert noted == (layout == "pop"), out
    (forward,) = (tmp_path / FOLDER).glob("*_rename_whitelist_targets.up.sql")
    (rollback,) = (tmp_path / FOLDER).glob("*_rename_whitelist_targets.down.sql")
    version = forward.name.split("_", 1)[0]
    # golang-migrate: none of the folder's migrations opens a transaction, so
    # neither does the script (its driver's one Exec is one implicit transaction)
    assert "BEGIN;" not in _bare(forward.read_text())
    assert "COMMIT;" not in _bare(forward.read_text())
    assert "BEGIN;" not in _bare(rollback.read_text())

    def as_pop(script: Path, record: str, end: str) -> None:
        """What ``Migrator.UpTo``/``Down`` send on one connection, each by itself:
        BEGIN, the script, the version's row, then the end of the transaction."""
        begin, done = tmp_path / "begin.sql", tmp_path / "record.sql"
        begin.write_text("BEGIN;\n")
        done.write_text(f"{record};\n{end};\n")
        pg.run(files=[begin, script, done], dbname=db)

    def state() -> tuple[set[str], list[str]]:
        names = {r["relname"] for r in pg.query_json(RELATIONS, db)}
        rows = pg.query_json("SELECT version FROM schema_migration ORDER BY version", db)
        return names, [r["version"] for r in rows]

    insert = f"INSERT INTO schema_migration (version) VALUES ('{version}')"
    with pg.fresh_database("dbn_pop_tx") as db:
        pg.run(files=[tmp_path / FOLDER / "20240101000000_init.up.sql"], sql=POP_TABLE, dbname=db)
        pg.run(sql="INSERT INTO schema_migration VALUES ('20240101000000');", dbname=db)
        as_pop(forward, insert, "ROLLBACK")
        assert state() == ({"banned_user", "parent"}, ["20240101000000"])
        as_pop(forward, insert, "COMMIT")
        assert state() == (
            {"banned_users", "parents", "banned_user", "parent"},  # the views keep the old names
            ["20240101000000", version],
        )
        delete = f"DELETE FROM schema_migration WHERE version = '{version}'"
        as_pop(rollback, delete, "COMMIT")
        assert state() == ({"banned_user", "parent"}, ["20240101000000"])


@pytest.mark.parametrize(
    ("go_mod", "layout"),
    [
        (POP, "pop"),
        # Ory's fork, which kratos, hydra and keto require directly
        (MODULE + "\nrequire github.com/ory/pop/v6 v6.3.1\n", "pop"),
        # popx's pop, brought in by ory/x
        (
            MODULE + "\nrequire (\n\tgithub.com/ory/x v0.0.724\n"
            "\tgithub.com/ory/pop/v6 v6.3.1 // indirect\n)\n",
            "pop",
        ),
        # pop only through some other dependency: no runner of this module
        (MODULE + "\nrequire github.com/ory/pop/v6 v6.3.1 // indirect\n", "golang-migrate"),
        (MODULE + "\nrequire github.com/ory/x v0.0.724\n", "golang-migrate"),
        # pop as the ORM beside golang-migrate: golang-migrate runs the files
        (POP + "require github.com/golang-migrate/migrate/v4 v4.17.0\n", "golang-migrate"),
        # a replace names pop, requires nothing
        (
            MODULE + "\nreplace github.com/gobuffalo/pop/v6 => github.com/ory/pop/v6 v6.3.1\n",
            "golang-migrate",
        ),
        (None, "golang-migrate"),
    ],
    ids=["pop", "ory-pop", "popx", "indirect", "ory-x", "with-migrate", "replace", "no-go-mod"],
)
def test_the_layout_is_pop_where_the_module_runs_pop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str | None, layout: str
) -> None:
    _tree(tmp_path, monkeypatch, go_mod)
    out = _migrate()
    assert f"Files ({layout} layout), not written" in out, out


def test_supabase_auth_names_and_placeholder_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """supabase/auth's shape: ``00_init`` then 14-digit versions, every name
    qualified with pop's ``{{ index .Options "Namespace" }}``: the new version
    sorts last as text (pop's order) and the placeholder stays."""
    placeholder = '{{ index .Options "Namespace" }}'
    committed_repo(
        tmp_path,
        {
            "go.mod": POP,
            "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST.replace("parent", "flow_state").replace(
                "banned_user", "sso_domain"
            ),
            f"{FOLDER}/00_init_auth_schema.up.sql": (
                f"CREATE TABLE IF NOT EXISTS {placeholder}.sso_domain (id uuid PRIMARY KEY);\n"
            ),
            f"{FOLDER}/20230322519590_add_flow_state.up.sql": (
                f"CREATE TABLE IF NOT EXISTS {placeholder}.flow_state (id uuid PRIMARY KEY);\n"
            ),
        },
        monkeypatch,
    )
    out = _migrate("--write")
    (forward,) = (tmp_path / FOLDER).glob("*_rename_whitelist_targets.up.sql")
    names = sorted(p.name for p in (tmp_path / FOLDER).glob("*.up.sql"))
    assert names[-1] == forward.name, names  # last as text, as pop sorts versions
    text = forward.read_text()
    assert f'ALTER TABLE {placeholder}."flow_state" RENAME TO "flow_states";' in text
    assert "BEGIN;" not in _bare(text) and "Files (pop layout), written:" in out


def test_two_files_of_one_version_in_a_pop_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pop records a migration by its version alone: one of the two never runs
    (an error, not the warning of a Go module's own runner)."""
    _tree(tmp_path, monkeypatch, POP)
    (tmp_path / FOLDER / "20240102000000_a.up.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / FOLDER / "20240102000000_b.up.sql").write_text("CREATE TABLE b (id int);\n")
    done = CliRunner().invoke(cli, ["check", "--select", "DBN016"])
    assert done.exit_code == 1, done.output
    assert (
        f"{FOLDER}/20240102000000_b.up.sql:1:1: DBN016 error: migration version 20240102000000 "
        f"is also {FOLDER}/20240102000000_a.up.sql's: pop runs only one of them"
    ) in done.output


def test_a_rename_keeping_the_version_is_an_info_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pop records only the version: the renamed file counts as applied, nothing
    runs again (an info note); an edit of its SQL is still DBN025."""
    _tree(tmp_path, monkeypatch, POP)
    for direction in ("up", "down"):
        git(
            tmp_path,
            "mv",
            f"{FOLDER}/20240101000000_init.{direction}.sql",
            f"{FOLDER}/20240101000000_initial.{direction}.sql",
        )
    commit_all(tmp_path, "rename keeping the version")
    kept = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--select", "DBN025", "-v"])
    assert kept.exit_code == 0, kept.output
    assert "DBN025 info: " in kept.output, kept.output
    assert "keeping its version 20240101000000: that is all pop records" in kept.output
    (tmp_path / FOLDER / "20240101000000_initial.up.sql").write_text(INIT + "SELECT 1;\n")
    commit_all(tmp_path, "and an edit")
    edited = CliRunner().invoke(cli, ["check", "--base", "HEAD~2", "--select", "DBN025"])
    assert edited.exit_code == 1 and "DBN025 error" in edited.output, edited.output
