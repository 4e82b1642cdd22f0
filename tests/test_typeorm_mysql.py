"""TypeORM migrations on MySQL/MariaDB are read as MysqlQueryRunner runs them.

Its builder calls were read as the SQL ``PostgresQueryRunner`` sends
(``CREATE TYPE`` for an enum, which MySQL cannot read; ``serial``, a unique
key named after the column; a key named ``PK_``; ``UQ_`` unique
constraints), whatever the dialect: now, read as ``mysql``/``mariadb``,
``createTable`` is ``MysqlQueryRunner.createTableSql``'s (an enum in the
column; ``UNIQUE INDEX`` ``UQ_`` for an ``isUnique`` column, the
``uniques`` as unique indexes, an unnamed one left out when the ``indices``
hold an unnamed one, as TypeORM compares the two names; no ``checks``),
``addColumn``'s ``isUnique`` a unique index named ``IDX_``,
``createPrimaryKey``'s key unnamed, and ``createUniqueConstraint`` and
``createCheckConstraint``, which TypeORM refuses on MySQL, ``DBN013``.

The model followed ``PostgresQueryRunner``'s rules only (``dialect: mysql``
kept every old name): TypeORM 1.1's ``MysqlQueryRunner.renameTable`` and
``renameColumn`` (``changeColumn``) find the table's indexes and foreign
keys in the database and, for each named as ``DefaultNamingStrategy`` names
it for the old table or column (``IDX_``/``FK_`` and the hash), send
``DROP INDEX old, ADD [UNIQUE] INDEX new (...)`` (the renamed column last)
or ``DROP FOREIGN KEY old, ADD CONSTRAINT new FOREIGN KEY ...``; a unique
index named ``UQ_`` (a column's ``isUnique``), one given a name and the key
``PRIMARY`` keep theirs, and the index InnoDB made for a renamed foreign key
takes its new name. :meth:`dbnamelint.replay.renaming.Renaming._typeorm_follow_mysql`.

Oracle: TypeORM 1.1.3 itself (tests/typeorm/run.cjs with a ``mysql://`` URL:
its ``mariadb`` driver, ``DataSource.runMigrations``) runs the folder on
MariaDB 10.11; ``inspect --db`` of that database (TypeORM's ``migrations``
table left out) equals ``inspect`` of the files, names and index columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_json import inspect_json
from mysql_server import MysqlServer
from node_oracle import TYPEORM, run_cjs
from tree_helpers import write_tree

FILES = {
    "migrations/a-init.js": """const { TableIndex, TableForeignKey } = require("typeorm");

module.exports = class Init1700000000001 {
  async up(queryRunner) {
    await queryRunner.query("CREATE TABLE `users` (`id` int NOT NULL AUTO_INCREMENT, `email` varchar(100) NOT NULL, UNIQUE INDEX `UQ_97672ac88f789774dd47f7c8be3` (`email`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `posts` (`id` int NOT NULL AUTO_INCREMENT, `userId` int NOT NULL, `slug` varchar(100) NOT NULL, `title` varchar(100) NOT NULL, `code` varchar(10) NOT NULL, `editorId` int NULL, `reviewerId` int NULL, INDEX `IDX_2d82eb2bb2ddd7a6bfac8804d8` (`title`), INDEX `IDX_posts_slug_title` (`slug`, `title`), UNIQUE INDEX `IDX_2ad92b30b2364ecbe3b67d3a6f` (`title`, `slug`), UNIQUE INDEX `UQ_54ddf9075260407dcfdd7248577` (`slug`), UNIQUE INDEX `IDX_f31b4292b60c48140e7ae8980b` (`code`), CONSTRAINT `FK_ae05faaa55c866130abef6e1fee` FOREIGN KEY (`userId`) REFERENCES `users` (`id`), CONSTRAINT `fk_posts_reviewer` FOREIGN KEY (`reviewerId`) REFERENCES `users` (`id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.createIndex("posts", new TableIndex({ columnNames: ["code", "userId"] }));
    await queryRunner.createForeignKey("posts", new TableForeignKey({ columnNames: ["editorId"], referencedTableName: "users", referencedColumnNames: ["id"] }));
  }

  async down(queryRunner) {}
};
""",  # noqa: E501
    "migrations/b-rename.js": """module.exports = class Rename1700000000002 {
  async up(queryRunner) {
    await queryRunner.renameTable("posts", "articles");
    await queryRunner.renameColumn("articles", "title", "headline");
    await queryRunner.renameColumn("articles", "userId", "authorId");
    await queryRunner.renameColumn("articles", "reviewerId", "checkerId");
    await queryRunner.renameColumn("users", "email", "mail");
  }

  async down(queryRunner) {}
};
""",
}

#: Builder calls (tests/typeorm/run.cjs runs them on MariaDB) and renames.
BUILT_FILES = {
    "migrations/a-init.js": """const { Table, TableIndex, TableForeignKey, TableColumn } = require("typeorm");
module.exports = class Init1700000000001 {
  async up(queryRunner) {
    await queryRunner.createTable(new Table({ name: "users", columns: [
      { name: "id", type: "int", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
      { name: "email", type: "varchar", isUnique: true },
      { name: "nick", type: "varchar", isUnique: true },
      { name: "a", type: "int" }, { name: "b", type: "int" }, { name: "c", type: "int" },
      { name: "state", type: "enum", enum: ["x", "y"], enumName: "user_state" },
    ], uniques: [{ columnNames: ["a", "b"] }, { name: "uq_users_b_c", columnNames: ["b", "c"] }, { columnNames: ["nick"] }],
       indices: [{ name: "idx_users_a", columnNames: ["a"] }],
       checks: [{ expression: "a > 0" }] }));
    await queryRunner.createTable(new Table({ name: "tags", columns: [
      { name: "id", type: "int", isPrimary: true, isGenerated: true },
      { name: "userId", type: "int" },
      { name: "label", type: "varchar", length: "50" },
    ], uniques: [{ columnNames: ["label"] }], indices: [{ columnNames: ["label", "id"] }],
       foreignKeys: [{ columnNames: ["userId"], referencedTableName: "users", referencedColumnNames: ["id"], onDelete: "CASCADE" }] }));
    await queryRunner.addColumn("tags", new TableColumn({ name: "slug", type: "varchar", length: "40", isUnique: true }));
    await queryRunner.createTable(new Table({ name: "plain", columns: [{ name: "x", type: "int" }, { name: "y", type: "int" }] }));
    await queryRunner.createPrimaryKey("plain", ["x"], "pk_plain");
  }
  async down(queryRunner) {}
};
""",  # noqa: E501
    "migrations/b-rename.js": """module.exports = class Rename1700000000002 {
  async up(queryRunner) {
    await queryRunner.renameTable("tags", "labels");
    await queryRunner.renameColumn("labels", "label", "title");
    await queryRunner.renameColumn("users", "email", "mail");
    await queryRunner.renameColumn("users", "a", "alpha");
  }
  async down(queryRunner) {}
};
""",
}
#: What TypeORM 1.1.3 makes of BUILT_FILES on MariaDB 10.11: (kind, table,
#: name, columns).
BUILT = {
    ("table", "", "labels", ()),
    ("table", "", "plain", ()),
    ("table", "", "users", ()),
    ("column", "labels", "id", ()),
    ("column", "labels", "slug", ()),
    ("column", "labels", "title", ()),
    ("column", "labels", "userId", ()),
    ("constraint", "labels", "FK_f31f88025417e09223ea9a66b0b", ("userId",)),
    ("constraint", "labels", "IDX_d2ea6ab0589f84e9ddc386bb6d", ("slug",)),
    ("constraint", "labels", "PRIMARY", ("id",)),
    ("index", "labels", "FK_f31f88025417e09223ea9a66b0b", ("userId",)),
    ("index", "labels", "IDX_ddcef73055746e01240aea2a0f", ("id", "title")),
    ("column", "plain", "x", ()),
    ("column", "plain", "y", ()),
    ("constraint", "plain", "PRIMARY", ("x",)),
    ("column", "users", "alpha", ()),
    ("column", "users", "b", ()),
    ("column", "users", "c", ()),
    ("column", "users", "id", ()),
    ("column", "users", "mail", ()),
    ("column", "users", "nick", ()),
    ("column", "users", "state", ()),
    ("constraint", "users", "IDX_5f2f1b1961bf76fab264d4f07a", ("b", "alpha")),
    ("constraint", "users", "PRIMARY", ("id",)),
    ("constraint", "users", "UQ_97672ac88f789774dd47f7c8be3", ("mail",)),
    ("constraint", "users", "uq_users_b_c", ("b", "c")),
    ("index", "users", "idx_users_a", ("alpha",)),
}

#: What TypeORM 1.1.3 makes of them on MariaDB 10.11 (SHOW CREATE TABLE):
#: the IDX_ indexes (unique ones too) and FK_ keys of the old names are those
#: of the new (the foreign keys' own indexes with them), a renamed column
#: last in its indexes; UQ_, the named index and key, PRIMARY keep theirs.
MADE = {
    ("PRIMARY", ("id",)),
    ("UQ_54ddf9075260407dcfdd7248577", ("slug",)),
    ("IDX_posts_slug_title", ("slug", "headline")),
    ("IDX_5294a18e693d36d6f1b879271c", ("headline",)),  # (title) of posts
    ("IDX_dd9d8746b1b579df26f863f99e", ("slug", "headline")),  # unique (title, slug)
    ("IDX_fad4aa1ac23fa62b93c2320b80", ("code",)),  # unique, addColumn's isUnique name
    ("IDX_4c3cfe248869d91eb2478e51e2", ("code", "authorId")),
    ("FK_65d9ccc1b02f4d904e90bd76a34", ("authorId",)),  # the key and its index
    ("FK_8bfa3e5c8b79a9f5562797e7354", ("editorId",)),  # the key and its index
    ("fk_posts_reviewer", ("checkerId",)),  # the key and its index
}


def _articles(report: dict) -> set[tuple[str, tuple[str, ...]]]:
    """The names and columns of ``articles``' indexes and constraints."""
    return {
        (o["name"], tuple(o["columns"] or ()))
        for o in report["objects"]
        if o["table"] == "articles" and o["kind"] in ("index", "constraint")
    }


@pytest.mark.parametrize("dialect", ["mariadb", "mysql"])
def test_the_model_renames_what_mysql_query_runner_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    write_tree(tmp_path, FILES)
    code, data = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", dialect, "migrations"
    )
    assert code == 0, data["diagnostics"]
    assert _articles(data) == MADE
    users = {o["name"] for o in data["objects"] if o["table"] == "users"}
    assert users == {"id", "mail", "PRIMARY", "UQ_97672ac88f789774dd47f7c8be3"}
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"], data["diagnostics"]


def _shape(report: dict) -> set[tuple[str, str, str, tuple[str, ...]]]:
    """(kind, table, name, columns) of each object but TypeORM's ``migrations`` table's."""
    return {
        (o["kind"], o["table"] or "", o["name"], tuple(o["columns"] or ()))
        for o in report["objects"]
        if (o["table"] or o["name"]) != "migrations"
    }


@pytest.mark.parametrize("dialect", ["mariadb", "mysql"])
def test_builder_calls_are_read_as_mysql_query_runner_sends_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    write_tree(tmp_path, BUILT_FILES)
    args = ("--no-cache", "--dialect", dialect, "migrations")
    code, data = inspect_json(tmp_path, monkeypatch, *args)
    assert code == 0, data["diagnostics"]
    assert _shape(data) == BUILT
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"], data["diagnostics"]


#: Calls TypeORM's MysqlQueryRunner throws on.
REFUSED = """const { TableUnique, TableCheck } = require("typeorm");

module.exports = class Refused1700000000003 {
  async up(queryRunner) {
    await queryRunner.createUniqueConstraint("users", new TableUnique({ columnNames: ["c"] }));
    await queryRunner.createCheckConstraint("users", new TableCheck({ expression: "c > 0" }));
  }

  async down(queryRunner) {}
};
"""


def test_unique_and_check_constraints_typeorm_refuses_on_mysql_are_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_tree(tmp_path, {**BUILT_FILES, "migrations/c-refused.js": REFUSED})
    _code, data = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", "mariadb", "migrations"
    )
    said = [
        (d["code"], d["line"], d["message"]) for d in data["diagnostics"] if d["severity"] != "info"
    ]
    assert [(c, line) for c, line, _ in said] == [("DBN013", 5), ("DBN013", 6)], said
    assert "MySql does not support unique constraints" in said[0][2]
    assert "MySql does not support check constraints" in said[1][2]
    assert _shape(data) == BUILT  # neither made


@pytest.mark.parametrize("files", [FILES, BUILT_FILES], ids=["sql", "builder"])
def test_typeorm_on_mariadb_makes_what_the_builder_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, files: dict[str, str]
) -> None:
    write_tree(tmp_path, files)
    paths = sorted(str(p) for p in (tmp_path / "migrations").iterdir())
    with maria.fresh_database("dbnamelint_typeorm_built") as database:
        ran = run_cjs(TYPEORM, "mysql2", *paths, maria.url(database))
        assert "ran: Init1700000000001 Rename1700000000002" in ran.stdout
        _code, live = inspect_json(tmp_path, monkeypatch, "--no-cache", "--db", maria.url(database))
    _code, read = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", "mariadb", "migrations"
    )
    assert _shape(read) == _shape(live)
    if files is BUILT_FILES:
        assert _shape(live) == BUILT
    else:
        assert _articles(live) == MADE
