"""DBN302's "no consistent fix" quotes a name DBN302 accepts (trial s21 openstreetmap).

With Rails' ``index_{table}_on_{columns}`` (``columns_separator: _and_``) an
index on a long table's columns renders over PostgreSQL's 63 bytes; DBN501's
readable shortening drops the template's ``_on_``, and the note quoted that
shortening as DBN302's complaint (``index name 'index_client_apps_..._user_name'
does not follow the template``): a name DBN302 itself refuses. The note now
names the rendering DBN302 accepts and the rule it breaks. Oracles: the
quoted name, given to the index, passes DBN302 (dbnamelint's own check of
it), and real PostgreSQL stores it cut to 63 bytes (why DBN501 refuses it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

CONFIG = """\
extends: [recommended]
paths: [db]
dialect: postgres
rules:
  DBN302:
    options:
      template: "index_{table}_on_{columns}"
      columns_separator: _and_
"""
TABLE = "client_applications_with_a_long_name_for_testing_lengths"
SQL = f"""\
CREATE TABLE {TABLE} (id int PRIMARY KEY, user_identifier_column int, other_long_column int);
CREATE INDEX ix_long ON {TABLE} (user_identifier_column, other_long_column);
"""


def _findings(root: Path, sql: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    (root / "db").mkdir(parents=True, exist_ok=True)
    (root / "db" / "schema.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def test_the_quoted_candidate_is_one_dbn302_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    findings = _findings(tmp_path / "a", SQL, monkeypatch)
    (dbn302,) = [f for f in findings if f["code"] == "DBN302"]
    note = str(dbn302["no_fix"])
    assert "DBN302, DBN501 conflict" in note
    quoted = re.findall(r"DBN302 accepts only '([^']+)', which breaks DBN501", note)
    assert quoted, note
    (candidate,) = quoted
    assert "_on_" in candidate and "_and_" in candidate

    # The rule accepts it: the index under that name is no DBN302 finding.
    again = _findings(
        tmp_path / "b", SQL.replace("INDEX ix_long", f"INDEX {candidate}"), monkeypatch
    )
    assert not [f for f in again if f["code"] == "DBN302"], again
    # ... and PostgreSQL cannot keep it: it stores the name cut to 63 bytes.
    with pg.fresh_database("smalls22_dbn302") as db:
        pg.run(sql=SQL.replace("INDEX ix_long", f"INDEX {candidate}"), dbname=db)
        rows = pg.query_json(f"SELECT indexname FROM pg_indexes WHERE tablename = '{TABLE}'", db)
        stored = {str(r["indexname"]) for r in rows}
    assert candidate not in stored
    assert candidate[:63] in stored
