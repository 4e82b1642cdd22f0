"""Alembic revisions read as Alembic runs them (trial s34, mealie).

Oracle: ``alembic upgrade head`` (``DBNAMELINT_TEST_ALEMBIC``: Alembic 1.x,
SQLAlchemy 2) of each tree on PostgreSQL 15 (``DBNAMELINT_TEST_PG``) and on
SQLite, then ``dbnamelint inspect --db`` of the database (the catalog,
``sqlite_master``) equals ``inspect`` of the files. Skipped without alembic
or the server; the tests without an oracle check what the model must hold
either way.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

ENV_PY = (
    "from alembic import context\nfrom sqlalchemy import create_engine\n"
    "url = context.config.get_main_option('sqlalchemy.url')\n"
    "try:\n    import psycopg2  # noqa: F401\n"
    "except ImportError:\n    url = url.replace('+psycopg2', '+psycopg')\n"
    "engine = create_engine(url)\n"
    "with engine.connect() as connection:\n"
    "    context.configure(connection=connection)\n"
    "    with context.begin_transaction():\n"
    "        context.run_migrations()\n"
)
HEAD = "from alembic import op\nimport sqlalchemy as sa\n\n"


def _alembic() -> str | None:
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


def _revision(rev: str, down: str | None, upgrade: str, before: str = "") -> str:
    body = "".join(f"    {line}\n" if line else "\n" for line in upgrade.splitlines())
    return (
        before
        + HEAD
        + f"revision = {rev!r}\ndown_revision = {down!r}\n\n\ndef upgrade():\n"
        + body
        + "\n\ndef downgrade():\n    pass\n"
    )


def _tree(root: Path, revisions: dict[str, str]) -> Path:
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    for name, text in revisions.items():
        (versions / name).write_text(text)
    (root / "migrations" / "env.py").write_text(ENV_PY)
    return root


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    data: dict = json.loads(result.stdout)
    return data


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return {(o["kind"], o["table"] or "", o["name"]) for o in data["objects"]}


def _upgrade(root: Path, url: str) -> None:
    alembic = _alembic()
    assert alembic is not None
    (root / "alembic.ini").write_text(
        f"[alembic]\nscript_location = migrations\nsqlalchemy.url = {url}\n"
    )
    subprocess.run(
        [alembic, "-c", str(root / "alembic.ini"), "upgrade", "head"],
        check=True,
        capture_output=True,
        cwd=root,
    )


def _files(root: Path, monkeypatch: pytest.MonkeyPatch, *dialect: str) -> set:
    return _objects(_inspect(root, monkeypatch, *dialect, "migrations/versions"))


def _pg_live(root: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, name: str) -> set:
    with pg.fresh_database(name) as database:
        url = pg.url(database)
        _upgrade(root, url.replace("postgresql://", "postgresql+psycopg2://", 1))
        return _objects(_inspect(root, monkeypatch, "--db", url))


def _sqlite_live(root: Path, monkeypatch: pytest.MonkeyPatch) -> set:
    db = root / "live.sqlite3"
    _upgrade(root, f"sqlite:///{db}")
    return _objects(_inspect(root, monkeypatch, "--db", f"sqlite:///{db}"))


needs_alembic = pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")


# -- finding 4: a revision over 20,000 characters ---------------------------


def _big_revision() -> str:
    """A revision of 200 multi-line create_index calls and then a table,
    padded so that its first 20,000 characters end inside a call (what made
    it silently no revision)."""
    calls = "".join(
        f'op.create_index(\n    "ix_users_n{i}",\n    "users",\n    ["n{i % 3}"],\n)\n'
        for i in range(400)
    )
    upgrade = (
        calls + 'op.create_table("late_table", sa.Column("id", sa.Integer(), primary_key=True))'
    )
    for pad in range(40):
        text = _revision("bbb", "aaa", upgrade, before="#" * pad + "\n")
        try:
            ast.parse(text[:20_000])
        except SyntaxError:
            return text
    raise AssertionError("no padding cuts inside an expression")


BIG = {
    "aaa_users.py": _revision(
        "aaa",
        None,
        'op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True),\n'
        '    sa.Column("n0", sa.Integer()), sa.Column("n1", sa.Integer()),\n'
        '    sa.Column("n2", sa.Integer()))',
    ),
    "bbb_big.py": _big_revision(),
}


def test_big_revision_is_read_whatever_its_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(BIG["bbb_big.py"]) > 20_000
    objects = _files(_tree(tmp_path, BIG), monkeypatch)
    assert ("table", "", "late_table") in objects
    assert ("index", "users", "ix_users_n399") in objects


@needs_alembic
def test_big_revision_model_is_what_alembic_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, BIG)
    live = _pg_live(root, monkeypatch, pg, "s34_alembicmodel_big")
    assert ("index", "users", "ix_users_n399") in live
    assert _files(root, monkeypatch) == live


def test_big_django_migration_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Django migration whose ``class Migration`` comes after 20,000
    characters of RunPython helpers is Django's (it was silently no migration)."""
    helpers = "".join(
        f"def helper_{i}(apps, schema_editor):\n    x = {i}\n\n\n" for i in range(900)
    )
    text = (
        "from django.db import migrations, models\n\n\n"
        + helpers
        + "class Migration(migrations.Migration):\n"
        "    initial = True\n    dependencies = []\n    operations = [\n"
        "        migrations.CreateModel(name='Late', fields=[\n"
        "            ('id', models.AutoField(primary_key=True)),\n"
        "        ]),\n    ]\n"
    )
    assert text.index("class Migration") > 20_000
    mig = tmp_path / "late" / "migrations"
    mig.mkdir(parents=True)
    (mig / "__init__.py").write_text("")
    (mig / "0001_initial.py").write_text(text)
    data = _inspect(tmp_path, monkeypatch, "late/migrations")
    assert "late_late" in {o["name"] for o in data["objects"]}


def test_unparsable_revision_is_an_error_not_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(
        tmp_path,
        {
            "aaa_users.py": BIG["aaa_users.py"],
            "bbb_broken.py": _revision("bbb", "aaa", 'op.create_table("t", ('),
        },
    )
    data = _inspect(root, monkeypatch, "migrations/versions")
    assert [d["path"] for d in data["diagnostics"] if d["code"] == "DBN004"] == [
        "migrations/versions/bbb_broken.py"
    ]


def test_init_names_the_files_it_does_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, BIG)
    (root / "migrations" / "versions" / "helpers.py").write_text("X = 1\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "Found 2 code migrations" in result.output
    assert "Not read in migrations/versions (1 file" in result.output
    assert "helpers.py" in result.output


# -- finding 5: several batch_alter_table blocks in one upgrade() -----------

_BATCHES = (
    'op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))\n'
    'op.create_table("recipes", sa.Column("id", sa.Integer(), primary_key=True))\n'
    'with op.batch_alter_table("users") as batch_op:\n'
    '    batch_op.add_column(sa.Column("email", sa.String(), nullable=True))\n'
    '    batch_op.create_index("ix_users_email", ["email"])\n'
    '    with op.batch_alter_table("recipes") as inner_op:\n'
    '        inner_op.add_column(sa.Column("slug", sa.String(), nullable=True))\n'
    '    batch_op.add_column(sa.Column("nick", sa.String(), nullable=True))\n'
    'with op.batch_alter_table("recipes") as batch_op:\n'
    '    batch_op.add_column(sa.Column("title", sa.String(), nullable=True))\n'
    '    batch_op.create_index("ix_recipes_title", ["title"])\n'
)
BATCHES = {"aaa_init.py": _revision("aaa", None, _BATCHES)}
#: ``schema=``: the block's calls go to that schema's table (PostgreSQL).
BATCHES_SCHEMA = {
    "aaa_init.py": _revision(
        "aaa",
        None,
        _BATCHES
        + 'op.execute("CREATE SCHEMA extra")\n'
        + 'op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True), '
        + 'schema="extra")\n'
        + 'with op.batch_alter_table("notes", schema="extra") as batch_op:\n'
        + '    batch_op.add_column(sa.Column("body", sa.String(), nullable=True))\n'
        + 'with op.batch_alter_table("users") as batch_op:\n'
        + '    batch_op.add_column(sa.Column("age", sa.Integer(), nullable=True))\n',
    )
}


def test_batch_alias_is_scoped_to_its_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    objects = _files(_tree(tmp_path, BATCHES), monkeypatch)
    assert {(k, t, n) for k, t, n in objects if k in ("column", "index")} == {
        ("column", "users", "id"),
        ("column", "users", "email"),
        ("column", "users", "nick"),
        ("index", "users", "ix_users_email"),
        ("column", "recipes", "id"),
        ("column", "recipes", "slug"),
        ("column", "recipes", "title"),
        ("index", "recipes", "ix_recipes_title"),
    }


@needs_alembic
def test_batch_blocks_model_is_what_alembic_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, BATCHES_SCHEMA)
    live = _pg_live(root, monkeypatch, pg, "s34_alembicmodel_batch")
    assert ("column", "notes", "body") in live
    assert _files(root, monkeypatch) == live


@needs_alembic
def test_batch_blocks_model_is_what_alembic_makes_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, BATCHES)
    live = _sqlite_live(root, monkeypatch)
    assert ("column", "users", "nick") in live
    assert _files(root, monkeypatch, "--dialect", "sqlite") == live


# -- finding 8: SQLite's INTEGER primary key is the rowid, no autoindex ------

KEYS = {
    "aaa_init.py": _revision(
        "aaa",
        None,
        'op.create_table("plain", sa.Column("id", sa.Integer(), primary_key=True))\n'
        'op.create_table("extras", sa.Column("id", sa.Integer(), nullable=False),\n'
        '    sa.Column("key_name", sa.String(), nullable=True), sa.PrimaryKeyConstraint("id"))\n'
        'op.create_table("big", sa.Column("id", sa.BigInteger(), primary_key=True))\n'
        'op.create_table("manual", sa.Column("id", sa.Integer(), primary_key=True,\n'
        "    autoincrement=False))\n"
        'op.create_table("pair", sa.Column("a", sa.Integer(), primary_key=True),\n'
        '    sa.Column("b", sa.Integer(), primary_key=True))\n'
        'op.create_table("coded", sa.Column("code", sa.String(), primary_key=True))\n',
    )
}


def test_integer_primary_key_has_no_autoindex_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    objects = _files(_tree(tmp_path, KEYS), monkeypatch, "--dialect", "sqlite")
    assert {n for k, _t, n in objects if k == "constraint"} == {
        "sqlite_autoindex_big_1",
        "sqlite_autoindex_pair_1",
        "sqlite_autoindex_coded_1",
    }


@needs_alembic
def test_primary_keys_model_is_what_alembic_makes_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, KEYS)
    live = _sqlite_live(root, monkeypatch)
    assert _files(root, monkeypatch, "--dialect", "sqlite") == live


@needs_alembic
def test_primary_keys_model_is_what_alembic_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, KEYS)
    live = _pg_live(root, monkeypatch, pg, "s34_alembicmodel_keys")
    assert _files(root, monkeypatch) == live


#: SQLite's rowid rule for SQL files: only a column declared exactly INTEGER
#: (any case), and not a column's own PRIMARY KEY DESC (SQLite's documented
#: quirk, "CREATE TABLE and ROWID"); a table's PRIMARY KEY (x DESC) is the rowid.
ROWID_SQL = (
    "CREATE TABLE a (x INTEGER PRIMARY KEY DESC, y);\n"
    "CREATE TABLE b (x INTEGER, y, PRIMARY KEY (x DESC));\n"
    "CREATE TABLE c (x integer PRIMARY KEY ASC, y);\n"
    "CREATE TABLE d (x INTEGER NOT NULL, PRIMARY KEY (x));\n"
    "CREATE TABLE e (x INT PRIMARY KEY);\n"
    "CREATE TABLE g (x INTEGER CONSTRAINT pk PRIMARY KEY DESC);\n"
)


def test_sqlite_rowid_rule_of_sql_files_is_sqlite_master(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    (tmp_path / "schema.sql").write_text(ROWID_SQL)
    db = tmp_path / "live.sqlite3"
    with sqlite3.connect(db) as connection:
        connection.executescript(ROWID_SQL)
        made = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert {"sqlite_autoindex_a_1", "sqlite_autoindex_e_1", "sqlite_autoindex_g_1"} <= made
    files = _objects(_inspect(tmp_path, monkeypatch, "--dialect", "sqlite", "schema.sql"))
    live = _objects(_inspect(tmp_path, monkeypatch, "--db", f"sqlite:///{db}"))
    assert files == live
    assert ("constraint", "a", "sqlite_autoindex_a_1") in files


# -- finding 6: '{}' in a plain string is SQL text, not a hole ---------------

JSONB = {
    "aaa_init.py": _revision(
        "aaa",
        None,
        "op.execute(\"CREATE TABLE prefs (id int, data jsonb DEFAULT '{}'::jsonb)\")\n"
        'op.execute("""\n'
        "DO $$\n"
        "BEGIN\n"
        "    IF '{}'::jsonb = '{}'::jsonb THEN\n"
        "        CREATE TABLE home_groups (id int, extra jsonb DEFAULT '{}');\n"
        "    END IF;\n"
        "END $$;\n"
        '""")\n',
    )
}


def test_empty_braces_in_a_plain_python_string_are_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _inspect(_tree(tmp_path, JSONB), monkeypatch, "migrations/versions")
    assert not [d for d in data["diagnostics"] if d["code"] == "DBN013"]
    assert {("table", "", "prefs"), ("table", "", "home_groups")} <= _objects(data)


@needs_alembic
def test_empty_braces_model_is_what_alembic_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, JSONB)
    live = _pg_live(root, monkeypatch, pg, "s34_alembicmodel_jsonb")
    assert ("table", "", "home_groups") in live
    assert _files(root, monkeypatch) == live


@pytest.mark.parametrize(
    ("path", "code", "hole"),
    [
        ("m.py", "op.execute(\"CREATE TABLE t (d jsonb DEFAULT '{}')\")", False),
        ("m.py", "op.execute(f\"CREATE TABLE t{n} (d jsonb DEFAULT '1')\")", True),
        ("m.py", 'q = "CREATE TABLE {} (d int)"\nop.execute(q.format(n))', True),
        ("m.py", 'op.execute("CREATE TABLE {} (d int)".format(n))', True),
        ("M.java", "s.execute(\"CREATE TABLE t (d jsonb DEFAULT '{}')\");", False),
        ("M.java", 's.execute(String.format("CREATE TABLE {0} (d int)", n));', True),
        ("M.cs", "db.Execute(\"CREATE TABLE t (d jsonb DEFAULT '{}')\");", False),
        ("M.cs", 'db.Execute($"CREATE TABLE t{n} (d int)");', True),
        ("m.rs", "sqlx::query(\"CREATE TABLE t (d jsonb DEFAULT '{}')\")", False),
        ("m.rs", 'sqlx::query(&format!("CREATE TABLE t{} (d int)", n))', True),
        ("m.rb", "execute(\"CREATE TABLE t (d jsonb DEFAULT '{}')\")", False),
        ("m.php", "DB::statement(\"CREATE TABLE t (d jsonb DEFAULT '{}')\");", False),
    ],
)
def test_braces_are_holes_only_where_the_code_fills_them(path: str, code: str, hole: bool) -> None:
    from dbnamelint.code_ddl_text import ddl_strings

    (found,) = ddl_strings(path, code)
    assert bool(found.holes) is hole


# -- finding 7: migrate's forward script for an Alembic revision -------------

HOUSEHOLDS = {
    "aaa_init.py": _revision(
        "aaa",
        None,
        'op.create_table("households", sa.Column("id", sa.Integer(), primary_key=True),\n'
        '    sa.Column("name", sa.String()))\n'
        'op.create_index("ix_households_name", "households", ["name"])\n',
    )
}


def _forward(root: Path, monkeypatch: pytest.MonkeyPatch, *options: str) -> str:
    (root / "dbnamelint.yaml").write_text("paths:\n  - migrations/versions\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "households=home_groups", *options])
    assert result.exit_code == 0, result.output
    return result.output.split("-- ==== forward ====\n", 1)[1].split("-- ====", 1)[0]


def _pasted(forward: str, after: str = "") -> str:
    """A revision running ``forward`` as the README says (op.execute of the script)."""
    return _revision("bbb", "aaa", f'op.execute("""\n{forward}""")\n{after}')


def test_forward_script_for_an_alembic_revision_has_no_transaction_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, HOUSEHOLDS)
    forward = _forward(root, monkeypatch)
    assert "BEGIN;" not in forward and "COMMIT;" not in forward
    assert "Alembic runs the revision in the transaction" in forward
    assert "BEGIN;" in _forward(root, monkeypatch, "--transaction")
    # pasted, it is read (its '{}'::jsonb is SQL): the renamed table is in the model
    (root / "migrations" / "versions" / "bbb_rename.py").write_text(_pasted(forward))
    data = _inspect(root, monkeypatch, "migrations/versions")
    assert not [d for d in data["diagnostics"] if d["code"] == "DBN013"]
    assert ("table", "", "home_groups") in _objects(data)


@needs_alembic
def test_pasted_forward_script_stays_in_alembics_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """A revision that fails after the pasted script leaves nothing renamed
    (with the script's own COMMIT the renames stayed committed); one that
    does not fail makes what the model says."""
    root = _tree(tmp_path, HOUSEHOLDS)
    forward = _forward(root, monkeypatch)
    revision = root / "migrations" / "versions" / "bbb_rename.py"
    revision.write_text(_pasted(forward, 'op.execute("SELECT 1/0")\n'))
    alembic = _alembic()
    assert alembic is not None
    with pg.fresh_database("s34_alembicmodel_tx") as database:
        url = pg.url(database)
        (root / "alembic.ini").write_text(
            "[alembic]\nscript_location = migrations\nsqlalchemy.url = "
            + url.replace("postgresql://", "postgresql+psycopg2://", 1)
            + "\n"
        )
        subprocess.run(
            [alembic, "-c", str(root / "alembic.ini"), "upgrade", "aaa"],
            check=True,
            capture_output=True,
            cwd=root,
        )
        failed = subprocess.run(
            [alembic, "-c", str(root / "alembic.ini"), "upgrade", "head"],
            check=False,
            capture_output=True,
            cwd=root,
        )
        assert failed.returncode != 0
        live = _objects(_inspect(root, monkeypatch, "--db", url))
        assert ("table", "", "households") in live  # rolled back with the revision
        assert ("table", "", "home_groups") not in live
        revision.write_text(_pasted(forward))
        _upgrade(root, url.replace("postgresql://", "postgresql+psycopg2://", 1))
        live = _objects(_inspect(root, monkeypatch, "--db", url))
    assert ("table", "", "home_groups") in live
    assert _files(root, monkeypatch) == live


# -- a use_alter foreign key: op.create_table leaves it out (mealie's recipes) --

USE_ALTER = {
    "aaa_init.py": _revision(
        "aaa",
        None,
        'op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))\n'
        'op.create_table("recipes", sa.Column("id", sa.Integer(), primary_key=True),\n'
        '    sa.Column("user_id", sa.Integer()), sa.Column("owner_id", sa.Integer(),\n'
        '    sa.ForeignKey("users.id", use_alter=True)),\n'
        '    sa.ForeignKeyConstraint(["user_id"], ["users.id"], use_alter=True))\n'
        'op.create_table("notes", sa.Column("id", sa.Integer(), primary_key=True),\n'
        '    sa.Column("user_id", sa.Integer()),\n'
        '    sa.ForeignKeyConstraint(["user_id"], ["users.id"]))\n',
    )
}


@needs_alembic
def test_use_alter_foreign_key_model_is_what_alembic_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, USE_ALTER)
    live = _pg_live(root, monkeypatch, pg, "s34_alembicmodel_usealter")
    assert ("constraint", "notes", "notes_user_id_fkey") in live
    assert _files(root, monkeypatch) == live


@needs_alembic
def test_primary_keys_model_is_what_alembic_makes_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """MySQL's SERIAL would be a unique key ``id`` too: SQLAlchemy writes
    ``INTEGER NOT NULL AUTO_INCREMENT``, no such key."""
    root = _tree(
        tmp_path, {"aaa_init.py": KEYS["aaa_init.py"].replace("sa.String()", "sa.String(20)")}
    )
    with maria.fresh_database("s34_alembicmodel_keys") as database:
        url = maria.url(database)
        _upgrade(root, url.replace("mysql://", "mysql+pymysql://", 1))
        live = _objects(_inspect(root, monkeypatch, "--db", url))
    assert _files(root, monkeypatch, "--dialect", "mariadb") == live
