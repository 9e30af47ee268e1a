// A pass over every account's metrics that readers see all at once (decisions 0004 and 0022):
// every account is computed a batch at a time into a shadow copy of account_metrics
// (shadow-table.ts), the copy's indexes are built in bulk, and ONE short transaction swaps it in.
// A cost-settings change, a refit's recompute and the daily as-of recompute all run it. Updating
// the live rows in place kept 25 indexes up to date row by row: at 1 000 000 accounts that upsert
// was the largest part of the daily pass (docs/performance.md).
//
// Live writes go on during the fill, to the live table. The swap holds the live writers off (the
// inputs lock, then a SHARE lock on the table) and recomputes every account whose live row was
// written since the pass began (its xmin is not older than the oldest transaction running at the
// start) or computed after the pass's as-of instant (its orders dated after it are not in the
// batch's row), and every account with no row in the shadow (new): nothing written meanwhile is
// lost. Found on the server, not by holding each row's version in memory (a million here).
//
// There is one shadow table, so one pass at a time: callers hold the metrics pass lock
// (withMetricsPassLock).
import { transactionQuery, runnerQuery, type Query } from "@/lib/db/sql";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { METRICS_INPUTS_LOCK_ID, METRICS_PASS_LOCK_ID } from "@/lib/db/advisory-locks";
import type { MetricsContext } from "./context";
import { metricsRowOf } from "./recompute";
import { lockAndRefreshRevenueMonths } from "./revenue-months";
import {
  accountIdBatches,
  countAccounts,
  loadMetricsAccounts,
  prefetchedAccounts,
  writeMetrics,
  writeMetricsOfExistingAccounts,
  type MetricsRow,
} from "./store";
import {
  SHADOW_TABLE,
  buildShadowIndexes,
  createShadowTable,
  dropShadowTable,
  finishSwap,
  swapInShadow,
  type ShadowPlan,
} from "./shadow-table";

/** Holds the metrics pass lock for `work`: a second pass (another job, another instance) waits its turn. */
export async function withMetricsPassLock<T>(db: Database, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const release = await db.lockSession(METRICS_PASS_LOCK_ID, { signal });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** Test seams: act after a batch was read, pause before the swap, or act while the swap holds its locks. */
export interface ShadowPassHooks {
  /** After a batch of accounts was read, before its rows are written to the shadow table. */
  afterBatchRead?: (accountIds: string[]) => Promise<void>;
  beforeSwap?: () => Promise<void>;
  insideSwap?: () => Promise<void>;
}

/** What a pass took: the job rows and the benchmark report them. */
export interface ShadowPassFigures {
  accounts: number;
  /** Accounts written live during the fill (or new), recomputed inside the swap. */
  recomputedInSwap: number;
  createMs: number;
  /** Building the shadow's indexes, statistics and visibility map. */
  indexesMs: number;
  /** From creating the shadow table to its last index. */
  computeMs: number;
  /** How long the swap held live writers off (the inputs lock). */
  swapMs: number;
  /** Where swapMs went. */
  swapSteps: SwapSteps;
}

/** The swap's steps, in ms: the inputs, finding and recomputing the accounts to redo, the copies, the rename and the tallies. */
export interface SwapSteps {
  lockMs: number;
  contextMs: number;
  redoScanMs: number;
  redoMs: number;
  copiesMs: number;
  renameMs: number;
  talliesMs: number;
}

export interface ShadowPassOptions {
  asOf: Date;
  /** The inputs every account is computed with. */
  context: MetricsContext;
  /** The inputs the swap recomputes the accounts written meanwhile with, loaded under the inputs lock. */
  swapContext(query: Query, at: Date): Promise<MetricsContext>;
  batchSize: number;
  /** After each batch; stays below the total until the swap commits. */
  progress?(done: number, total: number): Promise<void> | void;
  /** Awaited between batches and index builds (lib/jobs/queue.ts). */
  pace?(): Promise<void>;
  hooks?: ShadowPassHooks;
  /** After a batch's rows are in the shadow table: what follows the rows (flag records, monthly rollups). */
  afterBatch?(rows: MetricsRow[]): Promise<void>;
  /** Inside the swap's transaction, after the rename: commits with the new table or not at all. */
  inSwap?(tx: Prisma.TransactionClient, figures: ShadowPassFigures): Promise<void>;
}

export interface ShadowPassResult {
  figures: ShadowPassFigures;
  /** The accounts the swap recomputed (their rows came from the swap, not from a batch). */
  recomputed: string[];
}

const lockInputs = (query: Query) => query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${METRICS_INPUTS_LOCK_ID})`, []);

function isRetryable(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${(error as { code?: string }).code ?? ""}` : String(error);
  // 55P03: the swap gave up waiting for its table lock (lock_timeout); the next attempt waits again.
  return /deadlock|40P01|40001|P2034|55P03|lock timeout|could not serialize/i.test(text);
}

/** Computes every account into the shadow table and swaps it in; the caller holds the pass lock. */
export async function runShadowPass(db: Database, opts: ShadowPassOptions): Promise<ShadowPassResult> {
  const query = runnerQuery(db);
  try {
    const started = performance.now();
    const plan = await createShadowTable(query);
    const createMs = Math.round(performance.now() - started);
    const total = await countAccounts(query);
    await opts.progress?.(0, total);
    // Before any batch reads: a transaction that writes a live row after this point has an xid at
    // least this one (the oldest still running now).
    const [start] = await query(`SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)::text AS xmin`, []);
    const startXmin = String(start!.xmin);
    let written = 0;
    // On a server the next batch loads and the previous one is written while this one is
    // computed. On PGlite's one connection that only makes live requests wait: one thing at a time.
    const overlap = db.kind === "postgres";
    let writing: Promise<void> = Promise.resolve();
    try {
      for await (const { ids, accounts } of prefetchedAccounts(query, accountIdBatches(query, opts.batchSize), {
        ahead: overlap,
        versions: true,
      })) {
        await opts.hooks?.afterBatchRead?.(ids);
        const rows: MetricsRow[] = [];
        for (const account of accounts.values()) rows.push(metricsRowOf(account, opts.context, opts.asOf));
        await writing;
        writing = (async () => {
          await writeMetricsOfExistingAccounts(query, rows, { table: SHADOW_TABLE });
          await opts.afterBatch?.(rows);
          written += rows.length;
          await opts.progress?.(Math.min(written, Math.max(total - 1, 0)), total);
        })();
        if (!overlap) await writing;
        await opts.pace?.();
      }
      await writing;
    } finally {
      writing.catch(() => {});
    }

    const indexesStarted = performance.now();
    await buildShadowIndexes(query, plan, opts.pace);
    const timing = {
      createMs,
      indexesMs: Math.round(performance.now() - indexesStarted),
      computeMs: Math.round(performance.now() - started),
    };
    await opts.hooks?.beforeSwap?.();
    let swapped: { figures: ShadowPassFigures; recomputed: string[]; reconverted: string[] } | undefined;
    for (let attempt = 1; !swapped; attempt++) {
      try {
        swapped = await swap(db, opts, startXmin, plan, timing);
      } catch (error) {
        if (attempt >= 3 || !isRetryable(error)) throw error;
      }
    }
    // Committed; a row that failed its foreign key would be a bug, reported here.
    await finishSwap(query, plan).catch((error: unknown) => console.error("after the metrics swap:", error));
    // Not inside the swap: locking accounts there would wait for live writers that wait for the swap.
    if (swapped.reconverted.length > 0) {
      await db.prisma.$transaction((tx) => lockAndRefreshRevenueMonths(transactionQuery(tx), swapped.reconverted));
    }
    return { figures: swapped.figures, recomputed: swapped.recomputed };
  } catch (error) {
    // Interrupted, cancelled or failed: the half-built shadow table goes; the live table is untouched.
    await dropShadowTable(query).catch(() => {});
    throw error;
  }
}

/** The accounts among `rows` whose orders' stored conversion the write changed (decision 0015). */
export function reconvertedIn(rows: readonly MetricsRow[]): string[] {
  return rows.filter((row) => row.reporting.purchaseUpdates.length > 0).map((row) => row.accountId);
}

async function swap(
  db: Database,
  opts: ShadowPassOptions,
  /** The oldest transaction running when the pass began (an xid). */
  startXmin: string,
  plan: ShadowPlan,
  timing: Pick<ShadowPassFigures, "createMs" | "indexesMs" | "computeMs">,
): Promise<{ figures: ShadowPassFigures; recomputed: string[]; reconverted: string[] }> {
  return db.prisma.$transaction(
    async (tx) => {
      const query = transactionQuery(tx);
      await lockInputs(query);
      const swapStarted = performance.now();
      const steps: SwapSteps = { lockMs: 0, contextMs: 0, redoScanMs: 0, redoMs: 0, copiesMs: 0, renameMs: 0, talliesMs: 0 };
      let stepStarted = swapStarted;
      const stepDone = (step: Exclude<keyof SwapSteps, "renameMs" | "talliesMs">) => {
        const now = performance.now();
        steps[step] = Math.round(now - stepStarted);
        stepStarted = now;
      };
      // No write to the live table from here on (readers go on): the accounts to redo are final.
      // Writers that skip the inputs lock (a reassignment, an import chunk) finish first or wait.
      await query(`SET LOCAL lock_timeout = '10s'`, []);
      await query(`LOCK TABLE account_metrics IN SHARE MODE`, []);
      stepDone("lockMs");

      // As of now, or of the pass's own later day (a pass computed as of a given date).
      const swapAt = new Date(Math.max(Date.now(), opts.asOf.getTime()));
      const fresh = await opts.swapContext(query, swapAt);
      stepDone("contextMs");
      // Refitted meanwhile (a pass outside the lock): every account again, with the newest fit.
      const modelChanged = (fresh.model?.id ?? null) !== (opts.context.model?.id ?? null);
      // Redone: a live row written since the pass began (age() compares xids across wraparound),
      // one computed after the pass's as-of instant, and an account with no row in the shadow.
      const redo = (
        modelChanged
          ? await query(`SELECT id::text AS id FROM accounts`, [])
          : await query(
              `SELECT m.account_id::text AS id FROM account_metrics m
                WHERE age(m.xmin) <= age($2::xid) OR m.computed_at > $1::timestamptz
               UNION
               SELECT a.id::text FROM accounts a WHERE NOT EXISTS (SELECT 1 FROM ${SHADOW_TABLE} n WHERE n.account_id = a.id)`,
              [opts.asOf.toISOString(), startXmin],
            )
      ).map((row) => String(row.id));
      stepDone("redoScanMs");
      const reconverted: string[] = [];
      const chunk = Math.max(opts.batchSize, 500);
      for (let start = 0; start < redo.length; start += chunk) {
        const rows: MetricsRow[] = [];
        for (const account of (await loadMetricsAccounts(query, redo.slice(start, start + chunk))).values()) {
          rows.push(metricsRowOf(account, fresh, swapAt));
        }
        await writeMetrics(query, rows, { table: SHADOW_TABLE });
        reconverted.push(...reconvertedIn(rows));
      }
      stepDone("redoMs");
      // The copies follow the account (a reassignment, a rename or a segment change during the
      // pass wins): only accounts written since the pass began can differ. Accounts deleted during
      // the pass left through the shadow's foreign key.
      // Two statements: the planner cannot estimate the xmin test, and joined in one UPDATE it
      // hashed the whole shadow table to update none of it (2.9 s at 1 000 000 accounts).
      const edited = (await query(`SELECT id::text AS id FROM accounts WHERE age(xmin) <= age($1::xid)`, [startXmin])).map((row) =>
        String(row.id),
      );
      if (edited.length > 0) {
        await query(
          `UPDATE ${SHADOW_TABLE} n SET owner_id = a.owner_id, segment = a.segment, search_name = lower(a.name)
             FROM accounts a
            WHERE a.id = ANY($1::uuid[]) AND n.account_id = a.id
              AND (n.owner_id, n.segment, n.search_name) IS DISTINCT FROM (a.owner_id, a.segment, lower(a.name))`,
          [edited],
        );
      }
      stepDone("copiesMs");
      await opts.hooks?.insideSwap?.();
      Object.assign(steps, await swapInShadow(query, plan));
      // One tally row per account in its cell, just rebuilt from the new table: no count(*) over it.
      const [counted] = await query(`SELECT coalesce(sum(accounts), 0)::int AS n FROM metrics_tallies`, []);
      const figures: ShadowPassFigures = {
        accounts: Number(counted?.n ?? 0),
        recomputedInSwap: redo.length,
        ...timing,
        swapMs: Math.round(performance.now() - swapStarted),
        swapSteps: steps,
      };
      await opts.inSwap?.(tx, figures);
      return { figures, recomputed: redo, reconverted };
    },
    { maxWait: 30_000, timeout: 600_000 },
  );
}
