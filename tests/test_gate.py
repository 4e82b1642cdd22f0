"""The CI gate (``check --base REF``) in real temporary git repositories.

Each test starts from a main branch whose schema has two legacy tables,
both whitelisted, makes a pull request's change on a branch, and runs the
gate against ``main`` through the CLI, as a CI job would.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.whitelist import parse_whitelist
from dbnamelint.whitelist.changes import EntryIdentity, whitelist_changes
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "db/module-ws/schema/001-ws.sql"
SCHEMA_SQL = """\
CREATE TABLE ws_workspaces (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE ws_configs (
    id integer PRIMARY KEY,
    ws_id integer REFERENCES ws_workspaces (id)
);

CREATE TABLE audit_log (id integer PRIMARY KEY);
"""
WHITELIST = """\
phases:
  - {id: "1", title: Workspace config, status: open}
  - {id: "2", title: Audit, status: open}
entries:
  - {kind: table, name: ws_configs, rules: [DBN104], phase: "1", target: ws_cfg_sys}
  - {kind: table, name: audit_log, rules: [DBN102, DBN104], phase: "2", target: ws_log_audit}
"""
CONFIG = "extends: [cora]\npaths: [db]\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on branch ``feature`` forked from ``main`` (legacy, all whitelisted)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    (root / "db/module-ws/schema").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / SCHEMA).write_text(SCHEMA_SQL)
    (root / "whitelist.yaml").write_text(WHITELIST)
    init_repo(root, "legacy schema, whitelisted")
    git(root, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(root)
    return root


def gate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--base", "main", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_main_itself_passes_although_legacy_findings_exist(repo: Path) -> None:
    # Sanity: the legacy names really break rules; the whitelist is what excuses them.
    full = CliRunner().invoke(cli, ["check", "--no-whitelist"])
    assert full.exit_code == 1
    assert "ws_configs" in full.output
    code, output = gate()
    assert code == 0, output


def test_pr_adding_a_bad_table_fails_with_an_annotation_on_its_line(repo: Path) -> None:
    new = repo / "db/module-ws/schema/002-ws-activity.sql"
    new.write_text("-- activity\n\nCREATE TABLE activity_log (\n    id integer PRIMARY KEY\n);\n")
    commit_all(repo, "add activity_log")
    code, output = gate("--format", "github")
    assert code == 1
    errors = [line for line in output.splitlines() if line.startswith("::error")]
    assert errors, output
    assert all("file=db/module-ws/schema/002-ws-activity.sql,line=3," in e for e in errors)
    assert {"DBN102", "DBN104"} <= {e.split("title=")[1].split(" ")[0] for e in errors}
    # legacy names elsewhere are not this change's business
    assert "ws_configs" not in output
    assert "audit_log" not in "".join(errors)


def test_uncommitted_changes_count_and_the_working_tree_is_untouched(repo: Path) -> None:
    (repo / SCHEMA).write_text(SCHEMA_SQL + "CREATE TABLE settings (id integer);\n")
    before = git(repo, "status", "--porcelain")
    code, output = gate("--format", "json")
    assert code == 1
    document = json.loads(output)
    new = [f for f in document["findings"] if not f["whitelisted"]]
    assert {f["name"] for f in new} == {"settings"}
    assert git(repo, "status", "--porcelain") == before


def test_renaming_a_legacy_table_to_its_target_passes_and_shrinks_the_whitelist(
    repo: Path,
) -> None:
    (repo / SCHEMA).write_text(SCHEMA_SQL.replace("ws_configs", "ws_cfg_sys"))
    (repo / "whitelist.yaml").write_text(
        "\n".join(line for line in WHITELIST.splitlines() if "ws_configs" not in line) + "\n"
    )
    commit_all(repo, "phase 1: ws_configs -> ws_cfg_sys")
    code, output = gate("--format", "markdown")
    assert code == 0, output
    assert "**Removed (fixed) (1)**" in output
    assert "table `ws_configs` → `ws_cfg_sys` (phase 1)" in output
    code, output = gate("--format", "json")
    assert code == 0
    # The json report has no "extra"; the markdown is where the shrink is posted.
    assert json.loads(output)["summary"]["failed"] is False


def test_renaming_without_deleting_the_entry_fails_as_stale(repo: Path) -> None:
    (repo / SCHEMA).write_text(SCHEMA_SQL.replace("ws_configs", "ws_cfg_sys"))
    commit_all(repo, "rename only")
    code, output = gate("--format", "json")
    assert code == 1
    stale = json.loads(output)["stale_whitelist"]
    assert [(e["name"], e["line"]) for e in stale] == [("ws_configs", 5)]


def test_renaming_a_legacy_table_to_another_bad_name_fails(repo: Path) -> None:
    (repo / SCHEMA).write_text(SCHEMA_SQL.replace("audit_log", "ws_audit_log"))
    (repo / "whitelist.yaml").write_text(
        "\n".join(line for line in WHITELIST.splitlines() if "audit_log" not in line) + "\n"
    )
    commit_all(repo, "half-done rename")
    code, output = gate("--format", "json")
    assert code == 1
    new = [f for f in json.loads(output)["findings"] if not f["whitelisted"]]
    assert {f["name"] for f in new} == {"ws_audit_log"}
    assert "DBN104" in {f["code"] for f in new}  # still no _log_ infix


@pytest.mark.parametrize(
    ("entry", "change"),
    [
        pytest.param(
            '  - {kind: table, name: settings, rules: all, phase: "2"}\n', "added", id="added"
        ),
        pytest.param(None, "widened", id="widened-to-all"),
    ],
)
def test_whitelist_growth_fails_unless_allowed(repo: Path, entry: str | None, change: str) -> None:
    (repo / SCHEMA).write_text(SCHEMA_SQL + "CREATE TABLE settings (id integer);\n")
    text = WHITELIST
    if entry is not None:
        text += entry
    else:
        text = text.replace("rules: [DBN104], phase", "rules: all, phase")
        (repo / SCHEMA).write_text(SCHEMA_SQL)
    (repo / "whitelist.yaml").write_text(text)
    commit_all(repo, "grow the whitelist")
    code, output = gate("--format", "github")
    assert code == 1, output
    growth = [line for line in output.splitlines() if "DBN901" in line]
    assert len(growth) == 1 and growth[0].startswith("::error file=whitelist.yaml,line=")
    assert f"whitelist entry {change} since main" in growth[0]
    code, output = gate("--format", "github", "--allow-whitelist-growth")
    assert code == 0, output
    assert any(line.startswith("::warning") and "DBN901" in line for line in output.splitlines())


def test_moving_lines_and_a_good_table_pass(repo: Path) -> None:
    (repo / SCHEMA).write_text(
        "-- reorganised\n\n\n" + SCHEMA_SQL + "\nCREATE TABLE ws_members (id integer);\n"
    )
    commit_all(repo, "good change")
    code, output = gate()
    assert code == 0, output


def test_failures_already_on_main_are_not_blamed_on_the_change(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    (repo / SCHEMA).write_text(SCHEMA_SQL + "CREATE TABLE settings (id integer);\n")
    commit_all(repo, "main is already failing")
    git(repo, "checkout", "-q", "-b", "feature2")
    (repo / SCHEMA).write_text(SCHEMA_SQL + "CREATE TABLE settings (id integer);\n" * 1 + "\n")
    commit_all(repo, "unrelated")
    assert CliRunner().invoke(cli, ["check"]).exit_code == 1
    code, output = gate()
    assert code == 0, output


def test_unknown_ref_and_no_repository_are_usage_errors(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(cli, ["check", "--base", "no-such-branch"])
    assert result.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in result.output
    elsewhere = tmp_path / "plain"
    elsewhere.mkdir()
    (elsewhere / "dbnamelint.yaml").write_text(CONFIG)
    (elsewhere / "db").mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(cli, ["check", "--base", "main"])
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output


# --------------------------------------------------------------------------
# whitelist_changes, table-driven
# --------------------------------------------------------------------------

BASE_ENTRIES = """\
entries:
  - {kind: table, name: ws_configs, rules: [DBN104]}
  - {kind: table, name: audit_log, rules: all}
  - {kind: column, name: t.Col, rules: [DBN201]}
"""


@pytest.mark.parametrize(
    ("current", "grown", "removed"),
    [
        pytest.param(BASE_ENTRIES, [], [], id="unchanged"),
        pytest.param(BASE_ENTRIES.replace("ws_configs", "WS_CONFIGS"), [], [], id="case-folds"),
        pytest.param(
            BASE_ENTRIES.replace("name: ws_configs", "name: public.ws_configs"),
            [],
            [],
            id="default-schema-is-the-same-object",
        ),
        pytest.param(
            BASE_ENTRIES.replace("[DBN104]", "[table-type-infix]"), [], [], id="name-equals-code"
        ),
        pytest.param(
            BASE_ENTRIES.replace("[DBN104]", "[DBN104, DBN102]"),
            [("widened", "ws_configs", ["DBN102"])],
            [],
            id="widened-by-a-rule",
        ),
        pytest.param(
            BASE_ENTRIES.replace("[DBN104]", "all"),
            [("widened", "ws_configs", ["all"])],
            [],
            id="widened-to-all",
        ),
        pytest.param(
            BASE_ENTRIES.replace("audit_log, rules: all", "audit_log, rules: [DBN102]"),
            [],
            [],
            id="narrowed-is-fine",
        ),
        pytest.param(
            "entries:\n  - {kind: table, name: audit_log}\n",
            [],
            ["ws_configs", "t.Col"],
            id="removed",
        ),
        pytest.param(
            BASE_ENTRIES + "  - {kind: view, name: ws_configs}\n",
            [("added", "ws_configs", [])],
            [],
            id="same-name-other-kind-is-new",
        ),
    ],
)
def test_whitelist_changes(
    tmp_path: Path, current: str, grown: list[tuple[str, str, list[str]]], removed: list[str]
) -> None:
    settings = load_settings(tmp_path)  # the default packs: a real rule registry
    before = parse_whitelist(BASE_ENTRIES)
    after = parse_whitelist(current)
    changes = whitelist_changes(
        before,
        after,
        identify=EntryIdentity(None, "postgres"),
        rule_names={cls.name: code for code, cls in settings.registry.items()},
        still_breaks=lambda _entry: False,
    )
    got_grown = [c for c in changes if c.change in ("added", "widened")]
    assert [(c.change, c.name, list(c.rules_added)) for c in got_grown] == grown
    assert [c.name for c in changes if c.change == "removed"] == removed


def test_renaming_a_table_does_not_blame_its_unchanged_columns(repo: Path) -> None:
    """Columns are identified through their table: a rename must not make them new."""
    git(repo, "checkout", "-q", "main")
    (repo / SCHEMA).write_text(SCHEMA_SQL.replace("ws_id integer", '"WsId" integer'))
    commit_all(repo, "main already has a camelCase column")
    git(repo, "checkout", "-q", "-b", "rename")
    rename = repo / "db/module-ws/schema/002-rename.sql"
    renames = (
        "ALTER TABLE ws_configs RENAME TO ws_cfg_sys;\n"
        "ALTER TABLE ws_cfg_sys RENAME CONSTRAINT ws_configs_pkey TO ws_cfg_sys_pkey;\n"
        'ALTER TABLE ws_cfg_sys RENAME CONSTRAINT "ws_configs_WsId_fkey" TO ws_cfg_sys_ws_fkey;\n'
    )
    rename.write_text(renames)
    (repo / "whitelist.yaml").write_text(
        "\n".join(line for line in WHITELIST.splitlines() if "ws_configs" not in line) + "\n"
    )
    commit_all(repo, "phase 1: ws_configs -> ws_cfg_sys")
    code, output = gate()
    assert code == 0, output
    # ...while a column the change itself adds is still reported
    rename.write_text(renames + 'ALTER TABLE ws_cfg_sys ADD COLUMN "OwnerId" integer;\n')
    commit_all(repo, "and a new column")
    code, output = gate()
    assert code == 1
    assert "OwnerId" in output and "WsId" not in output
