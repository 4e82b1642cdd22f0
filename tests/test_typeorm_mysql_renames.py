"""TypeORM's renameTable/renameColumn on MySQL/MariaDB rename what MysqlQueryRunner renames.

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

import shutil
import subprocess
from pathlib import Path

import pytest

from cli_json import inspect_json, model_objects
from mysql_server import MysqlServer
from tree_helpers import write_tree

TOOLS = Path(__file__).parent / "typeorm"

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


def test_typeorm_on_mariadb_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    node = shutil.which("node")
    if node is None or not (TOOLS / "node_modules" / "mysql2").is_dir():
        pytest.skip("typeorm/mysql2 not installed: npm ci --prefix tests/typeorm")
    write_tree(tmp_path, FILES)
    files = sorted(str(p) for p in (tmp_path / "migrations").iterdir())
    with maria.fresh_database("dbnamelint_typeorm_mysql") as database:
        ran = subprocess.run(
            [node, str(TOOLS / "run.cjs"), *files, maria.url(database)],
            check=True,
            capture_output=True,
            cwd=TOOLS,
            text=True,
        )
        assert "ran: Init1700000000001 Rename1700000000002" in ran.stdout
        _code, live = inspect_json(tmp_path, monkeypatch, "--no-cache", "--db", maria.url(database))
    _code, read = inspect_json(
        tmp_path, monkeypatch, "--no-cache", "--dialect", "mariadb", "migrations"
    )
    assert _articles(live) == MADE
    assert _articles(read) == _articles(live)
    left_out = ("migrations",)  # TypeORM's own table
    assert model_objects(read, left_out) == model_objects(live, left_out)
