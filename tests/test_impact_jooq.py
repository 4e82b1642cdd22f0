"""jOOQ's DSL names tables and columns in Java (trial s29, kestra).

kestra's repositories name columns as ``field("key")`` (its own wrapper of
``DSL.field(DSL.quotedName(name))``) and ``DSL.field(DSL.quotedName("ft",
"key"))``; ``impact`` read them as plain text, so none was counted or patched.

Oracle: jOOQ's documentation (manual "Named table columns": ``field(name("AUTHOR",
"ID"))`` is the column ``ID`` of ``AUTHOR``, names quoted by default; javadoc
``org.jooq.Name``: ``field(name("FIRST_NAME"), ...)``, ``table(name("ACTOR"))``;
``DSL.field(String sql)``/``DSL.table(String sql)``: a plain SQL template,
which a lone identifier makes a column or table reference as it stands). No
jOOQ runs here (Maven Central is out of reach): the expected places follow
those forms.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE flows (key text PRIMARY KEY, source_code text, revision int);
CREATE TABLE kv (key text PRIMARY KEY, value text);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: table, name: flows, phase: "1", target: flow_definitions}
  - {kind: column, name: flows.source_code, phase: "1", target: source}
  - {kind: column, name: flows.key, phase: "1", target: flow_key}
  - {kind: column, name: kv.key, phase: "1", target: kv_key}
"""
REPO_JAVA = """\
package app;

import org.jooq.*;
import org.jooq.impl.DSL;

public class FlowRepo {
    private final Table<Record> table = DSL.table("flows");
    private final Table<Record> named = DSL.table(DSL.quotedName("public", "flows"));

    public static Field<Object> field(String name) {
        return DSL.field(DSL.quotedName(name));
    }

    Condition byKey(String key) {
        return field("key").eq(key).and(DSL.field(DSL.name("kv", "key")).isNull())
            .and(DSL.field(DSL.name("flows", "source_code")).isNotNull())
            .and(DSL.field("source_code", String.class).isNotNull())
            .and(DSL.field("flows.source_code = ?", "x"))
            .and(DSL.field(DSL.quotedName("rev", "revision")).eq(1));
    }

    String label() { return "flows"; }
}
"""
# The same calls in a file that does not use jOOQ: no jOOQ names.
OTHER_JAVA = """\
package app;

public class Json {
    void write(Builder b) { b.field("source_code", 1); name("flows"); }
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "src/app/FlowRepo.java": REPO_JAVA,
        "src/app/Json.java": OTHER_JAVA,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs(*args: str) -> list[tuple[str, str, int, int, str, str]]:
    data = impact_json(*args)
    return sorted(
        (obj["name"], i["path"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
    )


def test_jooq_names_tables_and_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _repo(tmp_path, monkeypatch)
    repo = "src/app/FlowRepo.java"
    assert _refs("--min-confidence", "high") == [
        ("flows", repo, 7, 52, "high", "jOOQ table()"),
        ("flows", repo, 8, 77, "high", "jOOQ table()"),
        ("flows", repo, 16, 38, "high", "jOOQ table()"),
        ("flows.source_code", repo, 16, 47, "high", "jOOQ field()"),
        ("flows.source_code", repo, 17, 29, "high", "jOOQ field()"),
        # name("kv", "key"): kv's column, not flows'.
        ("kv.key", repo, 15, 67, "high", "jOOQ field()"),
    ]
    plain = _refs("--min-confidence", "plain")
    # field("key") with no table in sight: flows and kv both have key, renamed apart.
    other = "jOOQ field() (column of other tables too)"
    assert ("flows.key", repo, 15, 23, "plain", other) in plain
    assert ("kv.key", repo, 15, 23, "plain", other) in plain
    assert {r[4] for r in plain if r[1] == "src/app/Json.java"} == {"plain"}


def test_diff_renames_jooq_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "fix.patch")
    assert (root / "src/app/FlowRepo.java").read_text(encoding="utf-8") == (
        REPO_JAVA.replace('table("flows")', 'table("flow_definitions")')
        .replace('"public", "flows"', '"public", "flow_definitions"')
        .replace('name("kv", "key")', 'name("kv", "kv_key")')
        .replace('name("flows", "source_code")', 'name("flow_definitions", "source")')
        .replace('field("source_code", String.class)', 'field("source", String.class)')
    )
