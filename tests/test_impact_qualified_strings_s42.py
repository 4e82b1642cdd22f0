"""``impact`` finds a ``table.column`` string handed to a helper that splices it into SQL.

umami builds ``select ${getDateSQL('revenue.created_at', unit)} ... from
revenue``: the helper's string argument names the table, and once
``revenue`` is renamed the query fails. ``impact`` listed the ``from
revenue`` and left the string as plain text, and ``--diff`` patched the
``FROM`` but not the string (README-only trial s41, umami). A string literal
whose whole text is one ``table.column`` of the schema (the column one of
that table's) is now a high-confidence use of the table and of the column,
in the helper call's string inside a JavaScript template or a Python
f-string too; a translation call's key (``_('revenue.amount')``,
``t('revenue.amount')``) and a dotted string naming no column of the table
stay plain text.

Oracle: PostgreSQL runs the query the Python module builds: after the
rename it fails, after the patch
``impact --diff`` writes (applied by the real ``git apply``) it runs (with
only the FROM patched, as before, it failed: "missing FROM-clause entry for
table revenue").
"""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from pg_server import PgServer, SqlFailed

SCHEMA = "CREATE TABLE revenue (id int PRIMARY KEY, created_at timestamp, amount int);\n"
PYTHON = """_ = str  # gettext's, in the real application


def date_sql(column):
    return f"date_trunc('day', {column})"


QUERY = (
    f"select {date_sql('revenue.created_at')} as t, sum(revenue.amount) as y "
    "from revenue group by 1"
)
LABEL = _("revenue.amount")
KEY = "revenue.nothing"
"""
TYPESCRIPT = """export function revenueByDay(unit: string) {
  return rawQuery(`
    select ${getDateSQL('revenue.created_at', unit)} as t
    from revenue
    group by 1`);
}
export const title = t('revenue.amount');
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - {kind: table, name: revenue, rules: [DBN105], phase: "1", target: revenues}
  - {kind: column, name: revenue.created_at, rules: [DBN201], phase: "1", target: created_on}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "db/001_init.sql": SCHEMA,
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "app/report.py": PYTHON,
        "web/revenue.ts": TYPESCRIPT,
    }
    return committed_repo(tmp_path, files, monkeypatch)


def _query(repo: Path) -> str:
    spec = importlib.util.spec_from_file_location(
        f"report_{uuid.uuid4().hex}", repo / "app" / "report.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.QUERY)


def test_the_string_is_listed_high_and_translation_keys_are_not(repo: Path) -> None:
    report = impact_json("--phase", "1", "--min-confidence", "plain")
    found = {
        (i["path"], i["line"], o["name"], i["confidence"], i["context"])
        for o, i in impact_items(report)
    }
    label = "SQL (table.column string)"
    # the helper's argument: the table and its column, in Python and in TypeScript
    assert ("app/report.py", 9, "revenue", "high", label) in found
    assert ("app/report.py", 9, "revenue.created_at", "high", label) in found, found
    assert ("web/revenue.ts", 3, "revenue", "high", label) in found
    assert ("web/revenue.ts", 3, "revenue.created_at", "high", label) in found
    # a translation key and a dotted string naming no column of the table
    for path, line in (("app/report.py", 12), ("app/report.py", 13), ("web/revenue.ts", 7)):
        assert {c for p, n, _, c, _ in found if (p, n) == (path, line)} == {"plain"}, (path, line)


def test_the_patched_query_runs_on_the_renamed_table(repo: Path, pg: PgServer) -> None:
    database = f"s42qual_{uuid.uuid4().hex[:8]}"
    pg.run(sql=f"CREATE DATABASE {database}")
    try:
        pg.run(sql=SCHEMA, dbname=database)
        assert "revenue.created_at" in _query(repo)
        pg.run(sql=_query(repo), dbname=database)
        # the phase's renames, as its migration makes them
        pg.run(
            sql="ALTER TABLE revenue RENAME TO revenues;"
            "ALTER TABLE revenues RENAME COLUMN created_at TO created_on;",
            dbname=database,
        )
        with pytest.raises(SqlFailed, match='relation "revenue" does not exist'):
            pg.run(sql=_query(repo), dbname=database)
        result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
        assert result.exit_code == 0, result.stderr
        (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
        git(repo, "apply", "fix.patch")
        assert "revenues.created_on" in _query(repo)
        pg.run(sql=_query(repo), dbname=database)
        assert (
            "getDateSQL('revenues.created_on', unit)" in (repo / "web" / "revenue.ts").read_text()
        )
        assert "t('revenue.amount')" in (repo / "web" / "revenue.ts").read_text()
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {database}")
