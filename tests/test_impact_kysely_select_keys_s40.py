"""``impact --diff`` keeps the keys of the rows a Kysely ``.select`` returns.

Trial s40 (documenso): ``.select((eb) => ['t.id', 't.name', 't.createdAt', ...])``
was patched to ``'t.created_at'``. Kysely returns a selected column under its
own name, so the rows then had ``created_at`` where the code read
``createdAt`` (``teams as TeamInsights[]``: undefined, no error). A selected
column with no ``as`` alias is now renamed and aliased back,
``'t.created_at as createdAt'``; a string with its own alias, and a column
compared or ordered by, are renamed in place. Found in the same trial: the
keys of the objects ``.values``/``.set`` take (``.values({ createdAt: d })``),
which Kysely sends as the columns of the chain's table, were not found at
all, so the patched insert still named the old column; and a ``sql`` fragment
kept in a variable (``totalCountExpression``) and used in a chain was left
as written, naming a table its query no longer reads.

The oracles: Kysely itself (``tests/kysely``) compiles the queries of the
module before and after the patch, and PostgreSQL runs them, before on the
schema as written and after on the renamed one: same column names, same rows.
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
from dbnamelint.impact.kysely import KyselyFile
from git_helpers import committed_repo, git
from pg_server import PgServer

KYSELY = Path(__file__).parent / "kysely"

SCHEMA_SQL = """\
CREATE TABLE "Team" ("id" INTEGER NOT NULL, "createdAt" TIMESTAMP(3) NOT NULL,
  "teamName" TEXT NOT NULL, CONSTRAINT "Team_pkey" PRIMARY KEY ("id"));
"""
SEED_SQL = """\
INSERT INTO "Team" ("id", "createdAt", "teamName") VALUES (1, '2024-05-01', 'north'),
  (2, '2024-06-01', 'south');
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Prisma names", status: open}
entries:
  - {kind: table, name: '"Team"', rules: [DBN101, DBN105], phase: "1", target: teams}
  - {kind: column, name: '"Team"."createdAt"', rules: [DBN201], phase: "1", target: created_at}
  - {kind: column, name: '"Team"."teamName"', rules: [DBN201], phase: "1", target: team_name}
"""
QUERIES_JS = """\
module.exports = (db, sql, prisma) => ({
  shorthand: ((createdAt) =>
    db
      .insertInto('Team')
      .values({ id: sql.lit(4), createdAt, teamName: sql.lit('west') })
      .returning('id'))(sql.lit('2024-08-01')),
  aliased: db
    .selectFrom('Team as t')
    .select((eb) => ['t.id', 't.createdAt', 't.teamName as label'])
    .where('t.createdAt', '>', sql.lit('2024-01-01'))
    .orderBy('t.createdAt'),
  single: db.selectFrom('Team').select('Team.teamName').where('Team.id', '=', sql.lit(1)),
  bare: db.selectFrom('Team').select(['id', 'createdAt']).orderBy('createdAt', 'desc'),
  returned: db
    .updateTable('Team')
    .set('id', sql.lit(1))
    .where('id', '=', sql.lit(1))
    .returning(['id', 'teamName']),
  inserted: db
    .insertInto('Team')
    .values([{ id: sql.lit(3), createdAt: sql.lit('2024-07-01'), 'teamName': sql.lit('east') }])
    .returning('id'),
  updated: db
    .updateTable('Team')
    .set({ teamName: sql.lit('west') })
    .where('Team.id', '=', sql.lit(2))
    .returning('id'),
});
const other = (cache) => [Object.values({ teamName: 1 }), cache.set({ teamName: 2 })];
"""

#: A fragment kept in a variable and used in a chain: its qualifiers are that chain's table.
FRAGMENT_JS = """\
module.exports = (db, sql, prisma) => {
  const label = sql`upper("Team"."teamName") || "Team"."id"`;
  return { fragment: db.selectFrom('Team').select(label.as('upper')).orderBy('Team.id') };
};
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [prisma/migrations]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "prisma/migrations/20240101000000_init/migration.sql": SCHEMA_SQL,
        "src/queries.js": QUERIES_JS,
        "src/fragment.js": FRAGMENT_JS,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _compiled(repo: Path) -> dict[str, str]:
    """The SQL Kysely sends for each query of the repository's modules (none has
    parameters)."""
    out: dict[str, str] = {}
    for module in ("src/queries.js", "src/fragment.js"):
        out.update(_module(repo / module))
    return out


def _module(module: Path) -> dict[str, str]:
    node = shutil.which("node")
    if node is None or not (KYSELY / "node_modules" / "kysely").is_dir():
        pytest.skip("Kysely not installed: npm ci --prefix tests/kysely")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    major = re.match(r"v(\d+)\.", version.stdout)
    if major is None or int(major.group(1)) < 20:
        pytest.skip(f"Kysely 0.28 needs Node.js 20 or later, not {version.stdout.strip()}")
    done = subprocess.run(
        [node, str(KYSELY / "compile.cjs"), str(module)],
        cwd=KYSELY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert all(not q["parameters"] for q in out.values()), out
    return {name: str(q["sql"]) for name, q in out.items()}


def _rows(pg: PgServer, db: str, sql: str) -> list[str]:
    """The result's header line (its column names) and rows, ``a|b``."""
    done = subprocess.run(
        [
            "psql",
            "-X",
            "-q",
            "-A",
            "-P",
            "footer=off",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            pg.database(db),
        ],
        input=sql + ";\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_selected_columns_keep_their_keys_after_the_rename(
    repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    before = _compiled(repo)
    with pg.fresh_database("dbnl_kysely_keys_before") as db:
        pg.run(files=[repo / "prisma/migrations/20240101000000_init/migration.sql"], dbname=db)
        pg.run(sql=SEED_SQL, dbname=db)
        expected = {name: _rows(pg, db, sql) for name, sql in before.items()}
    assert expected["aliased"][0] == "id|createdAt|label"
    assert expected["returned"][0] == "id|teamName"
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    (forward,) = (repo / "prisma/migrations").glob("*_rename_phase_1/migration.sql")
    git(repo, "apply", str(tmp_path / "fix.patch"))
    after = _compiled(repo)
    with pg.fresh_database("dbnl_kysely_keys_after") as db:
        pg.run(files=[repo / "prisma/migrations/20240101000000_init/migration.sql"], dbname=db)
        pg.run(sql=SEED_SQL, dbname=db)
        pg.run(files=[forward], dbname=db)
        pg.run(sql='DROP VIEW "Team";', dbname=db)  # only the new names are left
        found = {name: _rows(pg, db, sql) for name, sql in after.items()}
    assert found == expected
    patched = (repo / "src/queries.js").read_text(encoding="utf-8")
    # A string with its own alias keeps it; a column compared or ordered by is renamed in place.
    assert "'t.team_name as label'" in patched
    # The keys of .values/.set objects are the columns Kysely inserts and updates.
    assert "created_at: sql.lit('2024-07-01'), 'team_name': sql.lit('east')" in patched
    assert ".set({ team_name: sql.lit('west') })" in patched
    assert (
        ".values({ id: sql.lit(4), created_at: createdAt, team_name: sql.lit('west') })" in patched
    )
    # The same keys outside a Kysely chain name no column.
    assert "[Object.values({ teamName: 1 }), cache.set({ teamName: 2 })]" in patched
    fragment = (repo / "src/fragment.js").read_text(encoding="utf-8")
    assert 'sql`upper("teams"."team_name") || "teams"."id"`' in fragment
    assert ".where('t.created_at', '>'" in patched and ".orderBy('t.created_at')" in patched


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("db.insertInto('T').values({ id: 1, teamName: 'x' })", ("column", "t")),
        ("db.insertInto('T').values([{ id: 1 }, { teamName: 'x' }])", ("column", "t")),
        ("db.updateTable('T').set({ 'teamName': 'x' })", ("column", "t")),
        (
            "db.insertInto('T').values(v).onConflict((oc) => oc.doUpdateSet({ teamName: 'x' }))",
            ("column", "t"),
        ),
        # A nested object's key, a value, and keys outside a Kysely chain.
        ("db.insertInto('T').values({ data: { teamName: 'x' } })", None),
        ("db.insertInto('T').values({ id, teamName })", ("column", "t")),
        ("db.insertInto('T').values({ id: teamName })", None),
        ("Object.values({ teamName: 1 })", None),
        ("cache.set({ teamName: 1 })", None),
        ("db.updateTable('T').set([{ teamName: 1 }])", None),
    ],
)
def test_value_object_keys(code: str, expected: tuple[str, str] | None) -> None:
    text = f"import {{ Kysely }} from 'kysely';\nexport const q = {code};\n"
    reading = KyselyFile.parse("src/q.ts", text)
    assert reading is not None
    at = text.rindex("teamName")
    site = reading.site(at, at + len("teamName"))
    assert (None if site is None else (site.part, site.table)) == expected
