"""``dbnamelint impact`` after trial s9-t2 (F4, F5).

F4: an annotation's arguments may span lines (JHipster writes every
``@JoinTable(`` with ``name = ...`` on the next line; MyBatis-Plus
``@TableField(\\n value = ...)``): the name is the mapping's all the same
(Jakarta Persistence ``JoinTable.name``, ``Table.name``, ``Column.name``;
MyBatis-Plus ``TableField.value``). F5: a dotted name in TypeScript,
JavaScript, Java, Go or Python code outside every string literal is a
property access, not SQL's ``table.column`` (the TypeScript and ECMAScript
grammars: ``operation.date`` is a member expression). Oracles: the patched
Java compiles with ``javac`` and the patched JavaScript passes ``node
--check`` (each skipped when absent); searches through the real ``git grep``,
patches through ``git apply``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from git_helpers import committed_repo
from test_impact_contexts import _apply, _refs

CONFIG = "paths: [db]\ndialect: postgres\n"
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: table, name: operation, phase: "1", target: operations}
  - {kind: column, name: operation.date, phase: "1", target: operation_date}
  - {kind: table, name: rel_operation__label, phase: "1", target: rel_operation_labels}
  - {kind: column, name: operation.dept_id, phase: "1", target: department_id}
"""
SCHEMA = """\
CREATE TABLE operation (id bigint PRIMARY KEY, date timestamp, dept_id bigint);
CREATE TABLE rel_operation__label (operation_id bigint, label_id bigint);
"""
# Stubs stand in for the annotations' libraries, so javac checks the patched file.
OPERATION = """\
import java.lang.annotation.*;
import java.util.Set;

@interface Entity {}
@interface Table { String name() default ""; String schema() default ""; }
@interface Column { String name() default ""; boolean nullable() default true; }
@interface JoinColumn { String name() default ""; }
@interface JoinTable { JoinColumn[] inverseJoinColumns() default {};
    String name() default ""; JoinColumn[] joinColumns() default {};
}
@interface TableField { String value() default ""; boolean exist() default true; }

@Entity
@Table(
    schema = "public",
    name = "operation"
)
public class Operation {
    @Column(
        name = "date",
        nullable = false
    )
    private String date;

    @JoinTable(
        name = "rel_operation__label",
        joinColumns = @JoinColumn(name = "operation_id"),
        inverseJoinColumns = @JoinColumn(name = "label_id")
    )
    private Set<Long> labels;

    @TableField(
        value = "dept_id",
        exist = true)
    private Long deptId;

    static String describe(Operation operation) {
        String label =
            "not a table";
        return operation.date + label;
    }
}
"""
SERVICE_JS = """\
export function convert(operation) {
  return { ...operation, date: operation.date?.toJSON() ?? null };
}
export const query = "SELECT operation.date FROM operation";
"""
SERVICE_PY = """\
def convert(operation):
    when = operation.date
    return db.execute("SELECT operation.date FROM operation"), when
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "src/Operation.java": OPERATION,
        "src/operation.service.js": SERVICE_JS,
        "src/operation.service.ts": SERVICE_JS,
        "src/service.py": SERVICE_PY,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def test_annotation_arguments_over_several_lines_are_mappings(repo: Path) -> None:
    java = "src/Operation.java"
    refs = {r for r in _refs(repo) if r[0] == java}
    assert {r for r in refs if r[3] == "high"} == {
        (java, 16, "operation", "high", "JPA @Table"),
        (java, 20, "date", "high", "JPA @Column"),
        (java, 26, "rel_operation__label", "high", "JPA @JoinTable"),
        (java, 33, "dept_id", "high", "MyBatis-Plus @TableField"),
    }
    # The property access and a string after an assignment stay plain.
    assert (java, 40, "date", "plain", "text") in refs


def test_dotted_names_in_code_are_no_sql_columns(repo: Path) -> None:
    refs = _refs(repo)
    for path in ("src/operation.service.js", "src/operation.service.ts"):
        assert (path, 2, "date", "plain", "text") in refs
        assert (path, 4, "date", "high", "SQL (table.column)") in refs
    assert ("src/service.py", 2, "date", "plain", "text") in refs
    assert ("src/service.py", 3, "date", "high", "SQL (table.column)") in refs


def test_the_patch_renames_split_annotations_and_keeps_code_compiling(
    repo: Path, tmp_path: Path
) -> None:
    _apply(repo)
    java = (repo / "src/Operation.java").read_text(encoding="utf-8")
    assert java == (
        OPERATION.replace('name = "operation"', 'name = "operations"')
        .replace('name = "date"', 'name = "operation_date"')
        .replace('"rel_operation__label"', '"rel_operation_labels"')
        .replace('value = "dept_id"', 'value = "department_id"')
    )
    old_sql, new_sql = (
        "SELECT operation.date FROM operation",
        "SELECT operations.operation_date FROM operations",
    )
    expected_js = SERVICE_JS.replace(old_sql, new_sql)
    for path in ("src/operation.service.js", "src/operation.service.ts"):
        assert (repo / path).read_text(encoding="utf-8") == expected_js
    assert (repo / "src/service.py").read_text(encoding="utf-8") == SERVICE_PY.replace(
        old_sql, new_sql
    )
    _compiles(repo, tmp_path)


def _compiles(repo: Path, tmp_path: Path) -> Any:
    javac, node = shutil.which("javac"), shutil.which("node")
    if javac is None and node is None:
        pytest.skip("neither javac nor node is installed")
    if javac is not None:
        out = tmp_path / "classes"
        done = subprocess.run(
            [javac, "-d", str(out), str(repo / "src/Operation.java")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    if node is not None:
        module = tmp_path / "service.mjs"
        module.write_text(
            (repo / "src/operation.service.js").read_text(encoding="utf-8"), encoding="utf-8"
        )
        done = subprocess.run(
            [node, "--check", str(module)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
