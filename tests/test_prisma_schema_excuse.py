"""One intended DBN029 excused inline, the check kept for every other one
(trial s43 formbricks: a migration adds ``email_verified_at`` to "User",
"intentionally NOT in schema.prisma"; the only documented excuse was a
``per_path`` ignore of the whole schema, after which the hook compared
nothing).

Expected values come from the documents (docs/diagnostics.md, "A Prisma
schema and its migrations"): a ``// dbnamelint: ignore[DBN029] reason``
comment on the line the error is located at, or on the line before, excuses
it; an ``ignore[DBN029]`` on the migration statement that adds the column
excuses that column only; a directive excusing nothing is ``DBN020``; the
gate and the hook refuse each error a directive silences that the base did
not (``DBN908``). That a column no field maps is a difference Prisma acts on
is held to the real Prisma CLI in tests/test_prisma_schema_sync.py. The
hook and the gate run on real git repositories.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

#: Only the Prisma comparison and the suppression diagnostics are under test.
CONFIG = "paths: [prisma/migrations]\ndialect: postgres\nignore: [DBN101, DBN105, DBN401, DBN502]\n"
INIT = "prisma/migrations/20240101000000_init/migration.sql"
TEMP = "prisma/migrations/20240201000000_eng_1054/migration.sql"
MORE = "prisma/migrations/20240301000000_more/migration.sql"
SCHEMA = "prisma/schema.prisma"
ADD_TEMP = (
    "-- This temp column is intentionally NOT in schema.prisma\n"
    'ALTER TABLE "User" ADD COLUMN "email_verified_at" TIMESTAMP(3);\n'
)
DATASOURCE = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n'
USER = "model User {\n  id String @id\n}\n"
#: the model line is line 6 of the schema; the directive written above it is line 6
EXCUSE = "// dbnamelint: ignore[DBN029] email_verified_at is temporary (ENG-1055 drops it)\n"
TEMP_ERROR = (
    "DBN029 error: column 'email_verified_at' of table 'User' (migration "
    "20240201000000_eng_1054) is mapped by no field of model User in schema.prisma"
)
OTHER_ERROR = (
    "DBN029 error: column 'other_col' of table 'User' (migration 20240301000000_more) "
    "is mapped by no field of model User in schema.prisma"
)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    project = tmp_path / "app"
    project.mkdir()
    monkeypatch.chdir(project)
    write_files(
        project,
        {
            "dbnamelint.yaml": CONFIG,
            INIT: 'CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" '
            'PRIMARY KEY ("id"));\n',
            SCHEMA: DATASOURCE + USER,
        },
    )
    return project


def _check(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, [line for line in result.output.splitlines() if ": DBN" in line]


def test_a_schema_comment_excuses_the_difference_at_its_line(root: Path) -> None:
    write_files(root, {TEMP: ADD_TEMP})
    assert _check() == (1, [f"{SCHEMA}:6:7: {TEMP_ERROR}" + _TAIL.format("email_verified_at")])
    # on the line before the model line, and after the code of the model line
    write_files(root, {SCHEMA: DATASOURCE + EXCUSE + USER})
    assert _check() == (0, [])
    trailing = USER.replace("{\n", "{ " + EXCUSE, 1)
    write_files(root, {SCHEMA: DATASOURCE + trailing})
    assert _check() == (0, [])
    # a blank line between: the comment still stands above the model
    write_files(root, {SCHEMA: DATASOURCE + EXCUSE + "\n" + USER})
    assert _check() == (0, [])
    # above another line (a field's): not the line the error is at
    field = USER.replace("  id", "  " + EXCUSE + "  id")
    write_files(root, {SCHEMA: DATASOURCE + field})
    code, said = _check()
    assert code == 1 and said[0].startswith(f"{SCHEMA}:6:7: {TEMP_ERROR}")
    assert said[1:] == [f"{SCHEMA}:7:3: DBN020 warning: unused suppression ignore[DBN029]"]
    # the difference gone (a field maps the column): the directive is unused
    mapped = USER.replace("}", "  email_verified_at DateTime?\n}")
    write_files(root, {SCHEMA: DATASOURCE + EXCUSE + mapped})
    assert _check() == (1, [f"{SCHEMA}:6:1: DBN020 warning: unused suppression ignore[DBN029]"])


_TAIL = (
    ": the next `prisma migrate dev` would drop it with its data; add a field for it "
    '(with @map("{0}") if the field is named otherwise)'
)


def test_the_migration_statement_excuses_its_column_only(root: Path) -> None:
    write_files(root, {TEMP: "-- dbnamelint: ignore[DBN029] temporary, ENG-1055\n" + ADD_TEMP})
    assert _check() == (0, [])
    # another column no field maps, in another migration: still reported
    write_files(root, {MORE: 'ALTER TABLE "User" ADD COLUMN "other_col" TEXT;\n'})
    assert _check() == (1, [f"{SCHEMA}:6:7: {OTHER_ERROR}" + _TAIL.format("other_col")])


def test_the_hook_and_the_gate_judge_each_silenced_difference(root: Path) -> None:
    init_repo(root, "init")
    write_files(root, {TEMP: ADD_TEMP, SCHEMA: DATASOURCE + EXCUSE + USER})
    git(root, "add", "-A")
    # the hook reads the staged schema as check does, and refuses the new excuse
    assert _check() == (0, [])
    code, said = _check("--pre-commit")
    added = f"{SCHEMA}:7:7: DBN908 error: inline ignore[DBN029] silences an error not silenced at"
    assert code == 1 and len(said) == 1
    assert said[0].startswith(f"{added} HEAD: column 'email_verified_at' of table 'User'")
    commit_all(root, "temp column, excused")
    code, said = _check("--base", "HEAD~1")
    assert code == 1 and len(said) == 1
    assert said[0].startswith(f"{added} HEAD~1: column 'email_verified_at' of table 'User'")
    # kept as the base had it: nothing new
    assert _check("--base", "HEAD") == (0, [])
    write_files(root, {"prisma/migrations/20240215000000_x/migration.sql": "SELECT 1;\n"})
    git(root, "add", "-A")
    assert _check("--pre-commit") == (0, [])
    git(root, "reset", "-q")
    # a later, different difference at the excused line: the hook and the gate refuse it
    write_files(root, {MORE: 'ALTER TABLE "User" ADD COLUMN "other_col" TEXT;\n'})
    git(root, "add", "-A")
    code, said = _check("--pre-commit")
    assert code == 1 and len(said) == 1
    assert said[0].startswith(f"{added} HEAD: column 'other_col' of table 'User'")
    commit_all(root, "another column")
    code, said = _check("--base", "HEAD~1")
    assert code == 1 and len(said) == 1
    assert said[0].startswith(f"{added} HEAD~1: column 'other_col' of table 'User'")


def test_a_directive_on_the_migration_is_judged_there_by_the_gate(root: Path) -> None:
    init_repo(root, "init")
    write_files(root, {TEMP: "-- dbnamelint: ignore[DBN029] temporary\n" + ADD_TEMP})
    commit_all(root, "temp column, excused in the migration")
    code, said = _check("--base", "HEAD~1")
    assert code == 1 and len(said) == 1
    assert said[0].startswith(
        f"{TEMP}:3:31: DBN908 error: inline ignore[DBN029] silences an error not silenced at "
        "HEAD~1: column 'email_verified_at' of table 'User'"
    )


def test_whitelist_init_says_how_to_excuse_it_in_the_schema(root: Path) -> None:
    write_files(root, {TEMP: ADD_TEMP})
    result = CliRunner().invoke(cli, ["whitelist", "init"])
    assert result.exit_code == 0, result.output
    assert (
        "dbnamelint: 1 error above is not excused by a whitelist; 'check' fails on it until "
        "fixed or silenced (-- dbnamelint: ignore[CODE] reason; in a .prisma file, "
        "// dbnamelint: ignore[CODE] reason on or above the line)"
    ) in result.output
    # the advice works: written above the model line, check passes
    write_files(root, {SCHEMA: DATASOURCE + EXCUSE + USER})
    assert _check() == (0, [])
