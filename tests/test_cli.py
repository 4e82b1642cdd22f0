"""The command line as users meet it: exit codes, messages, files written.

Every test runs in its own temporary project (``monkeypatch.chdir``) so the
repository's own ``[tool.dbnamelint]`` config never leaks in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

GOOD = "CREATE TABLE ws_workspaces (id int PRIMARY KEY);\n"
BAD = "CREATE TABLE ws_workspaces (id int PRIMARY KEY);\nCREATE TABLE ws_activity_log (id int);\n"


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- inspect

INSPECT_EXIT = [
    ("everything-read", {"s.sql": GOOD}, ["s.sql"], 0),
    ("unreadable-ddl", {"s.sql": GOOD + "CREATE TABLE broken (;\n"}, ["s.sql"], 1),
    ("missing-path", {"s.sql": GOOD}, ["nope.sql"], 2),
    ("binary-file", {"s.sql": GOOD, "b.sql": "\x00\x01binary"}, ["b.sql"], 3),
]


@pytest.mark.parametrize(
    ("files", "args", "code"), [c[1:] for c in INSPECT_EXIT], ids=[c[0] for c in INSPECT_EXIT]
)
def test_inspect_exit_codes(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    args: list[str],
    code: int,
) -> None:
    monkeypatch.chdir(project(tmp_path, files))
    exit_code, _, _ = run(["inspect", *args])
    assert exit_code == code


def test_inspect_json_shape_and_located_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        project(
            tmp_path,
            {
                "module-ws/db/a.sql": "CREATE TABLE t (a int);\nALTER TABLE t RENAME TO ws_t;\n",
                "module-ws/db/b.sql": "CREATE TABLE broken (a int,\n",
            },
        )
    )
    code, out, _ = run(["inspect", "--format", "json", "."])
    assert code == 1
    data = json.loads(out)
    table = next(o for o in data["objects"] if o["kind"] == "table" and o["name"] == "ws_t")
    assert table["previous_names"] == ["t"]
    assert (table["path"], table["line"], table["column"]) == ("module-ws/db/a.sql", 2, 25)
    assert table["module"] == "ws"
    column = next(o for o in data["objects"] if o["kind"] == "column")
    assert column["table"] == "ws_t"
    (diag,) = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert diag["path"] == "module-ws/db/b.sql"
    assert diag["line"] == 1
    assert "CREATE TABLE" in diag["message"]


def test_inspect_events_in_file_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        project(
            tmp_path,
            {
                "10_b.sql": "ALTER TABLE a RENAME COLUMN x TO y;\n",
                "2_a.sql": "CREATE TABLE a (x int);\n",
            },
        )
    )
    code, out, _ = run(["inspect", "--events", "--format", "json", "."])
    assert code == 0
    events = [
        (e["op"], e["kind"], e["name"], e["new_name"], e["path"]) for e in json.loads(out)["events"]
    ]
    assert events == [
        ("create", "table", "a", None, "2_a.sql"),
        ("create", "column", "x", None, "2_a.sql"),
        ("rename", "column", "x", "y", "10_b.sql"),
    ]


# ---------------------------------------------------------------- check

CORA_CONFIG = "extends: cora\npaths: [db]\n"


def test_check_clean_tree_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        project(tmp_path, {"dbnamelint.yaml": CORA_CONFIG, "db/module-ws/s.sql": GOOD})
    )
    code, out, _ = run(["check"])
    assert code == 0
    assert "All checks passed!" in out


def test_check_findings_exit_1_with_location_and_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        project(tmp_path, {"dbnamelint.yaml": CORA_CONFIG, "db/module-ws/s.sql": BAD})
    )
    code, out, _ = run(["check", "--no-color"])
    assert code == 1
    assert "db/module-ws/s.sql:2:14: DBN104 " in out and "(suggestion: ws_log_activity)" in out, out


CONFIG_ERRORS = [
    ("unknown-key", "extends: cora\npathz: [db]\n", "dbnamelint.yaml:2", "pathz"),
    ("unknown-pack", "extends: corra\n", "dbnamelint.yaml:1", "corra"),
    (
        "bad-option",
        "extends: cora\nrules:\n  table-type-infix:\n    options:\n      emptyrest: x\n",
        "dbnamelint.yaml:5",
        "emptyrest",
    ),
    ("unknown-rule", "rules:\n  DBN999: {}\n", "dbnamelint.yaml:2", "DBN999"),
]


@pytest.mark.parametrize(
    ("config", "where", "mentions"),
    [c[1:] for c in CONFIG_ERRORS],
    ids=[c[0] for c in CONFIG_ERRORS],
)
def test_config_errors_exit_2_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, where: str, mentions: str
) -> None:
    monkeypatch.chdir(project(tmp_path, {"dbnamelint.yaml": config, "db/s.sql": GOOD}))
    code, _, err = run(["check", "db"])
    assert code == 2
    assert where in err and mentions in err, err
    assert "Traceback" not in err


def test_stale_whitelist_entry_fails_then_prune_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whitelist = (
        "# legacy names\nphases:\n  - {id: '3', title: Workspace, status: open}\nentries:\n"
        "  # renamed in 007\n"
        "  - {kind: table, name: ws_activity_log, rules: all, phase: '3'}\n"
        "  - {kind: table, name: ws_configs, rules: all, phase: '3'}\n"
    )
    monkeypatch.chdir(
        project(
            tmp_path,
            {
                "dbnamelint.yaml": CORA_CONFIG,
                "whitelist.yaml": whitelist,
                "db/module-ws/s.sql": BAD + "CREATE TABLE ws_configs (id int);\n",
                "db/module-ws/t.sql": "ALTER TABLE ws_configs RENAME TO ws_cfg_sys;\n",
            },
        )
    )
    code, out, _ = run(["check", "--no-color"])
    assert code == 1
    assert "whitelist.yaml:7:" in out and "ws_configs" in out and "delete" in out, out
    code, out, _ = run(["whitelist", "prune"])
    assert code == 0 and "1 stale entry removed from whitelist.yaml" in out
    text = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "ws_configs" not in text and "ws_activity_log" in text and "# renamed in 007" in text
    code, out, _ = run(["check", "--no-color"])
    assert code == 0, out


def test_whitelist_init_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        project(tmp_path, {"dbnamelint.yaml": CORA_CONFIG, "db/module-ws/s.sql": BAD})
    )
    assert run(["check"])[0] == 1
    code, out, _ = run(["whitelist", "init"])
    assert code == 0 and "wrote" in out
    assert "target: ws_log_activity" in (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert run(["check"])[0] == 0
    # init refuses to overwrite silently
    assert run(["whitelist", "init"])[0] == 2


def test_bad_whitelist_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        project(
            tmp_path,
            {
                "dbnamelint.yaml": CORA_CONFIG,
                "whitelist.yaml": "entries:\n  - {kind: tabel, name: x}\n",
                "db/module-ws/s.sql": GOOD,
            },
        )
    )
    code, _, err = run(["check"])
    assert code == 2
    assert "whitelist.yaml:2" in err and "Traceback" not in err, err


def test_inline_suppression_and_unused_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql = (
        "-- dbnamelint: ignore[DBN104] kept for the audit export\n"
        "CREATE TABLE ws_activity_log (id int);\n"
        "-- dbnamelint: ignore[DBN105]\n"
        "CREATE TABLE ws_members (id int);\n"
    )
    monkeypatch.chdir(
        project(tmp_path, {"dbnamelint.yaml": CORA_CONFIG, "db/module-ws/s.sql": sql})
    )
    code, out, _ = run(["check", "--no-color", "--format", "json"])
    data = json.loads(out)
    assert [f["suppressed"] for f in data["findings"]] == [True]
    assert code == 1  # the second directive excuses nothing
    text = run(["check", "--no-color"])[1]
    assert "s.sql:3:" in text and "DBN020" in text, text


# ---------------------------------------------------------------- rules


def test_rules_list_and_doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["rules"])
    assert code == 0 and "DBN104" in out and "table-type-infix" in out
    code, out, _ = run(["rules", "table-type-infix"])
    assert code == 0
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Options",
    ):
        assert heading in out
    code, _, err = run(["rules", "table-type-infx"])
    assert code == 2 and "table-type-infix" in err  # a close match is offered


def test_check_warns_when_no_sql_file_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["check"])
    assert code == 0
    assert "no SQL files found" in err


def test_check_dialect_option_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project(tmp_path, {"s.sql": "CREATE TABLE `users` (`id` int);\n"}))
    code, out, _ = run(["check", "--dialect", "mysql", "--format", "json", "s.sql"])
    assert json.loads(out)["diagnostics"] == []
    assert code == 0
    code, _, err = run(["check", "--dialect", "oracle9", "s.sql"])
    assert code == 2 and "oracle9" in err


def test_inspect_text_summary_counts_each_kind_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted by hand from the SQL (a view's output columns are not objects).
    sql = (
        "CREATE TABLE a (id int, b int, c int);\n"
        "CREATE INDEX i ON a (b);\nCREATE INDEX j ON a (c);\n"
        "CREATE POLICY p ON a USING (true);\nCREATE POLICY q ON a USING (true);\n"
        "CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\n"  # its column x counts
        "CREATE SEQUENCE s;\n"
    )
    monkeypatch.chdir(project(tmp_path, {"s.sql": sql}))
    code, out, _ = run(["inspect", "--dialect", "postgres", "s.sql"])
    assert code == 0
    assert out.splitlines()[-1] == (
        "11 objects: 4 columns, 2 indexes, 1 materialized view, 2 policies, 1 sequence, 1 table"
    )
    monkeypatch.chdir(project(tmp_path, {"one.sql": "CREATE TABLE t (x int);\n"}))
    code, out, _ = run(["inspect", "--dialect", "postgres", "one.sql"])
    assert out.splitlines()[-1] == "2 objects: 1 column, 1 table"
