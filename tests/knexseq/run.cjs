// Run a migration's up() with the tool itself on PostgreSQL, printing each SQL
// statement it sends. Used by tests/test_gate_knexseq_builder.py:
//   node run.cjs knex|sequelize|umzug migration.js postgres://user@host:port/db
// (umzug: up({ name, path, context: queryInterface }), umzug's MigrationParams)
const path = require("path");
const [tool, file, url] = process.argv.slice(2);
const migration = require(path.resolve(file));

(async () => {
  if (tool === "knex") {
    const knex = require("knex")({ client: "pg", connection: url });
    knex.on("query", (q) => console.log(q.sql + ";"));
    try {
      await migration.up(knex);
    } finally {
      await knex.destroy();
    }
  } else {
    const { Sequelize } = require("sequelize");
    const sequelize = new Sequelize(url, { logging: (m) => console.log(m) });
    try {
      const qi = sequelize.getQueryInterface();
      await (tool === "umzug"
        ? migration.up({ name: path.basename(file), path: file, context: qi })
        : migration.up(qi, Sequelize));
    } finally {
      await sequelize.close();
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
