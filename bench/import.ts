// CSV import benchmark: N purchase rows (orders of 1–4 lines) for the accounts and
// products already in the database, imported end to end — the row checks, the
// chunked writes and each chunk's live metrics recompute — as an admin would.
// Target: 100 000 rows in under 60 s on PostgreSQL.
//   npx tsx bench/import.ts [--rows 100000] [--accounts 10000] [--database-url postgresql://…]
// Without --database-url it creates a throw-away database on the local server
// (BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres), seeds it
// with `npm run seed -- --accounts N`, runs, and drops it. Prints one JSON object.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { openPostgres, useDatabase } from "../lib/db/client";
import { startImport } from "../lib/imports/imports";
import { runImport } from "../lib/imports/run-import";
import type { Actor } from "../lib/auth/permissions";

export interface ImportBenchResult {
  rows: number;
  ms: number;
  rowsPerSecond: number;
}

/** Deterministic PRNG (mulberry32) so every run imports the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchCsvImport(opts: {
  databaseUrl: string;
  rows: number;
  chunkRows?: number;
  log?: (s: string) => void;
}): Promise<ImportBenchResult> {
  const log = opts.log ?? (() => {});
  const db = await openPostgres(opts.databaseUrl, { poolMax: 4 });
  useDatabase(db);
  try {
    const [admin] = await db.runner.query<{ id: string; email: string; name: string }>(
      `SELECT id, email, name FROM users WHERE role = 'ADMIN' AND active ORDER BY email LIMIT 1`,
    );
    if (!admin) throw new Error("No active admin in that database: seed it first (npm run seed).");
    const actor: Actor = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" };
    const accounts = (
      await db.runner.query<{ key: string }>(`SELECT coalesce(external_id, id::text) AS key FROM accounts ORDER BY id`)
    ).map((r) => r.key);
    const products = await db.runner.query<{ sku: string; list_price: string }>(
      `SELECT sku, list_price::text AS list_price FROM products WHERE NOT archived ORDER BY sku`,
    );
    if (accounts.length === 0 || products.length === 0) throw new Error("The database has no accounts or products: seed it first.");

    const next = random(20261123);
    const run = Date.now().toString(36);
    const lines = ["order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost"];
    const now = Date.now();
    for (let row = 0, order = 0; row < opts.rows; order++) {
      const size = Math.min(1 + Math.floor(next() * 4), opts.rows - row);
      const account = accounts[Math.floor(next() * accounts.length)]!;
      const day = new Date(now - Math.floor(next() * 730) * 86_400_000).toISOString().slice(0, 10);
      for (let l = 0; l < size; l++, row++) {
        const product = products[Math.floor(next() * products.length)]!;
        lines.push(`BENCH-${run}-${order},${account},${day},${product.sku},${1 + Math.floor(next() * 5)},${product.list_price},`);
      }
    }
    const content = lines.join("\n") + "\n";
    log(
      `file: ${opts.rows.toLocaleString("en-US")} purchase rows, ${(content.length / 1024 / 1024).toFixed(1)} MB, ${accounts.length.toLocaleString("en-US")} accounts, ${products.length} products`,
    );

    const started = performance.now();
    const created = await startImport(
      actor,
      { entity: "PURCHASES", mode: "ALL_OR_NOTHING", fileName: "bench.csv", content },
      { background: false },
    );
    const outcome = await runImport(db, created.id, { refit: false, chunkRows: opts.chunkRows });
    const ms = performance.now() - started;
    const [result] = await db.runner.query<{ status: string; rows_committed: number; created: number; rows_invalid: number }>(
      `SELECT status::text AS status, rows_committed, created, rows_invalid FROM imports WHERE id = $1::uuid`,
      [created.id],
    );
    if (outcome !== "COMPLETED" || result?.rows_committed !== opts.rows) {
      throw new Error(`The import did not complete: ${outcome}, ${JSON.stringify(result)}`);
    }
    log(
      `imported ${result.created.toLocaleString("en-US")} orders (${opts.rows.toLocaleString("en-US")} rows) in ${(ms / 1000).toFixed(1)} s`,
    );
    return { rows: opts.rows, ms: Math.round(ms), rowsPerSecond: Math.round(opts.rows / (ms / 1000)) };
  } finally {
    await db.close();
  }
}

function runSeed(databaseUrl: string, accounts: number, log: (s: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "prisma/seed.ts", "--accounts", String(accounts)], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    });
    child.stdout.on("data", (data: Buffer) =>
      data
        .toString()
        .trim()
        .split("\n")
        .forEach((line) => log(`  seed: ${line}`)),
    );
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      "chunk-rows": { type: "string" },
      accounts: { type: "string", default: "10000" },
      "database-url": { type: "string" },
    },
  });
  const rows = Number(values.rows);
  const log = (line: string) => console.error(line);
  if (values["database-url"]) {
    console.log(
      JSON.stringify(
        await benchCsvImport({
          databaseUrl: values["database-url"],
          rows,
          chunkRows: values["chunk-rows"] ? Number(values["chunk-rows"]) : undefined,
          log,
        }),
      ),
    );
    return;
  }
  const server = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `ltv_bench_import_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    log(`created ${name}; migrating and seeding ${values.accounts} accounts`);
    await (await openPostgres(url.toString(), { migrate: true })).close();
    await runSeed(url.toString(), Number(values.accounts), log);
    console.log(JSON.stringify(await benchCsvImport({ databaseUrl: url.toString(), rows, log })));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    log(`dropped ${name}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
