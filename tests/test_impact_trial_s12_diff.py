"""``impact --diff`` after trial s12 (umami): three kinds of patch that broke working code.

#1 A name another object holds now is not a reference to the object that
held it before (``events`` renamed to ``event_store``, then ``events_new``
renamed to ``events``: ``FROM events`` reads the former ``events_new``).
#2 A column name belongs to the tables its own query level reads
(PostgreSQL resolves the innermost level first): ``select event_id from
website_events`` in a subquery of a statement that also reads
``event_data`` is website_events' column, and so is ``we.event_id`` when
``we`` is that subquery or a CTE reading website_events; a CTE whose body
the code fills in (``with paged_events as (${eventQuery})``) reads no
event_data this reading can see, so ``paged_events.event_id`` is not its.
#3 A table list is read through template interpolations: in ``from
website_event ${cohortQuery} inner join session``, ``${cohortQuery}`` is
no alias, so ``website_event.session_id`` is the table's qualifier and is
renamed with the ``FROM``.

The oracles: ``git apply`` takes each patch, and PostgreSQL runs the code's
queries before (original schema) and after (patched code on the renamed
schema) with the same output.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.sqlscope import QUALIFIER, ROW, SqlText
from git_helpers import committed_repo, git
from pg_server import PgServer, SqlFailed

CONFIG = "paths: [db/migrations]\ndialect: postgres\n"


def _diff(repo: Path, *args: str) -> tuple[str, str]:
    """(the patch ``impact --diff`` prints, its standard error), the patch
    applied with ``git apply`` when there is one."""
    result = CliRunner().invoke(cli, ["impact", "--diff", *args])
    assert result.exit_code == 0, result.stderr
    if result.stdout:
        (repo.parent / "fix.patch").write_text(result.stdout, encoding="utf-8")
        git(repo, "apply", str(repo.parent / "fix.patch"))
    return result.stdout, result.stderr


def _templates(path: Path, values: dict[str, str]) -> list[str]:
    """The SQL of each template literal of a TypeScript file, as the program
    sends it: ``${name}`` and umami's ``{{name::type}}`` filled in from ``values``."""
    text = path.read_text(encoding="utf-8")
    out = []
    for body in re.findall(r"`([^`]*)`", text):
        filled = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], body)
        filled = re.sub(r"\{\{(\w+)::\w+\}\}", lambda m: values[m.group(1)], filled)
        out.append(filled.strip())
    return out


def _run(pg: PgServer, name: str, setup: str, queries: list[str]) -> list[Any]:
    with pg.fresh_database(name) as db:
        pg.run(sql=setup, dbname=db)
        return [pg.query_json(q, dbname=db) for q in queries]


# -- #1: a name held now by another object ------------------------------------

REUSE_INIT = (
    "CREATE TABLE events (id int);\nCREATE TABLE events_new (id int);\n"
    "CREATE TABLE visits (id int, a int, c int);\n"
)
# events -> event_store, then events_new takes the name events; visit's
# column a -> b, then c takes the name a.
REUSE_SWAP = (
    "ALTER TABLE events RENAME TO event_store;\nALTER TABLE events_new RENAME TO events;\n"
    "ALTER TABLE visits RENAME COLUMN a TO b;\nALTER TABLE visits RENAME COLUMN c TO a;\n"
)
REUSE_SEED = (
    "INSERT INTO event_store VALUES (1);\nINSERT INTO events VALUES (2);\n"
    "INSERT INTO visits VALUES (1, 10, 20);\n"
)
REUSE_CODE = (
    'export const current = "SELECT id FROM events";\n'
    'export const archived = "SELECT id FROM event_store";\n'
    'export const visits = "SELECT a FROM visits";\n'
    'export const byVisit = "SELECT visits.a FROM visits";\n'
)


@pytest.fixture
def reuse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/migrations/001_init.sql": REUSE_INIT,
        "db/migrations/002_swap.sql": REUSE_SWAP,
        "src/q.ts": REUSE_CODE,
    }
    repo = committed_repo(tmp_path / "reuse", files, monkeypatch)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    # whitelist init proposes event_stores for the singular event_store (DBN105).
    assert "target: event_stores" in (repo / "whitelist.yaml").read_text(encoding="utf-8")
    return repo


def test_a_name_another_object_holds_now_is_not_patched(reuse: Path, pg: PgServer) -> None:
    patch, _ = _diff(reuse)
    assert [line for line in patch.splitlines() if line[:1] in "-+"] == [
        "--- a/src/q.ts",
        "+++ b/src/q.ts",
        '-export const archived = "SELECT id FROM event_store";',
        '+export const archived = "SELECT id FROM event_stores";',
    ]
    before = REUSE_CODE.splitlines()
    after = (reuse / "src/q.ts").read_text(encoding="utf-8").splitlines()
    queries = [re.search(r'"(.*)"', line).group(1) for line in before]  # type: ignore[union-attr]
    patched = [re.search(r'"(.*)"', line).group(1) for line in after]  # type: ignore[union-attr]
    setup = REUSE_INIT + REUSE_SWAP + REUSE_SEED
    expected = _run(pg, "dbnl_s12_reuse_before", setup, queries)
    assert expected == [[{"id": 2}], [{"id": 1}], [{"a": 20}], [{"a": 20}]]
    renamed = setup + "ALTER TABLE event_store RENAME TO event_stores;\n"
    assert _run(pg, "dbnl_s12_reuse_after", renamed, patched) == expected


def test_a_name_another_object_holds_now_is_not_listed(reuse: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--min-confidence", "plain"])
    assert result.exit_code == 0, result.stderr
    assert "src/q.ts:1:" not in result.stdout
    assert "src/q.ts:3:" not in result.stdout
    assert "src/q.ts:4:" not in result.stdout
    assert "src/q.ts:2:41: high [SQL]" in result.stdout


def test_the_compatibility_view_under_the_old_name_is_still_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A view that reads the renamed table under its old name holds that name
    # for the table (code using it goes through the view): still a reference.
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/migrations/001_init.sql": "CREATE TABLE events (id int);\n",
        "db/migrations/002_rename.sql": "ALTER TABLE events RENAME TO event_log;\n"
        "CREATE VIEW events AS SELECT * FROM event_log;\n",
        "src/q.ts": 'export const q = "SELECT id FROM events";\n',
    }
    repo = committed_repo(tmp_path / "view", files, monkeypatch)
    (repo / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: "Renames", status: done}\nentries: []\n', encoding="utf-8"
    )
    patch, _ = _diff(repo)
    assert '+export const q = "SELECT id FROM event_log";' in patch.splitlines()


# -- #2: a column of the tables its own query level reads ---------------------

COL_INIT = (
    "CREATE TABLE website_events (event_id uuid PRIMARY KEY, session_id uuid);\n"
    "CREATE TABLE event_data (event_id uuid PRIMARY KEY, website_event_id uuid);\n"
    "CREATE TABLE visitor (visitor_id uuid);\n"
)
COL_RENAME = "ALTER TABLE event_data RENAME COLUMN event_id TO event_data_id;\n"
COL_SEED = (
    "INSERT INTO website_events VALUES ('00000000-0000-0000-0000-000000000001', "
    "'00000000-0000-0000-0000-0000000000aa');\n"
    "INSERT INTO event_data VALUES ('00000000-0000-0000-0000-000000000002', "
    "'00000000-0000-0000-0000-000000000001');\n"
    "INSERT INTO visitor VALUES ('00000000-0000-0000-0000-0000000000aa');\n"
)
COL_CODE = """export const joined = `
    select event_data.website_event_id
    from event_data
    join (
      select event_id, session_id
      from website_events
    ) we
    on we.event_id = event_data.website_event_id
`;
export const paged = `
    with paged_events as (
      select event_id, session_id from website_events order by event_id limit 10
    )
    select paged_events.event_id, event_data.website_event_id
    from paged_events
    join event_data on event_data.website_event_id = paged_events.event_id
`;
export const opaque = (eventQuery: string) => `
    with paged_events as (${eventQuery})
    select event_data.website_event_id from event_data
    join paged_events on paged_events.event_id = event_data.website_event_id
`;
export const own = `
    select event_id from event_data
    where exists (select 1 from visitor where visitor_id is not null and event_id is not null)
`;
"""


@pytest.fixture
def columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": 'phases:\n  - {id: "1", title: "Renames", status: done}\nentries: []\n',
        "db/migrations/001_init.sql": COL_INIT,
        "db/migrations/002_rename.sql": COL_RENAME,
        "src/q.ts": COL_CODE,
    }
    return committed_repo(tmp_path / "columns", files, monkeypatch)


def test_another_tables_column_of_the_old_name_is_left(columns: Path, pg: PgServer) -> None:
    # The code was written before 002: its last query fails on today's schema
    # until patched; the first two read website_events' own event_id.
    values = {"eventQuery": "select event_id from website_events"}
    before = _templates(columns / "src/q.ts", values)
    patch, _ = _diff(columns)
    assert [line for line in patch.splitlines() if line[:1] in "-+"] == [
        "--- a/src/q.ts",
        "+++ b/src/q.ts",
        "-    select event_id from event_data",
        "-    where exists (select 1 from visitor where visitor_id is not null and event_id is "
        "not null)",
        "+    select event_data_id AS event_id from event_data",
        "+    where exists (select 1 from visitor where visitor_id is not null and "
        "event_data_id is not null)",
    ]
    after = _templates(columns / "src/q.ts", values)
    expected = _run(pg, "dbnl_s12_col_before", COL_INIT + COL_SEED, before)
    assert [len(rows) for rows in expected] == [1, 1, 1, 1]  # each join finds its row
    with pytest.raises(SqlFailed, match="event_id"):
        _run(pg, "dbnl_s12_col_unpatched", COL_INIT + COL_SEED + COL_RENAME, before)
    got = _run(pg, "dbnl_s12_col_after", COL_INIT + COL_SEED + COL_RENAME, after)
    # The last query's column is renamed; its rows are the same.
    assert [[list(row.values()) for row in rows] for rows in got] == [
        [list(row.values()) for row in rows] for rows in expected
    ]


# -- #3: the table list read through template interpolations ------------------

QUAL_INIT = (
    "CREATE TABLE website_event (event_id uuid PRIMARY KEY, session_id uuid, website_id uuid, "
    "url_path text);\n"
    "CREATE TABLE session (session_id uuid PRIMARY KEY, website_id uuid, browser text);\n"
)
QUAL_SEED = (
    "INSERT INTO session VALUES ('00000000-0000-0000-0000-0000000000aa', "
    "'00000000-0000-0000-0000-0000000000ee', 'firefox');\n"
    "INSERT INTO website_event VALUES ('00000000-0000-0000-0000-000000000001', "
    "'00000000-0000-0000-0000-0000000000aa', '00000000-0000-0000-0000-0000000000ee', '/');\n"
)
QUAL_RENAME = (
    "ALTER TABLE website_event RENAME TO website_events;\nALTER TABLE session RENAME TO sessions;\n"
)
QUAL_CODE = """export function q(cohortQuery: string) {
  return `
    select
        website_event.session_id as "sessionId",
        session.browser,
        website_event.url_path as "urlPath"
    from website_event
    ${cohortQuery}
    inner join session
      on session.session_id = website_event.session_id
        and session.website_id = website_event.website_id
    where website_event.website_id = {{websiteId::uuid}}
  `;
}
"""
QUAL_WHITELIST = """phases:
  - {id: "1", title: "Plurals", status: open}
entries:
  - {kind: table, name: session, rules: [DBN105], phase: "1", target: sessions}
  - {kind: table, name: website_event, rules: [DBN105], phase: "1", target: website_events}
"""


def test_qualifiers_are_renamed_with_a_from_an_interpolation_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": QUAL_WHITELIST,
        "db/migrations/001_init.sql": QUAL_INIT,
        "src/q.ts": QUAL_CODE,
    }
    repo = committed_repo(tmp_path / "qual", files, monkeypatch)
    values = {"cohortQuery": "", "websiteId": "'00000000-0000-0000-0000-0000000000ee'"}
    before = _templates(repo / "src/q.ts", values)
    patch, notes = _diff(repo)
    assert "left as written" not in notes
    assert "warning" not in notes
    assert "-    from website_event" in patch.splitlines()
    after = (repo / "src/q.ts").read_text(encoding="utf-8")
    assert re.findall(r"\bwebsite_event\b|\bsession\.", after) == []
    assert "    from website_events\n    ${cohortQuery}\n    inner join sessions\n" in after
    queries = _templates(repo / "src/q.ts", values)
    expected = _run(pg, "dbnl_s12_qual_before", QUAL_INIT + QUAL_SEED, before)
    assert expected == [
        [
            {
                "sessionId": "00000000-0000-0000-0000-0000000000aa",
                "browser": "firefox",
                "urlPath": "/",
            }
        ]
    ]
    renamed = QUAL_INIT + QUAL_SEED + QUAL_RENAME
    assert _run(pg, "dbnl_s12_qual_after", renamed, queries) == expected


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # JavaScript/TypeScript template literal; Kotlin and Groovy strings spell it the same.
        ("q.ts", "q = `SELECT t.a FROM t ${joins} JOIN s ON s.a = t.a`"),
        ("q.kt", 'q = "SELECT t.a FROM t ${joins} JOIN s ON s.a = t.a"'),
        # Ruby heredoc and string; PHP's {$x} in a double-quoted string.
        ("q.rb", "q = <<~SQL\n  SELECT t.a FROM t #{joins} JOIN s ON s.a = t.a\nSQL\n"),
        ("q.php", '<?php $q = "SELECT t.a FROM t {$joins} JOIN s ON s.a = t.a";'),
        # An interpolation with a nested brace, and two in a row.
        ("q.ts", "q = `SELECT t.a FROM t ${f({a: 1})}${g} WHERE t.a = 1`"),
    ],
)
def test_an_interpolation_after_a_table_is_no_alias(path: str, text: str) -> None:
    sql = SqlText.parse(path, text)
    qualifiers = [m.start() for m in re.finditer(r"\bt(?=\.a)", text)]
    assert qualifiers
    assert [sql.verdict(at, "t") for at in qualifiers] == [QUALIFIER] * len(qualifiers)


def test_a_name_glued_to_an_interpolation_is_no_table() -> None:
    # ${prefix}users and users_${suffix} are names built at run time.
    text = "q = `SELECT users.a FROM ${prefix}users JOIN users_${suffix} ON true`"
    sql = SqlText.parse("q.ts", text)
    assert sql.tables_at(text.index("SELECT")) == frozenset()


def test_a_table_an_interpolation_follows_is_its_whole_row_too() -> None:
    # Read as an alias, ${joins} hid the table: row_to_json(t) was left while FROM t was renamed.
    text = "q = `SELECT row_to_json(t) FROM t ${joins} WHERE true`"
    sql = SqlText.parse("q.ts", text)
    assert sql.verdict(text.index("(t)") + 1, "t") == ROW


def test_a_qualifier_of_a_table_the_statement_aliases_is_renamed_with_it() -> None:
    # PostgreSQL rejects t.a beside FROM t AS x; renamed together, the statement
    # stays as it was rather than half-renamed.
    text = "SELECT t.a FROM t AS x"
    assert SqlText.parse("q.sql", text).verdict(text.index("t.a"), "t") == QUALIFIER
