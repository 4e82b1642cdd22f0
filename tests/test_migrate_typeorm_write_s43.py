"""``migrate --write`` in a TypeORM project writes a new TypeORM migration.

It used to refuse (exit 2: "a TypeORM migration, written in its framework's
API: --write does not write one; print the SQL ... and write a new migration
class"), and users pasted the SQL into a class by hand. Now the phase is a
migration after the folder's newest one, named as ``typeorm
migration:create`` names one (``<timestamp>-RenamePhase1.ts``, class
``RenamePhase1<timestamp>``: TypeORM orders and records migrations by that
13-digit timestamp), in the newest migration's language and module style,
``up`` running the forward script's statements with one ``await
queryRunner.query(`...`)`` each and ``down`` the rollback's; ``--cleanup
--write`` a migration after it.

Oracle: TypeORM 1.1.3 itself (tests/typeorm/migrate.cjs, ``npm ci --prefix
tests/typeorm``: ``DataSource.runMigrations`` and ``undoLastMigration``, as
``migration:run``/``migration:revert`` call them, after typescript 5.9's
``transpileModule`` strips the types) runs, reverts and runs again on
PostgreSQL 15 and MariaDB, the catalog read after each; dbnamelint's reader
then takes the migration for the renames (DBN900 stale entries, ``whitelist
prune``) and the gate (``check --base``, real git) and the hook accept it.
Escaping: a name holding ``?``, ``$1``, ``:name``, a backslash, a backquote
and ``${`` reaches both databases as written. The class name's start is
TypeORM's own ``StringUtils.camelCase(name, true)``, run on node.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from catalog_names import maria_tables, pg_relations
from dbnamelint.cli import cli
from git_helpers import committed_repo
from node_oracle import TYPEORM
from pg_server import PgServer
from written_migration import assert_taken_as_renames, written_file
from written_migration import dbnamelint as _dbnamelint

INIT_TS = """import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1700000000000 implements MigrationInterface {
    name = 'Init1700000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "UserPrefs" ("id" SERIAL NOT NULL, "theme" text, CONSTRAINT "PK_UserPrefs" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "UserPrefs"`);
    }
}
"""  # noqa: E501
#: ``migration:create -o``'s CommonJS class, single quotes (the folder's style).
INIT_CJS = """const { Table } = require('typeorm');

module.exports = class Init1700000000000 {
    async up(queryRunner) {
        await queryRunner.createTable(new Table({ name: 'UserPrefs', columns: [
            { name: 'id', type: 'int', isPrimary: true, isGenerated: true },
            { name: 'theme', type: 'text', isNullable: true },
        ] }));
    }

    async down(queryRunner) {
        await queryRunner.dropTable('UserPrefs');
    }
}
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - kind: table
    name: UserPrefs
    rules: [DBN101]
    phase: "1"
    target: user_prefs
"""


def _node() -> str:
    node = shutil.which("node")
    modules = TYPEORM / "node_modules"
    if node is None or not (modules / "typeorm").is_dir() or not (modules / "typescript").is_dir():
        pytest.skip("typeorm or typescript not installed: npm ci --prefix tests/typeorm")
    return node


def _typeorm(root: Path, action: str, url: str) -> str:
    """TypeORM's ``runMigrations`` (``run``) or ``undoLastMigration`` (``revert``)."""
    done = subprocess.run(
        [_node(), str(TYPEORM / "migrate.cjs"), action, str(root / "migrations"), url],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _project(
    root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, migrations: dict[str, str]
) -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - migrations\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        **{f"migrations/{name}": text for name, text in migrations.items()},
    }
    return committed_repo(root, files, monkeypatch)


def _written(root: Path, pattern: str) -> Path:
    return written_file(root / "migrations", pattern)


def _pg_names(pg: PgServer, db: str) -> dict[str, str]:
    return pg_relations(pg, db, "migrations")


def _maria_names(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    return maria_tables(maria, db, "migrations")


def _round_trip(
    root: Path, url: str, names: Callable[[], dict[str, str]], table: str, view: str
) -> None:
    """TypeORM applies the rename, reverts it, applies it again, the catalog
    read after each step."""
    renamed = {"user_prefs": table, "UserPrefs": view}
    assert re.search(r"^ran: RenamePhase1\d{13}$", _typeorm(root, "run", url), re.M)
    assert names() == renamed
    _typeorm(root, "revert", url)
    assert names() == {"UserPrefs": table}
    _typeorm(root, "run", url)
    assert names() == renamed


def _cleanup_round_trip(
    root: Path, url: str, names: Callable[[], dict[str, str]], table: str, view: str
) -> None:
    status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
    assert status == 0, output
    assert "TypeORM runs the pending migrations in" in output  # the forward's note, kept
    _written(root, r"\d{13}-DropCompatibilityViews\.(ts|js)")
    _typeorm(root, "run", url)
    assert names() == {"user_prefs": table}
    _typeorm(root, "revert", url)
    assert names() == {"user_prefs": table, "UserPrefs": view}
    _typeorm(root, "run", url)
    assert names() == {"user_prefs": table}
    status, output = _dbnamelint("check", ".")
    assert status == 0, output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_typeorm_runs_reverts_and_reruns_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _node()
    init = "1700000000000-Init.ts"
    root = _project(tmp_path / "app", monkeypatch, "postgres", {init: INIT_TS})
    with pg.fresh_database("s43_typeormwrite_pg") as db:
        url = pg.url(db)
        _typeorm(root, "run", url)  # the init, applied before the phase
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        assert "TypeORM runs the pending migrations in one transaction" in output
        written = _written(root, r"\d{13}-RenamePhase1\.ts")
        stamp = written.name[:13]
        text = written.read_text()
        assert 'import { MigrationInterface, QueryRunner } from "typeorm";' in text
        assert f"export class RenamePhase1{stamp} implements MigrationInterface {{" in text
        assert f"    name = 'RenamePhase1{stamp}'\n" in text
        assert "public async down(queryRunner: QueryRunner): Promise<void> {" in text
        assert "BEGIN;" not in text and "COMMIT" not in text
        # the DO block copying the table's privileges is one query, kept whole
        assert text.count("await queryRunner.query(`DO $dbnamelint$") == 1
        _round_trip(root, url, lambda: _pg_names(pg, db), "r", "v")
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")
        _cleanup_round_trip(root, url, lambda: _pg_names(pg, db), "r", "v")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_typeorm_runs_reverts_and_reruns_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _node()
    root = _project(tmp_path / "app", monkeypatch, "mariadb", {"1700000000000-Init.js": INIT_CJS})
    with maria.fresh_database("s43_typeormwrite_maria") as db:
        url = maria.url(db)
        _typeorm(root, "run", url)
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        # MySQL's DDL commits by itself, inside TypeORM's transaction or not
        assert "MySQL and MariaDB commit each DDL statement by itself" in output
        text = _written(root, r"\d{13}-RenamePhase1\.js").read_text()
        # the folder's CommonJS class and its single quotes
        assert re.search(r"^module\.exports = class RenamePhase1\d{13} \{$", text, re.M)
        assert re.search(r"^    name = 'RenamePhase1\d{13}'$", text, re.M)
        # the guard (PREPARE/EXECUTE of a session variable) kept whole, statement by statement
        assert "await queryRunner.query(`PREPARE dbnamelint_ddl FROM @dbnamelint_ddl`);" in text
        _round_trip(root, url, lambda: _maria_names(maria, db), "BASE TABLE", "VIEW")
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")
        _cleanup_round_trip(root, url, lambda: _maria_names(maria, db), "BASE TABLE", "VIEW")


#: A name holding what a JavaScript template literal (a backslash, a
#: backquote, ``${``) and the drivers' placeholders (``?``, ``$1``, ``:name``)
#: would each change.
ODD = "Odd ? $1 :name \\ `q` ${x}"


def _odd_migration(style: str, quote: str) -> str:
    from dbnamelint.services.migrate.typeorm_migration import Quotes, Style, render

    def q(name: str) -> str:
        return quote + name.replace(quote, quote * 2) + quote

    ups = [
        f"CREATE TABLE {q(ODD)} (id integer)",
        f"CREATE VIEW {q(ODD + ' v')} AS SELECT id, '?' AS mark, '$1' AS p FROM {q(ODD)}",
    ]
    downs = [f"DROP VIEW {q(ODD + ' v')}", f"DROP TABLE {q(ODD)}"]
    return render(Style[style], "Odd1700000000000", Quotes('"', "'"), ups, downs)


@pytest.mark.parametrize("style", ["TYPESCRIPT", "ESM"])
def test_odd_names_reach_postgres_as_written(pg: PgServer, tmp_path: Path, style: str) -> None:
    _node()
    (tmp_path / "migrations").mkdir()
    suffix = ".ts" if style == "TYPESCRIPT" else ".js"
    (tmp_path / "migrations" / f"1700000000000-Odd{suffix}").write_text(_odd_migration(style, '"'))
    with pg.fresh_database("s43_typeormwrite_odd") as db:
        _typeorm(tmp_path, "run", pg.url(db))
        assert _pg_names(pg, db) == {ODD: "r", ODD + " v": "v"}
        _typeorm(tmp_path, "revert", pg.url(db))
        assert _pg_names(pg, db) == {}


def test_odd_names_reach_mariadb_as_written(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    _node()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "1700000000000-Odd.js").write_text(_odd_migration("COMMONJS", "`"))
    with maria.fresh_database("s43_typeormwrite_odd") as db:
        _typeorm(tmp_path, "run", maria.url(db))
        assert _maria_names(maria, db) == {ODD: "BASE TABLE", ODD + " v": "VIEW"}
        _typeorm(tmp_path, "revert", maria.url(db))
        assert _maria_names(maria, db) == {}


def test_the_class_name_is_typeorms_camel_case() -> None:
    """``typeorm migration:create`` names the class ``camelCase(name, true)``
    and the timestamp: the same start as TypeORM's own function gives."""
    from dbnamelint.services.migrate.typeorm_migration import class_stem

    node = _node()
    names = ["rename_phase_1", "drop_compatibility_views", "Rename-users now", "a__b", "x1_2y"]
    script = (
        "const { camelCase } = require('typeorm/util/StringUtils');"
        f"console.log(JSON.stringify({json.dumps(names)}.map((n) => camelCase(n, true))));"
    )
    done = subprocess.run(
        [node, "-e", script], capture_output=True, text=True, check=True, cwd=TYPEORM
    )
    assert [class_stem(n) for n in names] == json.loads(done.stdout)


def _refusal_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]
) -> Path:
    base = {
        "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
    }
    return committed_repo(tmp_path / "app", {**base, **files}, monkeypatch)


def _refused(root: Path, output: str, status: int, where: str, said: str) -> None:
    """Exit 2, one located line saying ``said``, nothing written."""
    assert status == 2, output
    lines = [line for line in output.splitlines() if line.startswith("dbnamelint: ")]
    assert len(lines) == 1 and lines[0].startswith(f"dbnamelint: {where}"), output
    assert said in lines[0], output
    assert "Traceback" not in output
    assert not [p for p in (root / "migrations").iterdir() if "RenamePhase" in p.name]


def test_a_style_not_copied_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A class assigned to ``module.exports`` after it is declared is no
    template of TypeORM's: exit 2, naming the newest migration."""
    init = INIT_CJS.replace(
        "module.exports = class Init1700000000000 {", "class Init1700000000000 {"
    )
    init += "module.exports = Init1700000000000;\n"
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/1700000000000-Init.js": init})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(
        root,
        output,
        status,
        "migrations/1700000000000-Init.js: ",
        "the folder's newest TypeORM migration exports its class in a style --write does not copy",
    )


def test_a_migration_with_no_timestamp_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TypeORM throws on a migration whose class name ends with no timestamp
    (``MigrationExecutor.getMigrations``): where the new one comes is unknown."""
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {
            "migrations/1700000000000-Init.ts": INIT_TS,
            "migrations/Seed.ts": INIT_TS.replace("Init1700000000000", "Seed").replace(
                "UserPrefs", "seeds"
            ),
        },
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(
        root, output, status, "migrations/Seed.ts: ", "TypeORM reads no timestamp from its class"
    )


def test_an_index_of_the_migrations_is_no_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of the folder listing the migration classes (typed with
    ``MigrationInterface``, declaring none) has no timestamp and needs none:
    it is not refused as a migration TypeORM cannot order."""
    index = (
        'import { MigrationInterface } from "typeorm";\n'
        'import { Init1700000000000 } from "./1700000000000-Init";\n\n'
        "export const migrations: (new () => MigrationInterface)[] = [Init1700000000000];\n"
    )
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/1700000000000-Init.ts": INIT_TS, "migrations/index.ts": index},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    new = _written(root, r"\d{13}-RenamePhase1\.ts")
    # a DataSource given that list runs only the classes in it
    assert (
        "dbnamelint: note: migrations/index.ts lists the migration classes (Init1700000000000): "
        f"add RenamePhase1{new.name[:13]} (from ./{new.stem}) to it" in output
    ), output


def test_a_script_with_its_own_transaction_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/1700000000000-Init.ts": INIT_TS})
    status, output = _dbnamelint("migrate", "--phase", "1", "--transaction", "--write")
    _refused(root, output, status, "migrations: ", "the scripts carry a transaction of their own")


def test_a_name_making_no_class_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--name "1 rename"`` makes class ``1Rename<ms>`` (TypeORM's camelCase),
    which is no JavaScript class name: refused, not a file that cannot load."""
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/1700000000000-Init.ts": INIT_TS})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write", "--name", "1 rename")
    _refused(root, output, status, "migrations: ", "makes no JavaScript class name (1Rename")
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["1700000000000-Init.ts"]


def test_layout_typeorm_needs_a_typeorm_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/20240101000000_init.sql": 'CREATE TABLE "UserPrefs" (id int);\n'},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--layout", "typeorm", "--write")
    _refused(
        root,
        output,
        status,
        "migrations/20240101000000_init.sql: ",
        "--layout typeorm needs the renamed tables made by a TypeORM migration",
    )


def test_the_timestamp_comes_after_a_later_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration dated after now: the new one's timestamp is one past it, so
    TypeORM (which orders by timestamp, not file name) runs it last; the
    newest migration's style (ESM JavaScript) is the one copied."""
    future = (
        "export class Future2999999999999 {\n    async up(queryRunner) {}\n"
        "    async down(queryRunner) {}\n}\n"
    )
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/1700000000000-Init.ts": INIT_TS, "migrations/a-future.js": future},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    text = _written(root, r"3000000000000-RenamePhase1\.js").read_text()
    assert "export class RenamePhase13000000000000 {" in text


def test_the_timestamp_comes_after_another_read_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TypeORM orders the migrations of every folder its DataSource's glob
    names by timestamp, and dbnamelint replays the folders of ``paths:`` so
    too: a later migration in another folder read puts the new one a
    millisecond after it, in the renamed table's folder and its style."""
    later = INIT_TS.replace("Init1700000000000", "Seed2999999999998").replace("UserPrefs", "seeds")
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {
            "dbnamelint.yaml": "paths:\n  - migrations\n  - seeds\ndialect: postgres\n",
            "migrations/1700000000000-Init.ts": INIT_TS,
            "seeds/2999999999998-Seed.ts": later,
        },
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    _written(root, r"2999999999999-RenamePhase1\.ts")


#: ``migration:generate``'s text for a column default holding ``${``: its
#: ``escapeTemplateLiteral`` writes ``\${``, which JavaScript keeps as text.
GENERATED = r"""import { MigrationInterface, QueryRunner } from "typeorm";

export class Greetings1700000000000 implements MigrationInterface {
    name = 'Greetings1700000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "greetings" ("id" integer NOT NULL, "body" text NOT NULL DEFAULT 'Hi \${name}')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "greetings"`);
    }
}
"""  # noqa: E501


def test_an_escaped_template_hole_is_text(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template literal's ``\\${`` is text (ECMAScript's TemplateCharacter;
    TypeORM sends ``${name}`` as written): the statement is read, not a
    DBN013 "completed when the code runs" warning, which the gate refuses in
    a new migration (what --write writes for a name holding ``${``, and what
    ``migration:generate`` writes for a default holding it)."""
    _node()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "1700000000000-Greetings.ts").write_text(GENERATED)
    (tmp_path / "dbnamelint.yaml").write_text("paths:\n  - migrations\ndialect: postgres\n")
    with pg.fresh_database("s43_typeormwrite_hole") as db:
        _typeorm(tmp_path, "run", pg.url(db))
        rows = pg.query_json(
            "SELECT column_default AS d FROM information_schema.columns"
            " WHERE table_name = 'greetings' AND column_name = 'body'",
            db,
        )
    assert rows == [{"d": "'Hi ${name}'::text"}]
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "."])
    found = json.loads(checked.stdout)
    assert [d for d in found["diagnostics"] if d["code"] == "DBN013"] == [], checked.stdout
    assert checked.exit_code == 0, checked.output
    inspected = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json", "."])
    assert inspected.exit_code == 0, inspected.output
    names = {(o["kind"], o["name"]) for o in json.loads(inspected.stdout)["objects"]}
    assert {("table", "greetings"), ("column", "body")} <= names, inspected.stdout


PLACEHOLDERS = "Odd ? $1 :name"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_renamed_name_holding_placeholders_round_trips(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole way for a table whose old name holds what the drivers'
    placeholders look like (``?``, ``$1``, ``:name``): dbnamelint reads it
    from the init's ``queryRunner.query``, writes the rename, TypeORM runs
    and reverts it on PostgreSQL, and the reader takes it for the rename."""
    _node()
    init = INIT_TS.replace('"UserPrefs"', f'"{PLACEHOLDERS}"')
    whitelist = WHITELIST.replace("name: UserPrefs", f'name: "{PLACEHOLDERS}"').replace(
        "target: user_prefs", "target: odd_names"
    )
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
            "whitelist.yaml": whitelist,
            "migrations/1700000000000-Init.ts": init,
        },
        monkeypatch,
    )
    with pg.fresh_database("s43_typeormwrite_placeholders") as db:
        url = pg.url(db)
        _typeorm(root, "run", url)
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        _typeorm(root, "run", url)
        assert _pg_names(pg, db) == {"odd_names": "r", PLACEHOLDERS: "v"}
        _typeorm(root, "revert", url)
        assert _pg_names(pg, db) == {PLACEHOLDERS: "r"}
        _typeorm(root, "run", url)
        assert _pg_names(pg, db) == {"odd_names": "r", PLACEHOLDERS: "v"}
        assert_taken_as_renames(root, stale=f"DBN900 stale whitelist entry table {PLACEHOLDERS}")
