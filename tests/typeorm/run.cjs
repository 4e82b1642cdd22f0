// Run TypeORM migrations with TypeORM itself (DataSource.runMigrations) on
// PostgreSQL, or on MariaDB for a mysql:// URL (TypeORM's "mariadb" driver,
// MysqlQueryRunner), printing each SQL statement it sends. Used by
// tests/test_gate_typeorm_builder.py and tests/test_typeorm_model*.py:
//   node run.cjs migration.js [more.js ...] postgres://user@host:port/db
//   node run.cjs migration.js [more.js ...] mysql://user@host:port/db
// The migrations are given in the order written (a glob's); TypeORM orders
// them itself (by the timestamp their class name ends with).
const path = require("path");
// chalk (TypeORM's query highlighting) colours output when CI is set; the
// tests read the statements as plain text
process.env.FORCE_COLOR = "0";
// the migration (in a temporary folder) requires "typeorm": this folder's
process.env.NODE_PATH = path.join(__dirname, "node_modules");
require("module").Module._initPaths();
const { DataSource } = require("typeorm");
const args = process.argv.slice(2);
const url = args.pop();
const migrations = args.map((file) => require(path.resolve(file)));

(async () => {
  const source = new DataSource({
    type: url.startsWith("mysql:") ? "mariadb" : "postgres",
    url,
    migrations,
    logging: ["query"],
  });
  await source.initialize();
  try {
    const done = await source.runMigrations({ transaction: "each" });
    if (done.length !== migrations.length) throw new Error(`ran ${done.length} migrations`);
    console.log("ran: " + done.map((m) => m.name).join(" "));
  } finally {
    await source.destroy();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
