// Run one TypeORM migration with TypeORM itself (DataSource.runMigrations) on
// PostgreSQL, printing each SQL statement it sends. Used by
// tests/test_gate_typeorm_builder.py:
//   node run.cjs migration.js postgres://user@host:port/db
const path = require("path");
// the migration (in a temporary folder) requires "typeorm": this folder's
process.env.NODE_PATH = path.join(__dirname, "node_modules");
require("module").Module._initPaths();
const { DataSource } = require("typeorm");
const [file, url] = process.argv.slice(2);
const migration = require(path.resolve(file));

(async () => {
  const source = new DataSource({
    type: "postgres",
    url,
    migrations: [migration],
    logging: ["query"],
  });
  await source.initialize();
  try {
    const done = await source.runMigrations({ transaction: "each" });
    if (done.length !== 1) throw new Error(`ran ${done.length} migrations`);
  } finally {
    await source.destroy();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
