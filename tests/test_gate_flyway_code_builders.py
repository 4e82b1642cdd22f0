"""A new Flyway Java or Kotlin migration building DDL with jOOQ or Exposed is ``DBN013``.

Trial s36 kestra (whose database layer is jOOQ): a new
``V1_28__JooqMig.java`` running ``DSL.using(context.getConnection())
.createTable("JooqMigBad").column("FooBar", ...)`` passed the hook and
``check --base`` with only a hidden ``DBN014`` note, while the same class
running ``st.execute("CREATE TABLE ...")`` was refused (``DBN013``). DDL
built from a library's calls is as unread as DDL in a string: refused when
new, unless ``// dbnamelint: ignore[DBN013] <reason>`` accepts it. The calls
are jOOQ's DDL statements (jOOQ manual, "DDL statements") and Exposed's
``SchemaUtils``; a call of that name in a file importing neither library,
or inside a comment or a string, is none.

The oracle is real git (what the base commit holds, what the working tree
or the index holds now).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, git, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SQL_DIR = "src/main/resources/db/migration"
JAVA_DIR = "src/main/java/db/migration"
CONFIG = f"paths: [{SQL_DIR}]\ndialect: postgres\n"
JOOQ = """package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

public class {name} extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        var ctx = DSL.using(context.getConnection());
        {body}
    }
}
"""
EXPOSED = """package db.migration

import org.flywaydb.core.api.migration.BaseJavaMigration
import org.flywaydb.core.api.migration.Context
import org.jetbrains.exposed.sql.SchemaUtils
import org.jetbrains.exposed.sql.Table
import org.jetbrains.exposed.sql.transactions.transaction

object BadThings : Table("BadThings") {
    val someCol = integer("someCol")
}

class {name} : BaseJavaMigration() {
    override fun migrate(context: Context) {
        transaction {
            SchemaUtils.create(BadThings)
        }
    }
}
"""


def _class(template: str, name: str, body: str = "") -> str:
    return template.replace("{name}", name).replace("{body}", body)


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
    root = tmp_path / "kestra"
    root.mkdir()
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            f"{SQL_DIR}/V1__init.sql": "CREATE TABLE flows (id int PRIMARY KEY);\n",
            f"{JAVA_DIR}/V2__Backfill.java": _class(JOOQ, "V2__Backfill", 'ctx.query("SELECT 1");'),
        },
        CONFIG,
    )
    return root


@pytest.mark.parametrize(
    ("body", "line"),
    [
        # the trial's migration
        ('ctx.createTable("JooqMigBad").column("FooBar", SQLDataType.INTEGER).execute();', 12),
        ('ctx.alterTable("flows").renameTo("FlowsRenamed").execute();', 12),
        ('ctx.createIndex("JooqIdx").on("flows", "id").execute();', 12),
        (
            'ctx.alterTable("flows")\n            .addColumn("JooqCol", SQLDataType.INTEGER)'
            ".execute();",
            12,
        ),
        ('// ctx.createTable("Old").execute();\n        ctx.execute(DSL.createView("V"));', 13),
    ],
)
def test_a_new_java_migration_building_ddl_with_jooq_is_refused(
    project: Path, body: str, line: int
) -> None:
    new = f"{JAVA_DIR}/V3__JooqMig.java"
    (project / new).write_text(_class(JOOQ, "V3__JooqMig", body))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, line, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN013", new, line, "error")])
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert "builds DDL with 1 library call (jOOQ " in result.output


def test_a_new_kotlin_migration_building_ddl_with_exposed_is_refused(project: Path) -> None:
    new = f"{JAVA_DIR}/V3__ExposedMig.kt"
    (project / new).write_text(_class(EXPOSED, "V3__ExposedMig"))
    assert _check("--base", "HEAD") == (1, [("DBN013", new, 16, "error")])


def test_what_builds_no_ddl_or_is_accepted_passes(project: Path) -> None:
    """A jOOQ query, a call named like a builder in a string or in a file
    importing neither library, and a builder accepted by the comment."""
    write = {
        "V3__Query.java": _class(
            JOOQ, "V3__Query", 'ctx.update(DSL.table("flows")).set(DSL.field("id"), 1).execute();'
        ),
        "V4__Text.java": _class(JOOQ, "V4__Text", 'log.info("ctx.createTable(x)");'),
        "V5__Other.java": _class(
            JOOQ.replace("import org.jooq.impl.DSL;\n", "").replace(
                "import org.jooq.impl.SQLDataType;\n", ""
            ),
            "V5__Other",
            'dynamo.createTable("x");',
        ).replace("var ctx = DSL.using(context.getConnection());", ""),
        "V6__Accepted.java": "// dbnamelint: ignore[DBN013] JooqOk checked by hand\n"
        + _class(JOOQ, "V6__Accepted", 'ctx.createTable("jooq_ok").execute();'),
    }
    for name, text in write.items():
        (project / JAVA_DIR / name).write_text(text)
    assert _check("--base", "HEAD") == (0, [])


REPOSITORY = """package io.kestra.repository;

import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;

public class FlowRepository {
    private final DSLContext context;

    public void setUp() {
{body}
    }
}
"""


def test_jooq_ddl_calls_a_change_adds_to_application_code_are_refused(project: Path) -> None:
    """Trial s36 kestra's s16b: jOOQ DDL in a repository class passed; now
    each call the change adds is DBN013 (the calls already committed are
    not), unless a comment at the call accepts it."""
    app = "src/main/java/io/kestra/repository/FlowRepository.java"
    committed = '        context.createTable("flows_old").execute();'
    write_files(project, {app: REPOSITORY.replace("{body}", committed)})
    commit_all(project, "app")
    added = (
        f"{committed}\n"
        '        context.alterTable("flows").renameTo("FlowsRenamed").execute();\n'
        "        // dbnamelint: ignore[DBN013] JooqIdx checked by hand\n"
        '        context.createIndex("JooqIdx").on("flows", "id").execute();\n'
        '        context.alterTable("flows").addColumn("JooqCol", SQLDataType.INTEGER).execute();'
    )
    write_files(project, {app: REPOSITORY.replace("{body}", added)})
    assert _check("--base", "HEAD") == (
        1,
        [("DBN013", app, 11, "error"), ("DBN013", app, 14, "error")],  # (13: an info note)
    )
    git(project, "add", "-A")
    assert _check("--pre-commit")[0] == 1
