"""``impact --diff`` renames a SQL statement whole or not at all (trial s20 river #3).

river's sqlc query ``JobGetAvailable`` slices an array:
``river_job.attempted_by[array_length(river_job.attempted_by, 1) + 2 -
@max_attempted_by:]``. The reader took ``[...]`` for a bracket-quoted name
(SQL Server's ``[Order Details]``), so the qualifiers inside it were plain
text: the patch renamed the ``UPDATE``'s table and left them, with only a
warning, and PostgreSQL refuses the half-renamed statement (``missing
FROM-clause entry for table "river_job"``). Now a ``[`` glued to a value
(``x[1]``, ``x[a:b]``, ``x[:b]``, ``x[a:]``) opens a subscript whose inside is
SQL, and a statement holding a place the patch cannot rename is left whole,
with a note. PostgreSQL accepts a subscript after a space too (``x [2:]``),
which the reader still takes for a quoted name: that statement is the one
left whole here.

Oracle: real ``git apply`` of the patch, then real PostgreSQL, with the
forward script ``migrate --write`` wrote run on the schema, PREPAREs every
statement of the patched query file (sqlc's ``@name`` and
``sqlc.arg(name)`` parameters numbered ``$1``... as sqlc does).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = (
    "CREATE TABLE job (id bigint PRIMARY KEY, attempt int NOT NULL DEFAULT 0, "
    "attempted_by text[]);\n"
)
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: job, phase: "1", target: jobs}
"""

#: river's riverpgxv5/internal/dbsqlc/river_job.sql JobGetAvailable's UPDATE,
#: the three slice forms with sqlc's two parameter forms, and a subscript
#: after a space, which this reader does not understand.
QUERIES = """\
-- name: JobGetAvailable :many
UPDATE
    job
SET
    attempt = job.attempt + 1,
    attempted_by = array_append(
        CASE WHEN array_length(job.attempted_by, 1) >= @max_attempted_by::int
        THEN job.attempted_by[array_length(job.attempted_by, 1) + 2 - @max_attempted_by:]
        ELSE job.attempted_by
        END,
        @attempted_by::text
    )
WHERE
    job.id = @id
RETURNING
    job.*;

-- name: JobFirstAttempts :one
SELECT job.attempted_by[:sqlc.arg(count)::int] FROM job WHERE job.id = sqlc.arg(id);

-- name: JobAttemptsBetween :many
SELECT job.attempted_by[@lo::int:@hi::int], job.attempted_by[job.attempt:] FROM job;

-- name: JobLastAttempts :many
SELECT job.attempted_by [array_length(job.attempted_by, 1):] FROM job;
"""

PATCHED = (
    QUERIES.replace("    job\n", "    jobs\n")
    .replace("job.", "jobs.")
    .replace("FROM job;", "FROM jobs;")
    .replace("FROM job WHERE", "FROM jobs WHERE")
    .replace(
        "SELECT jobs.attempted_by [array_length(jobs.attempted_by, 1):] FROM jobs;",
        "SELECT job.attempted_by [array_length(job.attempted_by, 1):] FROM job;",
    )
)


def _sqlc(statement: str) -> str:
    """``statement`` with sqlc's parameters numbered as sqlc numbers them."""
    numbers: dict[str, int] = {}

    def number(found: re.Match[str]) -> str:
        name = found.group(1) or found.group(2)
        return f"${numbers.setdefault(name, len(numbers) + 1)}"

    return re.sub(r"sqlc\.arg\((\w+)\)|@(\w+)", number, statement)


def _statements(text: str) -> dict[str, str]:
    """Each ``-- name: X`` query of ``text`` by name, its parameters numbered."""
    parts = re.split(r"^-- name: (\w+) :\w+\n", text, flags=re.MULTILINE)[1:]
    return {
        name: _sqlc(body.strip().rstrip(";"))
        for name, body in zip(parts[::2], parts[1::2], strict=True)
    }


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/migrations/001_init.up.sql": SCHEMA,
        "db/queries/job.sql": QUERIES,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def test_slices_are_read_and_a_statement_is_renamed_whole_or_not_at_all(
    repo: Path, tmp_path: Path, pg: PgServer
) -> None:
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    forward = sorted(repo.glob("db/migrations/002_*.up.sql"))
    assert len(forward) == 1, written.stderr
    commit_all(repo, "renamed")
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    assert (
        "db/queries/job.sql:25:39: SQL statement left as written: job.attempted_by is in a "
        "part of it this reading does not understand; renaming its 2 other places alone would "
        "leave it naming old and new names at once, which fails"
    ) in result.stderr
    assert "warning: the patch leaves" not in result.stderr  # nothing half renamed
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    patched = (repo / "db/queries/job.sql").read_text(encoding="utf-8")
    assert patched == PATCHED
    with pg.fresh_database("impactdiff_s21") as db:
        pg.run(sql=SCHEMA + forward[0].read_text(encoding="utf-8"), dbname=db)
        for name, statement in _statements(patched).items():
            pg.run(sql=f"PREPARE {name.lower()} AS {statement}", dbname=db)
        # The half-renamed statement the old reading patched: PostgreSQL refuses it.
        half = _statements(PATCHED.replace("THEN jobs.", "THEN job.", 1))["JobGetAvailable"]
        with pytest.raises(SqlFailed, match='missing FROM-clause entry for table "job"'):
            pg.run(sql=f"PREPARE half AS {half}", dbname=db)
