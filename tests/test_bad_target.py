"""DBN910: a whitelist ``target:`` that itself breaks the active rules.

Trial 6 (finding 17): an entry's target edited to ``'"TaskZ"'`` passed
``check`` and ``check --base``, and ``migrate`` planned ``task -> TaskZ``;
the bad name was reported only a pull request later. Now the target is
judged as the fix merger judges a candidate (the rules' own verdict on the
name as stored, on the renamed table for an index) and reported on the
``target:`` line; ``migrate`` refuses to plan it with the same message. The
oracle for "breaks the rules" is ``check`` itself on the renamed schema.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.core.diagnostics import lookup_diagnostic
from test_migrate_dependent_targets import ACLS, ACLS_CONFIG, _init, _project
from test_migrate_loop import _git, _run

CONFIG = "paths: [db]\ndialect: postgres\n"
TASK = "CREATE TABLE task (id int PRIMARY KEY);\n"


def _set_target(root: Path, old: str, new: str) -> int:
    """Replace one target; the 1-based line of the edited ``target:``."""
    path = root / "whitelist.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    (line,) = [i for i, text in enumerate(lines) if text.strip() == f"target: {old}"]
    lines[line] = lines[line].replace(f"target: {old}", f"target: {new}")
    path.write_text("".join(lines), encoding="utf-8")
    _git(root, "commit", "-qam", "edit target")
    return line + 1


def _files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "db").iterdir())


def test_a_target_breaking_a_rule_is_reported_on_its_line_and_not_planned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, TASK, CONFIG)
    _init(root, monkeypatch)
    line = _set_target(root, "tasks", "'\"TaskZ\"'")

    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    (error,) = [x for x in out.splitlines() if "DBN910" in x]
    assert error.startswith(f"whitelist.yaml:{line}:"), error
    assert "DBN101" in error and "'TaskZ'" in error, error
    code, out, err = _run(root, monkeypatch, "check", "--base", "HEAD~1")
    assert code == 1 and "DBN910" in out, out + err

    before = _files(root)
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--write")
    assert code == 2, out + err
    assert error in err  # the same located message as check's
    assert "nothing planned" in err
    assert "TaskZ" not in out
    assert _files(root) == before


def test_a_compliant_target_plans_and_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, TASK, CONFIG)
    _init(root, monkeypatch)
    _set_target(root, "tasks", "work_tasks")
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    code, out, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 0, out + err
    assert "task -> work_tasks" in out


def test_an_unquoted_target_is_judged_as_the_database_stores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL stores an unquoted ``Tasks`` as ``tasks``: nothing to report."""
    root = _project(tmp_path, TASK, CONFIG)
    _init(root, monkeypatch)
    _set_target(root, "tasks", "Tasks")
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err


def test_an_index_target_is_judged_on_the_renamed_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DBN302's template is filled with the table's target, as fixes do."""
    root = _project(tmp_path, ACLS, ACLS_CONFIG)
    _init(root, monkeypatch)
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err  # init's own target passes
    # On the old table name this would pass the template; the table is renamed.
    line = _set_target(root, "idx_access_control_lists_address", "idx_acls_address")
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    (error,) = [x for x in out.splitlines() if "DBN910" in x]
    assert error.startswith(f"whitelist.yaml:{line}:") and "DBN302" in error, error
    code, out, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 2 and error in err, out + err


def test_dbn910_is_registered_and_cannot_be_ignored() -> None:
    info = lookup_diagnostic("bad-whitelist-target")
    assert info is not None and info.code == "DBN910"
    assert info.fails_run and not info.ignorable


def test_two_entries_with_one_target_are_reported_on_the_edited_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The final trial's sqlc case: city's target edited to venue's (venues).
    Two tables cannot take one name: check reports the later entry's target
    line naming the other entry, and migrate refuses with the same words."""
    sql = "CREATE TABLE city (id int PRIMARY KEY);\nCREATE TABLE venue (id int PRIMARY KEY);\n"
    root = _project(tmp_path, sql, CONFIG)
    _init(root, monkeypatch)
    line = _set_target(root, "cities", "venues")
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 1, out + err
    errors = [x for x in out.splitlines() if "DBN910" in x]
    venue_line = next(
        i + 1
        for i, text in enumerate((root / "whitelist.yaml").read_text().splitlines())
        if text.strip() == "name: venue"
    )
    later = "city" if line > venue_line else "venue"
    other = "venue" if later == "city" else "city"
    assert len(errors) == 1, out
    assert f"of table {later} is also the target of table {other} (whitelist.yaml:" in errors[0]
    code, out, err = _run(root, monkeypatch, "migrate", "--all")
    assert code == 2 and errors[0] in err, out + err
