"""``whitelist init`` never writes a target the next ``check`` refuses (trial s6t2, finding 9).

An explicit legacy-name map (``table-legacy-name: {names: {system:
app_system}}``) gives a target that breaks another active rule (DBN105: not a
plural). ``init`` wrote it and the next ``check`` failed with DBN910; the
text output never said why. Now ``init`` writes such a target as a comment
saying which rule it breaks and warns on standard error, so ``check`` passes
(README: "Regenerating from a tree and checking again reports nothing");
DBN910 on a target written by hand names the rule it breaks; and the text
report's suggestion carries the note the JSON has as ``no_fix``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from test_migrate_loop import _run

CONFIG = """\
paths: [db]
dialect: sqlite
rules:
  table-legacy-name:
    options:
      names: {system: app_system}
"""


def _project(tmp_path: Path, sql: str, config: str) -> Path:
    root = tmp_path / "proj"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root


def _entries(root: Path) -> list[dict[str, object]]:
    data = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))
    entries: list[dict[str, object]] = data["entries"]
    return entries


def test_init_leaves_out_a_mapped_target_that_breaks_another_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "CREATE TABLE system (id int);\n", CONFIG)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    assert (
        "dbnamelint: warning: whitelist.yaml:13: target app_system of table system left out "
        "(written as a comment): it breaks DBN105 table-name-singular; 'check' would refuse "
        "it (DBN910)" in err
    ), err
    text = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "    # target: app_system  (left out: it breaks DBN105 table-name-singular)\n" in text
    assert _entries(root) == [
        {"kind": "table", "name": "system", "rules": ["DBN105", "DBN107"], "phase": "1"}
    ]
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
    assert "All checks passed!" in out


def test_dbn910_on_such_a_target_names_the_rule_it_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "CREATE TABLE system (id int);\n", CONFIG)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    path = root / "whitelist.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    # target: app_system  (left out: it breaks DBN105 table-name-singular)",
            "    target: app_system",
        ),
        encoding="utf-8",
    )
    code, out, _ = _run(root, monkeypatch, "check")
    assert code == 1, out
    assert (
        "whitelist.yaml:13:5: DBN910 error: whitelist target app_system of table system "
        "(stored as 'app_system') itself breaks DBN105 table-name-singular: table name "
        "'app_system' does not end in a plural noun" in out
    ), out


def test_text_report_says_the_suggestion_breaks_a_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "CREATE TABLE system (id int);\n", CONFIG)
    code, out, _ = _run(root, monkeypatch, "check")
    assert code == 1, out
    assert (
        "DBN105 table \"system\": table name 'system' does not end in a plural noun "
        "(suggestion: app_system; note: the DBN107 target 'app_system' itself breaks DBN105)" in out
    ), out


def test_a_dependent_target_left_without_its_tables_is_left_out_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the index's target was planned on the table's target; once that is
    # left out, the index target (judged on the old table name) fails too
    config = (
        "paths: [db]\ndialect: sqlite\nselect: [DBN1, DBN3]\nrules:\n"
        "  table-legacy-name: {options: {names: {cache: app_cache}}}\n"
        '  index-name-off-template: {options: {template: "idx_{table}_{columns}"}}\n'
    )
    sql = (
        "CREATE TABLE cache (id int, expires int);\n"
        "CREATE INDEX ix_cache_expires ON cache (expires);\n"
    )
    root = _project(tmp_path, sql, config)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    assert all("target" not in e for e in _entries(root)), _entries(root)
    assert "target idx_app_cache_expires of index cache.ix_cache_expires left out" in err
    assert "it breaks DBN302 index-name-off-template once another target was left out" in err
    code, out, err = _run(root, monkeypatch, "check")
    assert code == 0, out + err
