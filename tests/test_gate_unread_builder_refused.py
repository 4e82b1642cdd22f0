"""An unread builder call in a new code migration outside ``paths:`` is refused by the gate.

The README's ``DBN013`` row: "yes in the gate: the warning on a statement new
since the base is an error unless accepted inline". A Laravel Schema,
Doctrine Schema API, Knex, Kysely or Sequelize call the reader does not read
(or whose name the code computes), or an Alembic ``op`` call it does not
read, in a code migration new since the base,
was refused when the migrations were named in ``paths:`` (the model's
``DBN013`` warning made an error) but only a warning, exit 0, when the gate
read the migration by itself (the migrations not in ``paths:``, the layout
``init`` writes when a schema dump is the model). Now refused the same way,
accepted by a ``dbnamelint: ignore[DBN013] <reason>`` comment (on the line
above the call, or anywhere in the file, as for a new code migration's
other unread DDL). Judged through ``check --base`` (real git) and the real
pre-commit framework's hook (tests/test_precommit.py's snapshot).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, check_entries
from git_helpers import committed_repo, git, init_repo, write_files
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY);\n"
CONFIG = 'paths: ["schema.sql"]\ndialect: postgres\n'

LARAVEL_HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
"""
DOCTRINE_HEAD = """<?php

declare(strict_types=1);

namespace App\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20261205000001 extends AbstractMigration
{
    private const AUDIT_TABLE = 'AuditTrail';

    public function up(Schema $schema): void
    {
"""
PHP_TAIL = "    }\n}\n"

#: tool -> (path, text before the unread call, the call's line, text after it)
CASES: dict[str, tuple[str, str, str, str]] = {
    "laravel-macro": (
        "database/migrations/2026_12_05_000001_create_audits.php",
        LARAVEL_HEAD + "        Schema::create('audits', function (Blueprint $table) {\n"
        "            $table->id();\n",
        "            $table->auditColumns('AuditTrail');\n",
        "        });\n" + PHP_TAIL.replace("}\n}", "}\n};"),
    ),
    "laravel-computed": (
        "database/migrations/2026_12_05_000002_create_audits.php",
        LARAVEL_HEAD + "        $name = config('audit.table');\n",
        "        Schema::create($name, function (Blueprint $table) { $table->id(); });\n",
        PHP_TAIL.replace("}\n}", "}\n};"),
    ),
    "alembic": (
        "migrations/versions/abcdef123456_add_ranges.py",
        '"""add ranges\n\nRevision ID: abcdef123456\n"""\nfrom alembic import op\n\n'
        'revision = "abcdef123456"\ndown_revision = None\n\n\ndef upgrade():\n',
        '    op.create_exclude_constraint("ExclRange", "users", ("id", "="))\n',
        "\n\ndef downgrade():\n    pass\n",
    ),
    "doctrine": (
        "migrations/Version20261205000001.php",
        DOCTRINE_HEAD,
        "        $schema->createTable(self::AUDIT_TABLE);\n",
        PHP_TAIL,
    ),
    "knex": (
        "migrations/20261205000000_views.js",
        "exports.up = async function (knex) {\n",
        "  await knex.schema.createViewOrReplace('UserViews', (v) => v.as(q));\n",
        "};\n\nexports.down = async function (knex) {};\n",
    ),
    "kysely": (
        "server/src/schema/migrations/1764300000003-Copies.ts",
        "import { Kysely, sql } from 'kysely';\n\n"
        "export async function up(db: Kysely<any>): Promise<void> {\n",
        "  await db.schema.createTable('copies').as(db.selectFrom('users')).execute();\n",
        "}\n",
    ),
    "sequelize": (
        "migrations/20261205000000-defaults.js",
        "'use strict';\nmodule.exports = {\n  async up(queryInterface, Sequelize) {\n",
        "    await queryInterface.addConstraint('users', { fields: ['id'], type: 'default', "
        "defaultValue: 0, name: 'DfUsersId' });\n",
        "  },\n  async down(queryInterface) {},\n};\n",
    ),
}


def _text(case: str, accepted: bool) -> tuple[str, str, int]:
    """(path, file text, 1-based line of the unread call)."""
    path, before, call, after = CASES[case]
    indent = call[: len(call) - len(call.lstrip())]
    comment = ""
    if accepted:
        mark = "#" if path.endswith(".py") else "//"
        comment = f"{indent}{mark} dbnamelint: ignore[DBN013] its names are checked by hand\n"
    text = before + comment + call + after
    return path, text, (before + comment).count("\n") + 1


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA}, monkeypatch
    )


def _stage(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)
    git(root, "add", "-A")


def _dbn013(found: list[Entry], path: str) -> list[tuple[int, str]]:
    return [(line, s) for c, p, line, s, _m in found if c == "DBN013" and p == path]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_new_migrations_unread_call_is_refused_unless_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    path, text, line = _text(case, accepted=False)
    _stage(root, path, text)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, (run, found)
        assert _dbn013(found, path) == [(line, "error")], (run, found)
        message = next(m for c, p, _l, s, m in found if c == "DBN013" and s == "error")
        assert "ignore[DBN013] <reason>" in message
        assert "new since HEAD" in message or "new Alembic revision" in message
    path, text, line = _text(case, accepted=True)
    _stage(root, path, text)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, (run, found)
        assert [s for _l, s in _dbn013(found, path)] in ([], ["info"]), found


def test_a_call_added_to_an_applied_migration_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The call is new since the base in an applied migration too (what the
    ``paths:`` mode refuses as well): an error, not a warning."""
    path, text, line = _text("knex", accepted=False)
    applied = text.replace(CASES["knex"][2], "")
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, path: applied},
        monkeypatch,
    )
    _stage(root, path, text)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1, found
    assert _dbn013(found, path) == [(line, "error")], found


def test_application_code_outside_a_migration_is_refused_unless_accepted_at_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A builder call in application code (a repository class, not a
    migration) that the change adds: a warning that passed the gate before
    (trial s34 documenso), now refused as dynamic DDL is, unless a comment
    at the call accepts it (not one elsewhere in the file)."""
    root = _repo(tmp_path, monkeypatch)
    text = (
        "import { Kysely } from 'kysely';\n"
        "export class Repo {\n"
        "  async setUp(trx: Kysely<any>) {\n"
        "    await trx.schema.createTable('copies').as(trx.selectFrom('x')).execute();\n"
        "  }\n"
        "}\n"
    )
    _stage(root, "src/repo.ts", "// dbnamelint: ignore[DBN013] not here\n" + text)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert _dbn013(found, "src/repo.ts") == [(5, "error")], found
    assert status == 1, found
    accepted = "    // dbnamelint: ignore[DBN013] copies of x, reviewed\n    await trx"
    _stage(root, "src/repo.ts", text.replace("    await trx", accepted))
    status, found = check_entries("--base", "HEAD", "--no-cache", "--verbose")
    assert _dbn013(found, "src/repo.ts") == [(5, "info")], found
    assert status == 0, found


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_real_pre_commit_hook_refuses_it_unless_accepted(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
    case: str,
) -> None:
    """The same through the pre-commit framework's hook (the snapshot of
    this tree tests/test_precommit.py installs)."""
    env, snapshot, rev = hook_repo
    project = tmp_path / "project"
    write_files(
        project,
        {
            "dbnamelint.yaml": CONFIG,
            "schema.sql": SCHEMA,
            ".pre-commit-config.yaml": f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n"
            "    hooks:\n      - id: dbnamelint\n",
        },
    )
    init_repo(project, "schema")
    assert env.pre_commit(project, "install").returncode == 0
    path, text, line = _text(case, accepted=False)
    write_files(project, {path: text})
    env.git(project, "add", path)
    done = env.git(project, "commit", "-m", "unread call", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{path}:{line}:" in output and "DBN013 error" in output, output
    path, text, line = _text(case, accepted=True)
    write_files(project, {path: text})
    env.git(project, "add", path)
    done = env.git(project, "commit", "-m", "unread call, accepted", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "DBN013 error" not in output
