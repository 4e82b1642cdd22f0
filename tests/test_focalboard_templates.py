"""focalboard's Go-template migrations (trial s24).

focalboard's ``server/services/store/sqlstore/migrate.go`` renders each
``migrations/*.sql`` with ``text/template`` before mattermost/morph runs it:
``{{.prefix}}`` is the table prefix (``focalboard_``, or empty), and its
helper functions (``{{ createIndexIfNeeded "boards" "channel_id" }}``) write
whole statements. :func:`render` does what ``migrate.go`` does for the
actions used here (its ``genCreateIndexIfNeeded``, ``getIndexName``,
``addPrefixIfNeeded``; ``{{- /* ... */ -}}`` trims the blanks around it);
the oracle is PostgreSQL running the rendered text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer

_TRIMMED_COMMENT = re.compile(r"\s*\{\{-\s*/\*.*?\*/\s*-\}\}\s*", re.DOTALL)
_CREATE_INDEX = re.compile(r'\{\{\s*createIndexIfNeeded\s+"([^"]*)"\s+"([^"]*)"\s*\}\}')
_RENAME_TABLE = re.compile(r'\{\{\s*renameTableIfNeeded\s+"([^"]*)"\s+"([^"]*)"\s*\}\}')


def _prefixed(name: str, prefix: str) -> str:
    """``addPrefixIfNeeded``."""
    return name if name.startswith(prefix) else prefix + name


def render(template: str, prefix: str) -> str:
    """``template`` as focalboard's ``migrate.go`` renders it for PostgreSQL
    (no schema name set: ``normalizeTablename`` adds none)."""
    text = _TRIMMED_COMMENT.sub("", template)

    def index(match: re.Match[str]) -> str:
        table, columns = match.group(1), match.group(2)
        cols = [c for c in columns.replace(",", " ").split(" ") if c.strip()]
        name = "idx_" + table + "".join("_" + c for c in cols)
        return f"\nCREATE INDEX IF NOT EXISTS {name} ON {_prefixed(table, prefix)} ({columns});\n"

    def rename(match: re.Match[str]) -> str:  # the PostgreSQL branch, the old table there
        old, new = _prefixed(match.group(1), prefix), _prefixed(match.group(2), prefix)
        return f"\nALTER TABLE {old} RENAME TO {new};\n"

    text = _CREATE_INDEX.sub(index, text)
    text = _RENAME_TABLE.sub(rename, text)
    return text.replace("{{.prefix}}", prefix)


# -- 1: template actions alone on their lines, one after another ----------

#: 000018_add_teams_and_boards.up.sql:96-100 and 000009_blocks_history.up.sql:8-13,
#: shortened: two actions in a row, and one after a trimmed comment.
ACTIONS = """CREATE TABLE IF NOT EXISTS {{.prefix}}boards (
    id VARCHAR(36) PRIMARY KEY,
    team_id VARCHAR(36),
    channel_id VARCHAR(36)
);

{{- /* createIndexIfNeeded tableName columns */ -}}
{{ createIndexIfNeeded "boards" "team_id" }}
{{ createIndexIfNeeded "boards" "channel_id" }}
{{ createIndexIfNeeded "boards" "team_id, channel_id" }}
CREATE TABLE IF NOT EXISTS {{.prefix}}teams (id VARCHAR(36) PRIMARY KEY);

{{- /* renameTableIfNeeded oldTableName newTableName */ -}}
{{ renameTableIfNeeded "teams" "teams_history" }}

CREATE TABLE IF NOT EXISTS {{.prefix}}teams (id VARCHAR(36) PRIMARY KEY, title TEXT);
"""

TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema = 'public' ORDER BY 1"
)


@pytest.mark.parametrize("prefix", ["focalboard_", ""])
def test_actions_in_a_row_are_each_blanked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, prefix: str
) -> None:
    """Trial s24 focalboard: the second of two actions alone on their lines
    was read as a name glued to the next CREATE TABLE (``DBN005``, ``teams``
    missing). Each is blanked with its note, and the model's tables are
    those PostgreSQL has after the rendered text (a table the action renames
    is not followed: what an action writes is not read)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "000018_boards.up.sql").write_text(ACTIONS)
    done = CliRunner().invoke(
        cli, ["check", "--verbose", "--dialect", "postgres", "000018_boards.up.sql"]
    )
    assert "DBN005" not in done.output, done.output
    blanked = [line for line in done.output.splitlines() if "between statements" in line]
    assert [line.split(":")[1] for line in blanked] == ["8", "9", "10", "14"], done.output
    schema = schema_from_sql(ACTIONS, path="x.sql", dialect="postgres")
    tables = {o.name for o in schema.objects if o.kind is ObjectKind.TABLE}
    assert tables == {"___________boards", "___________teams"}
    with pg.fresh_database(f"dbn_templates24_actions{len(prefix)}") as db:
        pg.run(sql=render(ACTIONS, prefix), dbname=db)
        found = {r["table_name"] for r in pg.query_json(TABLES, db)}
    # The model's tables, the placeholder rendered; the renamed one is the action's.
    assert found == {t.replace("_" * 11, prefix) for t in tables} | {f"{prefix}teams_history"}
