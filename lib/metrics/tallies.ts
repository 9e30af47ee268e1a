// The ranking's totals and the dashboard's sums per cell of the filters they answer (decision
// 0019): metrics_tallies holds, per owner × segment × flag mask × converted-or-the-currency-
// without-a-rate, how many accounts, customers and churn risks and how much revenue, formula LTV
// and value at risk. Counting the whole book at 1 000 000 accounts read every row (264 ms, and
// 1.1 s with a flag filter); the cells are a few thousand rows.
//
// A trigger on account_metrics (migration 20261206043838) appends each statement's net change
// per cell in the writing transaction, so a reader's snapshot sees the tallies of exactly the
// rows it sees, on the primary and on a replica. Appending, not updating a row per cell: two
// writers never wait for each other. The writer whose change rows pass a multiple of 1 000 ids
// folds them into the cells' base rows (compaction, under a try-lock); the daily fold and the cost
// job's table swap rebuild the table from account_metrics. Readers sum every row of their cells.
import "server-only";
import { METRICS_TALLIES_COMPACT_LOCK_ID } from "@/lib/db/advisory-locks";
import type { Query } from "@/lib/db/sql";

/**
 * Inside the caller's transaction: replaces every row by the base rows of account_metrics as one
 * statement's snapshot sees it, so a change committed meanwhile (its rows and its change rows
 * together) is neither deleted nor counted twice. Takes the compaction lock first (a writer
 * compacting at the same time would fold rows this statement also counts); the statement that
 * follows the lock sees what that writer committed. The SQL that tallies rows is the trigger's.
 */
export async function rebuildMetricsTallies(query: Query): Promise<void> {
  // (Selected as 1: the void of the lock function is no column type Prisma reads.)
  await query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${METRICS_TALLIES_COMPACT_LOCK_ID})`, []);
  // The scan waits for the DELETE (an init plan): the new base rows never meet the old ones in the unique index.
  const [row] = await query(
    `SELECT metrics_tally_sql('SELECT 1 AS sign, * FROM account_metrics WHERE (SELECT count(*) FROM gone) >= 0', 'base') AS sql`,
    [],
  );
  await query(`WITH gone AS (DELETE FROM metrics_tallies RETURNING 1) ${String(row!.sql)}`, []);
}

/**
 * The accounts without reporting-currency figures, by the currency that has no rate, in the cells
 * meeting `conditions` (on metrics_tallies m): the ranking's and the overview's missing-rate counts.
 */
export function missingByCurrencySql(conditions: readonly string[]): string {
  return `SELECT m.gap_currency AS currency, sum(m.accounts)::int AS accounts, sum(m.gap_orders)::int AS orders
            FROM metrics_tallies m
           WHERE ${[...conditions, "NOT m.converted"].join("\n             AND ")}
           GROUP BY 1 HAVING sum(m.accounts) > 0 ORDER BY 2 DESC, 1`;
}

/** Folds the change rows into their cells' base rows, as a writer does when the log grows (for tests). */
export async function compactMetricsTallies(query: Query): Promise<void> {
  await query(
    `DO $$ BEGIN PERFORM pg_advisory_xact_lock(${METRICS_TALLIES_COMPACT_LOCK_ID}); PERFORM metrics_tallies_compact(); END $$`,
    [],
  );
}

/** Vacuums the log (the daily job, with account_metrics): compaction leaves dead rows behind. */
export async function vacuumMetricsTallies(query: Query): Promise<void> {
  await query(`VACUUM (ANALYZE) metrics_tallies`, []);
}

/**
 * Writers of account_metrics leave ~2 dead log rows per account written (change rows folded away,
 * base rows updated). Autovacuum is set to take the table at 2 000 of them, but its few workers
 * can spend the whole day on the big tables: at 1 000 000 accounts the daily pass left a
 * 261 MB table of 2 789 live rows behind, and every first ranking page read all of it (376 ms cold).
 * So writers vacuum it themselves every VACUUM_AFTER_WRITES accounts written, outside their
 * transactions: the bulk passes between batches (awaited), live orders and imports in the
 * background (noteMetricsWrites in jobs.ts). In this process: across instances each counts its own.
 */
const VACUUM_AFTER_WRITES = 10_000;
const churn = ((globalThis as unknown as { __ltvTallyChurn?: { written: number; vacuuming: boolean } }).__ltvTallyChurn ??= {
  written: 0,
  vacuuming: false,
});

/** Counts written accounts; vacuums the log (and resolves when done) once enough were written since the last time. */
export async function vacuumTalliesWhenDue(query: Query, written: number): Promise<void> {
  churn.written += written;
  if (churn.written < VACUUM_AFTER_WRITES || churn.vacuuming) return;
  churn.written = 0;
  churn.vacuuming = true;
  try {
    await vacuumMetricsTallies(query);
  } finally {
    churn.vacuuming = false;
  }
}
