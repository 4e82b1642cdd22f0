// Compile the queries a module builds with Kysely (and Prisma's $queryRaw) to the
// SQL and parameters PostgreSQL receives; print them as JSON. No database is
// reached: Kysely's DummyDriver, PostgreSQL's adapter and compiler. Used by
// tests/test_impact_casts_kysely.py: `node compile.cjs module.js`, the module
// exporting (db, sql, prisma) => ({ name: query, ... }).
const path = require("path");
const {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} = require("kysely");

const db = new Kysely({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

// prisma.$queryRaw`...` sends its template with $1, $2... for the interpolations.
const prisma = {
  $queryRaw(strings, ...values) {
    const text = strings.reduce((out, piece, i) => out + "$" + i + piece);
    return { sql: text, parameters: values };
  },
};

const build = require(path.resolve(process.argv[2]));
const out = {};
for (const [name, query] of Object.entries(build(db, sql, prisma))) {
  const compiled = typeof query.compile === "function" ? query.compile() : query;
  out[name] = { sql: compiled.sql, parameters: compiled.parameters };
}
process.stdout.write(JSON.stringify(out) + "\n");
