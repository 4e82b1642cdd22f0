"""sqitch: ``deploy/`` replays in ``sqitch.plan`` order however the tree is named.

Trial s7-t3 #12. The oracle is sqitch's plan semantics (sqitch manual,
"sqitch-plan": one change per line, the first word its name, ``%`` pragmas,
``@`` tags and ``#`` comments not changes; a reworked change deploys at its
last line; "sqitch-changes"/"sqitch-add": a change ``a/b`` has the script
``deploy/a/b.sql``) and "sqitch-configuration" (``core.top_dir``,
``core.plan_file``, ``core.deploy_dir``, an ``[engine "<name>"]`` section
before ``[core]``; paths from the folder holding ``sqitch.conf``). BeeeOn
(change names with ``/``) and Tamarou/Registry (``top_dir = ./sql`` and a
pg_dump beside the plan) are the real projects.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from git_helpers import committed_repo, git
from pg_server import PgServer

PLAN = (
    "%syntax-version=1.0.0\n%project=x\n\n"
    "b/create 2018-02-01T18:28:40Z A <a@b> # b\n"
    "a/alter [b/create] 2018-02-02T18:28:40Z A <a@b> # a\n"
    "@v1 2018-02-03T00:00:00Z A <a@b>\n"
    "top\t2018-02-04T00:00:00Z A <a@b>\n"
)


def _project(top: Path) -> None:
    for folder in ("deploy/b", "deploy/a", "revert/a", "revert/b", "verify/a"):
        (top / folder).mkdir(parents=True)
    (top / "sqitch.plan").write_text(PLAN, encoding="utf-8")
    (top / "deploy" / "b" / "create.sql").write_text("CREATE TABLE t (id int);\n")
    (top / "deploy" / "a" / "alter.sql").write_text("ALTER TABLE t RENAME TO things;\n")
    (top / "deploy" / "top.sql").write_text("ALTER TABLE things ADD COLUMN x int;\n")
    (top / "revert" / "a" / "alter.sql").write_text("ALTER TABLE things RENAME TO t;\n")
    (top / "revert" / "b" / "create.sql").write_text("DROP TABLE t;\n")
    (top / "verify" / "a" / "alter.sql").write_text("SELECT id FROM things WHERE false;\n")
    # a pg_dump beside the plan: not a change, sqitch never runs it
    (top / "test-schema.sql").write_text("CREATE TABLE things (id int);\n")


PLAN_ORDER = ["deploy/b/create.sql", "deploy/a/alter.sql", "deploy/top.sql"]


def _files(root: Path, monkeypatch: pytest.MonkeyPatch, *paths: str) -> list[str]:
    monkeypatch.chdir(root)
    files, _ = discover(list(paths), SourceSettings(root=root))
    return [f.path for f in files]


def test_change_names_with_a_slash_follow_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    assert _files(tmp_path, monkeypatch, ".") == PLAN_ORDER
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "."])
    assert result.exit_code == 0, result.output
    # one table, renamed after it was created; no phantom `t`
    assert "table things  (was t)" in result.stdout
    assert "table t " not in result.stdout
    assert "DBN011" not in result.output
    # the file beside the plan is left out, with a note that says why
    assert "test-schema.sql:1:1: DBN007 info: not replayed" in result.output


def test_the_deploy_folder_named_itself_follows_the_plan_above_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path / "pgsql")
    assert _files(tmp_path, monkeypatch, "pgsql/deploy") == ["pgsql/" + p for p in PLAN_ORDER]
    assert _files(tmp_path, monkeypatch, "pgsql/deploy/a", "pgsql/deploy/b") == [
        "pgsql/deploy/a/alter.sql",
        "pgsql/deploy/b/create.sql",
    ]  # two walks named apart: each in its own order, as given


@pytest.mark.parametrize(
    ("conf", "top"),
    [
        ("[core]\n    engine = pg\n    top_dir = ./sql\n", "sql"),
        # engine section first, then core (sqitch-configuration)
        ('[core]\n\tengine = pg\n\ttop_dir = nope\n[engine "pg"]\n\ttop_dir = db/pg\n', "db/pg"),
    ],
)
def test_sqitch_conf_top_dir_is_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conf: str, top: str
) -> None:
    _project(tmp_path / top)
    (tmp_path / "sqitch.conf").write_text(conf, encoding="utf-8")
    expected = [f"{top}/{p}" for p in PLAN_ORDER]
    assert _files(tmp_path, monkeypatch, ".") == expected
    assert _files(tmp_path, monkeypatch, top) == expected
    assert _files(tmp_path, monkeypatch, f"{top}/deploy") == expected


def test_sqitch_conf_plan_file_and_deploy_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path / "tmp")
    (tmp_path / "tmp" / "sqitch.plan").rename(tmp_path / "app.plan")
    (tmp_path / "tmp" / "deploy").rename(tmp_path / "changes")
    (tmp_path / "sqitch.conf").write_text(
        "[core]\n  plan_file = app.plan\n  deploy_dir = changes ; the scripts\n", encoding="utf-8"
    )
    expected = ["changes/b/create.sql", "changes/a/alter.sql", "changes/top.sql"]
    assert _files(tmp_path, monkeypatch, "changes") == expected
    assert [p for p in _files(tmp_path, monkeypatch, ".") if p.startswith("changes/")] == expected


def test_a_reworked_change_deploys_at_its_last_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    with (tmp_path / "sqitch.plan").open("a", encoding="utf-8") as plan:
        plan.write("b/create [b/create@v1] 2018-02-05T00:00:00Z A <a@b> # reworked\n")
    assert _files(tmp_path, monkeypatch, ".") == [
        "deploy/a/alter.sql",
        "deploy/top.sql",
        "deploy/b/create.sql",
    ]


def test_a_reworks_tag_copy_deploys_at_the_earlier_instances_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s29 BeeeOn: ``sqitch rework`` copies the change's scripts to files
    "named with the tag that comes between the changes", which serve as the
    files of the original change (sqitch manual, "sqitch-rework"): the copy
    ``deploy/sa/create@t1.sql`` deploys at the first ``sa/create`` line, before
    ``b`` that uses its table, not after the plan (it was: a copy's name is no
    change name, and the plan's unnamed files sorted by the count of changes,
    not by line)."""
    (tmp_path / "deploy/sa").mkdir(parents=True)
    (tmp_path / "sqitch.plan").write_text(
        "%syntax-version=1.0.0\n%project=x\n# a comment\n\n"
        "x 2018-02-01T00:00:00Z A <a@b> # x\n"
        "sa/create 2018-02-02T00:00:00Z A <a@b> # s\n"
        "b [sa/create] 2018-02-03T00:00:00Z A <a@b> # b\n"
        "@t1 2018-02-04T00:00:00Z A <a@b>\n"
        "@t2 2018-02-05T00:00:00Z A <a@b>\n"
        "sa/create [sa/create@t1] 2018-02-06T00:00:00Z A <a@b> # reworked\n"
        "@t3 2018-02-07T00:00:00Z A <a@b>\n"
        "sa/create [sa/create@t3] 2018-02-08T00:00:00Z A <a@b> # reworked again\n",
        encoding="utf-8",
    )
    for name, text in {
        "x.sql": "CREATE TABLE x (id int);\n",
        "sa/create@t1.sql": "CREATE TABLE s (id int);\n",
        "b.sql": "ALTER TABLE s ADD COLUMN b int;\n",
        "sa/create@t3.sql": "ALTER TABLE s ADD COLUMN c int;\n",
        "sa/create.sql": "ALTER TABLE s ADD COLUMN d int;\n",
    }.items():
        (tmp_path / "deploy" / name).write_text(text, encoding="utf-8")
    assert _files(tmp_path, monkeypatch, ".") == [
        "deploy/x.sql",
        "deploy/sa/create@t1.sql",
        "deploy/b.sql",
        "deploy/sa/create@t3.sql",
        "deploy/sa/create.sql",
    ]


def test_a_file_beside_the_plan_named_on_the_command_line_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path)
    assert _files(tmp_path, monkeypatch, "test-schema.sql") == ["test-schema.sql"]


@pytest.mark.skipif(shutil.which("sqitch") is None, reason="sqitch is not installed")
def test_a_script_the_plan_no_longer_names_is_not_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Trial s9-t2 F10: ``sqitch deploy`` runs the plan's changes only; a
    ``deploy/`` script of a change dropped from the plan is left out with a
    DBN007 note, and the model equals what sqitch itself deployed."""
    _project(tmp_path)
    (tmp_path / "sqitch.conf").write_text("[core]\n\tengine = pg\n", encoding="utf-8")
    (tmp_path / "deploy" / "old_thing.sql").write_text('CREATE TABLE "OldThing" (id int);\n')
    (tmp_path / "test-schema.sql").unlink()
    assert _files(tmp_path, monkeypatch, ".") == PLAN_ORDER
    fields = dict(part.split("=", 1) for part in pg.conninfo.split())
    with pg.fresh_database("dbnl_s9_sqitch_unplanned") as db:
        who = fields.get("user", "postgres")
        uri = f"db:pg://{who}@{fields['host']}:{fields['port']}/{db}"
        done = subprocess.run(
            ["sqitch", "deploy", "--verify", uri],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        url = f"postgresql://{who}@{fields['host']}:{fields['port']}/{db}"
        result = CliRunner().invoke(
            cli, ["drift", "--db", url, "--dialect", "postgres", "--schema", "public", "."]
        )
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        cli, ["check", "--dialect", "postgres", "--select", "DBN007", "--verbose", "."]
    )
    assert "deploy/old_thing.sql:1:1: DBN007 info: not replayed: sqitch.plan names no change" in (
        result.output
    )


def test_the_hook_says_nothing_of_a_new_changes_revert_and_verify_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s9-t2 F17: ``sqitch add`` makes three scripts; revert/ and verify/ are
    never replayed by design, so the hook gives them no DBN008 "not under the
    configured paths" (they are under them)."""
    _project(tmp_path)
    (tmp_path / "test-schema.sql").unlink()
    (tmp_path / "dbnamelint.yaml").write_text("paths: [.]\ndialect: postgres\n")
    committed_repo(tmp_path, {}, monkeypatch, "base")
    with (tmp_path / "sqitch.plan").open("a", encoding="utf-8") as plan:
        plan.write("items 2018-02-05T00:00:00Z A <a@b> # items\n")
    (tmp_path / "deploy/items.sql").write_text("CREATE TABLE items (id int);\n")
    (tmp_path / "revert/items.sql").write_text("DROP TABLE items;\n")
    (tmp_path / "verify").mkdir(exist_ok=True)
    (tmp_path / "verify/items.sql").write_text("SELECT id FROM items WHERE false;\n")
    git(tmp_path, "add", "-A")
    new = ["deploy/items.sql", "revert/items.sql", "verify/items.sql", "sqitch.plan"]
    result = CliRunner().invoke(cli, ["check", "--pre-commit", *new])
    assert result.exit_code == 0, result.output
    assert "DBN008" not in result.output, result.output
