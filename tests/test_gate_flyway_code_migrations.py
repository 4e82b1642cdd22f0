"""The gate on Flyway's Java and Kotlin migrations (conductor trial, s19):
``src/main/java/db/migration_postgres/V19__CreateJobRun.java`` running
``CREATE TABLE "JobRun"`` through JDBC was committed with no note at all.
Now such classes (named ``V<version>__<desc>`` or ``R__<desc>`` under a
``db/migration*`` package, or implementing Flyway's ``JavaMigration``) get
``DBN014``, and, as goose's Go migrations: an applied one edited, deleted or
renamed is ``DBN025``; a new version clashing with one committed in the same
classpath location (the SQL files of ``src/main/resources/<location>``), or
below the highest committed, is ``DBN016``; a new one whose string literals
hold DDL is refused (``DBN013``) unless ``// dbnamelint: ignore[DBN013]
<reason>`` accepts it.

The oracle is real git (what the base commit holds, what the working tree or
the index holds now), and the real pre-commit for the hook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json
from dbnamelint import flyway_code
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env
from test_precommit import Env, hook_repo  # noqa: F401 - the module's hook fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SQL_DIR = "src/main/resources/db/migration_postgres"
JAVA_DIR = "src/main/java/db/migration_postgres"
CONFIG = f"paths: [{SQL_DIR}]\ndialect: postgres\n"
JAVA = """package db.migration_postgres;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

public class {name} extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (var st = context.getConnection().createStatement()) {
            st.execute("{sql}");
        }
    }
}
"""
KOTLIN = '''package db.migration_postgres

import org.flywaydb.core.api.migration.BaseJavaMigration
import org.flywaydb.core.api.migration.Context

class {name} : BaseJavaMigration() {
    override fun migrate(context: Context) {
        context.connection.createStatement().use {
            it.execute("""
                {sql}
            """)
        }
    }
}
'''
APPLIED = f"{JAVA_DIR}/V3__Backfill.java"
JOB_RUN = 'CREATE TABLE \\"JobRun\\" (id int PRIMARY KEY)'


def _java(name: str, sql: str) -> str:
    return JAVA.replace("{name}", name).replace("{sql}", sql)


def _check(*args: str) -> tuple[int, list[tuple[str, str, int, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["severity"])
        for d in report["diagnostics"]
        if d["code"] != "DBN014"
    ]
    return result.exit_code, found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "conductor"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            f"{SQL_DIR}/V1__init.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            f"{SQL_DIR}/V2__add_email.sql": "ALTER TABLE users ADD COLUMN email text;\n",
            APPLIED: _java("V3__Backfill", "UPDATE users SET email = ''"),
        },
        CONFIG,
    )
    return root


def test_a_new_java_migration_with_ddl_is_refused_unless_accepted(project: Path) -> None:
    """The trial's case: before, the commit passed with no note."""
    new = f"{JAVA_DIR}/V19__CreateJobRun.java"
    (project / new).write_text(_java("V19__CreateJobRun", JOB_RUN))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 10, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN013", new, 10, "error")])
    # a full check notes the folder, and passes
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--verbose"])
    assert result.exit_code == 0, result.output
    assert (
        f"{new}:1:1: DBN014 info: 2 Java migrations in {JAVA_DIR}/ (V19__CreateJobRun.java, "
        "...) are not read: their schema changes are Java code"
    ) in result.output
    text = (project / new).read_text()
    (project / new).write_text("// dbnamelint: ignore[DBN013] JobRun checked by hand\n" + text)
    git(project, "add", "-A")
    assert _check("--pre-commit") == (0, [])


def test_a_new_kotlin_migration_with_ddl_in_a_raw_string(project: Path) -> None:
    new = f"{JAVA_DIR}/V4__CreateJobRun.kt"
    sql = 'CREATE TABLE "JobRun" (id int PRIMARY KEY)'
    (project / new).write_text(KOTLIN.replace("{name}", "V4__CreateJobRun").replace("{sql}", sql))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 9, "error")])


def test_a_new_java_migration_without_ddl_passes(project: Path) -> None:
    new = f"{JAVA_DIR}/V4__FixEmails.java"
    (project / new).write_text(_java("V4__FixEmails", "UPDATE users SET email = lower(email)"))
    assert _check("--base", "HEAD") == (0, [])


def test_an_applied_java_migration_edited_or_deleted_fails(project: Path) -> None:
    path = project / APPLIED
    original = path.read_text()
    path.write_text("/* reformatted */\n" + original.replace("        }", "    }"))
    assert _check("--base", "HEAD") == (0, [])  # comments and layout are no edit
    path.write_text(original.replace("''", "'none'"))
    assert _check("--base", "HEAD") == (1, [("DBN025", APPLIED, 10, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN025", APPLIED, 10, "error")])
    path.unlink()
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN025", APPLIED, 1, "error")])
    # renamed (a new description): Flyway's validate no longer finds it
    moved = f"{JAVA_DIR}/V3__BackfillEmails.java"
    (project / moved).write_text(original)
    assert _check("--base", "HEAD") == (1, [("DBN025", APPLIED, 1, "error")])


def test_versions_clash_and_sort_across_the_location(project: Path) -> None:
    """One classpath location: the class and the SQL file are one sequence."""
    clash = f"{JAVA_DIR}/V2__Other.java"
    (project / clash).write_text(_java("V2__Other", "UPDATE users SET id = id"))
    code, found = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN016", clash, 1, "error")])
    (project / clash).unlink()
    late = f"{JAVA_DIR}/V2_5__Late.java"
    (project / late).write_text(_java("V2_5__Late", "UPDATE users SET id = id"))
    assert _check("--base", "HEAD") == (1, [("DBN016", late, 1, "error")])
    (project / late).unlink()
    # a SQL file made late by the committed class (V3): Flyway refuses it too
    sql_late = f"{SQL_DIR}/V2_1__late.sql"
    (project / sql_late).write_text("ALTER TABLE users ADD COLUMN name text;\n")
    code, found = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN016", sql_late, 1, "error")])
    (project / sql_late).unlink()
    sql_clash = f"{SQL_DIR}/V3__same.sql"
    (project / sql_clash).write_text("ALTER TABLE users ADD COLUMN name text;\n")
    code, found = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN016", sql_clash, 1, "error")])


def test_through_the_real_pre_commit(
    hook_repo: tuple[Env, Path, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    env, snapshot, rev = hook_repo
    root = tmp_path / "conductor"
    (root / SQL_DIR).mkdir(parents=True)
    (root / JAVA_DIR).mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / "whitelist.yaml").write_text("entries: []\n")
    (root / SQL_DIR / "V1__init.sql").write_text("CREATE TABLE users (id int PRIMARY KEY);\n")
    (root / APPLIED).write_text(_java("V3__Backfill", "UPDATE users SET id = id"))
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: dbnamelint\n"
    )
    env.git(root, "init", "-q")
    env.git(root, "add", "-A")
    env.git(root, "commit", "-qm", "base")
    assert env.pre_commit(root, "install").returncode == 0
    new = f"{JAVA_DIR}/V19__CreateJobRun.java"
    (root / new).write_text(_java("V19__CreateJobRun", JOB_RUN))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "job run", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{new}:10:1: DBN013 error: this Flyway Java migration is new since HEAD" in output
    env.git(root, "reset", "-q", "--hard")
    (root / APPLIED).write_text((root / APPLIED).read_text().replace("id = id", "id = 1"))
    env.git(root, "add", "-A")
    done = env.git(root, "commit", "-m", "edit applied", check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert f"{APPLIED}:10:1: DBN025 error" in output


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("V5__Seed.java", "public class V5__Seed extends BaseJavaMigration {", True),
        ("V5__Seed.java", "class V5__Seed implements org.flywaydb.JavaMigration {", True),
        ("V5__Seed.kt", "class V5__Seed : BaseJavaMigration() {", True),
        ("V5__Seed.java", "public class V5__Seed { /* a plain class */ }", False),
        ("Seed.java", "public class Seed extends BaseJavaMigration {", False),
    ],
)
def test_a_class_outside_db_migration_is_known_by_what_it_extends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, expected: bool
) -> None:
    """``com/acme/flyway/V5__Seed.java`` (a configured location other than
    ``db/migration``) is a migration when its class is Flyway's."""
    folder = tmp_path / "src/main/java/com/acme/flyway"
    folder.mkdir(parents=True)
    (folder / name).write_text(text)
    (tmp_path / "src/main/java/com/acme/flyway/V1__init.sql").write_text(
        "CREATE TABLE users (id int PRIMARY KEY);\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--verbose", "--dialect", "postgres", "src"]
    )
    assert result.exit_code == 0, result.output
    assert ("DBN014 info: 1 " in result.output) is expected, result.output


def test_a_renamed_class_is_no_new_ddl(project: Path) -> None:
    """The applied code under a new name is one DBN025, not new dynamic DDL
    too, as for goose's Go migrations (before: DBN013 as well)."""
    applied = f"{JAVA_DIR}/V4__CreateJobRun.java"
    (project / applied).write_text(_java("V4__CreateJobRun", JOB_RUN))
    git(project, "add", "-A")
    git(project, "commit", "-qm", "job run")
    git(project, "mv", applied, f"{JAVA_DIR}/V4__CreateJobRuns.java")
    assert _check("--pre-commit") == (1, [("DBN025", applied, 1, "error")])


#: kestra's layout (trial s28): location ``classpath:migrations/postgres``, so
#: no ``db/migration`` package, and a project base class between the
#: migrations and Flyway's.
K_SQL = "src/main/resources/migrations/postgres"
K_JAVA = "src/main/java/migrations/postgres"
K_BASE = """package migrations.postgres;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

public abstract class KestraMigration extends BaseJavaMigration {
    protected abstract String sql();

    @Override
    public void migrate(Context context) throws Exception {
        try (var stmt = context.getConnection().createStatement()) {
            stmt.execute(sql());
        }
    }
}
"""
K_RETRY = """package migrations.postgres;
{imports}
public class V3__AddRetry extends {base} {
    protected String sql() {
        return "ALTER TABLE queues ADD \\"retryCount\\" INT DEFAULT 0";
    }
}
"""


@pytest.fixture
def kestra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "kestra"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            f"{K_SQL}/V1__init.sql": "CREATE TABLE queues (id int PRIMARY KEY);\n",
            f"{K_SQL}/V2__offset.sql": "ALTER TABLE queues ADD COLUMN seq int;\n",
            f"{K_JAVA}/KestraMigration.java": K_BASE,
            "src/main/java/io/kestra/jdbc/JdbcMigration.java": K_BASE.replace(
                "package migrations.postgres;", "package io.kestra.jdbc;"
            ).replace("KestraMigration", "JdbcMigration"),
            "src/main/kotlin/migrations/postgres/KtMigration.kt": (
                "package migrations.postgres\n\n"
                "abstract class KtMigration : org.flywaydb.core.api.migration.BaseJavaMigration()\n"
            ),
        },
        f"paths: [{K_SQL}]\ndialect: postgres\n",
    )
    return root


@pytest.mark.parametrize(
    ("imports", "base"),
    [
        ("", "KestraMigration"),  # the trial's: the same package, one folder
        ("\nimport io.kestra.jdbc.JdbcMigration;\n", "JdbcMigration"),  # imported
        ("", "io.kestra.jdbc.JdbcMigration"),  # named in full
        ("", "KtMigration"),  # the same package under src/main/kotlin
    ],
)
def test_a_java_migration_through_a_project_base_class_is_refused(
    kestra: Path, imports: str, base: str
) -> None:
    """Trial s28 kestra: ``V1_28__AddRetry extends KestraMigration`` (an
    abstract class extending BaseJavaMigration) passed the hook and
    ``check --base`` with its DDL unread and no DBN014 note. Flyway keeps
    any class ``JavaMigration`` is assignable from (ClassUtils.loadClass):
    it is a migration, refused as one extending BaseJavaMigration is."""
    new = f"{K_JAVA}/V3__AddRetry.java"
    (kestra / new).write_text(K_RETRY.replace("{imports}", imports).replace("{base}", base))
    line = 7 if imports else 5
    assert _check("--base", "HEAD") == (1, [("DBN013", new, line, "error")])
    git(kestra, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN013", new, line, "error")])
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--verbose"])
    assert f"{new}:1:1: DBN014 info: 1 Java migration in {K_JAVA}/" in result.output


def test_a_migration_class_whose_base_is_not_in_the_tree_has_its_ddl_judged(
    kestra: Path,
) -> None:
    """A ``V<version>__`` class whose superclass is in a jar or another
    module is no migration a walk recognises: its DDL strings are judged as
    application code's (before: left out of that gate as a Flyway class, and
    of the code migrations' gate as none)."""
    new = f"{K_JAVA}/V3__AddRetry.java"
    text = K_RETRY.replace("{imports}", "\nimport io.other.ExternalMigration;\n")
    (kestra / new).write_text(text.replace("{base}", "ExternalMigration"))
    finding = ("DBN201", "retryCount", new, 7, 41)
    code, found, said = check_json("--base", "HEAD")
    assert (code, found) == (1, [finding]), said
    git(kestra, "add", "-A")
    assert check_json("--pre-commit")[:2] == (1, [finding])


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # an interface of the project extending JavaMigration
        (
            {
                "Step.java": "package p;\npublic interface Step extends JavaMigration {}\n",
                "V5__Seed.java": "package p;\npublic class V5__Seed implements Step {}\n",
            },
            True,
        ),
        # two steps up, generics and Kotlin's constructor call
        (
            {
                "Base.kt": "package p\nabstract class Base<T>(x: Int) : BaseJavaMigration()\n",
                "Mid.java": "package p;\npublic abstract class Mid extends Base<String> {}\n",
                "V5__Seed.kt": "package p\nclass V5__Seed(val y: Int = 1) : Mid()\n",
            },
            True,
        ),
        # a base class of the project that is no Flyway migration
        (
            {
                "Base.java": "package p;\npublic abstract class Base {}\n",
                "V5__Seed.java": "package p;\npublic class V5__Seed extends Base {}\n",
            },
            False,
        ),
        # a cycle (no code javac takes) ends
        (
            {
                "A.java": "package p;\nclass A extends V5__Seed {}\n",
                "V5__Seed.java": "package p;\npublic class V5__Seed extends A {}\n",
            },
            False,
        ),
    ],
)
def test_a_class_is_a_migration_through_its_supertypes(
    tmp_path: Path, files: dict[str, str], expected: bool
) -> None:
    folder = tmp_path / "src/main/java/p"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    [seed] = [folder / n for n in files if n.startswith("V5__")]
    assert flyway_code.is_code_migration(seed) is expected


@pytest.mark.parametrize("twin", ["rollback/V4__retry_more.sql", "rollbacks/V4__retry.sql"])
def test_a_version_twice_through_a_rollback_folder_is_refused(project: Path, twin: str) -> None:
    """Trial s28 kestra: ``V1_30__retry.sql`` and ``rollback/V1_30__retry_more.sql``
    gave one DBN033 warning. Flyway scans a location recursively, so it finds
    both and refuses to start ("Found more than one migration with version")."""
    (project / SQL_DIR / "V4__retry.sql").write_text("ALTER TABLE users ADD COLUMN retry int;\n")
    (project / SQL_DIR / twin).parent.mkdir()
    (project / SQL_DIR / twin).write_text("ALTER TABLE users ADD COLUMN retry_more int;\n")
    code, found = _check("--base", "HEAD")
    assert code == 1 and [f[0] for f in found] == ["DBN016"], found
    git(project, "add", "-A")
    code, found = _check("--pre-commit")
    assert code == 1 and [f[0] for f in found] == ["DBN016"], found
