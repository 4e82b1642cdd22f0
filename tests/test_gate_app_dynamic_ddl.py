"""The gate refuses dynamic DDL a change adds to application code.

Trial s34 documenso (Prisma Migrate on PostgreSQL, a TypeScript app on the
Prisma client and Kysely): a new admin helper ran
``prisma.$executeRawUnsafe(`ALTER TABLE "Recipient" RENAME TO "${newName}"`)``,
a column added by concatenation and Kysely's ``createTable(newName)``. Each
was a ``DBN013`` info note, so the hook and ``check --base`` passed, while
the same statement in a SQL migration (``EXECUTE format(...)``) is the
gate's error. Now a string (or builder call) on lines the change adds whose
name the code builds is that error, in every language the gate reads code
of, unless an inline ``dbnamelint: ignore[DBN013] <reason>`` comment at the
statement accepts it; what the base held, and what a moved file holds, is
not the change's and stays as it was.

Oracles: real git (what the base holds, what the change adds, a ``git mv``)
and the real pre-commit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATION = "packages/prisma/migrations/20230101000000_init/migration.sql"
INIT = (
    'CREATE TABLE "Recipient" ("id" SERIAL NOT NULL,\n'
    '  CONSTRAINT "Recipient_pkey" PRIMARY KEY ("id"));\n'
    'CREATE TABLE "Envelope" ("id" SERIAL NOT NULL,\n'
    '  CONSTRAINT "Envelope_pkey" PRIMARY KEY ("id"));\n'
)
CONFIG = "paths: [packages/prisma/migrations]\ndialect: postgres\n"
#: The trial's reproduction, as written (branch t-s67_code_dynamic_min).
RENAME = "packages/lib/server-only/admin/rename-table.ts"
RENAME_TS = """import { kyselyPrisma, prisma } from '@documenso/prisma';

export const renameRecipients = async (newName: string) => {
  await prisma.$executeRawUnsafe(`ALTER TABLE "Recipient" RENAME TO "${newName}"`);
  await prisma.$executeRawUnsafe('ALTER TABLE "Envelope" ADD COLUMN "' + newName + 'Col" INTEGER');
  await kyselyPrisma.$kysely.schema.createTable(newName).addColumn('some_col', 'integer').execute();
};
"""
ACCEPTED = "accepted by the `dbnamelint: ignore[DBN013]` comment at it"


@pytest.fixture
def documenso(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Prisma project that adopted dbnamelint (its legacy PascalCase names
    whitelisted), with one application file, committed."""
    root = git_workdir(tmp_path / "documenso", monkeypatch)
    adopted_repo(root, {MIGRATION: INIT, "packages/lib/index.ts": "export {};\n"}, CONFIG)
    return root


def _dynamic(*run: str) -> tuple[int, list[tuple[str, int, str]]]:
    """(exit code, (path, line, severity) of each DBN013) of ``check RUN``."""
    code, found = check_entries(*run, "--no-cache", "--verbose")
    return code, [(p, line, s) for c, p, line, s, _m in found if c == "DBN013"]


def _write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)
    git(root, "add", "-A")


def test_the_trials_rename_helper_is_refused_by_both_gates(documenso: Path) -> None:
    _write(documenso, RENAME, RENAME_TS)
    # before: exit 0 and three info notes (`All checks passed!`)
    expected = [(RENAME, 4, "error"), (RENAME, 5, "error"), (RENAME, 6, "error")]
    assert _dynamic("--base", "HEAD") == (1, expected)
    assert _dynamic("--pre-commit") == (1, expected)
    out = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"]).output
    assert (
        f"{RENAME}:4:35: DBN013 error: this string's DDL (ALTER TABLE) is completed when the "
        "code runs (${newName}): a name it builds is not checked and is not in the model. "
        "Write the name in the string to have it checked; new since HEAD, so the gate refuses "
        "it: its names cannot be checked. Check them by hand and write `// dbnamelint: "
        "ignore[DBN013] <reason>` on the line above the statement to accept it"
    ) in out, out
    assert "Found 3 problems: 3 dynamic DDL statements added." in out, out


def test_an_inline_comment_accepts_its_statement_alone(documenso: Path) -> None:
    reason = "  // dbnamelint: ignore[DBN013] admin-only, newName checked by assertTableName()\n"
    lines = RENAME_TS.splitlines(keepends=True)
    # above the first statement, and at the end of the third one's line
    lines[5] = lines[5].rstrip("\n") + " // dbnamelint: ignore[DBN013] checked by hand\n"
    text = "".join([*lines[:3], reason, *lines[3:]])
    _write(documenso, RENAME, text)
    code, said = _dynamic("--base", "HEAD")
    assert (code, said) == (1, [(RENAME, 5, "info"), (RENAME, 6, "error"), (RENAME, 7, "info")])
    # a comment without its reason accepts nothing
    _write(documenso, RENAME, text.replace(" admin-only, newName checked by assertTableName()", ""))
    assert _dynamic("--base", "HEAD")[1][0] == (RENAME, 5, "error")
    # nor does a comment elsewhere in the file (application code: at the statement)
    _write(documenso, RENAME, reason.lstrip() + RENAME_TS)
    assert _dynamic("--pre-commit") == (
        1,
        [(RENAME, 5, "error"), (RENAME, 6, "error"), (RENAME, 7, "error")],
    )


def test_a_comment_above_a_call_spread_over_lines_accepts_it(documenso: Path) -> None:
    app = "packages/lib/server-only/tenant.ts"
    _write(
        documenso,
        app,
        "export const addTenant = async (tenant: string) => {\n"
        "  // dbnamelint: ignore[DBN013] tenant is checked by validTenant()\n"
        "  await prisma.$executeRawUnsafe(\n"
        '    `CREATE TABLE "${tenant}_events" (id int)`,\n'
        "  );\n"
        "  // dbnamelint: ignore[DBN013] same tenant tables\n"
        "  await kyselyPrisma.$kysely.schema\n"
        "    .createTable(`${tenant}_logs`)\n"
        "    .addColumn('id', 'integer')\n"
        "    .execute();\n"
        "  await prisma.$executeRawUnsafe(\n"
        '    `CREATE TABLE "${tenant}_other" (id int)`,\n'
        "  );\n"
        "};\n",
    )
    code, said = _dynamic("--base", "HEAD")
    assert (code, said) == (1, [(app, 4, "info"), (app, 7, "info"), (app, 12, "error")])


#: (path, code adding a table or column whose name the code builds, line of its string)
LANGUAGES = [
    ("app/a.ts", "db.exec(`CREATE TABLE ${name} (id int)`);\n", "//"),
    ("app/b.js", "db.exec('ALTER TABLE users ADD COLUMN ' + col + ' int');\n", "//"),
    ("app/c.py", 'cur.execute(f"CREATE TABLE {name} (id int)")\n', "#"),
    ("app/d.py", 'cur.execute("ALTER TABLE users ADD COLUMN {} int".format(col))\n', "#"),
    ("app/e.py", 'cur.execute("CREATE INDEX %s ON users (id)" % name)\n', "#"),
    ("app/f.go", 'db.Exec(fmt.Sprintf("CREATE TABLE %s (id int)", name))\n', "//"),
    ("app/g.go", 'db.Exec("ALTER TABLE users RENAME TO " + name)\n', "//"),
    ("app/H.java", 'st.execute("CREATE TABLE " + name + " (id int)");\n', "//"),
    ("app/I.kt", 'st.execute("ALTER TABLE users ADD COLUMN ${name}_x int")\n', "//"),
    ("app/J.cs", 'cmd.CommandText = $"CREATE TABLE {name} (id int)";\n', "//"),
    ("app/k.php", '$pdo->exec("ALTER TABLE users ADD COLUMN " . $name . " int");\n', "//"),
    ("app/l.php", '$pdo->exec("CREATE TABLE $name (id int)");\n', "//"),
    ("app/m.rb", 'conn.execute("CREATE TABLE #{name} (id int)")\n', "#"),
    ("app/n.rs", 'c.execute(&format!("ALTER TABLE users RENAME TO {name}"), &[]);\n', "//"),
    ("app/o.ts", "await db.schema.createTable(name).addColumn('id', 'integer').execute();\n", "//"),
    ("app/p.js", "await knex.schema.createTable(name, (t) => { t.increments(); });\n", "//"),
    ("app/q.js", "await queryInterface.addColumn('users', col, Sequelize.INTEGER);\n", "//"),
]


@pytest.mark.parametrize(("path", "code", "mark"), LANGUAGES, ids=[p for p, _c, _m in LANGUAGES])
def test_every_language_the_gate_reads(documenso: Path, path: str, code: str, mark: str) -> None:
    _write(documenso, path, "\n" + code)
    assert _dynamic("--base", "HEAD") == (1, [(path, 2, "error")])
    accepted = f"\n{mark} dbnamelint: ignore[DBN013] the name is checked by hand\n{code}"
    _write(documenso, path, accepted)
    assert _dynamic("--pre-commit") == (0, [(path, 3, "info")])


def test_what_the_base_holds_or_a_move_carries_is_not_refused(documenso: Path) -> None:
    _write(documenso, RENAME, RENAME_TS)
    git(documenso, "commit", "-qm", "the helper, before the gate refused it")
    # adopting the tool on code that has it: a plain check and the gate pass
    assert CliRunner().invoke(cli, ["check", "--no-cache"]).exit_code == 0
    path = documenso / RENAME
    path.write_text(RENAME_TS.replace("};\n", "  return newName;\n};\n"))
    git(documenso, "add", "-A")
    assert _dynamic("--base", "HEAD")[0] == 0
    assert _dynamic("--pre-commit")[0] == 0
    # the file moved (git mv), its strings and the unread builder call with it
    git(documenso, "add", "-A")
    git(documenso, "commit", "-qm", "return it")
    with_unread = RENAME_TS.replace(
        "};\n", "  await kyselyPrisma.$kysely.schema.createTable('x_y').as(q).execute();\n};\n"
    )
    _write(documenso, RENAME, with_unread)
    code, found = check_entries("--base", "HEAD", "--no-cache")
    assert code == 1
    assert [(line, s) for c, _p, line, s, _m in found if c == "DBN013"][-1] == (7, "error")
    git(documenso, "commit", "-qm", "with the unread call", "--no-verify")
    moved = "packages/lib/server-only/admin/tables.ts"
    git(documenso, "mv", RENAME, moved)
    code, said = _dynamic("--base", "HEAD")
    assert (code, [s for _p, _l, s in said]) == (0, ["warning"])  # the call's, as before
    # a statement the change adds to the moved file is the change's
    (documenso / moved).write_text(
        with_unread + "export const f = (n: string) => db.exec(`CREATE TABLE ${n} (id int)`);\n"
    )
    git(documenso, "add", "-A")
    assert _dynamic("--pre-commit") == (1, [(moved, 7, "warning"), (moved, 9, "error")])


def test_an_unread_builder_call_in_application_code_is_refused(documenso: Path) -> None:
    app = "packages/lib/server-only/report.ts"
    call = "  await kyselyPrisma.$kysely.schema.createTable('report_caches').as(query).execute();\n"
    _write(documenso, app, "export const cache = async (query) => {\n" + call + "};\n")
    # before: a warning, not failing the run
    code, found = check_entries("--base", "HEAD", "--no-cache")
    said = [(c, line, s) for c, p, line, s, _m in found if p == app]
    assert (code, said) == (1, [("DBN013", 2, "error")])
    accepted = "  // dbnamelint: ignore[DBN013] its columns are the query's, reviewed\n"
    _write(documenso, app, "export const cache = async (query) => {\n" + accepted + call + "};\n")
    code, found = check_entries("--pre-commit", "--no-cache", "--verbose")
    said = [(c, line, s, ACCEPTED in m) for c, p, line, s, m in found if p == app]
    assert (code, said) == (0, [("DBN013", 3, "info", True)])


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    root = tmp_path / "documenso-hook"
    (root / MIGRATION).parent.mkdir(parents=True)
    (root / MIGRATION).write_text(
        "CREATE TABLE recipient (id SERIAL PRIMARY KEY);\nCREATE TABLE envelope (id int);\n"
    )
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    (root / RENAME).parent.mkdir(parents=True)
    (root / RENAME).write_text(RENAME_TS)
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "rename helper", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{RENAME}:4:35: DBN013 error:" in output
    lines = RENAME_TS.splitlines(keepends=True)
    accepted = [
        line.replace("  await", "  // dbnamelint: ignore[DBN013] reviewed: admin only\n  await")
        if line.startswith("  await")
        else line
        for line in lines
    ]
    (root / RENAME).write_text("".join(accepted))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "rename helper, reviewed", check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("kysely", [False, True], ids=["plain", "kysely-import"])
def test_a_schema_that_is_no_builder_is_not_refused(documenso: Path, kysely: bool) -> None:
    """documenso's job clients validate payloads with zod
    (``definition.trigger.schema.safeParse(payload)``): read as an unread
    Knex (or Kysely) schema call, three refusals on the whole app."""
    app = "packages/lib/jobs/client/local.ts"
    head = "import { sql } from 'kysely';\n" if kysely else ""
    _write(
        documenso,
        app,
        head + "export const run = (definition, job, payload) => {\n"
        "  const result = definition.trigger.schema.safeParse(payload);\n"
        "  return job.trigger.schema.parse(result);\n"
        "};\n",
    )
    code, found = check_entries("--base", "HEAD", "--no-cache", "--verbose")
    assert (code, [f for f in found if f[1] == app]) == (0, [])
