"""DBN029: a Prisma schema that no longer maps to what its migrations leave
(trial s18, hoppscotch: ``ALTER TABLE "Team" RENAME TO "teams"`` passed
``check``, the hook and the gate while ``model Team`` had no ``@@map``).

Expected values come from Prisma's "Database mapping" docs (a model is the
table of its ``@@map`` name, else of its own; a field the column of its
``@map`` name, else of its own; relation fields are no columns) and, where
``DBNAMELINT_TEST_PRISMA`` names a Prisma 6 CLI whose ``node_modules`` holds
``@prisma/adapter-pg``, from Prisma itself: ``prisma migrate diff
--from-migrations ... --to-schema-datamodel ... --exit-code`` on a
throw-away PostgreSQL database says whether the two differ in a table or
column, and the diagnostic must be present exactly then. The gate and the
hook run on real git repositories; the run cache in real processes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.prisma.schema import read_schema
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files
from pg_server import PgServer

CONFIG = "paths: [prisma/migrations]\ndialect: postgres\n"
#: The naming rules' findings (Prisma's ``Team_pkey``...) are not under test.
ONLY = ("--select", "DBN029")
INIT = "prisma/migrations/20240101000000_init/migration.sql"
RENAME = "prisma/migrations/20240201000000_rename/migration.sql"
INIT_SQL = (
    "-- CreateEnum\n"
    "CREATE TYPE \"Role\" AS ENUM ('OWNER', 'VIEWER');\n\n"
    "-- CreateTable\n"
    'CREATE TABLE "Team" (\n'
    '    "id" TEXT NOT NULL,\n'
    '    "name" TEXT NOT NULL,\n\n'
    '    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")\n'
    ");\n\n"
    "-- CreateTable\n"
    'CREATE TABLE "TeamMember" (\n'
    '    "id" TEXT NOT NULL,\n'
    '    "role" "Role" NOT NULL,\n'
    '    "teamID" TEXT NOT NULL,\n\n'
    '    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("id")\n'
    ");\n\n"
    "-- AddForeignKey\n"
    'ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamID_fkey" FOREIGN KEY ("teamID") '
    'REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;\n'
)
DATASOURCE = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n'
TEAM = (
    "model Team {\n  id      String       @id\n  name    String\n  members TeamMember[]\n"
    "{map}}}\n\n"
)
MEMBER = (
    "model TeamMember {\n  id     String @id\n  role   Role\n"
    "  teamID String\n  team   Team   @relation(fields: [teamID], references: [id])\n}\n\n"
)
ROLE = "enum Role {\n  OWNER\n  VIEWER\n}\n"


def _schema(team_map: str = "", member: str = MEMBER, role: str = ROLE) -> str:
    extra = f"\n  {team_map}\n" if team_map else ""
    return DATASOURCE + TEAM.replace("{map}}", extra) + member + role


def _project(root: Path, schema: str, *renames: str) -> None:
    write_files(
        root,
        {
            "dbnamelint.yaml": CONFIG,
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
            INIT: INIT_SQL,
            "prisma/schema.prisma": schema,
        },
    )
    for i, sql in enumerate(renames):
        write_files(root, {f"prisma/migrations/2024020{i + 1}000000_rename/migration.sql": sql})


def _found(*args: str) -> tuple[int, list[tuple[str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *ONLY, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    return result.exit_code, [
        (d["path"], d["line"], d["message"]) for d in report["diagnostics"] if d["code"] == "DBN029"
    ]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    project = tmp_path / "app"
    project.mkdir()
    monkeypatch.chdir(project)
    return project


def test_a_schema_that_matches_its_migrations_is_clean(root: Path) -> None:
    _project(root, _schema())
    assert _found()[1] == []


def test_a_table_renamed_under_an_unmapped_model_is_an_error_at_the_model(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    code, found = _found()
    assert code == 1
    assert found == [
        (
            "prisma/schema.prisma",
            6,
            "model Team maps to table 'Team' (no @@map), which migration "
            "20240201000000_rename renamed to 'teams': the next `prisma migrate dev` would "
            'drop "teams" with its rows and create an empty "Team"; add @@map("teams") in '
            "model Team",
        )
    ]


def test_the_map_the_message_asks_for_makes_it_clean(root: Path) -> None:
    _project(root, _schema('@@map("teams")'), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    assert _found() == (0, [])


def test_a_map_to_the_old_name_is_the_same_error(root: Path) -> None:
    _project(root, _schema('@@map("Team")'), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    _code, found = _found()
    assert [m for _, _, m in found] == [
        "model Team maps to table 'Team' (@@map(\"Team\")), which migration "
        "20240201000000_rename renamed to 'teams': the next `prisma migrate dev` would "
        'drop "teams" with its rows and create an empty "Team"; change its @@map to '
        '@@map("teams") in model Team'
    ]


def test_an_unquoted_new_name_is_folded_as_postgresql_stores_it(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO Teams;\n')
    _code, found = _found()
    assert len(found) == 1 and 'add @@map("teams")' in found[0][2]


def test_a_renamed_column_is_an_error_at_its_field_and_a_map_fixes_it(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME COLUMN "name" TO "team_name";\n')
    _code, found = _found()
    assert found == [
        (
            "prisma/schema.prisma",
            8,
            "field Team.name maps to column 'name' (no @map) of table 'Team', which migration "
            "20240201000000_rename renamed to 'team_name': the next `prisma migrate dev` would "
            'drop "team_name" with its data and add an empty "name"; add @map("team_name") '
            "on field name",
        )
    ]
    schema = root / "prisma/schema.prisma"
    schema.write_text(
        _schema().replace("  name    String\n", '  name    String @map("team_name")\n'),
        encoding="utf-8",
    )
    assert _found() == (0, [])


def test_an_enum_made_by_hand_is_an_error_where_it_is_made(root: Path) -> None:
    """Trial s26 ghostfolio: ``prisma migrate diff`` said "Removed enums -
    Visibility" (the oracle case ``enum-added``) while ``check`` passed; and
    the summary named the difference an input error."""
    made = "CREATE TYPE \"Visibility\" AS ENUM ('PRIVATE', 'PUBLIC');\n"
    _project(root, _schema(), made)
    code, found = _found()
    assert code == 1
    assert [(p, line) for p, line, _ in found] == [
        ("prisma/migrations/20240201000000_rename/migration.sql", 1)
    ]
    assert found[0][2].startswith("type 'Visibility' (created by migration 20240201000000_rename)")
    result = CliRunner().invoke(cli, ["check", *ONLY])
    assert result.output.rstrip().endswith("Found 1 problem: 1 Prisma schema difference.")


def test_a_name_with_a_double_quote_is_written_escaped(root: Path) -> None:
    """Trial s26 ghostfolio: ``@@map("We"ird")`` was asked for, which Prisma
    cannot read; the oracle case ``table-renamed-quote-mapped`` has Prisma
    read the escaped form as the table ``We"ird``."""
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "We""ird";\n')
    _code, found = _found()
    assert len(found) == 1 and '@@map("We\\"ird") in model Team' in found[0][2], found
    (root / "prisma/schema.prisma").write_text(_schema('@@map("We\\"ird")'), encoding="utf-8")
    assert _found() == (0, [])


def test_a_renamed_enum_is_an_error_at_the_enum(root: Path) -> None:
    _project(root, _schema(), 'ALTER TYPE "Role" RENAME TO "team_role";\n')
    _code, found = _found()
    assert [(p, line) for p, line, _ in found] == [("prisma/schema.prisma", 19)]
    assert '@@map("team_role") in enum Role' in found[0][2]
    (root / "prisma/schema.prisma").write_text(
        _schema(role=ROLE.replace("  VIEWER\n", '  VIEWER\n\n  @@map("team_role")\n')),
        encoding="utf-8",
    )
    assert _found() == (0, [])


def test_a_table_no_model_maps_is_an_error_where_it_was_made(root: Path) -> None:
    _project(root, _schema(), 'CREATE TABLE "audit" ("id" INTEGER);\n')
    _code, found = _found()
    assert [(p, line) for p, line, _ in found] == [
        ("prisma/migrations/20240201000000_rename/migration.sql", 1)
    ]
    assert found[0][2].startswith(
        "table 'audit' (created by migration 20240201000000_rename) is mapped by no model "
        "of schema.prisma: the next `prisma migrate dev` would drop it with its rows"
    )


def test_a_dropped_table_or_column_a_model_still_maps(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" DROP COLUMN "name";\n')
    _code, found = _found()
    assert [(line, m.split(":")[0]) for _, line, m in found] == [
        (
            8,
            "field Team.name maps to column 'name' (no @map) of table 'Team', but the "
            "migrations drop it (migration 20240201000000_rename)",
        )
    ]


def test_a_column_no_field_maps_is_an_error_at_the_model(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" ADD COLUMN "slug" TEXT;\n')
    _code, found = _found()
    assert [(line, m.split(":")[0]) for _, line, m in found] == [
        (
            6,
            "column 'slug' of table 'Team' (migration 20240201000000_rename) is mapped by no "
            "field of model Team in schema.prisma",
        )
    ]


#: An implicit many-to-many relation, as ``prisma migrate dev`` writes it.
IMPLICIT_M2M = (
    'CREATE TABLE "Tag" ("id" TEXT NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));\n'
    'CREATE TABLE "_TagToTeam" ("A" TEXT NOT NULL, "B" TEXT NOT NULL, '
    'CONSTRAINT "_TagToTeam_AB_pkey" PRIMARY KEY ("A","B"));\n'
)
M2M_MODELS = "model Tag {\n  id    String @id\n  teams Team[]\n}\n"


def test_an_implicit_many_to_many_table_is_mapped_by_its_relation_fields(root: Path) -> None:
    schema = _schema().replace("  members TeamMember[]\n", "  members TeamMember[]\n  tags Tag[]\n")
    _project(root, schema + M2M_MODELS, IMPLICIT_M2M)
    assert _found()[1] == []
    # without the list fields no relation maps it: Prisma drops it
    (root / "prisma/schema.prisma").write_text(
        _schema() + M2M_MODELS.replace("  teams Team[]\n", ""), encoding="utf-8"
    )
    assert [m.split(" (")[0] for _, _, m in _found()[1]] == ["table '_TagToTeam'"]


def test_relation_fields_and_composite_types_are_no_columns() -> None:
    read = read_schema(
        _schema() + 'model Doc {\n  id Int @id\n  raw Unsupported("tsvector")?\n'
        "  tags Tag[]\n  meta Meta\n}\n\ntype Meta {\n  a String\n}\n",
        frozenset({"Tag"}),
    )
    columns = {m.block.name: [f.column for f in m.fields] for m in read.models}
    assert columns == {
        "Team": ["id", "name"],
        "TeamMember": ["id", "role", "teamID"],
        "Doc": ["id", "raw"],
    }


def test_ignore_drops_it(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    assert _found("--ignore", "DBN029") == (0, [])


def test_no_schema_no_comparison(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    (root / "prisma/schema.prisma").unlink()
    assert _found()[1] == []


def test_the_schema_a_package_json_names(root: Path) -> None:
    """``"prisma": {"schema": ...}`` is the schema Prisma reads, not the default one."""
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    assert [(p, line) for p, line, _ in _found()[1]] == [("prisma/schema.prisma", 6)]
    write_files(root, {"prisma/app.prisma": _schema('@@map("teams")')})
    (root / "package.json").write_text('{"prisma": {"schema": "prisma/app.prisma"}}\n')
    assert _found()[1] == []
    (root / "prisma/schema.prisma").unlink()  # a file of another name, found by no default
    (root / "prisma/app.prisma").write_text(_schema(), encoding="utf-8")
    assert [(p, line) for p, line, _ in _found()[1]] == [("prisma/app.prisma", 6)]


def test_a_multi_file_schema_beside_its_migrations(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    (root / "prisma/schema.prisma").unlink()
    write_files(
        root,
        {
            "prisma/schema/schema.prisma": DATASOURCE,
            "prisma/schema/team.prisma": TEAM.replace("{map}}", "}") + MEMBER,
            "prisma/schema/role.prisma": ROLE,
        },
    )
    assert [(p, line) for p, line, _ in _found()[1]] == [("prisma/schema/team.prisma", 1)]


def test_migrations_inside_a_schema_folder_read_it_through(root: Path) -> None:
    """Prisma 6.6+: the migrations sit beside the file with the datasource, in
    the schema folder, which Prisma reads with its subfolders."""
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [prisma/schema/migrations]\ndialect: postgres\n",
            "prisma/schema/migrations/20240101000000_init/migration.sql": INIT_SQL,
            "prisma/schema/migrations/20240201000000_rename/migration.sql": (
                'ALTER TABLE "TeamMember" RENAME TO "team_members";\n'
            ),
            "prisma/schema/main.prisma": DATASOURCE + ROLE,
            "prisma/schema/models/team.prisma": TEAM.replace("{map}}", "}") + MEMBER,
        },
    )
    found = _found()[1]
    assert [(p, line) for p, line, _ in found] == [("prisma/schema/models/team.prisma", 7)]
    assert 'add @@map("team_members") in model TeamMember' in found[0][2]


def test_a_package_json_without_a_schema_setting_changes_nothing(root: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    (root / "package.json").write_text('{"prisma": {"seed": "ts-node seed.ts"}}\n')
    assert [(p, line) for p, line, _ in _found()[1]] == [("prisma/schema.prisma", 6)]
    (root / "package.json").write_text("{not json\n")
    assert [(p, line) for p, line, _ in _found()[1]] == [("prisma/schema.prisma", 6)]


# ------------------------------------------------------------ hook and gate


def _committed(root: Path) -> None:
    _project(root, _schema())
    init_repo(root, "init")


def test_the_hook_refuses_the_rename_the_schema_does_not_follow(root: Path) -> None:
    _committed(root)
    write_files(root, {RENAME: 'ALTER TABLE "Team" RENAME TO "teams";\n'})
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", *ONLY, "--pre-commit", RENAME])
    assert result.exit_code == 1, result.output
    assert "prisma/schema.prisma:6:7: DBN029 error: model Team maps to table 'Team'" in (
        result.output
    )
    # the schema mapped in the same commit: passes, staged copy read
    schema = root / "prisma/schema.prisma"
    schema.write_text(_schema('@@map("teams")'), encoding="utf-8")
    git(root, "add", "-A")
    result = CliRunner().invoke(
        cli, ["check", *ONLY, "--pre-commit", RENAME, "prisma/schema.prisma"]
    )
    assert result.exit_code == 0, result.output
    # the working copy mapped but not staged: the commit would still lose the rows
    git(root, "reset", "-q", "prisma/schema.prisma")
    result = CliRunner().invoke(cli, ["check", *ONLY, "--pre-commit", RENAME])
    assert result.exit_code == 1, result.output
    # committed mapped; a later commit that only takes the @@map out again (the
    # hook runs on every commit, and pre-commit passes no .prisma name)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "rename, mapped")
    schema.write_text(_schema(), encoding="utf-8")
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", *ONLY, "--pre-commit"])
    assert result.exit_code == 1, result.output
    assert "prisma/schema.prisma:6:7: DBN029 error" in result.output


def test_the_gate_reports_what_is_new_and_not_what_the_base_had(root: Path) -> None:
    _committed(root)
    write_files(root, {RENAME: 'ALTER TABLE "Team" RENAME TO "teams";\n'})
    commit_all(root, "rename")
    code, found = _found("--base", "HEAD~1")
    assert code == 1 and [(p, line) for p, line, _ in found] == [("prisma/schema.prisma", 6)]
    # at HEAD already: not this change's doing (the base's schema was read too)
    write_files(root, {"prisma/migrations/20240301000000_x/migration.sql": "SELECT 1;\n"})
    commit_all(root, "another")
    assert _found("--base", "HEAD~1") == (0, [])
    write_files(
        root, {"prisma/migrations/20240401000000_y/migration.sql": 'CREATE TABLE "a" (i int);\n'}
    )
    commit_all(root, "a table no model maps")
    code, found = _found("--base", "HEAD~1")
    assert code == 1 and [m.split(":")[0] for _, _, m in found] == [
        "table 'a' (created by migration 20240401000000_y) is mapped by no model of schema.prisma"
    ]
    write_files(root, {"prisma/migrations/20240501000000_z/migration.sql": "SELECT 1;\n"})
    commit_all(root, "another")
    assert _found("--base", "HEAD~1") == (0, [])


# ------------------------------------------------------------ the run cache


def test_the_run_cache_sees_the_schema_change(root: Path, tmp_path: Path) -> None:
    _project(root, _schema(), 'ALTER TABLE "Team" RENAME TO "teams";\n')
    env = {**os.environ, **isolated_git_env(), "DBNAMELINT_CACHE_DIR": str(tmp_path / "c")}
    env.pop("DBNAMELINT_NO_CACHE", None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dbnamelint.cli", "check", *ONLY],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    assert run().returncode == 1
    assert run().returncode == 1  # replayed
    schema = root / "prisma/schema.prisma"
    schema.write_text(_schema('@@map("teams")'), encoding="utf-8")
    assert run().returncode == 0
    schema.unlink()  # gone: nothing to compare with
    assert run().returncode == 0
    (root / "package.json").write_text('{"prisma": {"schema": "db.prisma"}}\n')
    (root / "prisma/db.prisma").write_text(_schema(), encoding="utf-8")
    (root / "package.json").write_text('{"prisma": {"schema": "prisma/db.prisma"}}\n')
    assert run().returncode == 1


# ------------------------------------------------------------ the oracle: Prisma


def _prisma_cli() -> tuple[Path, Path]:
    named = os.environ.get("DBNAMELINT_TEST_PRISMA")
    if not named:
        pytest.skip("DBNAMELINT_TEST_PRISMA is not set (the path of a prisma CLI)")
    cli_path = Path(named).resolve()
    modules = next((p for p in cli_path.parents if p.name == "node_modules"), None)
    if modules is None or not (modules / "@prisma/adapter-pg").is_dir():
        pytest.skip("the prisma CLI's node_modules has no @prisma/adapter-pg (npm install it)")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    return cli_path, modules


#: Prisma 6's schema engine in WebAssembly, reached through @prisma/adapter-pg
#: (no engine binary to download). The adapter maps no type to catalog
#: columns of type "char" (OID 18, pg_class.relkind); the engine reads them as
#: strings, so they are tagged as text.
_PRISMA_CONFIG = """
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const fix = (res: any) => {
  for (const r of Array.isArray(res) ? res : [res])
    for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
  return res;
};
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: any, ...args: any[]) {
  const last = args[args.length - 1];
  if (typeof last === "function") {
    args[args.length - 1] = (err: any, res: any) => last(err, err ? res : fix(res));
    return query.apply(this, args as any);
  }
  const out: any = query.apply(this, args as any);
  return out && typeof out.then === "function" ? out.then(fix) : out;
} as any;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL }),
});
"""

#: What ``prisma migrate diff`` lists when table, column or enum names differ
#: (``[+] Added tables``, ``[-] Removed column `slug```, ``[+] Added enums``);
#: not a key or index renamed (``[*] Renamed the primary key``), which
#: Prisma derives from the table's name and DBN029 does not compare.
_NAMES_DIFFER = re.compile(r"\[[+-]\] (Added|Removed) (tables|enums|column `)")

ORACLE_CASES = {
    "in-sync": (_schema(), ()),
    "table-renamed": (_schema(), ('ALTER TABLE "Team" RENAME TO "teams";\n',)),
    "table-renamed-mapped": (
        _schema('@@map("teams")'),
        ('ALTER TABLE "Team" RENAME TO "teams";\n',),
    ),
    "table-renamed-unquoted": (
        _schema('@@map("teams")'),
        ('ALTER TABLE "Team" RENAME TO Teams;\n',),
    ),
    # trial s26: a name holding a double quote, escaped as Prisma's strings are
    "table-renamed-quote-mapped": (
        _schema('@@map("We\\"ird")'),
        ('ALTER TABLE "Team" RENAME TO "We""ird";\n',),
    ),
    "map-to-old-name": (_schema('@@map("Team")'), ('ALTER TABLE "Team" RENAME TO "teams";\n',)),
    "column-renamed": (
        _schema(),
        ('ALTER TABLE "Team" RENAME COLUMN "name" TO "team_name";\n',),
    ),
    "column-renamed-mapped": (
        _schema().replace("  name    String\n", '  name    String @map("team_name")\n'),
        ('ALTER TABLE "Team" RENAME COLUMN "name" TO "team_name";\n',),
    ),
    "table-added": (_schema(), ('CREATE TABLE "audit" ("id" INTEGER NOT NULL);\n',)),
    "column-added": (_schema(), ('ALTER TABLE "Team" ADD COLUMN "slug" TEXT;\n',)),
    "column-dropped": (_schema(), ('ALTER TABLE "Team" DROP COLUMN "name";\n',)),
    "enum-renamed": (_schema(), ('ALTER TYPE "Role" RENAME TO "team_role";\n',)),
    "enum-renamed-mapped": (
        _schema(role=ROLE.replace("  VIEWER\n", '  VIEWER\n\n  @@map("team_role")\n')),
        ('ALTER TYPE "Role" RENAME TO "team_role";\n',),
    ),
    "field-map-to-old-name": (
        _schema().replace("  name    String\n", '  name    String @map("name")\n'),
        ('ALTER TABLE "Team" RENAME COLUMN "name" TO "team_name";\n',),
    ),
    "table-dropped": (
        _schema(),
        ('DROP TABLE "TeamMember";\n',),
    ),
    "implicit-many-to-many": (
        _schema().replace("  members TeamMember[]\n", "  members TeamMember[]\n  tags Tag[]\n")
        + M2M_MODELS,
        (IMPLICIT_M2M,),
    ),
    "implicit-many-to-many-unmapped": (
        _schema() + M2M_MODELS.replace("  teams Team[]\n", ""),
        (IMPLICIT_M2M,),
    ),
    "implicit-many-to-many-named": (
        _schema().replace(
            "  members TeamMember[]\n", '  members TeamMember[]\n  tags Tag[] @relation("labels")\n'
        )
        + M2M_MODELS.replace("Team[]", 'Team[] @relation("labels")'),
        (IMPLICIT_M2M.replace("_TagToTeam", "_labels"),),
    ),
    "view-added": (_schema(), ('CREATE VIEW "team_names" AS SELECT "name" FROM "Team";\n',)),
    # trial s26 ghostfolio: a hand-made enum no enum of the schema maps
    "enum-added": (_schema(), ("CREATE TYPE \"Visibility\" AS ENUM ('PRIVATE', 'PUBLIC');\n",)),
    "enum-dropped": (
        _schema(),
        ('ALTER TABLE "TeamMember" DROP COLUMN "role";\nDROP TYPE "Role";\n',),
    ),
    "composite-type-added": (_schema(), ('CREATE TYPE "point2" AS (x INTEGER, y INTEGER);\n',)),
    "other-schema-table": (
        _schema(),
        ('CREATE SCHEMA "audit";\nCREATE TABLE "audit"."log" ("id" INTEGER);\n',),
    ),
    "table-created-unquoted": (
        _schema().replace(
            "model TeamMember {",
            'model Audit {\n  id Int @id\n\n  @@map("audit")\n}\n\nmodel TeamMember {',
        ),
        ('CREATE TABLE Audit (id INTEGER NOT NULL, CONSTRAINT "audit_pkey" PRIMARY KEY (id));\n',),
    ),
    "renamed-twice": (
        _schema('@@map("squads")'),
        ('ALTER TABLE "Team" RENAME TO "teams";\n', 'ALTER TABLE "teams" RENAME TO "squads";\n'),
    ),
}


@pytest.mark.parametrize("case", sorted(ORACLE_CASES))
def test_present_exactly_when_prisma_says_the_names_differ(
    case: str, root: Path, pg: PgServer
) -> None:
    cli_path, modules = _prisma_cli()
    schema, renames = ORACLE_CASES[case]
    _project(root, schema, *renames)
    _code, found = _found()
    ours = bool(found)
    (root / "prisma.config.ts").write_text(_PRISMA_CONFIG, encoding="utf-8")
    (root / "node_modules").symlink_to(modules)
    with pg.fresh_database("prismasync_oracle") as name:
        env = {
            **os.environ,
            "CHECKPOINT_DISABLE": "1",
            "PRISMA_HIDE_UPDATE_MESSAGE": "1",
            # the WebAssembly engine is used: naming these keeps the CLI from
            # downloading the engine binaries it does not run
            "PRISMA_SCHEMA_ENGINE_BINARY": "/bin/true",
            "PRISMA_QUERY_ENGINE_LIBRARY": "/bin/true",
            "DATABASE_URL": pg.url(name),
        }
        done = subprocess.run(
            [
                str(cli_path),
                "migrate",
                "diff",
                "--from-migrations",
                "prisma/migrations",
                "--to-schema-datamodel",
                "prisma/schema.prisma",
                "--exit-code",
            ],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=180,
        )
    assert done.returncode in (0, 2), done.stdout + done.stderr
    prisma = bool(_NAMES_DIFFER.search(done.stdout))
    assert ours == prisma, (found, done.stdout)


def test_a_config_ignore_added_beside_a_schema_edit_is_a_relaxation(root: Path) -> None:
    """Trial s38 rallly P2: `ignore: [DBN029]` added to the config with a schema-only
    `@@map` passed `check --base` and the hook, where the same line for DBN025,
    DBN032 or DBN013 is refused: an error the base's config shows and the
    change's config leaves out is DBN909 whatever its code."""
    _project(root, _schema())
    git(root, "init", "-q")
    commit_all(root, "base")
    relaxed = CONFIG + "ignore: [DBN029]\n"
    write_files(
        root, {"prisma/schema.prisma": _schema('@@map("Teams")'), "dbnamelint.yaml": relaxed}
    )
    git(root, "add", "-A")
    for run in (["--base", "HEAD"], ["--pre-commit"]):
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache", *run])
        report = json.loads(result.output)
        errors = {d["code"] for d in report["diagnostics"] if d["severity"] == "error"}
        assert result.exit_code == 1 and "DBN909" in errors, report["diagnostics"]
    # the ignore alone hides nothing yet, and is refused all the same (confirmation
    # s39: the next schema edit, judged against the relaxed config, would pass)
    write_files(root, {"prisma/schema.prisma": _schema()})
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 1, result.output
    assert "stops failing the run on DBN029 (prisma-schema-differs)" in result.output


def test_a_datasource_only_schema_reads_the_folders_model_files(root: Path) -> None:
    """Trial s38 rallly P1: Prisma 7 keeps `schema.prisma` for the datasource and the
    models in `prisma/models/*.prisma` (its prisma.config.ts says `schema:
    "prisma"`): reading `schema.prisma` alone gave a false DBN029 for every
    table on adoption. With its models in the folder's other files it is clean,
    and a model there that lost its `@@map` is the error it always was."""
    _project(root, DATASOURCE)
    write_files(
        root,
        {
            "prisma/models/team.prisma": TEAM.replace("{map}}", ""),
            "prisma/models/member.prisma": MEMBER + ROLE,
        },
    )
    assert _found() == (0, [])
    write_files(
        root,
        {RENAME: 'ALTER TABLE "Team" RENAME TO "Teams";\n'},
    )
    code, found = _found()
    assert code == 1 and [(p, line) for p, line, _ in found] == [
        ("prisma/models/team.prisma", 1)
    ], found
