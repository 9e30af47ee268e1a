// The benchmark's own databases: `ltv_bench` (or `ltv_bench_quick`) on the local
// PostgreSQL server, and an embedded PGlite in a temporary directory. Nothing
// else on the server is touched: the server's `postgres` database is only used to
// CREATE/DROP the bench database, as lib/db/testing.ts does for test databases.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openPglite, openPostgres, type Database } from "@/lib/db/client";
import { seedDatabase, type SeedSummary } from "@/lib/seed/load";
import { recomputeAllMetrics, type RecomputeAllResult } from "@/lib/metrics/recompute";
import { round1 } from "./stats";

export const SERVER_URL = process.env.BENCH_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Only names the bench owns may be created or dropped. */
const BENCH_NAME = /^ltv_bench(_[a-z0-9]+)?$/;

export function benchDatabaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  return admin(async (client) => (await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1);
}

/** Drops (if present) and creates the bench database. */
export async function recreateBenchDatabase(name: string): Promise<void> {
  if (!BENCH_NAME.test(name)) throw new Error(`refusing to recreate ${name}: not a bench database`);
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

export async function serverVersion(): Promise<string> {
  return admin(async (client) => String((await client.query(`SHOW server_version`)).rows[0]?.server_version));
}

export interface SeedMeasure {
  accounts: number;
  purchases: number;
  purchaseLines: number;
  rows: number;
  /** Loading the rows (generation included). */
  loadSeconds: number;
  accountsPerSecond: number;
  purchasesPerSecond: number;
  rowsPerSecond: number;
  /** The first full metrics pass: model refit + every account's metrics. */
  recompute: { refitMs: number; recomputeMs: number; accounts: number };
}

export async function seedAndRecompute(db: Database, accounts: number, log: (line: string) => void): Promise<SeedMeasure> {
  let recompute: RecomputeAllResult | null = null;
  const summary: SeedSummary = await seedDatabase(db, {
    accounts,
    // History (and the demo's exchange rates) up to today, as `npm start` seeds it: the metrics pass
    // is as of now, and an account outside EUR needs a rate within the gap of its as-of day.
    asOf: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`),
    reset: true,
    log: (line) => log(`  seed: ${line}`),
    afterLoad: async (loaded) => {
      recompute = await recomputeAllMetrics(loaded, { log: (line) => log(`  metrics: ${line}`) });
    },
  });
  const seconds = summary.loadMs / 1000;
  const done = recompute as RecomputeAllResult | null;
  return {
    accounts: summary.accounts,
    purchases: summary.purchases,
    purchaseLines: summary.purchaseLines,
    rows: summary.rows,
    loadSeconds: round1(seconds),
    accountsPerSecond: Math.round(summary.accounts / seconds),
    purchasesPerSecond: Math.round(summary.purchases / seconds),
    rowsPerSecond: Math.round(summary.rows / seconds),
    recompute: { refitMs: Math.round(done?.fitMs ?? 0), recomputeMs: Math.round(done?.recomputeMs ?? 0), accounts: done?.accounts ?? 0 },
  };
}

/** The PostgreSQL bench database, migrated; seeded unless `skipSeed` and it already holds data. */
export async function openBenchPostgres(
  name: string,
  opts: { accounts: number; skipSeed: boolean; log: (line: string) => void },
): Promise<{ db: Database; url: string; seed: SeedMeasure | null; initialRecompute: RecomputeAllResult | null }> {
  const url = benchDatabaseUrl(name);
  const reuse = opts.skipSeed && (await databaseExists(name));
  if (!reuse) await recreateBenchDatabase(name);
  const db = await openPostgres(url, { migrate: true, poolMax: 10 });
  if (reuse) {
    const rows = await db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM accounts`);
    if ((rows[0]?.n ?? 0) > 0) {
      opts.log(`reusing ${name} (${rows[0]!.n.toLocaleString("en-US")} accounts); seeding skipped`);
      // A seed cut off before its metrics pass: fit and compute them now (timed as the full recompute).
      const [state] = await db.runner.query<{ fits: number; metrics: number }>(
        `SELECT (SELECT count(*) FROM model_fits)::int AS fits, (SELECT count(*) FROM account_metrics)::int AS metrics`,
      );
      let initialRecompute: RecomputeAllResult | null = null;
      if (!state || state.fits === 0 || state.metrics < rows[0]!.n) {
        opts.log("metrics incomplete: model refit + full recompute first");
        await db.runner.exec(`ANALYZE`);
        initialRecompute = await recomputeAllMetrics(db, { log: (line) => opts.log(`  metrics: ${line}`) });
        await db.runner.exec(`ANALYZE`);
      }
      return { db, url, seed: null, initialRecompute };
    }
  }
  opts.log(`seeding ${opts.accounts.toLocaleString("en-US")} accounts into ${name} on PostgreSQL`);
  const seed = await seedAndRecompute(db, opts.accounts, opts.log);
  // Fresh statistics so the first plans are the steady-state ones.
  await db.runner.exec(`ANALYZE`);
  return { db, url, seed, initialRecompute: null };
}

/** A throw-away embedded database in a temp dir; close() removes the directory. */
export async function openBenchPglite(
  accounts: number,
  log: (line: string) => void,
): Promise<{ db: Database; dir: string; seed: SeedMeasure }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ltv-bench-pglite-"));
  const opened = await openPglite(path.join(dir, "data"));
  log(`seeding ${accounts.toLocaleString("en-US")} accounts into embedded PGlite (${dir})`);
  const seed = await seedAndRecompute(opened, accounts, log);
  await opened.runner.exec(`ANALYZE`);
  const db: Database = {
    ...opened,
    close: async () => {
      await opened.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return { db, dir, seed };
}
