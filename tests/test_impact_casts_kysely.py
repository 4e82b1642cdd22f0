"""``impact`` on type casts in SQL text, and on Kysely's table and reference strings.

Trial s16 (documenso): a raw query's ``'DOCUMENT'::"EnvelopeType"`` and a
Kysely fragment's ``${v}::"DocumentStatus"`` were plain text, so ``--diff``
renamed the tables around them and left the casts naming a type the
migration renames (``ERROR: type "EnvelopeType" does not exist``); the
252 Kysely strings naming a renamed table (``'Envelope.id'``,
``.whereRef('Recipient.envelopeId', '=', 'Envelope.id')``, ``.selectFrom('Team
as t')``) were left with a warning. The code below is written for these
tests after those shapes. The oracles: PostgreSQL runs the patched queries
on the renamed schema (and refuses them as written), and Kysely itself
(``tests/kysely``, installed by ``.ci/run``) compiles the queries the
patched JavaScript builds.
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
from dbnamelint.impact.classify import type_position
from dbnamelint.impact.kysely import KyselyFile, sql_templates
from git_helpers import committed_repo, git
from pg_server import PgServer, SqlFailed

SCHEMA_SQL = """\
CREATE TYPE "ParcelState" AS ENUM ('OPEN', 'SHIPPED');
CREATE TYPE "Carrier" AS ENUM ('POST', 'FEDEX');
CREATE TYPE parcel_size AS ENUM ('S', 'L');
CREATE TABLE "Depot" ("id" SERIAL NOT NULL, "name" TEXT NOT NULL,
  CONSTRAINT "Depot_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Parcel" ("id" SERIAL NOT NULL, "state" "ParcelState" NOT NULL DEFAULT 'OPEN',
  "carriers" "Carrier"[] NOT NULL DEFAULT ARRAY[]::"Carrier"[], "depotId" INTEGER NOT NULL,
  "sentAt" TIMESTAMP(3), "size" parcel_size NOT NULL DEFAULT 'S',
  CONSTRAINT "Parcel_pkey" PRIMARY KEY ("id"));
"""
SEED_SQL = """\
INSERT INTO "Depot" ("name") VALUES ('north');
INSERT INTO "Parcel" ("state", "carriers", "depotId", "sentAt")
VALUES ('SHIPPED', ARRAY['POST', 'FEDEX']::"Carrier"[], 1, '2024-05-02'),
       ('OPEN', ARRAY['POST']::"Carrier"[], 1, NULL);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Plural tables, snake_case types", status: open}
entries:
  - {kind: table, name: '"Parcel"', phase: "1", target: parcels}
  - {kind: table, name: '"Depot"', phase: "1", target: depots}
  - {kind: type, name: '"ParcelState"', phase: "1", target: parcel_state}
  - {kind: type, name: '"Carrier"', phase: "1", target: carrier}
  - {kind: type, name: parcel_size, phase: "1", target: size_class}
"""
PRISMA = """\
datasource db {
  provider = "postgresql"
}

enum ParcelState {
  OPEN
  SHIPPED
}
"""
#: Runs under node: tests/kysely/compile.cjs passes Kysely's db and sql, and a
#: Prisma whose $queryRaw tag sends $1, $2... for the interpolations.
STATS_JS = """\
// Dashboard figures: raw SQL through Prisma, the rest built with Kysely.
module.exports = (db, sql, prisma) => ({
  openPerDepot: prisma.$queryRaw`
    SELECT "Depot"."name", COUNT(*) AS "open"
    FROM "Parcel"
    INNER JOIN "Depot" ON "Parcel"."depotId" = "Depot"."id"
    WHERE "Parcel"."state" = 'OPEN'::"ParcelState"
      AND CAST('SHIPPED' AS "ParcelState") <> "Parcel"."state"
      AND "Parcel"."carriers" <> ARRAY[]::"Carrier"[]
      AND "Parcel"."carriers" @> ARRAY['POST']::public."Carrier"[]
      AND "Parcel"."size" = 'S'::parcel_size
    GROUP BY "Depot"."name"`,
  fedex: prisma.$queryRaw`SELECT id FROM "Parcel" WHERE carriers && ${'{FEDEX}'}::"Carrier"[]`,
  shipped: db
    .selectFrom('Parcel')
    .innerJoin('Depot as d', 'd.id', 'Parcel.depotId')
    .select(['Parcel.id', 'Parcel.sentAt', 'd.name as depot'])
    .where(() => sql`"Parcel"."state" = ${'SHIPPED'}::"ParcelState"`)
    .where('Parcel.sentAt', 'is not', null)
    .where((eb) => eb('Parcel.id', '>', 0))
    .whereRef('Parcel.depotId', '=', 'd.id')
    .orderBy('Parcel.sentAt', 'desc'),
  monthly: db
    .selectFrom('Parcel')
    .select(({ fn }) => [
      fn('DATE_TRUNC', [sql.lit('month'), 'Parcel.sentAt']).as('month'),
      fn.count('Parcel.id').as('count'),
    ])
    .where((eb) => eb.exists(depotOf(eb)))
    .groupBy(({ fn }) => fn('DATE_TRUNC', [sql.lit('month'), 'Parcel.sentAt'])),
  byCarrier: byCarrier(db, sql),
});

function byCarrier(db, sql) {
  let qb = db.selectFrom('Parcel').select('Parcel.id');
  qb = qb.where(() => sql`"Parcel"."carriers" @> ${'{POST}'}::"Carrier"[]`);
  return qb.orderBy(`Parcel.${'id'}`);
}

function depotOf(eb) {
  return eb.selectFrom('Depot').select('Depot.id').whereRef('Depot.id', '=', 'Parcel.depotId');
}
"""
TYPES_TS = """\
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { DB } from './db';

export type ParcelQuery = SelectQueryBuilder<DB, 'Parcel', object>;
export const shipped = (eb: ExpressionBuilder<DB, 'Parcel'>) => eb('Parcel.state', '=', 'SHIPPED');
"""
#: Strings shaped like Kysely's, and casts' words, where they name nothing.
LOOKALIKES_JS = """\
const { get, t } = require('./util');

exports.labels = (db, row, value) => ({
  title: t('Parcel.title'),
  id: get(row, 'Parcel.id'),
  byValue: db.selectFrom('Depot').selectAll().where('name', '=', 'Parcel.depotId'),
  aliased: db.selectFrom('Depot as Parcel').select('Parcel.name'),
  named: 'SELECT "state" AS "ParcelState" FROM "Parcel"',
  logged: console.log(`could not cast ${value}::"ParcelState"`),
});
"""
MODELS_RS = """\
use crate::enums::parcel_size::{self, ParcelSize};

pub const SMALL: &str = r#"SELECT count(*) FROM "Parcel" WHERE size = 'S'::parcel_size"#;

pub fn is_small(size: crate::enums::parcel_size::ParcelSize) -> bool {
    size == parcel_size::ParcelSize::S
}
"""

KYSELY = Path(__file__).parent / "kysely"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [prisma/migrations]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "prisma/migrations/20240101000000_init/migration.sql": SCHEMA_SQL,
        "prisma/schema.prisma": PRISMA,
        "src/stats.js": STATS_JS,
        "src/types.ts": TYPES_TS,
        "src/lookalikes.js": LOOKALIKES_JS,
        "src/models.rs": MODELS_RS,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _found(repo: Path, path: str) -> set[tuple[int, str, str, str]]:
    settings = load_settings(repo, None, (), (), ())
    return {
        (r.line, r.name, r.confidence, r.context)
        for r in collect_impact(settings, repo, phase="1").references
        if r.path == path
    }


CAST, QUALIFIER, TABLE, REF = (
    "SQL (type cast)",
    "SQL (table qualifier)",
    "Kysely table call",
    "Kysely reference",
)


def test_casts_and_kysely_strings_are_high_confidence(repo: Path) -> None:
    found = _found(repo, "src/stats.js")
    # ${'{FEDEX}'} and the like are JavaScript, not SQL: no reference there.
    assert {f for f in found if f[1] in ("ParcelState", "Carrier", "parcel_size")} == {
        (7, "ParcelState", "high", CAST),  # 'OPEN'::"ParcelState"
        (8, "ParcelState", "high", CAST),  # CAST('SHIPPED' AS "ParcelState")
        (9, "Carrier", "high", CAST),  # ARRAY[]::"Carrier"[]
        (10, "Carrier", "high", CAST),  # ARRAY['POST']::public."Carrier"[]
        (11, "parcel_size", "high", CAST),  # unquoted: 'S'::parcel_size
        (13, "Carrier", "high", CAST),  # a $queryRaw template: ${...}::"Carrier"[]
        (18, "ParcelState", "high", CAST),  # a Kysely sql`` fragment
        (36, "Carrier", "high", CAST),  # a fragment on a builder variable's chain
    }
    assert all(conf == "high" for _, _, conf, _ in found)
    assert {(line, context) for line, name, _, context in found if name == "Parcel"} == {
        (5, "SQL"),
        (6, QUALIFIER),
        (7, QUALIFIER),
        (8, QUALIFIER),
        (9, QUALIFIER),
        (10, QUALIFIER),
        (11, QUALIFIER),
        (13, "SQL"),
        (15, TABLE),  # .selectFrom('Parcel')
        (16, REF),  # .innerJoin('Depot as d', 'd.id', 'Parcel.depotId')
        (17, REF),  # .select(['Parcel.id', 'Parcel.sentAt', ...])
        (18, QUALIFIER),  # sql`"Parcel"."state" = ...`: the table its chain names
        (19, REF),  # .where('Parcel.sentAt', 'is not', null)
        (20, REF),  # eb('Parcel.id', '>', 0)
        (21, REF),  # .whereRef('Parcel.depotId', '=', 'd.id')
        (22, REF),  # .orderBy('Parcel.sentAt', 'desc')
        (24, TABLE),
        (26, REF),  # fn('DATE_TRUNC', [sql.lit('month'), 'Parcel.sentAt'])
        (27, REF),  # fn.count('Parcel.id')
        (30, REF),
        (35, TABLE),
        (35, REF),
        (36, QUALIFIER),  # qb = db.selectFrom('Parcel')..., then qb.where(() => sql`...`)
        (37, REF),  # `Parcel.${column}`
        (41, REF),  # the outer query's table in a subquery's whereRef
    }
    assert (16, "Depot", "high", TABLE) in found  # 'Depot as d'
    assert {(41, "Depot", "high", TABLE), (41, "Depot", "high", REF)} <= found
    assert _found(repo, "src/types.ts") == {
        (4, "Parcel", "high", "Kysely builder type"),
        (5, "Parcel", "high", "Kysely builder type"),
        (5, "Parcel", "high", REF),
    }


def test_lookalikes_stay_plain_text(repo: Path) -> None:
    # An i18n key, a lodash path, a value compared with, and a table aliased with
    # another table's name are no Kysely references; an alias AS "ParcelState" is
    # no cast (the statement's own name: not listed), nor is a log message's text.
    assert _found(repo, "src/lookalikes.js") == {
        (4, "Parcel", "plain", "text"),
        (5, "Parcel", "plain", "text"),
        (6, "Depot", "high", TABLE),
        (6, "Parcel", "plain", "text"),
        (7, "Depot", "high", TABLE),
        (7, "Parcel", "plain", "text"),
        (8, "Parcel", "high", "SQL"),
        (9, "ParcelState", "plain", "text"),
    }
    # Rust's paths (parcel_size::ParcelSize) are no casts; its SQL's cast is.
    assert _found(repo, "src/models.rs") == {
        (1, "parcel_size", "plain", "text"),
        (3, "Parcel", "high", "SQL"),
        (3, "parcel_size", "high", CAST),
        (5, "parcel_size", "plain", "text"),
        (6, "parcel_size", "plain", "text"),
    }


def test_the_patch_renames_casts_and_kysely_strings_with_their_tables(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    assert "src/stats.js" not in result.stderr  # nothing there left to edit by hand
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    stats = (repo / "src/stats.js").read_text(encoding="utf-8")
    for line in (
        """    WHERE "parcels"."state" = 'OPEN'::"parcel_state\"""",
        """      AND CAST('SHIPPED' AS "parcel_state") <> "parcels"."state\"""",
        """      AND "parcels"."carriers" @> ARRAY['POST']::public."carrier"[]""",
        """      AND "parcels"."size" = 'S'::size_class""",
        """    .innerJoin('depots as d', 'd.id', 'parcels.depotId')""",
        """    .where(() => sql`"parcels"."state" = ${'SHIPPED'}::"parcel_state"`)""",
        """  return eb.selectFrom('depots').select('depots.id').whereRef('depots.id', '=', """
        """'parcels.depotId');""",
        """  return qb.orderBy(`parcels.${'id'}`);""",
    ):
        assert line + "\n" in stats
    assert not re.search(r"\b(?:Parcel|Depot|ParcelState|Carrier|parcel_size)\b", stats)
    # Prisma's enum is mapped in the same patch (its name is also the client's).
    assert '@@map("parcel_state")' in (repo / "prisma/schema.prisma").read_text()
    assert "SelectQueryBuilder<DB, 'parcels', object>" in (repo / "src/types.ts").read_text()
    models = (repo / "src/models.rs").read_text()
    assert "WHERE size = 'S'::size_class" in models
    assert "crate::enums::parcel_size::ParcelSize" in models


def _renamed_database(repo: Path, pg: PgServer, db: str) -> None:
    """The schema, a row, and the phase's forward script, then its views dropped
    (as ``migrate --cleanup`` does): only the new names are left."""
    written = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert written.exit_code == 0, written.stderr
    (forward,) = (repo / "prisma/migrations").glob("*_rename_phase_1/migration.sql")
    pg.run(files=[repo / "prisma/migrations/20240101000000_init/migration.sql"], dbname=db)
    pg.run(sql=SEED_SQL, dbname=db)
    pg.run(files=[forward], dbname=db)
    pg.run(sql='DROP VIEW "Parcel"; DROP VIEW "Depot";', dbname=db)


def test_the_patched_raw_query_runs_after_the_rename(
    repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    query = re.search(r"prisma\.\$queryRaw`([^`]*)`", STATS_JS)
    assert query is not None
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    with pg.fresh_database("dbnl_casts") as db:
        _renamed_database(repo, pg, db)
        with pytest.raises(SqlFailed, match='relation "Parcel" does not exist'):
            pg.run(sql=query.group(1), dbname=db)
        # With the tables' names alone rewritten (what --diff did before), the cast fails.
        tables_only = query.group(1).replace('"Parcel"', '"parcels"').replace('"Depot"', '"depots"')
        with pytest.raises(SqlFailed, match='type "ParcelState" does not exist'):
            pg.run(sql=tables_only, dbname=db)
        git(repo, "apply", str(tmp_path / "fix.patch"))
        patched = re.search(r"prisma\.\$queryRaw`([^`]*)`", (repo / "src/stats.js").read_text())
        assert patched is not None
        assert pg.query_json(patched.group(1), dbname=db) == [{"name": "north", "open": 1}]


def _compiled(module: Path) -> dict[str, dict[str, object]]:
    """The SQL and parameters Kysely (and the $queryRaw tag) send for ``module``'s queries."""
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
    out: dict[str, dict[str, object]] = json.loads(done.stdout)
    return out


def _execute(pg: PgServer, db: str, query: dict[str, object]) -> list[str]:
    """A compiled query's rows (``a|b``), run with its parameters as the driver
    sends them: PREPARE, then EXECUTE."""
    parameters = query["parameters"]
    assert isinstance(parameters, list)
    values = ", ".join(
        str(p) if isinstance(p, (int, float)) else "'" + str(p).replace("'", "''") + "'"
        for p in parameters
    )
    execute = f"EXECUTE q({values})" if values else "EXECUTE q"
    done = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", pg.database(db)],
        input=f"PREPARE q AS {query['sql']};\n{execute};\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise SqlFailed(done.stderr.strip())
    return done.stdout.splitlines()


def test_the_patched_kysely_queries_run_after_the_rename(
    repo: Path, pg: PgServer, tmp_path: Path
) -> None:
    before = _compiled(repo / "src/stats.js")
    assert 'where "Parcel"."state" = $1::"ParcelState"' in str(before["shipped"]["sql"])
    result = CliRunner().invoke(cli, ["impact", "--phase", "1", "--diff"])
    assert result.exit_code == 0, result.stderr
    (tmp_path / "fix.patch").write_text(result.stdout, encoding="utf-8")
    with pg.fresh_database("dbnl_kysely") as db:
        _renamed_database(repo, pg, db)
        for query in before.values():
            with pytest.raises(SqlFailed, match='"Parcel" does not exist'):
                _execute(pg, db, query)
        git(repo, "apply", str(tmp_path / "fix.patch"))
        after = _compiled(repo / "src/stats.js")
        assert set(after) == set(before)
        rows = {name: _execute(pg, db, query) for name, query in after.items()}
    assert {name: sorted(found) for name, found in rows.items()} == {
        "openPerDepot": ["north|1"],
        "fedex": ["1"],
        "shipped": ["1|2024-05-02 00:00:00|north"],
        "monthly": ["2024-05-01 00:00:00|1", "|1"],
        "byCarrier": ["1", "2"],
    }


@pytest.mark.parametrize(
    ("kind", "before", "label"),
    [
        ("type", "SELECT 'a'::", "SQL (type cast)"),
        ("type", 'SELECT $1 :: "', "SQL (type cast)"),
        ("type", "WHERE s = ANY(ARRAY[]::", "SQL (type cast)"),
        ("type", 'WHERE \\"state\\" = \'a\'::\\"', "SQL (type cast)"),
        ("type", "SELECT CAST('a' AS ", "SQL (type cast)"),
        ("type", 'SELECT cast(lower(x) as "', "SQL (type cast)"),
        ("domain", "SELECT CAST(x AS ", "SQL (type cast)"),
        ("type", "ALTER TYPE ", "SQL (type name)"),
        ("type", "DROP TYPE IF EXISTS ", "SQL (type name)"),
        ("type", 'ALTER TABLE t ALTER COLUMN "state" SET DATA TYPE "', "SQL (type name)"),
        ("table", "SELECT * FROM jsonb_populate_recordset(NULL::", "SQL (type cast)"),
        # An alias, a closed CAST, and DDL naming a table are no type positions.
        ("type", 'SELECT state AS "', None),
        ("type", "SELECT CAST(a AS int) AS ", None),
        ("table", "ALTER TYPE ", None),
        ("column", "SELECT x::", None),
    ],
)
def test_type_positions(kind: str, before: str, label: str | None) -> None:
    assert type_position(kind, before) == label


@pytest.mark.parametrize(
    ("code", "word", "expected"),
    [
        ("db.selectFrom('T').select('T.a')", "T.a", ("table", REF, None)),
        ("db.selectFrom('T').select('T.a')", "a')", ("column", REF, "T")),
        ("db.selectFrom('T as x').select('x.a')", "a')", ("column", REF, "T")),
        ("db.selectFrom('T as x').select('x.a')", "T as", ("table", TABLE, None)),
        ("db.updateTable('T').set({ a: 'T.b' })", "T.b", None),  # a value
        ("db.selectFrom('T').where('a', '=', 'T.b')", "T.b", None),  # a value
        ("db.selectFrom('T').where('T.b', '=', 1)", "T.b", ("table", REF, None)),
        ("db.selectFrom(['T', 'U']).selectAll('T')", "T', 'U'", ("table", TABLE, None)),
        ("db.selectFrom('U').selectAll('T')", "T')", ("table", TABLE, None)),
        ("db.selectFrom('U').where(sql.ref('T.a'), '=', 1)", "T.a", ("table", REF, None)),
        ("db.selectFrom('U'); const k = t('T.a');", "T.a", None),
        # A bare column is the query's table's (Kysely 0.28.19 compiles
        # `.selectFrom('user').select(['id', 'avatarColor'])` to `select "id",
        # "avatarColor" from "user"`: trial s31 immich), unknown with two tables.
        ("db.selectFrom('T').select(['id', 'a'])", "a'", ("column", REF, "t")),
        ("db.selectFrom('T').select('a as b')", "a as", ("column", REF, "t")),
        ("db.selectFrom('T').where('a', '=', 1)", "a'", ("column", REF, "t")),
        ("db.selectFrom('T').where((eb) => eb('a', '=', 1))", "a'", ("column", REF, "t")),
        (
            "db.selectFrom('T').innerJoin('U', 'U.x', 'T.y').select('a')",
            "a'",
            ("column", REF, None),
        ),
        ("db.selectFrom('T').where('T.a', '=', 'b')", "b'", None),  # a value
        ("db.selectFrom('T').orderBy('a', 'desc')", "desc", None),  # a direction
        ("db.selectFrom('T').select('a as b')", "b'", None),  # an alias
    ],
)
def test_kysely_sites(code: str, word: str, expected: tuple[str, str, str | None] | None) -> None:
    builder = KyselyFile.parse("q.ts", code)
    assert builder is not None
    at = code.index(word)
    end = at + len(re.match(r"\w+", word).group())  # type: ignore[union-attr]
    site = builder.site(at, end)
    assert (None if site is None else (site.part, site.label, site.table)) == expected


def test_only_kysely_files_and_sql_tags_are_read() -> None:
    # Knex's .where('users.id', ...) in a file without Kysely is not read as Kysely's.
    assert KyselyFile.parse("q.ts", "knex('users').where('users.id', 1)") is None
    assert KyselyFile.parse("q.py", "db.selectFrom('users')") is None
    text = "const a = sql`x::t`; const b = html`<p>${x}</p>`; // sql`in a comment`\n"
    assert [(c.start, c.end) for c in sql_templates("q.ts", text)] == [(14, 18)]
