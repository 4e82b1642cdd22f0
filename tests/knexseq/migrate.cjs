// Run a folder of migrations with the tool's own migrator on PostgreSQL (the
// oracle of tests/test_knexseq_model.py: inspect --db of the database equals
// inspect of the files):
//   node migrate.cjs knex|kysely|sequelize <folder> postgres://user@host:port/db
// knex: knex.migrate.latest (knex_migrations; files sorted by name);
// kysely: Migrator + FileMigrationProvider (kysely 0.28 from ../kysely, pg
// from here; kysely_migration; names sorted with localeCompare);
// sequelize: each file's up(queryInterface, Sequelize) in file-name order
// (sequelize-cli's umzug sorts the folder's names; umzug is not installed).
const fs = require("fs");
const path = require("path");
const [tool, dir, url] = process.argv.slice(2);
const folder = path.resolve(dir);

(async () => {
  if (tool === "knex") {
    const knex = require("knex")({ client: "pg", connection: url });
    try {
      await knex.migrate.latest({ directory: folder, loadExtensions: [".js"] });
    } finally {
      await knex.destroy();
    }
  } else if (tool === "kysely") {
    const kysely = require(path.join(__dirname, "..", "kysely", "node_modules", "kysely"));
    const { Pool } = require("pg");
    const db = new kysely.Kysely({
      dialect: new kysely.PostgresDialect({ pool: new Pool({ connectionString: url }) }),
    });
    try {
      const migrator = new kysely.Migrator({
        db,
        provider: new kysely.FileMigrationProvider({
          fs: require("fs/promises"),
          path,
          migrationFolder: folder,
        }),
      });
      const { error } = await migrator.migrateToLatest();
      if (error) throw error;
    } finally {
      await db.destroy();
    }
  } else {
    const { Sequelize } = require("sequelize");
    const sequelize = new Sequelize(url, { logging: false });
    try {
      for (const name of fs.readdirSync(folder).filter((n) => n.endsWith(".js")).sort()) {
        await require(path.join(folder, name)).up(sequelize.getQueryInterface(), Sequelize);
      }
    } finally {
      await sequelize.close();
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
