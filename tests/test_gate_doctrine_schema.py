"""Doctrine Migrations' Schema API in a migration's up() is read by the gate (trial openemr).

A new ``migrations/Version*.php`` class extending
``Doctrine\\Migrations\\AbstractMigration`` whose ``up(Schema $schema)``
makes ``$schema->createTable('UserSettingsLog')`` with ``settingValue``, an
index ``IdxCreated``, ``$users->addColumn('IBANCode', ...)`` and
``$schema->renameTable('notes', 'NotesTbl')`` passed the hook and ``check
--base``: only ``$this->addSql('...')`` strings were read. Its ``down()``'s
``addSql`` strings were read as if they ran forward: a migration renaming
``userId`` to ``user_id`` had its rollback's ``RENAME COLUMN user_id TO
userId`` judged, a ``DBN201`` error on a migration that fixes the name.

Oracle: doctrine/dbal 4.2 and doctrine/migrations 3.8 (their sources) run
on PostgreSQL 15, MariaDB 10.11 and SQLite: ``up()`` on the introspected
schema, then ``AbstractPlatform::getAlterSchemaSQL`` of the comparator's
diff (what ``DbalExecutor::executeMigration`` runs) made for
:data:`NEW_MIGRATION` the indexes ``IDX_42D2F44040272BCD``,
``UNIQ_42D2F440A76ED39540272BCD``, ``IdxCreated``, ``IDX_42D2F440A76ED395``
(the foreign key's implicit index) and the foreign key
``FK_42D2F440A76ED395`` (:data:`DOCTRINE_MADE`), the same names on the
three databases, the renamed column lowercased (``emailaddr``); the SQL
:mod:`dbnamelint.doctrine_schema` writes for it makes the same names on
PostgreSQL and MariaDB. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, assert_edit_fails, assert_edit_passes, check_entries
from git_helpers import committed_repo, git
from mysql_server import MysqlServer
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["."]\ndialect: mariadb\n'
SCHEMA = (
    "CREATE TABLE users (id INT NOT NULL, email VARCHAR(100) NOT NULL, PRIMARY KEY(id));\n"
    "CREATE TABLE notes (id INT NOT NULL, body VARCHAR(100) NOT NULL, PRIMARY KEY(id));\n"
)
HEAD = """<?php

declare(strict_types=1);

namespace App\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20261205000001 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
"""
NEW_MIGRATION = (
    HEAD
    + """        $table = $schema->createTable('UserSettingsLog');
        $table->addColumn('id', 'integer', ['autoincrement' => true]);
        $table->addColumn('user_id', 'integer');
        $table->addColumn('settingValue', 'string', ['length' => 64, 'notnull' => false]);
        $table->addColumn('created_at', 'datetime');
        $table->setPrimaryKey(['id']);
        $table->addIndex(['settingValue']);
        $table->addUniqueIndex(['user_id', 'settingValue']);
        $table->addIndex(['created_at'], 'IdxCreated');
        $table->addForeignKeyConstraint('users', ['user_id'], ['id']);
        $users = $schema->getTable('users');
        $users->addColumn('IBANCode', 'string', ['length' => 34, 'notnull' => false]);
        $users->renameColumn('email', 'EmailAddr');
        $schema->renameTable('notes', 'NotesTbl');
    }

    public function down(Schema $schema): void
    {
        $schema->dropTable('UserSettingsLog');
    }
}
"""
)
#: What doctrine/dbal made for NEW_MIGRATION (see the module docstring), as
#: PostgreSQL keeps the unquoted names (folded) and as MariaDB keeps them.
DOCTRINE_MADE = {
    "indexes": [
        "IDX_42D2F44040272BCD",
        "IDX_42D2F440A76ED395",
        "IdxCreated",
        "UNIQ_42D2F440A76ED39540272BCD",
    ],
    "foreign_keys": ["FK_42D2F440A76ED395"],
    "users": ["id", "emailaddr", "IBANCode"],
    "tables": ["NotesTbl", "UserSettingsLog", "users"],
}
APPLIED_PATH = "migrations/Version20240105000001.php"
APPLIED = (
    HEAD.replace("Version20261205000001", "Version20240105000001")
    + """        $table = $schema->createTable('banks');
        $table->addColumn('id', 'integer');
        $table->addColumn('name', 'string', ['length' => 64]);
        $table->setPrimaryKey(['id']);
    }

    public function down(Schema $schema): void
    {
        $schema->dropTable('banks');
    }
}
"""
)
NEW_PATH = "migrations/Version20261205000001.php"


def _sql(text: str, *, mysql: bool = False) -> str:
    from dbnamelint.doctrine_schema import schema_sql

    found = schema_sql(text, mysql=mysql)
    assert not [u for u in found.unread if not u.why]  # renameTable's is read, and said
    return "\n".join(sql for _, _, pieces in found.runs for _, sql, _ in pieces)


def test_the_names_are_dbals_hashes() -> None:
    """``AbstractAsset::_generateIdentifierName``: ``dechex(crc32(...))`` of
    the table's and the columns' names, no leading zeros, upper-cased."""
    from dbnamelint.doctrine_schema import identifier_name

    assert identifier_name(["UserSettingsLog", "settingValue"], "idx") == "IDX_42D2F44040272BCD"
    assert identifier_name(["UserSettingsLog", "user_id"], "fk") == "FK_42D2F440A76ED395"
    # cut to 63 characters (AbstractPlatform::getMaxIdentifierLength) before upper-casing
    assert len(identifier_name(["t", *"abcdefghij"], "idx")) == 63


def test_the_sql_makes_the_names_doctrine_makes_on_postgres(pg: PgServer) -> None:
    with pg.fresh_database("doctrine_schema") as db:
        pg.run(sql=SCHEMA + _sql(NEW_MIGRATION), dbname=db)
        indexes = pg.query_json(
            "SELECT indexname AS n FROM pg_indexes WHERE schemaname = 'public' AND "
            "tablename = 'usersettingslog' AND indexname NOT LIKE '%pkey' ORDER BY 1",
            db,
        )
        fks = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE contype = 'f' AND "
            "connamespace = 'public'::regnamespace",
            db,
        )
        users = pg.query_json(
            "SELECT column_name AS n FROM information_schema.columns WHERE table_name = "
            "'users' ORDER BY ordinal_position",
            db,
        )
        tables = sorted(pg.public_tables(db))
    # PostgreSQL folds DBAL's unquoted names
    assert [r["n"] for r in indexes] == sorted(n.lower() for n in DOCTRINE_MADE["indexes"])
    assert [r["n"] for r in fks] == [n.lower() for n in DOCTRINE_MADE["foreign_keys"]]
    assert [r["n"] for r in users] == [n.lower() for n in DOCTRINE_MADE["users"]]
    assert tables == sorted(n.lower() for n in DOCTRINE_MADE["tables"])


def test_the_sql_makes_the_names_doctrine_makes_on_mariadb(maria: MysqlServer) -> None:
    with maria.fresh_database("doctrine_schema") as db:
        maria.run(SCHEMA + _sql(NEW_MIGRATION, mysql=True), database=db)

        def rows(sql: str) -> list[str]:
            return maria.run(sql, database=db).split()

        indexes = rows(
            "SELECT DISTINCT index_name FROM information_schema.statistics WHERE "
            "table_schema = DATABASE() AND table_name = 'UserSettingsLog' AND "
            "index_name <> 'PRIMARY' ORDER BY 1"
        )
        fks = rows(
            "SELECT constraint_name FROM information_schema.referential_constraints "
            "WHERE constraint_schema = DATABASE()"
        )
        users = rows(
            "SELECT column_name FROM information_schema.columns WHERE "
            "table_schema = DATABASE() AND table_name = 'users' ORDER BY ordinal_position"
        )
        tables = rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        )
    assert sorted(indexes) == sorted(DOCTRINE_MADE["indexes"])
    assert fks == DOCTRINE_MADE["foreign_keys"]
    assert users == DOCTRINE_MADE["users"]
    assert sorted(tables) == sorted(DOCTRINE_MADE["tables"])


def test_an_index_on_the_foreign_keys_columns_replaces_the_implicit_one() -> None:
    """``Table::_addIndex`` drops the implicit index a later index fulfils."""
    text = NEW_MIGRATION.replace(
        "        $users = $schema->getTable('users');\n",
        "        $table->addIndex(['user_id'], 'idx_user');\n"
        "        $users = $schema->getTable('users');\n",
    )
    sql = _sql(text)
    assert "idx_user" in sql
    assert "IDX_42D2F440A76ED395" not in sql


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, APPLIED_PATH: APPLIED},
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[Entry]]:
    return check_entries(*(more or ("--base", "HEAD")), "--no-cache")


def test_a_new_schema_api_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW_PATH).write_text(NEW_MIGRATION)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, found
        errors = sorted((c, line, m.split("'")[1]) for c, p, line, s, m in found if s == "error")
        # each at the line of the PHP call that makes it; on MariaDB DBAL's
        # unquoted names keep their case (PostgreSQL would fold them)
        assert errors == [
            ("DBN101", 14, "UserSettingsLog"),
            ("DBN101", 27, "NotesTbl"),
            ("DBN105", 14, "UserSettingsLog"),
            ("DBN201", 17, "settingValue"),
            ("DBN201", 25, "IBANCode"),
            ("DBN301", 20, "IDX_42D2F44040272BCD"),
            ("DBN301", 22, "IdxCreated"),
            ("DBN301", 23, "IDX_42D2F440A76ED395"),
            ("DBN401", 21, "UNIQ_42D2F440A76ED39540272BCD"),
            ("DBN401", 23, "FK_42D2F440A76ED395"),
        ], found
        assert all(p == NEW_PATH for c, p, _, s, _ in found if s == "error")


def test_a_name_from_a_variable_or_an_unknown_call_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not read: the ``DBN013`` error in a new migration (a warning before,
    passing the gate read outside ``paths:``), the read ``renameTable`` a
    warning (tests/test_gate_unread_builder_refused.py)."""
    root = _repo(tmp_path, monkeypatch)
    text = NEW_MIGRATION.replace(
        "        $users = $schema->getTable('users');\n",
        "        $other = $schema->createTable(self::AUDIT_TABLE);\n"
        "        $table->addColumn($column, 'string');\n"
        "        $table->addAuditColumns('AuditTrail');\n"
        "        $users = $schema->getTable('users');\n",
    )
    (root / NEW_PATH).write_text(text)
    git(root, "add", "-A")
    _, found = _gate()
    warned = [(line, s, m) for c, p, line, s, m in found if c == "DBN013"]
    assert [(line, s) for line, s, _ in warned] == [
        (24, "error"),
        (25, "error"),
        (26, "error"),
        (30, "warning"),
    ], found
    assert "Doctrine Schema API call (createTable)" in warned[0][2]
    assert "(addColumn)" in warned[1][2]
    assert "(addAuditColumns)" in warned[2][2]
    assert "(renameTable)" in warned[3][2] and "rows are lost" in warned[3][2]


def test_down_is_the_rollback_and_is_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration fixing a name: its down() puts the old one back, which
    runs only on ``migrations:execute --down``."""
    root = _repo(tmp_path, monkeypatch)
    git(root, "rm", "-q", "schema.sql")
    (root / "schema.sql").write_text(SCHEMA.replace("email VARCHAR", "userEmail VARCHAR"))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bad name")
    text = (
        HEAD
        + """        $this->addSql('ALTER TABLE users RENAME COLUMN userEmail TO user_email');
    }

    public function down(Schema $schema): void
    {
        $this->addSql('ALTER TABLE users RENAME COLUMN user_email TO userEmail');
    }
}
"""
    )
    (root / NEW_PATH).write_text(text)
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 0, found
    # the same string in up() is judged
    (root / NEW_PATH).write_text(text.replace("userEmail TO user_email", "userEmail TO eMail"))
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found


@pytest.mark.parametrize(
    "edit",
    [
        (
            "        $table->setPrimaryKey(['id']);\n",
            "        $table->setPrimaryKey(['id']);\n"
            "        $table->addColumn('SwiftCode', 'string');\n",
        ),
        (
            "$table->setPrimaryKey(['id']);",
            "$table->setPrimaryKey(['id']);$table->addIndex(['name']);",
        ),
        ("addColumn('name'", "addColumn('bank_name'"),
    ],
    ids=["column-added", "index-added", "column-renamed"],
)
def test_editing_an_applied_migrations_schema_calls_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str]
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert_edit_fails(root, APPLIED_PATH, APPLIED.replace(*edit))


def test_an_edit_of_down_or_layout_only_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = APPLIED.replace(
        "$schema->dropTable('banks');", "$schema->dropTable('banks');\n        // the rollback"
    ).replace("['length' => 64]);", "['length' => 64]);  // bank name")
    assert_edit_passes(root, APPLIED_PATH, text)


def test_init_names_schema_api_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``init`` counted a code migration only by its SQL text: a folder of
    Doctrine migrations using the Schema API (no SQL in them) went unsaid."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "schema.sql").write_text(SCHEMA)
    (root / NEW_PATH).write_text(NEW_MIGRATION)
    (root / "migrations" / "Version20240101000000.php").write_text(
        HEAD + "    }\n}\n"  # an empty bootstrap migration (openemr's) holds no DDL
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert (
        # the empty bootstrap one counted too: migrations/*.php reads it (trial s41 kimai)
        "Also: Doctrine migrations: migrations (2 files). The gate judges what a change adds "
        "to them (an edit of an applied one is DBN025); named in `paths:` after the schema "
        'they apply to ("migrations/*.php"), check and inspect read them as the SQL their '
        "up() runs"
    ) in " ".join(result.stdout.split())
    # without SQL files, they are the schema: init names them in paths
    (root / "schema.sql").unlink()
    (root / "dbnamelint.yaml").unlink()
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "Doctrine migrations: migrations (2 files)" in result.stdout
    config = (root / "dbnamelint.yaml").read_text()
    assert 'paths:\n  - "migrations/*.php"\n' in config, config
    shown = CliRunner().invoke(cli, ["inspect"])
    assert "table usersettingslog  (written UserSettingsLog)" in shown.stdout  # PostgreSQL


OPENEMR_STYLE = (
    HEAD.replace(
        "use Doctrine\\Migrations", "use Doctrine\\DBAL\\Schema\\Table;\nuse Doctrine\\Migrations"
    )
    + """        $table = new Table('fooBars');
        $table->addColumn('id', Types::INTEGER, ['default' => 0]);
        $table->addColumn('userId', Types::INTEGER);
        $table->addIndex(['userId']);
        $this->addPrimaryKey($table, 'id');

        $this->createTable($table);
    }
}
"""
)


def test_a_table_made_with_new_table_is_read() -> None:
    """openemr's ``CreateTableTrait`` (db/Migrations/README.md): ``$table = new
    Table('foos')``, its columns, then ``$this->createTable($table)`` adds
    ``getCreateTableSQL($table)``'s SQL. doctrine/dbal 4.2's
    ``MariaDBPlatform::getCreateTableSQL`` of that table: ``CREATE TABLE
    fooBars (id INT NOT NULL, userId INT NOT NULL, INDEX IDX_3BC7F1E164B64DCC
    (userId), PRIMARY KEY(id))``."""
    sql = _sql(OPENEMR_STYLE, mysql=True)
    assert sql.startswith("CREATE TABLE fooBars (")
    assert "userId INT" in sql
    assert "CREATE INDEX IDX_3BC7F1E164B64DCC ON fooBars (userId);" in sql


def test_a_migration_named_in_paths_enters_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``paths: [schema.sql, migrations/*.php]``: each Doctrine migration is
    read as the SQL its up() runs, so ``inspect`` shows what doctrine/dbal
    made on MariaDB (:data:`DOCTRINE_MADE`; ``inspect --db`` of that
    database listed the same objects) and ``check`` judges them. Read as
    SQL before, the file was unreadable input."""
    import json

    from click.testing import CliRunner

    from dbnamelint.cli import cli

    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "schema.sql").write_text(SCHEMA)
    (root / NEW_PATH).write_text(NEW_MIGRATION)
    (root / "dbnamelint.yaml").write_text(
        'paths: ["schema.sql", "migrations/*.php"]\ndialect: mariadb\n'
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    assert result.exit_code == 0, result.output
    objects = json.loads(result.stdout)["objects"]
    names = {(o["kind"], o["table"], o["name"]) for o in objects}
    assert {n for k, t, n in names if k == "table"} == set(DOCTRINE_MADE["tables"])
    assert {n for k, t, n in names if k == "index"} | {"UNIQ_42D2F440A76ED39540272BCD"} == set(
        DOCTRINE_MADE["indexes"]
    )
    assert ("constraint", "UserSettingsLog", "FK_42D2F440A76ED395") in names
    users = [n for k, t, n in names if k == "column" and t == "users"]
    assert sorted(users) == sorted(DOCTRINE_MADE["users"])
    down = [o for o in objects if o["line"] > 31]  # down() is the rollback
    assert not down
    checked = CliRunner().invoke(cli, ["check", "--format", "json"])
    codes = {(d["code"], d["line"]) for d in json.loads(checked.stdout)["findings"]}
    assert ("DBN101", 14) in codes
    assert ("DBN201", 25) in codes


def test_a_projects_own_base_class_and_prefixed_names() -> None:
    """wallabag's migrations extend its ``WallabagMigration`` (itself an
    ``AbstractMigration``) and name tables through its prefix,
    ``$schema->getTable($this->getTable('entry'))``: read as Doctrine's,
    each call on a table whose name the code builds is unread (``DBN013``)."""
    from dbnamelint.doctrine_schema import is_doctrine_migration, schema_sql

    text = """<?php

namespace Application\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Wallabag\\Doctrine\\WallabagMigration;

class Version20160410190541 extends WallabagMigration
{
    public function up(Schema $schema): void
    {
        $entryTable = $schema->getTable($this->getTable('entry'));
        $entryTable->addColumn('uid', 'string', ['notnull' => false]);
        $schema->getTable('tag')->addColumn('tagLabel', 'string');
    }
}
"""
    assert is_doctrine_migration("migrations/Version20160410190541.php", text)
    found = schema_sql(text, mysql=True)
    assert [u.call for u in found.unread] == ["getTable", "addColumn"]
    sql = "\n".join(s for _, _, pieces in found.runs for _, s, _ in pieces)
    assert sql == "ALTER TABLE tag ADD tagLabel VARCHAR(255);"


RENAME_TABLE = (
    HEAD
    + """        $schema->renameTable('notes', 'memos');
    }
}
"""
)


def test_rename_table_is_read_as_the_create_and_drop_dbal_runs(pg: PgServer) -> None:
    """``$schema->renameTable('notes', 'memos')`` was read as ``ALTER TABLE
    notes RENAME TO memos``. doctrine/dbal 4.2's ``Schema::renameTable``
    drops the table and adds it under the new name, and its comparator finds
    no table rename: doctrine/migrations 3.8 (``DbalExecutor``) on PostgreSQL
    15 with a row in ``notes`` ran ``CREATE TABLE memos (id INT NOT NULL,
    body VARCHAR(100) NOT NULL, PRIMARY KEY(id)); DROP TABLE notes;``, and
    ``memos`` held no row; on SQLite a table with an index failed (``index
    idx_users_email already exists``: the copy keeps the index's name). The
    SQL read now leaves what DBAL leaves, and the call is a warning."""
    from dbnamelint.doctrine_schema import schema_sql

    found = schema_sql(RENAME_TABLE)
    assert [(u.call, "rows are lost" in u.why) for u in found.unread] == [("renameTable", True)]
    sql = _sql(RENAME_TABLE)
    assert "RENAME" not in sql
    assert "DROP TABLE notes;" in sql
    assert "CREATE TABLE memos LIKE notes;" in _sql(RENAME_TABLE, mysql=True)
    from dbnamelint.model import ObjectKind
    from dbnamelint.runner.pipeline import schema_from_sql

    for dialect in ("postgres", "sqlite"):  # a spelling both read: memos' columns
        schema = schema_from_sql(SCHEMA + sql, dialect=dialect)
        columns = {o.name for o in schema.of_kind(ObjectKind.COLUMN) if o.table == "memos"}
        assert columns == {"id", "body"}, dialect
        assert "notes" not in {o.name for o in schema.of_kind(ObjectKind.TABLE)}
    with pg.fresh_database("doctrine_rename_table") as db:
        pg.run(sql=SCHEMA + "INSERT INTO notes VALUES (1, 'x');\n" + sql, dbname=db)
        rows = pg.query_json("SELECT count(*) AS n FROM memos", dbname=db)
        tables = pg.query_json(
            "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            dbname=db,
        )
    assert rows == [{"n": 0}]
    assert [r["t"] for r in tables] == ["memos", "users"]


@pytest.mark.parametrize("in_paths", [False, True], ids=["gate-only", "in-paths"])
def test_a_new_rename_table_is_a_warning_in_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_paths: bool
) -> None:
    """A warning whether the migrations are read by the gate only or named in
    ``paths:`` (the model): the call is read, what it does is said."""
    files = {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, APPLIED_PATH: APPLIED}
    if in_paths:
        files["dbnamelint.yaml"] = 'paths: ["schema.sql", "migrations/*.php"]\ndialect: mariadb\n'
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    (root / NEW_PATH).write_text(RENAME_TABLE)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 0, found  # read: a warning, not refused
        warned = [(line, m) for c, p, line, s, m in found if s == "warning" and c == "DBN013"]
        assert [line for line, _ in warned] == [14], found
        assert "(renameTable)" in warned[0][1] and "rows are lost" in warned[0][1]
        assert "ALTER TABLE <old> RENAME TO <new>" in warned[0][1]


def test_migrate_write_never_suggests_rename_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate --write`` into Doctrine migrations said to write "the
    framework's own renames": ``$schema->renameTable``, which loses the rows."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / APPLIED_PATH).write_text(APPLIED)
    (root / "dbnamelint.yaml").write_text('paths: ["migrations/*.php"]\ndialect: mariadb\n')
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "banks=lenders", "--write"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "a Doctrine migration, written in PHP" in said, said
    assert "$this->addSql(...), not $schema->renameTable()" in said
    assert "framework's own renames" not in said
    assert len(list((root / "migrations").iterdir())) == 1


ORDERED = (
    HEAD
    + """        $schema->getTable('users')->renameColumn('email', 'mail');
        $this->addSql('CREATE INDEX users_email_idx ON users (email)');
    }
}
"""
)


def test_add_sql_strings_run_before_the_schema_apis_sql(pg: PgServer) -> None:
    """doctrine/migrations runs all ``addSql()`` strings first, then the SQL of
    the Schema API's diff (``DbalExecutor::executeMigration``: ``up()``, its
    ``getSql()`` queries, then ``getSqlDiffToMigrate``). For :data:`ORDERED`,
    doctrine/migrations 3.8 with DBAL 4.2 on PostgreSQL 15 ran ``CREATE INDEX
    users_email_idx ON users (email); ALTER TABLE users RENAME COLUMN email
    TO mail;``, leaving the index on ``mail``. Read in the file's order, the
    index was on a column ``email`` no longer there (PostgreSQL refuses that
    SQL); now the Schema API's SQL is read after the last ``addSql()``, on
    its line."""
    from dbnamelint.doctrine_schema import migration_sql

    sql, notes = migration_sql(NEW_PATH, ORDERED)
    assert not notes
    lines = sql.splitlines()
    assert len(lines) == len(ORDERED.splitlines())
    assert "RENAME" not in lines[13] and "users_email_idx" in lines[14]
    assert lines[14].index("users_email_idx") < lines[14].index("RENAME COLUMN email TO mail")
    with pg.fresh_database("doctrine_order") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        rows = pg.query_json(
            "SELECT indexdef AS d FROM pg_indexes WHERE indexname = 'users_email_idx'", dbname=db
        )
    assert [r["d"].rpartition(" ")[2] for r in rows] == ["(mail)"]


def test_a_new_unread_call_in_paths_is_refused_unless_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Doctrine migrations named in ``paths:``: a new Schema API call not read
    (``createTable(self::AUDIT_TABLE)``) was an info note, and the gate
    passed the change saying nothing; now a ``DBN013`` warning, refused as
    a Laravel migration's unread builder call is, unless a ``//
    dbnamelint: ignore[DBN013] <reason>`` comment above it accepts it."""
    files = {
        "dbnamelint.yaml": 'paths: ["schema.sql", "migrations/*.php"]\ndialect: mariadb\n',
        "schema.sql": SCHEMA,
        APPLIED_PATH: APPLIED,
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    body = "        $schema->createTable(self::AUDIT_TABLE);\n    }\n}\n"
    (root / NEW_PATH).write_text(HEAD + body)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, found
        assert [(c, line, s) for c, _p, line, s, _m in found] == [("DBN013", 14, "error")]
    accepted = "        // dbnamelint: ignore[DBN013] the audit table's name is checked by hand\n"
    (root / NEW_PATH).write_text(HEAD + accepted + body)
    git(root, "add", "-A")
    assert _gate() == (0, [])
