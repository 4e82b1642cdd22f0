"""The gate on code migrations in a tree whose schema is a dump (trial s31 immich).

immich keeps its migrations in TypeScript (Kysely ``sql``` templates) and,
as the README advises for such a tree, a ``pg_dump --schema-only`` of the
database they build in ``paths``:

- a new migration committed with the regenerated dump was said to create
  its table "again while the one at schema.sql stands" (DBN023), and its
  one bad column was counted twice (the dump's finding and the .ts's);
- a whitelist entry added with the migration creating its table excused
  the migration's finding and was called stale (DBN900) all the same;
- an applied migration edited or renamed (DBN025) listed every legacy name
  of its committed text as a new finding (``users.createdAt``, which a
  later migration renamed to the ``user.createdAt`` the whitelist holds);
- after that fix, a new migration creating a table a stale dump held at the
  base already (confirmation s32: the table is made twice, and the
  migration fails on a database the migrations built) was silent too: the
  ``DBN023`` is said again when the dump held the table at the base, and
  only a dump that gained it in the change (regenerated) keeps it quiet.

Oracle: pg_dump's header opens the dump (PostgreSQL 15's ``pg_dump
--schema-only``); the dump holds what the migrations built, the new one's
table included; PostgreSQL refuses the new migration's CREATE TABLE on a
database the stale dump describes. Real git for the gate, and the real
``pre-commit``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import Failing
from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from pg_server import PgServer, SqlFailed
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["server/src/schema/dump"]\ndialect: postgres\n'
DUMP_PATH = "server/src/schema/dump/schema.sql"
#: What pg_dump --schema-only writes first, then the tables the migrations made.
DUMP = """--
-- PostgreSQL database dump
--

-- Dumped from database version 15.8
-- Dumped by pg_dump version 15.8

SET statement_timeout = 0;

CREATE TABLE public.users (
    id uuid NOT NULL,
    email character varying NOT NULL
);

CREATE TABLE public.sessions (
    id uuid NOT NULL,
    "userId" uuid NOT NULL
);
"""
WHITELIST = """entries:
  - kind: column
    name: sessions.userId
    rules: [DBN201]
"""
HEAD = """import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
"""
FOLDER = "server/src/schema/migrations/"
INITIAL_PATH = FOLDER + "1744910873969-InitialMigration.ts"
INITIAL = (
    HEAD
    + """  await sql`CREATE TABLE "user_accounts" ("id" uuid NOT NULL, "email" character varying NOT NULL);`.execute(db);
  await sql`CREATE TABLE "login_sessions" ("id" uuid NOT NULL, "userId" uuid NOT NULL);`.execute(db);
}
"""  # noqa: E501
)
RENAME_PATH = FOLDER + "1752267649968-StandardizeNames.ts"
RENAME = (
    HEAD
    + """  await sql`ALTER TABLE "user_accounts" RENAME TO "users";`.execute(db);
  await sql`ALTER TABLE "login_sessions" RENAME TO "sessions";`.execute(db);
}
"""
)
NEW_PATH = FOLDER + "1760000000000-AddAssetRating.ts"
NEW = (
    HEAD
    + """  await sql`CREATE TABLE "asset_ratings" ("id" uuid NOT NULL, "assetId" uuid NOT NULL);`.execute(db);
}
"""  # noqa: E501
)
NEW_TABLE = """
CREATE TABLE public.asset_ratings (
    id uuid NOT NULL,
    "assetId" uuid NOT NULL
);
"""
NEW_COLUMN_PATH = FOLDER + "1760000000001-AddUserNickName.ts"
NEW_COLUMN = HEAD + '  await sql`ALTER TABLE "users" ADD "nickName" text;`.execute(db);\n}\n'


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "immich",
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            DUMP_PATH: DUMP,
            INITIAL_PATH: INITIAL,
            RENAME_PATH: RENAME,
        },
        monkeypatch,
    )


def _runs() -> list[tuple[int, list[Failing], list[tuple[str, str, str]]]]:
    """(exit code, failing findings, (code, path, severity) of each diagnostic
    and of each stale entry, as DBN900) of ``check --base HEAD`` and of
    ``check --pre-commit``."""
    out = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        result = CliRunner().invoke(cli, ["check", "--no-cache", *run, "--format", "json"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        report = json.loads(result.stdout)
        failing = [
            (f["code"], f["name"], f["path"], f["line"], f["column"])
            for f in report["findings"]
            if f["fails_run"]
        ]
        said = [(d["code"], d["path"], d["severity"]) for d in report["diagnostics"]]
        said += [("DBN900", e["path"], "stale") for e in report["stale_whitelist"]]
        out.append((result.exit_code, failing, said))
    return out


@pytest.mark.parametrize(
    ("path", "migration", "dumped", "name"),
    [
        (NEW_PATH, NEW, DUMP + NEW_TABLE, "assetId"),
        (
            NEW_COLUMN_PATH,
            NEW_COLUMN,
            DUMP.replace("email character varying NOT NULL\n", 'email text,\n  "nickName" text\n'),
            "nickName",
        ),
    ],
    ids=["create-table", "add-column"],
)
def test_a_migration_with_its_regenerated_dump_is_one_finding(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    migration: str,
    dumped: str,
    name: str,
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / path).write_text(migration)
    (root / DUMP_PATH).write_text(dumped)
    git(root, "add", "-A")
    for status, failing, said in _runs():
        assert status == 1, (failing, said)
        # no "created again while the one at schema.sql stands"
        assert said == [], said
        assert [(f[0], f[1], f[2]) for f in failing] == [("DBN201", name, DUMP_PATH)], failing


def test_without_the_dump_the_migrations_finding_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW_PATH).write_text(NEW)
    git(root, "add", "-A")
    for status, failing, said in _runs():
        assert status == 1, (failing, said)
        assert [(f[0], f[1], f[2]) for f in failing] == [("DBN201", "assetId", NEW_PATH)], failing
        assert said == [], said


PASCAL = HEAD + '  await sql`CREATE TABLE "AssetRatings" ("id" uuid NOT NULL);`.execute(db);\n}\n'


def test_an_entry_added_with_the_migration_it_excuses_is_not_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW_PATH).write_text(PASCAL)
    (root / "whitelist.yaml").write_text(
        WHITELIST + "  - kind: table\n    name: AssetRatings\n    rules: [DBN101]\n"
    )
    git(root, "add", "-A")
    for status, failing, said in _runs():
        assert status == 1, said  # the whitelist grew (DBN901)
        assert failing == []
        assert [c for c, _, _ in said] == ["DBN901"], said


def test_an_entry_no_name_uses_is_still_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW_PATH).write_text(PASCAL)
    (root / "whitelist.yaml").write_text(
        WHITELIST
        + "  - kind: table\n    name: AssetRatings\n    rules: [DBN101]\n"
        + "  - kind: table\n    name: AssetScores\n    rules: [DBN101]\n"
    )
    git(root, "add", "-A")
    for _status, failing, said in _runs():
        assert sorted(c for c, _, _ in said) == ["DBN900", "DBN901", "DBN901"], said
        assert failing == []


@pytest.mark.parametrize("how", ["edited", "renamed"])
def test_an_applied_migrations_legacy_names_are_not_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """DBN025 says the change; the names the committed text wrote (later
    renamed to the names the dump and whitelist hold) are not new. A bad
    name the edit adds is."""
    root = _repo(tmp_path, monkeypatch)
    if how == "edited":
        edited = INITIAL.replace('"userId" uuid NOT NULL', '"userId" uuid NOT NULL, "pinCode" text')
        (root / INITIAL_PATH).write_text(edited)
        expected = [("DBN201", "pinCode", INITIAL_PATH)]
    else:
        git(root, "mv", INITIAL_PATH, INITIAL_PATH.replace("969-", "970-"))
        expected = []
    git(root, "add", "-A")
    for status, failing, said in _runs():
        assert status == 1, (failing, said)
        assert [(f[0], f[1], f[2]) for f in failing] == expected, failing
        assert [(c, p) for c, p, s in said if s == "error"] == [("DBN025", INITIAL_PATH)], said


#: The new migration's table, as written in a dump that held it at the base.
STALE = DUMP + NEW_TABLE.replace('"assetId"', "asset_id")
SNAKE = NEW.replace('"assetId"', '"asset_id"')
#: A later regeneration of the stale dump: another table added, asset_ratings kept.
STALE_REGENERATED = STALE + "\nCREATE TABLE public.albums (\n    id uuid NOT NULL\n);\n"


@pytest.mark.parametrize("dumped", [None, STALE_REGENERATED], ids=["dump-unchanged", "dump-edited"])
def test_a_table_a_stale_dump_held_at_the_base_is_created_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dumped: str | None
) -> None:
    """The dump held asset_ratings before the change: the new migration
    creates it again, which fails on a database the migrations built."""
    root = committed_repo(
        tmp_path / "immich",
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            DUMP_PATH: STALE,
            INITIAL_PATH: INITIAL,
            RENAME_PATH: RENAME,
        },
        monkeypatch,
    )
    (root / NEW_PATH).write_text(SNAKE)
    if dumped is not None:
        (root / DUMP_PATH).write_text(dumped)
    git(root, "add", "-A")
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        result = CliRunner().invoke(cli, ["check", "--no-cache", *run])
        assert result.exit_code == 0, result.output  # a warning, as DBN023 is
        assert (
            f"{NEW_PATH}:4:26: DBN023 warning: table 'asset_ratings' is created again while "
            f"the one at {DUMP_PATH}:20:21 stands (the dump held it at HEAD already: a "
            "database the migrations built has it before this migration runs): this code's "
            "CREATE TABLE fails on a database the migrations built"
        ) in result.output, result.output


def test_oracle_postgresql_refuses_the_migration_on_the_stale_dumps_database(
    pg: PgServer,
) -> None:
    with pg.fresh_database("dbn_stale_dump") as name:
        pg.run(sql=STALE, dbname=name)
        with pytest.raises(SqlFailed, match='relation "asset_ratings" already exists'):
            pg.run(
                sql='CREATE TABLE "asset_ratings" ("id" uuid NOT NULL, "asset_id" uuid);',
                dbname=name,
            )


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The installed hook (verbose: its warnings shown on a passing commit)
    says the stale dump's table created again, and not the regenerated one."""
    env, snapshot, rev = hook_repo
    outputs = []
    for case, (dump, dumped) in {
        "stale": (STALE, None),
        "regenerated": (DUMP, DUMP + NEW_TABLE.replace('"assetId"', "asset_id")),
    }.items():
        root = tmp_path / case
        for rel, text in {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            DUMP_PATH: dump,
            INITIAL_PATH: INITIAL,
            RENAME_PATH: RENAME,
            ".pre-commit-config.yaml": f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n"
            "    hooks:\n      - id: dbnamelint\n        verbose: true\n",
        }.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        env.git(root, "init", "-q")
        env.git(root, "add", "-A")
        env.git(root, "commit", "-qm", "base")
        assert env.pre_commit(root, "install").returncode == 0
        (root / NEW_PATH).write_text(SNAKE)
        if dumped is not None:
            (root / DUMP_PATH).write_text(dumped)
        env.git(root, "add", "-A")
        done = env.git(root, "commit", "-m", "asset ratings", check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        outputs.append(done.stdout + done.stderr)
    stale, regenerated = outputs
    assert f"{NEW_PATH}:4:26: DBN023 warning: table 'asset_ratings' is created again" in stale
    assert "DBN023" not in regenerated, regenerated
