"""No input makes the reader crash: property tests over SQL-shaped noise.

Real schemas we have never seen will contain constructs no fixture covers.
The promise is not that we understand them, but that every layer answers
with names or located diagnostics — never an exception, never an internal
error (DBN099) — and that every location points inside the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import SourceFile
from dbnamelint.replay.engine import replay

PIECES = (
    "CREATE",
    "TABLE",
    "INDEX",
    "UNIQUE",
    "VIEW",
    "ALTER",
    "DROP",
    "RENAME",
    "TO",
    "COLUMN",
    "CONSTRAINT",
    "PRIMARY KEY",
    "FOREIGN KEY",
    "REFERENCES",
    "CHECK",
    "ON",
    "ONLY",
    "AS",
    "SELECT",
    "*",
    "FROM",
    "IF",
    "NOT",
    "EXISTS",
    "CASCADE",
    "TYPE",
    "ENUM",
    "SEQUENCE",
    "TRIGGER",
    "POLICY",
    "FUNCTION",
    "BEGIN",
    "END",
    "DO",
    "GO",
    "DELIMITER",
    "$$",
    "$x$",
    "(",
    ")",
    ",",
    ";",
    ".",
    "'",
    '"',
    "`",
    "[",
    "]",
    "--",
    "/*",
    "*/",
    "/*!40101",
    "\\.",
    "\\connect",
    "COPY t FROM stdin;",
    "\n",
    "\r\n",
    " ",
    "\t",
    "users",
    "t",
    "a",
    "b",
    '"Mixed"',
    "`bq`",
    "[br]",
    "ws_activity_log",
    "0",
    "1.5",
    "ü",
    "\u00a0",
    "#",
)

DIALECTS = ("postgres", "mysql", "sqlite", "tsql")

sql_noise = st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=sql_noise, dialect=st.sampled_from(DIALECTS))
def test_every_layer_answers_without_crashing(text: str, dialect: str) -> None:
    source = SourceFile("noise.sql", dialect, None)
    statements, split_diags = split_statements(text, source)
    result = parse_statements(statements)
    schema = replay(result.events)
    internal = [d for d in (*split_diags, *result.diagnostics) if d.code == "DBN099"]
    assert internal == []
    lines = text.count("\n") + 1
    for thing in (*split_diags, *result.diagnostics, *result.events, *schema.objects):
        loc = thing.location
        assert 1 <= loc.line <= lines
        assert loc.column >= 1


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=300))
def test_cli_on_arbitrary_bytes_never_tracebacks(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    (folder / "x.sql").write_bytes(data)
    result = CliRunner().invoke(cli, ["inspect", str(folder / "x.sql")])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1, 3)
    assert "Traceback" not in result.output


def test_unreadable_file_is_a_located_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "bad.sql").write_bytes(b"CREATE TABLE t (a int);\n-- caf\xe9\n")
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", str(tmp_path / "bad.sql")])
    assert result.exit_code == 3
    assert '"line": 2' in result.output and "UTF-8" in result.output
