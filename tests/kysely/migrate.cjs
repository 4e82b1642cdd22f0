// Run or revert a folder's Kysely migrations with Kysely's own Migrator
// (migrateToLatest, migrateDown) and FileMigrationProvider, on PostgreSQL or,
// for a mysql:// URL, MariaDB. Used by tests/test_migrate_kysely_write_s43.py:
//   node migrate.cjs up|down <folder> <url>
// Each .ts/.js/.mjs/.mts file of the folder is transpiled to CommonJS first
// (typescript's transpileModule strips the types, as `tsc` or tsx would), then
// the provider loads the built folder: the names (file name up to its last dot)
// and their order are Kysely's. The drivers (pg, mysql2) and typescript come
// from tests/typeorm's node_modules.
const fs = require("fs");
const os = require("os");
const path = require("path");
process.env.NODE_PATH = [
  path.join(__dirname, "node_modules"),
  path.join(__dirname, "..", "typeorm", "node_modules"),
].join(path.delimiter);
require("module").Module._initPaths();
const ts = require("typescript");
const { FileMigrationProvider, Kysely, Migrator, MysqlDialect, PostgresDialect } =
  require("kysely");

const [action, folder, url] = process.argv.slice(2);
const built = fs.mkdtempSync(path.join(os.tmpdir(), "kysely-migrations-"));
for (const name of fs.readdirSync(folder)) {
  if (!/\.(ts|js|mjs|mts)$/.test(name) || /\.d\.m?ts$/.test(name)) continue;
  const source = fs.readFileSync(path.join(folder, name), "utf8");
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
    // as a .ts file: an .mjs/.mts one would stay ESM, which require() cannot load here
    fileName: name.replace(/\.m?[jt]s$/, ".ts"),
  });
  if (out.diagnostics && out.diagnostics.length) {
    const said = out.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    throw new Error(`${name}: ${said.join("; ")}`);
  }
  fs.writeFileSync(path.join(built, name.replace(/\.m?[jt]s$/, ".js")), out.outputText);
}

const dialect = url.startsWith("mysql:")
  ? new MysqlDialect({ pool: require("mysql2").createPool(url) })
  : new PostgresDialect({ pool: new (require("pg").Pool)({ connectionString: url }) });
const db = new Kysely({ dialect });
const migrator = new Migrator({
  db,
  provider: new FileMigrationProvider({ fs: fs.promises, path, migrationFolder: built }),
});

(async () => {
  try {
    const run = action === "up" ? migrator.migrateToLatest() : migrator.migrateDown();
    const { error, results } = await run;
    for (const r of results || []) console.log(`${r.status} ${r.direction} ${r.migrationName}`);
    if (error) throw error;
  } finally {
    await db.destroy();
    fs.rmSync(built, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
