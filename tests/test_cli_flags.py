"""Flags people reach for (--quiet, --exit-zero, --statistics, -v, python -m) and
diagnostics as first-class codes (rules CODE, --select/--ignore, inline suppressions)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.core.diagnostics import DIAGNOSTICS

BAD = "CREATE TABLE ws_workspaces (id int PRIMARY KEY);\nCREATE TABLE ws_activity_log (id int);\n"
# Renames ws_old away, then alters a table the files never create (DBN011:
# it may come from elsewhere), then creates a table twice (DBN010): two info
# notes, no finding. (A use of ws_old itself is DBN028, an error.)
NOTES = (
    "CREATE TABLE ws_old (id int);\n"
    "ALTER TABLE ws_old RENAME TO ws_items;\n"
    "ALTER TABLE ws_gone ADD COLUMN note text;\n"
    "CREATE TABLE ws_items (id int);\n"
)
UNREADABLE = "CREATE TABLE ws_items (id int);\nCREATE TABLE (;\n"


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, args: list[str]):  # type: ignore[no-untyped-def]
    (tmp_path / "schema.sql").write_text(sql, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(cli, args)


def test_quiet_prints_findings_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = run(tmp_path, monkeypatch, BAD, ["check"])
    quiet = run(tmp_path, monkeypatch, BAD, ["check", "--quiet"])
    assert quiet.exit_code == full.exit_code == 1
    assert quiet.stdout.splitlines() == full.stdout.splitlines()[:1]
    assert "Found" not in quiet.stdout


def test_exit_zero_keeps_the_report_but_not_the_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(tmp_path, monkeypatch, BAD, ["check", "--exit-zero"])
    assert result.exit_code == 0
    assert "DBN105" in result.stdout


def test_exit_zero_does_not_hide_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(tmp_path, monkeypatch, BAD, ["check", "--exit-zero", "nope.sql"]).exit_code == 2


def test_statistics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, BAD, ["check", "--statistics"])
    assert result.stdout.splitlines()[0] == "1  DBN105  table-name-singular"
    assert "schema.sql:" not in result.stdout


def test_verbose_names_config_packs_paths_dialects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dbnamelint.yaml").write_text(
        "extends: recommended\ndialect: mysql\n", encoding="utf-8"
    )
    result = run(tmp_path, monkeypatch, BAD, ["check", "-v", "schema.sql"])
    err = result.stderr
    assert f"dbnamelint: config: {tmp_path.resolve() / 'dbnamelint.yaml'}" in err
    assert "dbnamelint: packs: recommended" in err
    assert "dbnamelint: paths: schema.sql" in err
    assert "dbnamelint: dialects: mysql (1 file)" in err
    # trial s10-t1: the whitelist was named as if it were read before it existed
    assert (
        "dbnamelint: whitelist: whitelist.yaml (does not exist yet: nothing is excused; "
        "`whitelist init` writes it)\n" in err
    )
    assert run(tmp_path, monkeypatch, BAD, ["whitelist", "init"]).exit_code == 0
    err = run(tmp_path, monkeypatch, BAD, ["check", "-v", "schema.sql"]).stderr
    assert "dbnamelint: whitelist: whitelist.yaml\n" in err


def test_verbose_reports_the_dialect_the_text_showed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No dialect configured: a MySQL dump is read as MySQL from its text, and
    -v says so (it used to print the guess it started from, postgres)."""
    mysql = "CREATE TABLE `ost_config` (`id` int NOT NULL AUTO_INCREMENT) ENGINE=InnoDB;\n"
    result = run(tmp_path, monkeypatch, mysql, ["check", "-v", "--no-cache", "schema.sql"])
    assert "dbnamelint: dialects: mysql (1 file)" in result.stderr, result.stderr
    cached = run(tmp_path, monkeypatch, mysql, ["check", "-v", "schema.sql"])
    again = run(tmp_path, monkeypatch, mysql, ["check", "-v", "schema.sql"])
    for later in (cached, again):  # filling the per-file cache, then served by the caches
        assert "dbnamelint: dialects: mysql (1 file)" in later.stderr, later.stderr


def test_info_notes_hidden_counted_and_shown_with_verbose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quiet = run(tmp_path, monkeypatch, NOTES, ["check"])
    assert quiet.exit_code == 0
    assert not any(": DBN01" in line for line in quiet.stdout.splitlines())
    assert "2 info notes not listed (DBN010 x1, DBN011 x1)" in quiet.stdout
    verbose = run(tmp_path, monkeypatch, NOTES, ["check", "--verbose"])
    assert (
        "schema.sql:3:32: DBN011 info: table 'ws_gone' is not created in the files; "
        "column 'note' added here"
    ) in verbose.stdout
    assert "schema.sql:4:14: DBN010 info:" in verbose.stdout


def test_select_a_diagnostic_lists_only_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, NOTES, ["check", "--select", "DBN011"])
    assert "DBN011 info:" in result.stdout
    assert "DBN010" not in result.stdout
    by_name = run(tmp_path, monkeypatch, NOTES, ["check", "--select", "object-not-created"])
    assert by_name.stdout == result.stdout


def test_select_only_diagnostics_runs_no_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(tmp_path, monkeypatch, BAD, ["check", "--select", "DBN0"])
    assert result.exit_code == 0, result.stdout
    assert "DBN104" not in result.stdout


def test_select_a_diagnostic_keeps_error_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README: no ``--select`` hides an error diagnostic (the input is
    refused or unreadable); ``--ignore`` by code does."""
    selected = run(tmp_path, monkeypatch, UNREADABLE, ["check", "--select", "DBN011"])
    assert selected.exit_code == 1
    assert "DBN004 error" in selected.stdout
    ignored = run(
        tmp_path, monkeypatch, UNREADABLE, ["check", "--select", "DBN011", "--ignore", "DBN004"]
    )
    assert ignored.exit_code == 0
    assert "DBN004" not in ignored.stdout


def test_ignore_an_error_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(tmp_path, monkeypatch, UNREADABLE, ["check"]).exit_code == 1
    ignored = run(tmp_path, monkeypatch, UNREADABLE, ["check", "--ignore", "DBN004"])
    assert ignored.exit_code == 0
    assert "DBN004" not in ignored.stdout


def test_rule_select_keeps_error_diagnostics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(tmp_path, monkeypatch, UNREADABLE, ["check", "--select", "DBN101"])
    assert result.exit_code == 1
    assert "DBN004 error:" in result.stdout


def test_missing_path_cannot_be_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, BAD, ["check", "--ignore", "DBN002", "nope.sql"])
    assert result.exit_code == 2
    assert "DBN002" in result.stdout


def test_unknown_selector_is_still_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(tmp_path, monkeypatch, BAD, ["check", "--ignore", "DBN0111"])
    assert result.exit_code == 2
    assert "unknown rule 'DBN0111'" in result.stderr


def test_inline_suppression_of_a_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = (
        "CREATE TABLE ws_items (id int);\n"
        "-- dbnamelint: ignore[DBN004] vendor syntax\n"
        "CREATE TABLE (;\n"
    )
    result = run(tmp_path, monkeypatch, sql, ["check"])
    assert result.exit_code == 0, result.stdout
    assert "DBN004" not in result.stdout
    assert "DBN020" not in result.stdout


def test_unused_diagnostic_suppression_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = "-- dbnamelint: ignore[DBN004]\nCREATE TABLE ws_items (id int);\n"
    result = run(tmp_path, monkeypatch, sql, ["check"])
    assert result.exit_code == 1
    assert "schema.sql:1:1: DBN020 warning: unused suppression ignore[DBN004]" in result.stdout


@pytest.mark.parametrize("code", sorted(DIAGNOSTICS))
def test_rules_documents_every_diagnostic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rules", code])
    assert result.exit_code == 0
    for heading in (
        "## What it does",
        "## Why is this reported?",
        "## Example",
        "## How to silence it",
    ):
        assert heading in result.stdout
    by_name = CliRunner().invoke(cli, ["rules", DIAGNOSTICS[code].name])
    assert by_name.stdout == result.stdout


def test_every_emitted_code_is_in_the_registry() -> None:
    """Grep the sources for diagnostic codes: each one used must be documented."""
    import re

    src = Path(__file__).resolve().parents[1] / "src" / "dbnamelint"
    used = set()
    for path in src.rglob("*.py"):
        if "rules" in path.parts and "builtin" in path.parts:
            continue
        used |= set(re.findall(r'"(DBN[09]\d\d)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(DIAGNOSTICS)


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert done.stdout.startswith("dbnamelint, version")


def test_dbn504_points_at_the_rename_and_names_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "001.sql").write_text(
        "CREATE TABLE ws_old (id int);\nCREATE INDEX ws_old_id_idx ON ws_old (id);\n",
        encoding="utf-8",
    )
    (tmp_path / "m" / "002.sql").write_text(
        "-- later\nALTER TABLE ws_old RENAME TO ws_items;\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "m", "--select", "DBN504"])
    (line,) = [ln for ln in result.stdout.splitlines() if "DBN504" in ln]
    assert line.startswith("m/002.sql:2:30: DBN504 ")
    assert "the index was created at m/001.sql:2:14" in line


def test_readme_diagnostics_table_is_the_registry() -> None:
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Diagnostics\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (DBN\d{3}) \| ([a-z-]+) \| (\w+) \| ([^|]+) \| (.+) \|$", section, re.M)
    assert [(code, name, sev) for code, name, sev, _, _ in rows] == [
        (d.code, d.name, d.severity.value) for d in DIAGNOSTICS.values()
    ]
    for code, _, _, fails, summary in rows:
        info = DIAGNOSTICS[code]
        assert fails.startswith("yes") is info.fails_run
        assert ("fixed" in fails) is (not info.ignorable)
        assert summary.replace("\\|", "|") == info.summary


def test_docs_full_diagnostics_table_is_the_registry() -> None:
    """docs/diagnostics.md's full table: every code, and each one's every case."""
    import re

    from docs_text import doc_text

    section = doc_text("diagnostics.md").split("## Every diagnostic in full\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = re.findall(r"^\| (DBN\d{3}) \| ([a-z-]+) \| (\w+) \| (.+) \|$", section, re.M)
    assert [(code, name, sev) for code, name, sev, _ in rows] == [
        (d.code, d.name, d.severity.value) for d in DIAGNOSTICS.values()
    ]
    for code, _, _, fails in rows:
        info = DIAGNOSTICS[code]
        assert fails.startswith("yes") is info.fails_run
        assert ("fixed" in fails) is (not info.ignorable)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_documented_shell_completion_works(shell: str) -> None:
    import os
    import shutil

    script = shutil.which("dbnamelint", path=str(Path(sys.executable).parent))
    assert script is not None
    env = {**os.environ, "_DBNAMELINT_COMPLETE": f"{shell}_source"}
    done = subprocess.run([script], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "_DBNAMELINT_COMPLETE" in done.stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"_DBNAMELINT_COMPLETE={shell}_source dbnamelint" in readme


def test_inline_suppression_of_a_note_and_bare_ignore_does_not_hide_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suppressed = NOTES.replace(
        "ALTER TABLE ws_gone ADD",
        "-- dbnamelint: ignore[object-not-created] fixed later\nALTER TABLE ws_gone ADD",
    )
    result = run(tmp_path, monkeypatch, suppressed, ["check", "--select", "DBN011,DBN020"])
    assert result.exit_code == 0, result.stdout
    assert "DBN011" not in result.stdout and "DBN020" not in result.stdout
    bare = NOTES.replace(
        "ALTER TABLE ws_gone ADD", "-- dbnamelint: ignore\nALTER TABLE ws_gone ADD"
    )
    result = run(tmp_path, monkeypatch, bare, ["check", "--select", "DBN011"])
    assert "DBN011 info: table 'ws_gone' is not created" in result.stdout


def test_config_selects_and_ignores_diagnostics_like_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "dbnamelint.yaml"
    config.write_text("ignore: [unreadable-statement]\n", encoding="utf-8")
    assert run(tmp_path, monkeypatch, UNREADABLE, ["check"]).exit_code == 0
    config.write_text("select: [DBN105, DBN011]\n", encoding="utf-8")
    listed = run(tmp_path, monkeypatch, NOTES + BAD, ["check"]).stdout
    assert "DBN011 info:" in listed and "DBN105" in listed
    assert "DBN010" not in listed  # not selected, so not even counted as hidden
    # a command-line --select of diagnostics starts over, as for rules
    cli_only = run(tmp_path, monkeypatch, NOTES + BAD, ["check", "--select", "DBN010"]).stdout
    assert "DBN010 info:" in cli_only and "DBN011" not in cli_only and "DBN105" not in cli_only


def _help_options(*command: str) -> set[str]:
    out = CliRunner().invoke(cli, [*command, "--help"]).output
    return {word.rstrip(",") for line in out.splitlines() for word in line.split()[:2]}


#: Every command that reads the schema files takes --no-cache and --dialect.
READERS = [
    ("check",),
    ("inspect",),
    ("drift",),
    ("migrate",),
    ("burndown",),
    ("impact",),
    ("whitelist", "init"),
    ("whitelist", "add"),
    ("whitelist", "prune"),
]


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_file_reading_commands_share_the_reading_options(command: tuple[str, ...]) -> None:
    assert {"--no-cache", "--dialect", "--config"} <= _help_options(*command)


def test_dialect_reaches_the_whitelist_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unquoted Users folds to users on PostgreSQL (the default) but keeps its
    # case on MySQL, where it is not snake_case.
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text("CREATE TABLE Users (id int);\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    plain = CliRunner().invoke(cli, ["whitelist", "init", "-o", "a.yaml"])
    mysql = CliRunner().invoke(cli, ["whitelist", "init", "--dialect", "mysql", "-o", "b.yaml"])
    assert plain.exit_code == mysql.exit_code == 0, plain.output + mysql.output
    assert "entries: []" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert "name: Users" in (tmp_path / "b.yaml").read_text(encoding="utf-8")
    bad = CliRunner().invoke(cli, ["whitelist", "prune", "--dialect", "nosuch"])
    assert bad.exit_code == 2 and "unknown dialect 'nosuch'" in bad.output
    assert "did you mean" not in bad.output  # nothing is close to 'nosuch'
    typo = CliRunner().invoke(cli, ["whitelist", "prune", "--dialect", "postgress"])
    assert typo.exit_code == 2
    assert "unknown dialect 'postgress'; did you mean 'postgres'?" in typo.output


def test_verbose_without_packs_says_rules_run_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config without ``extends`` applies no pack; -v says what decides the
    rules: each rule's default, which is the set ``recommended`` selects (the
    README's word; trial s32 unleash read "none" as not ``recommended``), and
    the rules it lists are those of ``extends: recommended``."""
    (tmp_path / "dbnamelint.yaml").write_text("dialect: mysql\n", encoding="utf-8")
    result = run(tmp_path, monkeypatch, BAD, ["check", "-v", "schema.sql"])
    assert (
        "dbnamelint: packs: none named (each rule on or off by its default: the set the "
        "`recommended` pack turns on)"
    ) in result.stderr
    rules = [line for line in result.stderr.splitlines() if line.startswith("dbnamelint: rules:")]
    (tmp_path / "dbnamelint.yaml").write_text(
        "extends: recommended\ndialect: mysql\n", encoding="utf-8"
    )
    packed = run(tmp_path, monkeypatch, BAD, ["check", "-v", "schema.sql"])
    assert "dbnamelint: packs: recommended" in packed.stderr
    assert rules and rules == [
        line for line in packed.stderr.splitlines() if line.startswith("dbnamelint: rules:")
    ]


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            out += _command_paths(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


@pytest.mark.parametrize("path", [p for p in _command_paths(cli) if p != ("check",)], ids=" ".join)
def test_every_command_takes_no_color(path: tuple[str, ...]) -> None:
    """Trial s43: `drift --no-color` was "No such option" while `check` (the
    one command that colours its report) took it; a command that prints no
    colour accepts `--no-color` and refuses `--color` saying so (exit 2)."""
    result = CliRunner().invoke(cli, [*path, "--no-color", "--help"])
    assert result.exit_code == 0, result.output
    refused = CliRunner().invoke(cli, [*path, "--color"], prog_name="dbnamelint")
    assert refused.exit_code == 2
    assert f"--color: `dbnamelint {' '.join(path)}` prints no colour" in refused.stderr


def test_drift_with_no_color_reports_as_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database read by sqlite3 itself; the report the same byte for byte."""
    database = tmp_path / "live.db"
    with sqlite3.connect(database) as con:
        con.execute("CREATE TABLE ws_workspaces (id int PRIMARY KEY)")
        con.execute("CREATE TABLE ws_extra (id int)")
    con.close()
    (tmp_path / "dbnamelint.yaml").write_text("paths: [schema.sql]\ndialect: sqlite\n")
    plain = run(tmp_path, monkeypatch, BAD, ["drift", "--db", f"sqlite:///{database}"])
    flagged = run(
        tmp_path, monkeypatch, BAD, ["drift", "--no-color", "--db", f"sqlite:///{database}"]
    )
    assert plain.exit_code == flagged.exit_code == 1, plain.output
    assert "ws_extra" in plain.stdout
    assert flagged.stdout == plain.stdout
