// drizzle-orm's own migrator, for tests/test_drizzle_migrate.py:
//   node migrate.mjs <migrationsFolder> <libpq conninfo | sqlite:<path>>
// Prints MIGRATE OK and exits 0, or prints the error and exits 1.
import path from "node:path";

const [folder, target] = process.argv.slice(2);

function pgConfig(conninfo) {
  const out = {};
  for (const [, key, value] of conninfo.matchAll(/(\w+)=(\S+)/g)) {
    if (key === "host") out.host = value;
    else if (key === "port") out.port = Number(value);
    else if (key === "user") out.user = value;
    else if (key === "password") out.password = value;
    else if (key === "dbname") out.database = value;
  }
  return out;
}

async function main() {
  const migrationsFolder = path.resolve(folder);
  if (target.startsWith("sqlite:")) {
    const { createClient } = await import("@libsql/client");
    const { drizzle } = await import("drizzle-orm/libsql");
    const { migrate } = await import("drizzle-orm/libsql/migrator");
    const client = createClient({ url: "file:" + path.resolve(target.slice(7)) });
    try {
      await migrate(drizzle(client), { migrationsFolder });
    } finally {
      client.close();
    }
    return;
  }
  const pg = (await import("pg")).default;
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const client = new pg.Client(pgConfig(target));
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.end();
  }
}

main().then(
  () => console.log("MIGRATE OK"),
  (error) => {
    console.error(`MIGRATE ERROR: ${error.message}${error.cause ? ` | ${error.cause.message}` : ""}`);
    process.exit(1);
  },
);
