// Run or revert a folder's TypeORM migrations with TypeORM itself, as
// `typeorm migration:run` / `migration:revert` do (DataSource.runMigrations,
// undoLastMigration, TypeORM's default transaction mode 'all'), on PostgreSQL
// or, for a mysql:// URL, MariaDB. Used by tests/test_migrate_typeorm_write_s43.py:
//   node migrate.cjs run|revert <folder> postgres://user@host:port/db
// Each .ts/.js file of the folder is transpiled to CommonJS first
// (typescript's transpileModule: type stripping, as `tsc` builds dist/ for
// `typeorm migration:run -d dist/data-source.js`), then TypeORM loads them by
// its own glob and orders them by the timestamps their class names end with.
const fs = require("fs");
const os = require("os");
const path = require("path");
process.env.FORCE_COLOR = "0";
process.env.NODE_PATH = path.join(__dirname, "node_modules");
require("module").Module._initPaths();
const ts = require("typescript");
const { DataSource } = require("typeorm");

const [action, folder, url] = process.argv.slice(2);
const built = fs.mkdtempSync(path.join(os.tmpdir(), "typeorm-migrations-"));
for (const name of fs.readdirSync(folder)) {
  if (!/\.(ts|js|cjs|mjs)$/.test(name) || name.endsWith(".d.ts")) continue;
  const source = fs.readFileSync(path.join(folder, name), "utf8");
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
    fileName: name,
  });
  if (out.diagnostics && out.diagnostics.length) {
    const said = out.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    throw new Error(`${name}: ${said.join("; ")}`);
  }
  fs.writeFileSync(path.join(built, name.replace(/\.[cm]?[jt]s$/, ".js")), out.outputText);
}

(async () => {
  const source = new DataSource({
    type: url.startsWith("mysql:") ? "mariadb" : "postgres",
    url,
    migrations: [path.join(built, "*.js")],
    logging: ["query", "error"],
  });
  await source.initialize();
  try {
    if (action === "run") {
      const done = await source.runMigrations();
      console.log("ran: " + done.map((m) => m.name).join(" "));
    } else if (action === "revert") {
      await source.undoLastMigration();
      console.log("reverted");
    } else {
      throw new Error(`unknown action ${action}`);
    }
  } finally {
    await source.destroy();
    fs.rmSync(built, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
