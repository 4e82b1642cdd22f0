"""Prisma's implicit many-to-many tables are Prisma's names, not judged (DBN035).

Trial s26 (ghostfolio): ``whitelist init`` planned ``_OrderToTag ->
order_to_tags`` (and its columns ``A``/``B`` -> ``a``/``b``), ``migrate``
renamed it, and its note asked for ``@@map("order_to_tags")`` on a model
that does not exist: an implicit relation's table takes its name from the
relation (prisma.io, "Relations > Many-to-many > Conventions for relation
tables": ``_`` and the relation's name, else ``_<A>To<B>`` of the two models
in order) and no ``@@map`` renames it. The real ``prisma migrate diff`` on
the renamed tree printed ``DROP TABLE "order_to_tags"`` and ``CREATE TABLE
"_OrderToTag"``: the links would be lost. Now such a table and what is on it
get no finding, one ``DBN035`` note; an older whitelist's entries for them
are stale, saying why; ``migrate`` renames none of them. A table whose name
only starts with ``_`` is judged as any.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

SCHEMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Order {
  id   String @id
  tags Tag[]
  fans User[] @relation("Fans")
}

model Tag {
  id     String  @id
  orders Order[]
}

model User {
  id     String  @id
  liked  Order[] @relation("Fans")
}

model Legacy {
  id String @id
  @@map("_Legacy")
}
"""

#: As `prisma migrate dev` writes the implicit tables (Prisma 5+: a primary key).
MIGRATION = """\
CREATE TABLE "Order" ("id" TEXT NOT NULL, CONSTRAINT "Order_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Tag" ("id" TEXT NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));
CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "_Legacy" ("id" TEXT NOT NULL, CONSTRAINT "_Legacy_pkey" PRIMARY KEY ("id"));
CREATE TABLE "_OrderToTag" ("A" TEXT NOT NULL, "B" TEXT NOT NULL,
    CONSTRAINT "_OrderToTag_AB_pkey" PRIMARY KEY ("A","B"));
CREATE INDEX "_OrderToTag_B_index" ON "_OrderToTag"("B");
ALTER TABLE "_OrderToTag" ADD CONSTRAINT "_OrderToTag_A_fkey" FOREIGN KEY ("A")
    REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE TABLE "_Fans" ("A" TEXT NOT NULL, "B" TEXT NOT NULL,
    CONSTRAINT "_Fans_AB_pkey" PRIMARY KEY ("A","B"));
CREATE INDEX "_Fans_B_index" ON "_Fans"("B");
"""

JOINS = {"_OrderToTag", "_Fans"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "prisma" / "migrations"
    (folder / "20240101000000_init").mkdir(parents=True)
    (folder / "migration_lock.toml").write_text('provider = "postgresql"\n')
    (folder / "20240101000000_init" / "migration.sql").write_text(MIGRATION)
    (tmp_path / "prisma" / "schema.prisma").write_text(SCHEMA)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [prisma/migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(*args: str) -> tuple[int, dict[str, list[dict[str, object]]]]:
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--verbose", *args, "--format", "json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _table(name: object) -> str:
    return str(name).split(".")[0]


def test_no_finding_on_a_join_table_one_note_each(project: Path) -> None:
    code, report = _check()
    tables = {_table(f["name"]) for f in report["findings"]}
    assert not tables & JOINS, tables
    assert {"Order", "Tag", "User", "_Legacy"} <= tables  # still judged
    notes = sorted(str(d["message"]).split("'")[1] for d in report["diagnostics"])
    assert notes == sorted(JOINS)
    assert {d["code"] for d in report["diagnostics"]} == {"DBN035"}
    assert code == 1


def test_whitelist_init_writes_no_entry_for_them(project: Path) -> None:
    result = CliRunner().invoke(cli, ["whitelist", "init"])
    assert result.exit_code == 0, result.output
    text = (project / "whitelist.yaml").read_text()
    assert "_OrderToTag" not in text and "_Fans" not in text
    assert "name: _Legacy" in text
    code, _report = _check()
    assert code == 0


def test_an_older_entry_is_stale_and_migrate_leaves_the_table(project: Path) -> None:
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    whitelist = project / "whitelist.yaml"
    whitelist.write_text(
        whitelist.read_text()
        + "  - kind: table\n    name: _OrderToTag\n    rules: [DBN101]\n"
        + '    phase: "1"\n    target: order_to_tags\n'
    )
    code, report = _check()
    stale = {str(e["name"]): str(e["reason"]) for e in report["stale_whitelist"]}
    assert list(stale) == ["_OrderToTag"], stale
    assert "implicit many-to-many" in stale["_OrderToTag"]
    assert code == 1
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert "order_to_tags" not in result.stdout
    assert "not renamed: _OrderToTag: Prisma's implicit many-to-many tables" in result.stderr
