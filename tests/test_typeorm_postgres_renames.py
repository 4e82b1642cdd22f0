"""TypeORM's renameTable/renameColumn on PostgreSQL: enum types, identity sequences.

``PostgresQueryRunner`` reads a column's enum type from the database and
takes its name for the column's ``enumName`` when it is not the default
``<table>_<column lower-cased>_enum``: ``renameTable`` renames the type of
each enum column without one (to the new table's default), and
``renameColumn`` (``changeColumn``) renames the column's type to
``buildEnumName`` of the new column, which, for a type named by
``enumName``, is that name again: ``ALTER TYPE "post_kind" RENAME TO
"post_kind"``, which PostgreSQL refuses ("type already exists"), so the
migration fails and rolls back. The model followed the default names (an
``enumName`` equal to the default is one) and kept the others, but said
nothing of a ``renameColumn`` that cannot run: now it is the ``DBN013``
warning at the call (:func:`dbnamelint.typeorm_names.enum_rename_fails`).

An identity column's sequence (``generationStrategy: "identity"``,
``<table>_<column>_seq`` too) is not renamed: TypeORM renames a column's
sequence when it reads the column as ``increment`` (a ``serial``'s
``nextval`` default), the model renamed both.

Oracle: TypeORM 1.1.3 itself (tests/typeorm/run.cjs) on PostgreSQL 15: the
catalog after the renames that run equals ``inspect`` of those files, and
the migration renaming the ``enumName`` column fails with that error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_json import inspect_json, model_objects
from node_oracle import TYPEORM, run_cjs
from pg_server import PgServer
from tree_helpers import write_tree

INIT = """const { Table } = require("typeorm");

module.exports = class Init1700000000001 {
  async up(queryRunner) {
    await queryRunner.createTable(new Table({ name: "posts", columns: [
      { name: "id", type: "int", isPrimary: true },
      { name: "kind", type: "enum", enum: ["a", "b"], enumName: "post_kind" },
      { name: "Mood", type: "enum", enum: ["x", "y"] },
      { name: "tags", type: "enum", enum: ["t", "u"], isArray: true },
      { name: "sameAsDefault", type: "enum", enum: ["p"], enumName: "posts_sameasdefault_enum" },
    ] }));
  }

  async down(queryRunner) {}
};
"""
RENAME = """module.exports = class Rename1700000000002 {
  async up(queryRunner) {
    await queryRunner.renameTable("posts", "articles");
    await queryRunner.renameColumn("articles", "Mood", "Feeling");
    await queryRunner.renameColumn("articles", "tags", "labels");
    await queryRunner.renameColumn("articles", "sameAsDefault", "other");
  }

  async down(queryRunner) {}
};
"""
#: The column whose type ``enumName`` named: TypeORM fails at line 3.
FAILS = """module.exports = class Fails1700000000003 {
  async up(queryRunner) {
    await queryRunner.renameColumn("articles", "kind", "sort");
  }

  async down(queryRunner) {}
};
"""
FILES = {"migrations/a-init.js": INIT, "migrations/b-rename.js": RENAME}

#: What TypeORM 1.1.3 makes of INIT and RENAME on PostgreSQL 15: the default
#: names follow the table and the columns, the enumName's type keeps its name.
MADE = {
    ("table", "", "articles"),
    ("column", "articles", "id"),
    ("column", "articles", "kind"),
    ("column", "articles", "Feeling"),
    ("column", "articles", "labels"),
    ("column", "articles", "other"),
    ("constraint", "articles", "PK_0a6e2c450d83e0b6052c2793334"),
    ("type", "", "post_kind"),
    ("type", "", "articles_feeling_enum"),
    ("type", "", "articles_labels_enum"),
    ("type", "", "articles_other_enum"),
}


def _warnings(report: dict) -> list[tuple[str, str, int]]:
    return [
        (d["code"], Path(d["path"]).name, d["line"])
        for d in report["diagnostics"]
        if d["severity"] != "info"
    ]


def test_a_renamecolumn_of_an_enumname_column_is_said_to_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, FILES)
    code, data = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", "postgres", "migrations"
    )
    assert code == 0, data["diagnostics"]
    assert model_objects(data) == MADE
    assert _warnings(data) == []  # the default names, an enumName equal to one
    write_tree(tmp_path, {"migrations/c-fails.js": FAILS})
    code, data = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", "postgres", "migrations"
    )
    assert _warnings(data) == [("DBN013", "c-fails.js", 3)], data["diagnostics"]
    (said,) = [d["message"] for d in data["diagnostics"] if d["code"] == "DBN013"]
    assert 'ALTER TYPE "post_kind" RENAME TO "post_kind"' in said
    assert """queryRunner.query('ALTER TABLE "articles" RENAME COLUMN "kind" TO "sort"')""" in said


def test_typeorm_on_postgres_renames_the_default_enum_names_and_fails_on_an_enumname(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    write_tree(tmp_path, FILES)
    files = sorted(str(p) for p in (tmp_path / "migrations").iterdir())
    fails = tmp_path / "later" / "c-fails.js"
    write_tree(tmp_path, {"later/c-fails.js": FAILS})
    with pg.fresh_database("dbnamelint_typeorm_enums") as database:
        ran = run_cjs(TYPEORM, "typeorm", *files, pg.url(database))
        assert "ran: Init1700000000001 Rename1700000000002" in ran.stdout
        _code, live = inspect_json(tmp_path, monkeypatch, "--no-cache", "--db", pg.url(database))
        failed = run_cjs(TYPEORM, "typeorm", *files, str(fails), pg.url(database), check=False)
    _code, read = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", "postgres", "migrations"
    )
    assert model_objects(live, ("migrations",)) == MADE
    assert model_objects(read) == MADE
    assert failed.returncode != 0
    assert 'type "post_kind" already exists' in failed.stderr, failed.stderr
    assert 'ALTER TYPE "public"."post_kind" RENAME TO "post_kind"' in failed.stdout


IDENTITY = {
    "migrations/a-init.js": """const { Table } = require("typeorm");
module.exports = class Init1700000000001 {
  async up(queryRunner) {
    await queryRunner.createTable(new Table({ name: "posts", columns: [
      { name: "id", type: "int", isPrimary: true, isGenerated: true, generationStrategy: "identity" },
      { name: "n", type: "int", isGenerated: true, generationStrategy: "increment" },
    ]}));
    await queryRunner.createTable(new Table({ name: "notes", columns: [
      { name: "id", type: "int", isPrimary: true, isGenerated: true, generationStrategy: "identity" },
    ]}));
  }
  async down(queryRunner) {}
};
""",  # noqa: E501
    "migrations/b-rename.js": """module.exports = class Rename1700000000002 {
  async up(queryRunner) {
    await queryRunner.renameTable("posts", "articles");
    await queryRunner.renameColumn("articles", "n", "num");
    await queryRunner.renameColumn("notes", "id", "noteId");
  }
  async down(queryRunner) {}
};
""",
}
#: What TypeORM 1.1.3 makes of IDENTITY on PostgreSQL 15: the serial's
#: sequence follows the table and the column, the identity columns' keep
#: their names.
IDENTITY_MADE = {
    ("table", "", "articles"),
    ("column", "articles", "id"),
    ("column", "articles", "num"),
    ("constraint", "articles", "PK_0a6e2c450d83e0b6052c2793334"),
    ("sequence", "", "posts_id_seq"),
    ("sequence", "", "articles_num_seq"),
    ("table", "", "notes"),
    ("column", "notes", "noteId"),
    ("constraint", "notes", "PK_f48dd072fb267935e38196a798f"),
    ("sequence", "", "notes_id_seq"),
}


def test_an_identity_columns_sequence_keeps_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, IDENTITY)
    args = ("--no-cache", "--dialect", "postgres", "migrations")
    code, data = inspect_json(tmp_path, monkeypatch, *args)
    assert code == 0, data["diagnostics"]
    assert model_objects(data) == IDENTITY_MADE


def test_typeorm_on_postgres_keeps_an_identity_columns_sequence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    write_tree(tmp_path, IDENTITY)
    files = sorted(str(p) for p in (tmp_path / "migrations").iterdir())
    with pg.fresh_database("dbnamelint_typeorm_identity") as database:
        run_cjs(TYPEORM, "typeorm", *files, pg.url(database))
        _code, live = inspect_json(tmp_path, monkeypatch, "--no-cache", "--db", pg.url(database))
    assert model_objects(live, ("migrations",)) == IDENTITY_MADE


#: renameColumn given TableColumn objects: TypeORM's changeColumn of them.
OBJECTS = """const { Table, TableColumn } = require("typeorm");

module.exports = class Init1700000000001 {
  async up(queryRunner) {
    await queryRunner.createTable(new Table({ name: "posts", columns: [
      { name: "id", type: "int", isPrimary: true },
      { name: "n", type: "int", isUnique: true },
    ] }));
    await queryRunner.renameColumn("posts", "n", new TableColumn({ name: "num", type: "int" }));
    await queryRunner.renameColumn("posts", new TableColumn({ name: "id", type: "int" }), "pid");
  }

  async down(queryRunner) {}
};
"""


def test_a_renamecolumn_given_a_tablecolumn_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read as a rename, the model kept the column, its key and unique
    constraint renamed; TypeORM dropped the column (and its constraint) and
    added a new one, and left the key its name (the oracle test below)."""
    write_tree(tmp_path, {"migrations/a-init.js": OBJECTS})
    args = ("--no-cache", "--dialect", "postgres", "migrations")
    _code, data = inspect_json(tmp_path, monkeypatch, *args)
    said = [
        (d["code"], d["line"], d["message"]) for d in data["diagnostics"] if d["severity"] != "info"
    ]
    assert [(c, line) for c, line, _ in said] == [("DBN013", 9), ("DBN013", 10)], said
    assert "given a TableColumn, TypeORM changes the column to it (changeColumn)" in said[0][2]


def test_typeorm_changes_a_column_given_a_tablecolumn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    write_tree(tmp_path, {"migrations/a-init.js": OBJECTS})
    with pg.fresh_database("dbnamelint_typeorm_objects") as database:
        ran = run_cjs(TYPEORM, "typeorm", str(tmp_path / "migrations/a-init.js"), pg.url(database))
        _code, live = inspect_json(tmp_path, monkeypatch, "--no-cache", "--db", pg.url(database))
    assert 'ALTER TABLE "posts" DROP COLUMN "n"' in ran.stdout
    assert model_objects(live, ("migrations",)) == {
        ("table", "", "posts"),
        ("column", "posts", "pid"),
        ("column", "posts", "num"),  # a new column: no unique constraint
        ("constraint", "posts", "PK_2829ac61eff60fcec60d7274b9e"),  # the key of "id"
    }
