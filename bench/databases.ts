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
import { recomputeAccounts, recomputeAllMetrics, type RecomputeAllResult } from "@/lib/metrics/recompute";
import { accountIdBatches } from "@/lib/metrics/store";
import { runnerQuery } from "@/lib/db/sql";
import { round1 } from "./stats";
import { progressBar } from "./progress";

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
  /** Loading the rows (generation included), and on PostgreSQL building the deferred indexes after it. */
  loadSeconds: number;
  /** Of loadSeconds: building the secondary indexes dropped for the load (0 when none were deferred). */
  indexSeconds?: number;
  accountsPerSecond: number;
  purchasesPerSecond: number;
  rowsPerSecond: number;
  /** The first full metrics pass: every row without a model (fillMs; absent in older results), model refit, every account's metrics. */
  recompute: { fillMs?: number; refitMs: number; recomputeMs: number; accounts: number };
}

// The tables the seed fills in bulk.
const BULK_TABLES = ["accounts", "contacts", "deals", "purchases", "purchase_lines", "visits"];

/**
 * Drops the plain secondary indexes of the bulk tables (not those behind a primary key, unique or
 * foreign-key constraint) and returns their definitions: a random-uuid B-tree maintained row by row
 * during a load of tens of millions of rows costs far more than one sorted build afterwards.
 * Bench only: `npm run db:seed` keeps its indexes.
 */
async function dropSecondaryIndexes(db: Database): Promise<Array<{ name: string; def: string }>> {
  const rows = await db.runner.query<{ name: string; def: string }>(
    `SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY t.relname, ic.relname`,
    [BULK_TABLES],
  );
  for (const row of rows) await db.runner.exec(`DROP INDEX "${row.name.replace(/"/g, '""')}"`);
  return rows;
}

/** Builds the dropped indexes again, two at a time (one per core). */
async function buildIndexes(db: Database, indexes: Array<{ name: string; def: string }>, log: (line: string) => void): Promise<void> {
  const queue = [...indexes];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const started = performance.now();
      await db.runner.exec(next.def);
      log(`  index ${next.name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  };
  await Promise.all([worker(), worker()]);
}

export interface SeedRunOptions {
  /** Drop the secondary indexes for the load and build them after it (PostgreSQL bench databases). */
  deferIndexes?: boolean;
  /** Progress bars on stderr for the load and the first metrics pass. */
  progress?: boolean;
}

export async function seedAndRecompute(
  db: Database,
  accounts: number,
  log: (line: string) => void,
  opts: SeedRunOptions = {},
): Promise<SeedMeasure> {
  let recompute: RecomputeAllResult | null = null;
  let indexMs = 0;
  let fillMs = 0;
  const loadBar = opts.progress ? progressBar("seed", accounts, "accounts") : null;
  let deferred: Array<{ name: string; def: string }> = [];
  const summary: SeedSummary = await seedDatabase(db, {
    accounts,
    // History (and the demo's exchange rates) up to today, as `npm start` seeds it: the metrics pass
    // is as of now, and an account outside EUR needs a rate within the gap of its as-of day.
    asOf: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`),
    reset: true,
    log: (line) => log(`  seed: ${line}`),
    onProgress: loadBar
      ? (p) =>
          loadBar.update(p.accountsDone, { rows: p.rows, rowsTotal: Math.round((p.rows / Math.max(1, p.accountsDone)) * p.accountsTotal) })
      : undefined,
    beforeLoad: opts.deferIndexes
      ? async (loading) => {
          deferred = await dropSecondaryIndexes(loading);
          log(`  seed: ${deferred.length} secondary indexes dropped for the load (built after it)`);
        }
      : undefined,
    // Before the rep goals, whose monthly revenue query needs purchases' purchased_at index.
    afterRows: async (loaded) => {
      loadBar?.finish();
      if (deferred.length > 0) {
        const started = performance.now();
        await buildIndexes(loaded, deferred, log);
        indexMs = performance.now() - started;
        log(`  seed: ${deferred.length} indexes built in ${(indexMs / 1000).toFixed(1)} s`);
      }
    },
    afterLoad: async (loaded) => {
      // account_metrics is empty: recomputeAllMetrics would first fill every row without a model
      // (its stale-summaries step, silent), then refit, then compute every row again. The fill runs
      // here instead, with its own bar and time, and the call below finds nothing stale.
      const fillBar = opts.progress ? progressBar("first metrics pass 1/2 (no model yet)", accounts, "accounts") : null;
      const fillStarted = performance.now();
      let filled = 0;
      async function* counted(): AsyncGenerator<string[]> {
        for await (const ids of accountIdBatches(runnerQuery(loaded), 1000)) {
          yield ids;
          filled += ids.length;
          fillBar?.update(filled);
        }
      }
      await recomputeAccounts(loaded, { batches: counted() });
      fillMs = performance.now() - fillStarted;
      fillBar?.finish();
      log(`  metrics: every account's row filled (no model yet) in ${(fillMs / 1000).toFixed(1)} s`);
      const metricsBar = opts.progress ? progressBar("first metrics pass 2/2 (refit, then every account)", accounts, "accounts") : null;
      recompute = await recomputeAllMetrics(loaded, {
        // Pass 1 built every account's months from its orders, which this pass does not change.
        revenueMonths: "converted",
        log: (line) => log(`  metrics: ${line}`),
        onProgress: metricsBar ? (done) => metricsBar.update(done) : undefined,
      });
      metricsBar?.finish();
    },
  });
  // loadMs includes the index builds (afterRows runs inside the load).
  const seconds = summary.loadMs / 1000;
  const done = recompute as RecomputeAllResult | null;
  return {
    accounts: summary.accounts,
    purchases: summary.purchases,
    purchaseLines: summary.purchaseLines,
    rows: summary.rows,
    loadSeconds: round1(seconds),
    indexSeconds: round1(indexMs / 1000),
    accountsPerSecond: Math.round(summary.accounts / seconds),
    purchasesPerSecond: Math.round(summary.purchases / seconds),
    rowsPerSecond: Math.round(summary.rows / seconds),
    recompute: {
      fillMs: Math.round(fillMs),
      refitMs: Math.round(done?.fitMs ?? 0),
      recomputeMs: Math.round(done?.recomputeMs ?? 0),
      accounts: done?.accounts ?? 0,
    },
  };
}

/** The PostgreSQL bench database, migrated; seeded unless `skipSeed` and it already holds data. */
export async function openBenchPostgres(
  name: string,
  opts: { accounts: number; skipSeed: boolean; log: (line: string) => void; progress?: boolean },
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
        initialRecompute = await recomputeAllMetrics(db, {
          // Cut off after pass 1 (every row there): its months are built, only the refit and pass 2 are missing.
          revenueMonths: state && state.metrics >= rows[0]!.n ? "converted" : "rebuild",
          log: (line) => opts.log(`  metrics: ${line}`),
        });
        await db.runner.exec(`ANALYZE`);
      }
      return { db, url, seed: null, initialRecompute };
    }
  }
  opts.log(`seeding ${opts.accounts.toLocaleString("en-US")} accounts into ${name} on PostgreSQL`);
  const seed = await seedAndRecompute(db, opts.accounts, opts.log, {
    deferIndexes: process.env.BENCH_DEFER_INDEXES !== "0",
    progress: opts.progress,
  });
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
