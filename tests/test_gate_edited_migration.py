"""The gate refuses a change that edits a migration committed at the base (``DBN025``).

"Fixing" a legacy name in the ``CREATE TABLE`` of an applied migration and
deleting its whitelist entry renames nothing in any database (s9 trial
finding 13). The oracle is real git: what the base commit holds and what the
change (working tree, or the index in a pre-commit run) reads now. What is
meant to change in place (schema dumps, Flyway repeatable ``R__`` files,
numbered schema templates, comments) stays quiet.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"


def _check(*args: str) -> tuple[int, list[tuple[str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def _start(root: Path, files: dict[str, str], config: str = CONFIG) -> None:
    adopted_repo(root, files, config)


def test_the_trial_repro_fails_in_the_hook_and_the_gate(project: Path) -> None:
    _start(project, {"db/001_init.sql": "CREATE TABLE alert (id int);\n"})
    (project / "db/001_init.sql").write_text("CREATE TABLE alerts (id int);\n")
    (project / "whitelist.yaml").write_text("entries: []\n")
    git(project, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "db/001_init.sql", "whitelist.yaml"])
    assert result.exit_code == 1, result.output
    assert "db/001_init.sql:1:1: DBN025 error: this numbered migration was committed at HEAD" in (
        result.output
    )
    assert "write the change as a new migration" in result.output
    code, found, _ = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", "db/001_init.sql", 1)])
    # The right way: the old file as committed, the rename in a new migration.
    git(project, "checkout", "HEAD", "--", "db/001_init.sql", "whitelist.yaml")
    (project / "db/002_rename.sql").write_text("ALTER TABLE alert RENAME TO alerts;\n")
    (project / "whitelist.yaml").write_text("entries: []\n")
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output


@pytest.mark.parametrize(
    ("name", "before", "after", "line"),
    [
        ("db/V1__init.sql", "CREATE TABLE a (id int);\n", "CREATE TABLE a (id bigint);\n", 1),
        (
            "db/20240101120000_init.sql",
            "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n",
            "CREATE TABLE a (id int);\nCREATE TABLE bs (id int);\n",
            2,
        ),
        (
            "db/001_init.sql",
            "-- +goose Up\nCREATE TABLE a (id int);\n",
            "-- +goose Up\nCREATE TABLE a (id int, b int);\n",
            2,
        ),
        (
            "db/2024-01-01-000000_init/up.sql",
            "CREATE TABLE a (id int);\n",
            "CREATE TABLE x ();\n",
            1,
        ),
    ],
    ids=["flyway", "timestamped", "goose", "diesel"],
)
def test_an_edited_migration_of_each_tool_fails(
    project: Path, name: str, before: str, after: str, line: int
) -> None:
    _start(project, {name: before})
    (project / name).write_text(after)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [d for d in found if d[0] == "DBN025"] == [("DBN025", name, line)]


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        # Flyway runs a repeatable migration again whenever its checksum changes.
        (
            "db/R__views.sql",
            "CREATE VIEW v AS SELECT 1 AS a;\n",
            "CREATE VIEW v AS SELECT 2 AS a;\n",
        ),
        # A dump is regenerated from the database after every migration.
        ("db/structure.sql", "CREATE TABLE a (id int);\n", "CREATE TABLE a (id bigint);\n"),
        (
            "db/000_schema.sql",
            "--\n-- PostgreSQL database dump\n--\nCREATE TABLE a (id int);\n",
            "--\n-- PostgreSQL database dump\n--\nCREATE TABLE a (id bigint);\n",
        ),
        # Numbered declarative schema files, kept up to date in place (Cora's templates).
        ("db/module-ws/schema/001-ws.sql", "CREATE TABLE a (id int);\n", "CREATE TABLE a ();\n"),
        # Only comments and layout changed: what the migration does is the same.
        (
            "db/001_init.sql",
            "CREATE TABLE a (id int);\n",
            "-- creates a\nCREATE TABLE a (\n    id int\n);  -- see #12\n",
        ),
        # The rollback section: no forward run applies it.
        (
            "db/001_init.sql",
            "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;\n",
            "-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE IF EXISTS a;\n",
        ),
    ],
    ids=[
        "flyway-repeatable",
        "rails-structure",
        "pg-dump",
        "schema-folder",
        "comments-only",
        "goose-down-only",
    ],
)
def test_files_meant_to_change_stay_quiet(
    project: Path, name: str, before: str, after: str
) -> None:
    _start(project, {name: before})
    (project / name).write_text(after)
    code, _, output = _check("--base", "HEAD")
    assert "DBN025" not in output
    assert code == 0, output


def test_a_liquibase_run_on_change_changeset_may_change(project: Path) -> None:
    head = "-- liquibase formatted sql\n"
    once = "-- changeset me:1\nCREATE TABLE a (id int);\n"
    always = "-- changeset me:2 runOnChange:true\nCREATE VIEW v AS SELECT 1 AS x;\n"
    _start(project, {"db/changes.sql": head + once + always})
    (project / "db/changes.sql").write_text(head + once + always.replace("1 AS", "2 AS"))
    code, found, output = _check("--base", "HEAD")
    assert "DBN025" not in output and code == 0, output
    # A new changeset in a committed file: Liquibase applies it on its own.
    added = "-- changeset me:3\nCREATE TABLE b (id int);\n"
    (project / "db/changes.sql").write_text(head + once + always + added)
    code, found, output = _check("--base", "HEAD")
    assert "DBN025" not in output and code == 0, output
    # An applied changeset changed: the file's line of that changeset.
    (project / "db/changes.sql").write_text(head + once.replace("(id int)", "()") + always)
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and ("DBN025", "db/changes.sql", 2) in found, output


@pytest.mark.parametrize(
    "config",
    [
        CONFIG + "ignore: [DBN025]\n",
        CONFIG + "per_path:\n  - paths: ['db/**']\n    ignore: [DBN025]\n",
    ],
    ids=["ignore", "per-path"],
)
def test_the_config_opts_out(project: Path, config: str) -> None:
    _start(project, {"db/001_init.sql": "CREATE TABLE a (id int);\n"}, config)
    (project / "db/001_init.sql").write_text("CREATE TABLE a (id bigint);\n")
    commit_all(project, "edit in place")
    code, found, output = _check("--base", "HEAD~1")
    assert (code, found) == (0, []), output


@pytest.mark.parametrize(
    "config",
    [
        CONFIG + "ignore: [DBN025]\n",
        CONFIG + "per_path:\n  - paths: ['db/**']\n    ignore: [DBN025]\n",
    ],
    ids=["ignore", "per-path"],
)
def test_opting_out_in_the_same_change_is_a_relaxation(project: Path, config: str) -> None:
    """The gate cannot be talked out of DBN025 by the change it judges."""
    _start(project, {"db/001_init.sql": "CREATE TABLE a (id int);\n"})
    (project / "db/001_init.sql").write_text("CREATE TABLE a (id bigint);\n")
    (project / "dbnamelint.yaml").write_text(config)
    git(project, "add", "-A")
    result = CliRunner().invoke(
        cli, ["check", "--pre-commit", "db/001_init.sql", "dbnamelint.yaml"]
    )
    assert result.exit_code == 1, result.output
    # at the line that turns it off: the ignore entry, or the per_path one
    where = "3:10" if config.endswith("ignore: [DBN025]\n") and "per_path" not in config else "5:14"
    assert f"dbnamelint.yaml:{where}: DBN909 error: the config change since HEAD hides DBN025" in (
        result.output
    )
    commit_all(project, "edit in place, check off")
    code, found, output = _check("--base", "HEAD~1")
    assert (code, found) == (1, [("DBN909", "dbnamelint.yaml", int(where.partition(":")[0]))]), (
        output
    )
    code, found, output = _check("--base", "HEAD~1", "--allow-whitelist-growth")
    assert code == 0, output


def test_ignoring_it_on_the_command_line_is_the_ci_jobs_call(project: Path) -> None:
    """``--ignore DBN025`` is written in the CI job, not in the change: no DBN909."""
    _start(project, {"db/001_init.sql": "CREATE TABLE a (id int);\n"})
    (project / "db/001_init.sql").write_text("CREATE TABLE a (id bigint);\n")
    commit_all(project, "edit in place")
    code, found, output = _check("--base", "HEAD~1", "--ignore", "DBN025")
    assert (code, found) == (0, []), output


SQITCH_PLAN = (
    "%syntax-version=1.0.0\n%project=x\n\n"
    "users 2024-01-01T00:00:00Z A <a@example.com> # users\n"
    "@v1 2024-01-02T00:00:00Z A <a@example.com> # release\n"
)


def test_sqitch_edit_in_place_fails_and_a_rework_passes(project: Path) -> None:
    """sqitch records each deployed script's hash; ``sqitch rework`` is how a
    deployed change changes: the old script stays as ``deploy/users@v1.sql`` and
    the plan names the change again (sqitch-rework documentation)."""
    original = "CREATE TABLE users (id int);\n"
    _start(
        project,
        {"sqitch.plan": SQITCH_PLAN, "deploy/users.sql": original},
        "paths: [deploy]\ndialect: postgres\n",
    )
    (project / "deploy/users.sql").write_text("CREATE TABLE users (id int, name text);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and ("DBN025", "deploy/users.sql", 1) in found, output
    assert "this sqitch migration was committed at HEAD" in output
    # sqitch's way, not a generic new migration (sqitch-rework; trial s30): @v1
    # follows the change, so no `sqitch tag` is needed first
    assert "`sqitch rework users` it, which keeps" in output, output
    assert "`sqitch tag` first" not in output
    assert "Script signatures diverge" in output and "new migration" not in output
    (project / "deploy/users@v1.sql").write_text(original)
    with (project / "sqitch.plan").open("a") as plan:
        plan.write("users [users@v1] 2024-01-03T00:00:00Z A <a@example.com> # rework\n")
    code, found, output = _check("--base", "HEAD")
    assert "DBN025" not in output, output


def test_a_sqitch_edit_in_place_with_no_tag_after_the_change_says_sqitch_tag_first(
    project: Path,
) -> None:
    """``sqitch rework`` refuses a change no tag follows: 'Cannot rework "x"
    without an intervening tag. Use "sqitch tag" to create a tag and try
    again' (App::Sqitch::Plan ``rework``; trial s30)."""
    plan = SQITCH_PLAN.split("@v1", 1)[0] + "a/posts 2024-01-03T00:00:00Z A <a@example.com>\n"
    _start(
        project,
        {
            "sqitch.plan": plan,
            "deploy/users.sql": "CREATE TABLE users (id int);\n",
            "deploy/a/posts.sql": "CREATE TABLE posts (id int);\n",
        },
        "paths: [deploy]\ndialect: postgres\n",
    )
    (project / "deploy/a/posts.sql").write_text("CREATE TABLE posts (id bigint);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and ("DBN025", "deploy/a/posts.sql", 1) in found, output
    assert (
        "`sqitch rework a/posts` it (no tag follows it in sqitch.plan and `rework` needs "
        "one: `sqitch tag` first)" in output
    ), output


@pytest.mark.parametrize("folder", ["", "a.b/"])
def test_a_sqitch_rework_copy_that_differs_from_the_committed_script_fails(
    project: Path, folder: str
) -> None:
    """``sqitch rework`` copies the change's scripts to files "named with the tag
    that comes between the changes", which serve as the files of the original
    change (sqitch manual, "sqitch-rework"): the copy is applied history. On the
    commit that makes it, it must hold what the base's script without the tag
    held; on a later commit, what the base committed (trial s29 Registry, BeeeOn:
    an edited copy passed the hook and the gate)."""
    original = "CREATE TABLE users (id int);\n"
    plan = SQITCH_PLAN.replace("users ", f"{folder}users ", 1)
    _start(
        project,
        {"sqitch.plan": plan, f"deploy/{folder}users.sql": original},
        "paths: [deploy]\ndialect: postgres\n",
    )
    copy = f"deploy/{folder}users@v1.sql"
    rework = f"{folder}users [{folder}users@v1] 2024-01-03T00:00:00Z A <a@example.com> # rework\n"
    with (project / "sqitch.plan").open("a") as file:
        file.write(rework)
    (project / f"deploy/{folder}users.sql").write_text("CREATE TABLE users (id int, x text);\n")
    (project / copy).write_text("-- the old one\n" + original)  # a comment: the same SQL
    code, found, output = _check("--base", "HEAD")
    assert "DBN025" not in output, output
    (project / copy).write_text("CREATE TABLE users (id bigint);\n")
    code, found, output = _check("--base", "HEAD")
    assert code == 1 and ("DBN025", copy, 1) in found, output
    assert f"committed at HEAD as deploy/{folder}users.sql" in output
    git(project, "add", "-A")
    hook = CliRunner().invoke(
        cli, ["check", "--pre-commit", copy, f"deploy/{folder}users.sql", "sqitch.plan"]
    )
    assert hook.exit_code == 1 and f"{copy}:1:1: DBN025 error" in hook.output, hook.output
    (project / copy).write_text(original)
    commit_all(project, "rework")
    (project / copy).write_text("CREATE TABLE users (id smallint);\n")
    git(project, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", copy])
    assert hook.exit_code == 1 and f"{copy}:1:1: DBN025 error" in hook.output, hook.output


PLAN_LINES = [
    "%syntax-version=1.0.0",
    "%project=x",
    "",
    "a 2024-01-01T00:00:00Z A <a@example.com> # a",
    "b [a] 2024-01-02T00:00:00Z A <a@example.com> # b",
    "@v1 2024-01-03T00:00:00Z A <a@example.com> # release",
    "c 2024-01-04T00:00:00Z A <a@example.com> # c",
]
NEW_LINE = "d 2024-01-05T00:00:00Z A <a@example.com> # d"


def _plan_edited(
    project: Path, edit: Callable[[list[str]], list[str]], tables: str
) -> tuple[int, list[tuple[str, str, int]], str]:
    """A committed sqitch project (``PLAN_LINES``, a deploy script making a
    table for each letter of ``tables``), its plan then edited by ``edit``:
    what ``check --base HEAD`` says of it."""
    scripts = {f"deploy/{x}.sql": f"CREATE TABLE {x} (id int);\n" for x in tables}
    _start(
        project,
        {"sqitch.plan": "\n".join(PLAN_LINES) + "\n", **scripts},
        "paths: [deploy]\ndialect: postgres\n",
    )
    (project / "sqitch.plan").write_text("\n".join(edit(list(PLAN_LINES))) + "\n")
    return _check("--base", "HEAD")


@pytest.mark.parametrize(
    ("edit", "line", "said"),
    [
        (lambda p: [*p[:4], *p[5:]], 5, "removes its change b (before this line)"),
        (lambda p: p[:-1], 6, "removes its change c (after this line)"),
        (lambda p: [*p[:4], NEW_LINE, *p[4:]], 5, "inserts the change d before its change b"),
        (lambda p: [*p[:5], NEW_LINE, *p[5:]], 6, "inserts the change d before its tag @v1"),
        (lambda p: [*p[:3], *p[4:], p[3]], 4, "moves its change a (from here)"),
        (lambda p: [*p, NEW_LINE], None, ""),
        (lambda p: [*p, "a [a@v1] 2024-01-05T00:00:00Z A <a@example.com> # rework"], None, ""),
        (lambda p: [*p, "@v2 2024-01-05T00:00:00Z A <a@example.com>", NEW_LINE], None, ""),
    ],
    ids=["delete", "delete-last", "insert", "insert-before-tag", "move", "append", "rework", "tag"],
)
def test_sqitch_plan_history_is_appended_to_only(
    project: Path, edit: Callable[[list[str]], list[str]], line: int | None, said: str
) -> None:
    """A database records each deployed change by an ID whose text names its
    parent, the change before it in the plan (sqitch-show: ``show change``
    outputs that text), and a deploy starts after the last change it recorded,
    stopping with "Cannot find change" when the plan lost it (sqitch discussion
    #801). A committed entry removed or moved, or one inserted before it, is
    history rewritten; appending a change, a tag or a rework is not (trial s29
    Registry, BeeeOn: all passed, a deleted line with only a DBN007 note)."""
    code, found, output = _plan_edited(project, edit, "abcd")
    if line is None:
        assert "DBN025" not in output, output
        return
    assert (code, found) == (1, [("DBN025", "sqitch.plan", line)]), output
    assert f"committed at HEAD and this change {said}:" in output
    assert "`sqitch rework <change>` it" in output and "`sqitch tag` first" in output
    git(project, "add", "-A")  # the hook judges the staged plan, whatever files it is given
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", "deploy/d.sql"])
    assert hook.exit_code == 1 and f"sqitch.plan:{line}:1: DBN025 error" in hook.output
    (project / "sqitch.plan").write_text("\n".join(PLAN_LINES) + "\n")  # not staged
    hook = CliRunner().invoke(cli, ["check", "--pre-commit"])
    assert hook.exit_code == 1 and f"sqitch.plan:{line}:1: DBN025 error" in hook.output


def _line(at: int, new: str) -> Callable[[list[str]], list[str]]:
    return lambda p: [*p[:at], new, *p[at + 1 :]]


@pytest.mark.parametrize(
    ("edit", "line", "said"),
    [
        (
            _line(3, "a 2024-01-01T00:00:00Z A <a@example.com> # the a table"),
            4,
            "edits its change a (note)",
        ),
        (
            _line(6, "c 2024-01-04T09:00:00Z A <a@example.com> # c"),
            7,
            "edits its change c (planned date)",
        ),
        (
            _line(4, "b [a] 2024-01-02T00:00:00Z B <b@example.com> # b"),
            5,
            "edits its change b (planner and planner email)",
        ),
        (
            _line(4, "b 2024-01-02T00:00:00Z A <a@example.com> # b"),
            5,
            "edits its change b (requires)",
        ),
        (
            _line(5, "@v1 2024-01-03T00:00:00Z A <a@example.com> # release one"),
            6,
            "edits its tag @v1 (note)",
        ),
        (_line(1, "%project=y"), 2, "edits its %project pragma"),
        (lambda p: [*p[:2], "%uri=https://example.com/x", *p[2:]], 3, "edits its %uri pragma"),
        (_line(3, "  a   2024-01-01T00:00:00Z   A <a@example.com>   #   a  "), None, ""),
        (_line(4, "b [x:a ]   2024-01-02T00:00:00Z A <a@example.com> #b"), None, ""),
        (lambda p: [*p[:4], "# a comment line", "", *p[4:]], None, ""),
        (_line(5, "@v1 2024-01-03T00:00:00Z A <a@example.com> # release\t"), None, ""),
    ],
    ids=[
        "note",
        "date",
        "planner",
        "requires",
        "tag-note",
        "project",
        "uri",
        "blanks",
        "same-dependency",
        "comment-line",
        "trailing-blank",
    ],
)
def test_a_committed_sqitch_plan_line_edited_in_its_id_fails(
    project: Path, edit: Callable[[list[str]], list[str]], line: int | None, said: str
) -> None:
    """A deployed change's ID is the SHA1 of its project (and URI), name,
    parent, planner, date, dependencies and note (App::Sqitch::Plan::Change
    ``info``), a tag's of its project, name, change, planner, date and note:
    editing one in a committed line loses the deployed change as removing it
    does (sqitch 1.3.1 on PostgreSQL: a change's note edited, ``sqitch deploy``
    says "Cannot find change <id> (posts @v1.0) in sqitch.plan"; a tag's, it
    fails on "duplicate key value violates unique constraint
    tags_project_tag_key"). Blanks between fields and around the note, a
    dependency on ``<own project>:a`` for ``a``, and comment lines are not in
    the ID (App::Sqitch::Plan ``_parse``; the same sqitch deployed such a plan:
    "Nothing to deploy (up-to-date)"). Trial s30: all such edits passed;
    Tamarou/Registry 9dd2eca9 made one (a ``requires`` added to two committed
    lines)."""
    code, found, output = _plan_edited(project, edit, "abc")
    if line is None:
        assert "DBN025" not in output, output
        return
    assert (code, found) == (1, [("DBN025", "sqitch.plan", line)]), output
    assert f"committed at HEAD and this change {said}" in output
    if not said.startswith("edits its %"):
        assert "restore the committed line" in output
    git(project, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", "deploy/a.sql"])
    assert hook.exit_code == 1 and f"sqitch.plan:{line}:1: DBN025 error" in hook.output


@pytest.mark.parametrize(
    ("go_mod", "named"),
    [
        ("module app\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n", True),
        ("module github.com/go-shiori/shiori\n\nrequire github.com/jmoiron/sqlx v1\n", False),
    ],
)
def test_the_edit_names_golang_migrate_only_where_it_runs(
    project: Path, go_mod: str, named: bool
) -> None:
    # shiori's NNNN_x.up.sql are run by its own code (trial s10-t2 #1)
    _start(project, {"go.mod": go_mod, "db/0001_init.up.sql": "CREATE TABLE alert (id int);\n"})
    (project / "db/0001_init.up.sql").write_text("CREATE TABLE alerts (id int);\n")
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", "db/0001_init.up.sql", 1)])
    said = "this golang-migrate migration" if named else "this migration"
    assert f"{said} was committed at HEAD" in output


@pytest.mark.parametrize(
    "after",
    [
        b"-- creates a\nCREATE TABLE a (id int);\n",
        b"CREATE TABLE a (id int);\r\n",
        b"\xef\xbb\xbfCREATE TABLE a (id int);\n",
    ],
    ids=["comment", "crlf", "bom"],
)
def test_a_sqlx_migration_edited_in_its_comments_only_fails(project: Path, after: bytes) -> None:
    """sqlx migrate run compares the SHA-384 of each applied file's text with
    the checksum in _sqlx_migrations (sqlx-core ``Migrator::run``:
    ``VersionMismatch``; the text as ``read_to_string`` gives it, a CR or a
    BOM kept), so a comment added is an edit to sqlx, as it is not
    to the tools that compare nothing (golang-migrate, above)."""
    _start(
        project,
        {
            "Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.8"\n',
            "migrations/0001_init.sql": "CREATE TABLE a (id int);\n",
        },
        "paths: [migrations]\ndialect: postgres\n",
    )
    (project / "migrations/0001_init.sql").write_bytes(after)
    code, found, output = _check("--base", "HEAD")
    assert code == 1, output
    assert [d for d in found if d[0] == "DBN025"] == [("DBN025", "migrations/0001_init.sql", 1)]
    assert "sqlx migrate run refuses a changed checksum" in output
