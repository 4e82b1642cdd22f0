"""``impact`` on Kysely queries written for ``CamelCasePlugin`` (trial s39 docmost).

docmost makes its Kysely with ``plugins: [new CamelCasePlugin()]`` and writes
``.selectFrom('spaceMembers')``, ``'spaceMembers.spaceId'``: the plugin sends
``space_members``, ``space_id``. With ``space_members`` whitelisted, impact
found 1 plain reference (a raw ``sql`` fragment) of its 66 uses. And an
expression builder's ``selectFrom``, destructured (``({ exists, selectFrom })
=> exists(selectFrom('t'))``), was no table call, whatever its spelling.

Oracle: Kysely 0.28.19 itself (``tests/kysely``) compiles each query of
:data:`QUERIES_JS` with the plugin: those whose SQL names ``space_members``
are those impact finds, and after ``impact --diff`` each names
``space_memberships`` instead (and the renamed column).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import committed_repo, git

KYSELY = Path(__file__).parent / "kysely"

MIGRATION = """\
CREATE TABLE users (id integer PRIMARY KEY, display_name text);
CREATE TABLE space_members (id integer PRIMARY KEY, space_id integer, user_id integer);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Memberships", status: open}
entries:
  - {kind: table, name: space_members, phase: "1", target: space_memberships}
  - {kind: column, name: space_members.space_id, phase: "1", target: membership_space_id}
"""
DATABASE_TS = """\
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';

export const db = new Kysely<any>({
  dialect: new PostgresDialect({ pool }),
  plugins: [new CamelCasePlugin()],
});
"""
#: One query a line from line 3; the module runs under node as (db, sql) => queries.
QUERIES_JS = """\
// Membership queries, written for the CamelCasePlugin.
module.exports = (db, sql) => ({
  members: db.selectFrom('spaceMembers').select(['spaceMembers.userId']),
  bySpace: db.selectFrom('spaceMembers as sm').where('sm.spaceId', '=', 1).selectAll(),
  joined: db.selectFrom('users').innerJoin('spaceMembers', 'spaceMembers.userId', 'users.id').select('users.displayName'),
  qualified: db.selectFrom('spaceMembers').where('spaceMembers.spaceId', '=', 2).select('id'),
  gone: db.deleteFrom('spaceMembers').where('userId', '=', 3),
  nested: db.selectFrom('users').where(({ exists, selectFrom }) => exists(selectFrom('spaceMembers').select('id'))).select('id'),
  bare: db.selectFrom('spaceMembers').select(['spaceId']),
  names: db.selectFrom('users').select(['users.displayName']),
});
const label = { spaceMembers: 'Members of a space' };
"""  # noqa: E501
#: Compiles the module's queries with CamelCasePlugin (run with cwd tests/kysely).
_COMPILE = """\
const { CamelCasePlugin, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector,
  PostgresQueryCompiler, sql } = require('kysely');
const db = new Kysely({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  plugins: [new CamelCasePlugin(JSON.parse(process.argv[2] || '{}'))],
});
const out = {};
const queries = require(process.argv[1])(db, sql);
for (const [name, q] of Object.entries(queries)) out[name] = q.compile().sql;
process.stdout.write(JSON.stringify(out));
"""


def _node() -> str:
    node = shutil.which("node")
    if node is None or not (KYSELY / "node_modules" / "kysely").is_dir():
        pytest.skip("Kysely not installed: npm ci --prefix tests/kysely")
    return node


def _compiled(module: Path, options: str = "{}") -> dict[str, str]:
    done = subprocess.run(
        [_node(), "-e", _COMPILE, str(module), options],
        cwd=KYSELY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out: dict[str, str] = json.loads(done.stdout)
    return out


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/migrations/001_init.sql": MIGRATION,
        "src/database.ts": DATABASE_TS,
        "src/queries.js": QUERIES_JS,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _query_lines() -> dict[str, int]:
    return {
        m.group(1): i + 1
        for i, text in enumerate(QUERIES_JS.splitlines())
        if (m := re.match(r"\s+(\w+): db\.", text))
    }


def test_the_queries_naming_the_old_table_are_found(repo: Path) -> None:
    compiled = _compiled(repo / "src/queries.js")
    settings = load_settings(repo, None, (), (), ())
    found = [
        r
        for r in collect_impact(settings, repo, phase="1").references
        if r.path == "src/queries.js"
    ]
    lines = _query_lines()
    naming = {n for n, s in compiled.items() if '"space_members"' in s}
    assert naming == set(lines) - {"names"}
    high = {r.line for r in found if r.confidence == "high" and r.target.kind == "table"}
    assert high == {lines[n] for n in naming}
    # the column, where its table (or an alias of it) is written with it, or is its query's one
    columns = {(r.line, r.name) for r in found if r.target.kind == "column"}
    assert columns == {
        (lines["qualified"], "spaceId"),
        (lines["bySpace"], "spaceId"),
        (lines["bare"], "spaceId"),
    }
    assert '"space_members"."space_id"' in compiled["qualified"]
    assert '"sm"."space_id"' in compiled["bySpace"]
    assert not [r for r in found if r.line > lines["names"]]  # an object's key


def test_the_patched_queries_name_the_new_table(repo: Path, tmp_path: Path) -> None:
    _node()
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    after = _compiled(repo / "src/queries.js")
    assert not [n for n, s in after.items() if '"space_members"' in s], after
    assert {n for n, s in after.items() if '"space_memberships"' in s} == set(_query_lines()) - {
        "names"
    }
    assert '"space_memberships"."membership_space_id"' in after["qualified"]
    assert '"sm"."membership_space_id"' in after["bySpace"]
    # A selected column keeps its key (trial s40): aliased back, the plugin
    # sends the alias snake_cased and camelCases the result's key to spaceId again.
    assert after["bare"] == ('select "membership_space_id" as "space_id" from "space_memberships"')
    assert "spaceMemberships" in (repo / "src/queries.js").read_text()


@pytest.mark.parametrize(
    "options",
    [
        "{}",
        '{"underscoreBeforeDigits": true}',
        '{"underscoreBetweenUppercaseLetters": true}',
        '{"upperCase": true}',
    ],
)
def test_snake_is_the_plugins_mapping(tmp_path: Path, options: str) -> None:
    from dbnamelint.impact.kyselycamel import Options, camel, snake

    names = ["spaceMembers", "fooBAR", "v2Items", "item2Count", "already_snake", "HTTPLog", "x"]
    module = tmp_path / "names.cjs"
    module.write_text(
        "module.exports = (db) => ({\n"
        + "".join(f"  {n}: db.selectFrom('{n}').selectAll(),\n" for n in names)
        + "});\n"
    )
    compiled = _compiled(module, options)
    flags = json.loads(options)
    mine = Options(
        flags.get("upperCase", False),
        flags.get("underscoreBeforeDigits", False),
        flags.get("underscoreBetweenUppercaseLetters", False),
    )
    for name in names:
        sent = re.search(r'from "([^"]+)"', compiled[name])
        assert sent is not None and sent.group(1) == snake(name, mine), compiled[name]
    assert all(snake(camel(n), Options()) == n for n in ("space_members", "ab_cd", "x"))
