// The ranking's totals and the dashboard's sums per cell of the filters they answer (decision
// 0019): metrics_tallies holds, per owner × segment × flag mask × converted-or-the-currency-
// without-a-rate, how many accounts, customers and churn risks and how much revenue, formula LTV
// and value at risk. Counting the whole book at 1 000 000 accounts read every row (264 ms, and
// 1.1 s with a flag filter); the cells are a few thousand rows.
//
// A trigger on account_metrics (migration 20261206040410) appends each statement's net change per
// cell in the writing transaction, so a reader's snapshot sees the tallies of exactly the rows it
// sees, on the primary and on a replica. Appending, not updating one row per cell: two writers on
// the same cell never wait for each other. The writer whose rows pass a multiple of 1 000 ids
// compacts the log (one row per cell); the daily fold and the cost job's table swap rebuild it
// from account_metrics. The readers sum the rows of their cells (lib/rankings, lib/portfolio).
import "server-only";
import type { Query } from "@/lib/db/sql";

/**
 * Replaces the log by the tallies of account_metrics as this statement's snapshot sees it: one
 * statement, so a change committed meanwhile (its rows and its log rows together) is neither
 * deleted nor counted twice. The SQL that tallies rows is the trigger's own (metrics_tally_sql).
 */
export async function rebuildMetricsTallies(query: Query): Promise<void> {
  const [row] = await query(`SELECT metrics_tally_sql('SELECT 1 AS sign, * FROM account_metrics') AS sql`, []);
  await query(`WITH gone AS (DELETE FROM metrics_tallies) ${String(row!.sql)}`, []);
}

/** One row per cell instead of the log rows this statement sees (what writers do as the log grows). */
export async function compactMetricsTallies(query: Query): Promise<void> {
  await query(`SELECT metrics_tallies_compact()`, []);
}
