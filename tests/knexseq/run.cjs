// Run a migration's up() with the tool itself on PostgreSQL, printing each SQL
// statement it sends. Used by tests/test_gate_knexseq_builder.py:
//   node run.cjs knex|sequelize migration.js postgres://user@host:port/db
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
      await migration.up(sequelize.getQueryInterface(), Sequelize);
    } finally {
      await sequelize.close();
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
