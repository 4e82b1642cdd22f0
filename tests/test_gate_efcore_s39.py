"""EF Core migrations the gate did not read (trial confirm39, jellyfin).

Four ways of writing a migration passed the hook and ``check --base`` with
bad names: an expression-bodied ``Up(...) => migrationBuilder.CreateTable(...)``
(s24), ``Up`` calling a private helper of the class that takes the builder
(``CreateSidecar(migrationBuilder)``, s28), a class deriving from the
project's own base (``: JellyfinMigrationBase``, s29), and an applied
migration re-timestamped (files renamed, ``[Migration]`` id changed: s16c),
which EF runs again on every database (it records migrations by id in
``__EFMigrationsHistory``). And C# 12's collection expression
``columns: ["Kind", "Value"]`` was a false ``DBN013`` (s20).

Oracle: no ``dotnet`` here; EF Core's documented behaviour (an expression
body and a method call are C#: ``Up`` runs them; ``MigrationsAssembly``
finds a migration by its ``[Migration]`` attribute on any subclass of
``Migration``; the history table's key is the id). Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries, new_file_errors, stage
from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: sqlite\n"
SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY, email text);\n"
M = "src/App.Data/Migrations"
HEAD = """using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Data.Migrations
{
"""

EXPRESSION_BODY = (
    HEAD
    + """    public partial class ExprBody : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.CreateTable(
                name: "ExprBodyTables",
                columns: t => new { Id = t.Column<int>(type: "INTEGER", nullable: false) });

        protected override void Down(MigrationBuilder migrationBuilder) { }
    }
}
"""
)
HELPER = (
    HEAD
    + """    public partial class Sidecar : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            CreateSidecar(migrationBuilder);
        }

        private static void CreateSidecar(MigrationBuilder mb)
        {
            mb.CreateTable(
                name: "SidecarFiles",
                columns: t => new { FileId = t.Column<int>(type: "INTEGER", nullable: false) });
        }

        private static void OnlyDown(MigrationBuilder mb)
        {
            mb.CreateTable(name: "RollbackOnly", columns: t => new { Id = t.Column<int>() });
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            OnlyDown(migrationBuilder);
        }
    }
}
"""
)
CUSTOM_BASE = (
    HEAD
    + """    public partial class CustomBase : JellyfinMigrationBase
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomBaseTables",
                columns: t => new { Id = t.Column<int>(type: "INTEGER", nullable: false) });
        }
    }
}
"""
)
HANDED_OFF = (
    HEAD
    + """    public partial class HandedOff : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            AuditTables.Create(migrationBuilder, "audit_rows");
        }
    }
}
"""
)
COLLECTION = (
    HEAD
    + """    public partial class Prefs : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "{name}",
                table: "users",
                columns: ["email", "id"]);
        }
    }
}
"""
)


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **more: str) -> Path:
    files = {"dbnamelint.yaml": CONFIG, "db/schema.sql": SCHEMA, **more}
    return committed_repo(tmp_path / "app", files, monkeypatch)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (EXPRESSION_BODY, [("DBN101", 9), ("DBN201", 10)]),
        (HELPER, [("DBN101", 15), ("DBN201", 16)]),
        (CUSTOM_BASE, [("DBN101", 10), ("DBN201", 11)]),
        (HANDED_OFF, [("DBN013", 9)]),
    ],
    ids=["expression-body", "helper-method", "custom-base", "handed-off"],
)
def test_every_way_up_runs_builder_calls_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, want: list[tuple[str, int]]
) -> None:
    """Each table and column name ``Up`` makes is judged where it is written
    (a helper only ``Down`` calls is the rollback's: ``RollbackOnly`` is not);
    the builder handed to a method of another class is ``DBN013``."""
    root = _repo(tmp_path, monkeypatch)
    found = new_file_errors(root, f"{M}/20261201000000_X.cs", text)
    assert sorted(set(found)) == want


@pytest.mark.parametrize(("name", "fails"), [("ix_users_email_id", False), ("IX_Users", True)])
def test_a_collection_expression_is_read_like_new_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, fails: bool
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, f"{M}/20261201000000_Prefs.cs", COLLECTION.replace("{name}", name))
    status, found = check_entries("--base", "HEAD", "--no-cache")
    errors = {(c, line) for c, _p, line, s, _ in found if s == "error"}
    assert "DBN013" not in {c for c, *_ in found}, found
    assert (status == 1) == fails, found
    if fails:
        assert errors == {("DBN301", 10)}, found


APPLIED = (
    HEAD
    + """    public partial class AddNormalizedUsername : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "normalized_username",
                table: "users",
                type: "TEXT",
                nullable: true);
        }
    }
}
"""
)
DESIGNER = """// <auto-generated />
namespace App.Data.Migrations
{{
    [DbContext(typeof(AppDbContext))]
    [Migration("{id}")]
    partial class AddNormalizedUsername
    {{
    }}
}}
"""
OLD = "20260522092303_AddNormalizedUsername"


@pytest.mark.parametrize(
    ("new_id", "fails"), [("20261201000000_AddNormalizedUsername", True), (OLD, False)]
)
def test_an_applied_migration_re_timestamped_is_a_history_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_id: str, fails: bool
) -> None:
    """Files renamed and the id changed: ``DBN025`` (EF runs it again on
    every database); a ``git mv`` keeping the id passes (the same migration)."""
    root = _repo(
        tmp_path,
        monkeypatch,
        **{f"{M}/{OLD}.cs": APPLIED, f"{M}/{OLD}.Designer.cs": DESIGNER.format(id=OLD)},
    )
    new_stem = "20261201000000_AddNormalizedUsername"
    git(root, "mv", f"{M}/{OLD}.cs", f"{M}/{new_stem}.cs")
    git(root, "mv", f"{M}/{OLD}.Designer.cs", f"{M}/{new_stem}.Designer.cs")
    (root / f"{M}/{new_stem}.Designer.cs").write_text(DESIGNER.format(id=new_id))
    git(root, "add", "-A")
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        rewrites = [(p, line, m) for c, p, line, _s, m in found if c == "DBN025"]
        assert (status == 1) == fails, found
        assert bool(rewrites) == fails, found
        if fails:
            # at the attribute
            assert rewrites[0][:2] == (f"{M}/{new_stem}.Designer.cs", 5)
            assert f"replaces the id of EF Core migration {OLD}" in rewrites[0][2]


def test_check_base_still_passes_an_unchanged_ef_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(
        tmp_path,
        monkeypatch,
        **{f"{M}/{OLD}.cs": APPLIED, f"{M}/{OLD}.Designer.cs": DESIGNER.format(id=OLD)},
    )
    del root
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 0, result.output
