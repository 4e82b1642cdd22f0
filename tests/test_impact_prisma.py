"""``dbnamelint impact`` on Prisma schemas, and columns counted once per place.

The oracle is Prisma's documented mapping (prisma.io, ORM > Prisma schema >
Data model > Database mapping): a model without ``@@map`` *is* its table, a
field without ``@map`` *is* its column; with ``@@map("comments")`` /
``@map("author_id")`` the model or field name is only Prisma Client's name
and the string is the database name. Relation fields are no columns; enums
map to types the same way. The schema SQL below is what Prisma Migrate
writes for that schema (quoted names, ``TIMESTAMP(3)``, ``<Model>_pkey``).
The search runs through the real ``git grep``; the patch through the real
``git apply``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.prisma import PrismaFile
from git_helpers import commit_all, committed_repo, git, init_repo, isolated_git_env
from impact_notes import without_ahead_note

SCHEMA_SQL = """\
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TABLE "User" ("id" SERIAL NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "role" "Role" NOT NULL DEFAULT 'USER', CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "comments" ("comment_id" SERIAL NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "author_id" INTEGER NOT NULL,
  CONSTRAINT "comments_pkey" PRIMARY KEY ("comment_id"));
CREATE TABLE "Post" ("id" SERIAL NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL, "authorId" INTEGER NOT NULL,
  CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Tag" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL);
"""

WHITELIST = """\
phases:
  - {id: "1", title: "Prisma names", status: open}
entries:
  - {kind: table, name: '"User"', phase: "1", target: users}
  - {kind: table, name: '"Post"', phase: "1", target: posts}
  - {kind: table, name: comments, phase: "1", target: post_comments}
  - {kind: type, name: '"Role"', phase: "1", target: user_role}
  - {kind: column, name: '"User".id', phase: "1", target: user_id}
  - {kind: column, name: '"User"."createdAt"', phase: "1", target: created_at}
  - {kind: column, name: 'comments."createdAt"', phase: "1", target: posted_at}
  - {kind: column, name: '"Post"."createdAt"', phase: "1", target: created_at}
  - {kind: column, name: '"Post"."updatedAt"', phase: "1", target: updated_at}
  - {kind: column, name: '"Post"."authorId"', phase: "1", target: author_id}
"""

PRISMA = """\
datasource db {
  provider = "postgresql"
}

/// Every createdAt is set by the database.
model User {
  id        Int       @id @default(autoincrement())
  createdAt DateTime  @default(now())
  role      Role      @default(USER)
  posts     Post[]
  comments  Comment[]
}

model Comment {
  id        Int      @id @default(autoincrement()) @map("comment_id")
  createdAt DateTime @default(now())
  authorId  Int      @map("author_id")
  author    User     @relation(fields: [authorId], references: [id])

  @@index([createdAt])
  @@map("comments")
}

model Post {
  id        Int      @id @default(autoincrement())
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  authorId  Int
  author    User     @relation(fields: [authorId], references: [id])

  @@index([authorId])
}

enum Role {
  USER
  ADMIN
}
"""

QUERIES = """\
export const recent = sql`SELECT "createdAt" FROM "Post" ORDER BY "createdAt"`;
export const any = sql`SELECT "createdAt" FROM stats`;
export const mine = sql`SELECT comments."createdAt" FROM comments`;
export const both = sql`SELECT p."createdAt" FROM "Post" p JOIN "User" u ON u.id = p."authorId"`;
export const tags = sql`SELECT "Tag"."createdAt" FROM "Tag"`;
"""

MODELS_PY = 'created = Column("createdAt", DateTime)\n'

U, P, C = '"User"', '"Post"', "comments"
_UNKNOWN = "SQLAlchemy Column() (its struct's table not known)"
#: (path, line, name as written, target entry, confidence, context, places shared with)
EXPECTED = {
    ("prisma/schema.prisma", 5, "createdAt", f'{U}."createdAt"', "plain", "comment", 2),
    ("prisma/schema.prisma", 5, "createdAt", f'{C}."createdAt"', "plain", "comment", 2),
    ("prisma/schema.prisma", 5, "createdAt", f'{P}."createdAt"', "plain", "comment", 2),
    ("prisma/schema.prisma", 6, "User", U, "high", "Prisma model", 0),
    ("prisma/schema.prisma", 7, "id", f"{U}.id", "high", "Prisma field", 0),
    ("prisma/schema.prisma", 8, "createdAt", f'{U}."createdAt"', "high", "Prisma field", 0),
    ("prisma/schema.prisma", 9, "Role", '"Role"', "plain", "text", 0),
    ("prisma/schema.prisma", 10, "Post", P, "plain", "text", 0),
    # line 11: the relation field `comments` is no table; lines 14-17: client names
    ("prisma/schema.prisma", 16, "createdAt", f'{C}."createdAt"', "high", "Prisma field", 0),
    ("prisma/schema.prisma", 18, "User", U, "plain", "text", 0),
    # references: [id] names the related model's (User's) field, not Comment's
    ("prisma/schema.prisma", 18, "id", f"{U}.id", "plain", "text", 0),
    ("prisma/schema.prisma", 20, "createdAt", f'{C}."createdAt"', "plain", "text", 0),
    ("prisma/schema.prisma", 21, "comments", C, "high", "Prisma @@map", 0),
    ("prisma/schema.prisma", 24, "Post", P, "high", "Prisma model", 0),
    # line 25: Post's id is not User's
    ("prisma/schema.prisma", 26, "createdAt", f'{P}."createdAt"', "high", "Prisma field", 0),
    ("prisma/schema.prisma", 27, "updatedAt", f'{P}."updatedAt"', "high", "Prisma field", 0),
    ("prisma/schema.prisma", 28, "authorId", f'{P}."authorId"', "high", "Prisma field", 0),
    ("prisma/schema.prisma", 29, "User", U, "plain", "text", 0),
    ("prisma/schema.prisma", 29, "authorId", f'{P}."authorId"', "plain", "text", 0),
    ("prisma/schema.prisma", 29, "id", f"{U}.id", "plain", "text", 0),
    ("prisma/schema.prisma", 31, "authorId", f'{P}."authorId"', "plain", "text", 0),
    ("prisma/schema.prisma", 34, "Role", '"Role"', "high", "Prisma enum", 0),
    # line 35: the enum value USER is no table
    ("src/queries.ts", 1, "createdAt", f'{P}."createdAt"', "high", "SQL", 0),
    ("src/queries.ts", 1, "Post", P, "high", "SQL", 0),
    ("src/queries.ts", 2, "createdAt", f'{U}."createdAt"', "plain", "text", 2),
    ("src/queries.ts", 2, "createdAt", f'{C}."createdAt"', "plain", "text", 2),
    ("src/queries.ts", 2, "createdAt", f'{P}."createdAt"', "plain", "text", 2),
    # comments."createdAt" with FROM comments: the qualifier is the table (renamed with it)
    ("src/queries.ts", 3, "comments", C, "high", "SQL (table qualifier)", 0),
    ("src/queries.ts", 3, "createdAt", f'{C}."createdAt"', "high", "SQL (table.column)", 0),
    ("src/queries.ts", 3, "comments", C, "high", "SQL", 0),
    # p and u are aliases of "Post" and "User": p."createdAt" is Post's, not User's
    ("src/queries.ts", 4, "createdAt", f'{P}."createdAt"', "high", "SQL (table.column)", 0),
    ("src/queries.ts", 4, "Post", P, "high", "SQL", 0),
    ("src/queries.ts", 4, "User", U, "high", "SQL", 0),
    ("src/queries.ts", 4, "id", f"{U}.id", "high", "SQL (table.column)", 0),
    ("src/queries.ts", 4, "authorId", f'{P}."authorId"', "high", "SQL (table.column)", 0),
    # line 5: "Tag"."createdAt" is another table's column
    # a module-level Column(): no class says its table, and "Tag" keeps createdAt
    ("app/models.py", 1, "createdAt", f'{U}."createdAt"', "plain", _UNKNOWN, 2),
    ("app/models.py", 1, "createdAt", f'{C}."createdAt"', "plain", _UNKNOWN, 2),
    ("app/models.py", 1, "createdAt", f'{P}."createdAt"', "plain", _UNKNOWN, 2),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [prisma/migrations]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "prisma/migrations/20240101000000_init/migration.sql": SCHEMA_SQL,
            "prisma/schema.prisma": PRISMA,
            "src/queries.ts": QUERIES,
            "app/models.py": MODELS_PY,
        },
        monkeypatch,
    )


def _impact(root: Path) -> Any:
    return collect_impact(load_settings(root, None, (), (), ()), root)


def _found(impact: Any) -> set[tuple[str, int, str, str, str, str, int]]:
    return {
        (r.path, r.line, r.name, r.target.name, r.confidence, r.context, len(r.shared))
        for r in impact.references
    }


def test_prisma_names_and_columns_are_judged_as_prisma_maps_them(repo: Path) -> None:
    assert _found(_impact(repo)) == EXPECTED


def test_a_place_counts_once_whatever_number_of_objects_it_may_name(repo: Path) -> None:
    impact = _impact(repo)
    # 39 references (EXPECTED, where queries.ts:1's two "createdAt" are one row) at 33
    # places: schema.prisma 20 (line 5 once), queries.ts 12 (line 2 once), models.py 1.
    distinct = {(r.path, r.line, r.column) for r in impact.references}
    assert len(distinct) == 33
    assert len(impact.references) == len(EXPECTED) + 1 == 39
    assert impact.references_per_phase("plain") == {"1": 33}
    high_places = {(r.path, r.line, r.column) for r in impact.references if r.confidence == "high"}
    assert impact.references_per_phase("high") == {"1": len(high_places)} == {"1": 21}
    code, out, err = _run("--format", "json")
    assert code == 0, err
    summary = json.loads(out)["summary"]
    assert (summary["references"], summary["high"], summary["files"]) == (33, 21, 3)
    code, out, _ = _run("--min-confidence", "plain")
    assert "Phase 1: Prisma names: 33 references in 3 files" in out
    assert "Total: 33 references in 3 files (21 high confidence, 12 plain text" in out
    assert "src/queries.ts:2:32: plain [text; or 2 other objects] export const any" in out
    # The default text report counts the shared place once among plain text too.
    code, out, _ = _run()
    assert "Total: 33 references in 3 files (21 high confidence, 12 plain text" in out
    assert "Plain text, not listed: 12 references in 3 files; most in:" in out


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["impact", *args])
    return result.exit_code, result.stdout, result.stderr


#: As ``prisma format`` lays a block out: fields, a blank line, block attributes, @@map last.
PATCHED_PRISMA = (
    PRISMA.replace("  comments  Comment[]\n}", '  comments  Comment[]\n\n  @@map("users")\n}')
    .replace(
        "  id        Int       @id @default(autoincrement())\n",
        '  id        Int       @id @default(autoincrement()) @map("user_id")\n',
    )
    .replace(
        "  createdAt DateTime  @default(now())\n",
        '  createdAt DateTime  @default(now()) @map("created_at")\n',
    )
    .replace(
        "  createdAt DateTime @default(now())\n  authorId  Int      @map",
        '  createdAt DateTime @default(now()) @map("posted_at")\n  authorId  Int      @map',
    )
    .replace('@@map("comments")', '@@map("post_comments")')
    .replace("  @@index([authorId])\n}", '  @@index([authorId])\n  @@map("posts")\n}')
    .replace(
        "  createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n  authorId  Int\n",
        '  createdAt DateTime @default(now()) @map("created_at")\n'
        '  updatedAt DateTime @updatedAt @map("updated_at")\n'
        '  authorId  Int @map("author_id")\n',
    )
    .replace("  ADMIN\n}", '  ADMIN\n\n  @@map("user_role")\n}')
)


def test_patch_maps_prisma_names_instead_of_renaming_them(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0
    # Column("createdAt") may be any of three columns, whose new names differ: plain, not patched.
    # Once mapped, Prisma derives key and index names from the new table and the
    # database column names (prisma.io, "Database mapping > Constraint and index names").
    assert "renames 10 objects the schema has not renamed yet" in result.stderr
    # The phase renames "Post_pkey" with its table to posts_pkey, the name Prisma
    # derives for posts: no map: and nothing left to check (the schema has no
    # key or index for @relation / @@index, so Prisma creates them as it names them).
    assert without_ahead_note(result.stderr) == ""
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    (repo / "fix.patch").unlink()
    assert (repo / "prisma/schema.prisma").read_text(encoding="utf-8") == PATCHED_PRISMA
    # every change above took effect: 3 mappings before, 5 fields and 4 blocks added
    assert PRISMA.count("@map(") == 3 and PATCHED_PRISMA.count("@map(") == 12
    queries = (repo / "src/queries.ts").read_text(encoding="utf-8").splitlines()
    assert (
        queries[0] == 'export const recent = sql`SELECT "created_at" AS "createdAt" FROM "posts" '
        'ORDER BY "created_at"`;'
    )
    # The qualifier names the table the statement reads: renamed with it (PostgreSQL
    # would reject comments."posted_at" once FROM says post_comments).
    assert queries[2] == (
        'export const mine = sql`SELECT post_comments."posted_at" AS "createdAt" '
        "FROM post_comments`;"
    )
    # p."createdAt" may be User's or Post's column: both become created_at, so it is rewritten.
    assert queries[3] == (
        'export const both = sql`SELECT p."created_at" AS "createdAt" FROM "posts" p '
        'JOIN "users" u ON u.user_id = p."author_id"`;'
    )
    # Once mapped, the Prisma names are Prisma Client's only: nothing high is left.
    left = {(r.path, r.line) for r in _impact(repo).references if r.confidence == "high"}
    assert left == set()


def _hunks(patch: str) -> list[list[str]]:
    out: list[list[str]] = []
    for line in patch.splitlines():
        if line.startswith("@@"):
            out.append([])
        elif out and line[:1] in "-+ " and not line.startswith(("---", "+++")):
            out[-1].append(line)
    return out


def test_the_patch_adds_at_map_last_and_changes_no_line_it_keeps(repo: Path) -> None:
    """Trial s17 (documenso): each mapped model's header line was removed and
    added again unchanged (``-model User {`` / ``+model User {``), and
    ``@@map`` went first in the block, where Prisma's docs and ``prisma
    format`` put block attributes last, after the fields and a blank line.
    Now a kept line is context, and ``@@map`` follows the fields (after the
    block's other ``@@`` attributes, with no second blank line)."""
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.output
    for hunk in _hunks(result.stdout):
        removed = [line[1:] for line in hunk if line.startswith("-")]
        added = [line[1:] for line in hunk if line.startswith("+")]
        assert not set(removed) & set(added), hunk  # nothing taken out and put back
        assert any(line.startswith(("-", "+")) for line in hunk)  # no hunk without a change
    assert "-model User {" not in result.stdout and " model User {" in result.stdout
    prisma = result.stdout.split("--- a/src/queries.ts")[0]
    assert '+\n+  @@map("users")\n }' in prisma  # after the fields and a blank line
    assert ' +  @@map("posts")\n }' not in prisma
    assert '   @@index([authorId])\n+  @@map("posts")\n }' in prisma  # after @@index, no blank
    assert '   ADMIN\n+\n+  @@map("user_role")\n }' in prisma


def _prisma(cli_path: str, *args: str) -> subprocess.CompletedProcess[str]:
    # format and validate run in Prisma's WebAssembly; naming engine files
    # keeps the CLI from downloading engines it does not use for them.
    env = {
        **os.environ,
        "PRISMA_SCHEMA_ENGINE_BINARY": "/bin/true",
        "PRISMA_QUERY_ENGINE_LIBRARY": "/bin/true",
        "DATABASE_URL": "postgresql://x@localhost/x",
        "CHECKPOINT_DISABLE": "1",
    }
    return subprocess.run(
        [cli_path, *args], capture_output=True, text=True, env=env, check=False, timeout=120
    )


def test_prisma_itself_validates_the_patched_schema_and_formats_it_as_laid_out(
    repo: Path,
) -> None:
    """The oracle is the real Prisma CLI (``DBNAMELINT_TEST_PRISMA``: the path of
    a ``prisma`` executable; format and validate need no network): the patched
    schema is valid, and ``prisma format`` moves no line of it, changing at most
    the spaces that align a block's columns."""
    cli_path = os.environ.get("DBNAMELINT_TEST_PRISMA")
    if not cli_path:
        pytest.skip("DBNAMELINT_TEST_PRISMA is not set (the path of a prisma CLI)")
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    schema = repo / "prisma/schema.prisma"
    patched = schema.read_text(encoding="utf-8").replace(
        'provider = "postgresql"\n', 'provider = "postgresql"\n  url      = env("DATABASE_URL")\n'
    )
    schema.write_text(patched, encoding="utf-8")
    done = _prisma(cli_path, "validate", "--schema", str(schema))
    assert done.returncode == 0, done.stdout + done.stderr
    done = _prisma(cli_path, "format", "--schema", str(schema))
    assert done.returncode == 0, done.stdout + done.stderr
    formatted = schema.read_text(encoding="utf-8")

    def spaced(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.splitlines()]

    assert spaced(formatted) == spaced(patched)


def test_a_field_map_goes_before_its_native_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """documenso's ``refresh_token String? @db.Text``: ``prisma format`` puts
    ``@map`` before the native type attribute, so the patch writes it there."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "prisma/migrations/1_init").mkdir(parents=True)
    (tmp_path / "prisma/migrations/1_init/migration.sql").write_text(
        'CREATE TABLE "Account" ("id" INTEGER, "refresh_token" TEXT);\n', encoding="utf-8"
    )
    (tmp_path / "prisma/schema.prisma").write_text(
        "model Account {\n  id            Int     @id\n"
        "  refresh_token String? @db.Text // OAuth\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [prisma/migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    (tmp_path / "whitelist.yaml").write_text(
        "phases:\n  - {id: '1', title: camel, status: open}\nentries:\n"
        "  - {kind: column, name: '\"Account\".refresh_token', phase: '1', target: refreshToken}\n",
        encoding="utf-8",
    )
    init_repo(tmp_path, "prisma")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.output
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(tmp_path, "apply", "fix.patch")
    assert (tmp_path / "prisma/schema.prisma").read_text(encoding="utf-8") == (
        "model Account {\n  id            Int     @id\n"
        '  refresh_token String? @map("refreshToken") @db.Text // OAuth\n}\n'
    )


def test_a_block_with_no_closing_line_is_left_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A block whose ``}`` is on its header's line (which Prisma refuses) has no
    line to put ``@@map`` above: it is left as written, with a note; before,
    ``@@map`` landed after the ``}``, outside the block."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "prisma/migrations/1_init").mkdir(parents=True)
    (tmp_path / "prisma/migrations/1_init/migration.sql").write_text(
        'CREATE TABLE "Tag" ("id" INTEGER);\n', encoding="utf-8"
    )
    (tmp_path / "prisma/schema.prisma").write_text("model Tag { id Int @id }\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [prisma/migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    (tmp_path / "whitelist.yaml").write_text(
        "phases:\n  - {id: '1', title: plural, status: open}\nentries:\n"
        "  - {kind: table, name: '\"Tag\"', phase: '1', target: tags}\n",
        encoding="utf-8",
    )
    init_repo(tmp_path, "prisma")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.output
    assert "prisma/schema.prisma" not in result.stdout
    assert without_ahead_note(result.stderr) == (
        "dbnamelint: prisma/schema.prisma:1:7: Tag not mapped: its block has no closing "
        'brace on a line of its own; add @@map("tags") as its last line\n'
    )


def test_prisma_sites_on_odd_input() -> None:
    text = 'model A {\n  b Int // c @map("d")\n  e B @relation("x")\n  @@map(name: "as")\n'
    parsed = PrismaFile.parse(text)  # no closing brace: the block runs to the end
    assert parsed.site(0, 6).client_name  # A is mapped by @@map(name: ...)
    field_site = parsed.site(1, 2)
    assert (field_site.declares, field_site.table) == ("column", "as")  # @map in a comment
    assert parsed.site(2, 2).client_name  # @relation: no column
    assert parsed.site(3, 2).block == "model"
    assert PrismaFile.parse("").site(0, 0).block is None


def test_a_model_is_the_table_of_its_name_now_not_one_renamed_away(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s7-t3 #6 (papermark): "Conversation" was renamed to "Chat" and a
    new "Conversation" created; ``model Conversation`` (no ``@@map``) is the
    new table, as Prisma maps a model to the table of its name."""
    init_repo(tmp_path)
    migrations = tmp_path / "prisma" / "migrations"
    for folder, sql in (
        ("20231127062841_add_conversation", 'CREATE TABLE "Conversation" ("id" INTEGER);'),
        ("20250310000000_rename", 'ALTER TABLE "Conversation" RENAME TO "Chat";'),
        ("20250404000000_new_conversation", 'CREATE TABLE "Conversation" ("id" INTEGER);'),
    ):
        (migrations / folder).mkdir(parents=True)
        (migrations / folder / "migration.sql").write_text(sql + "\n", encoding="utf-8")
    (tmp_path / "prisma" / "schema.prisma").write_text(
        "model Conversation {\n  id Int @id\n}\n\nmodel Chat {\n  id Int @id\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [prisma/migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    (tmp_path / "whitelist.yaml").write_text(
        "phases:\n  - {id: '1', title: plural, status: open}\nentries:\n"
        "  - {kind: table, name: '\"Chat\"', phase: '1', target: chats}\n"
        "  - {kind: table, name: '\"Conversation\"', phase: '1', target: conversations}\n",
        encoding="utf-8",
    )
    commit_all(tmp_path, "prisma")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0
    assert without_ahead_note(result.stderr) == ""
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(tmp_path, "apply", "fix.patch")
    assert (tmp_path / "prisma" / "schema.prisma").read_text(encoding="utf-8") == (
        'model Conversation {\n  id Int @id\n\n  @@map("conversations")\n}\n\n'
        'model Chat {\n  id Int @id\n\n  @@map("chats")\n}\n'
    )
