// Every PostgreSQL advisory-lock key the app uses, in one place so two features
// never pick the same number by accident.

/** Migrations: the same key Prisma's migrate uses, so the two never run at once (session lock). */
export const MIGRATION_LOCK_ID = 72707369;

/**
 * The inputs every account's metrics are computed from (cost settings, model).
 * Live writers (recomputeAccountMetrics) take it shared for their transaction;
 * the cost-settings swap takes it exclusive, so a live write either finishes
 * before the swap (and the swap recomputes that account) or starts after it
 * (and reads the new inputs). Transaction-level: released at commit/rollback.
 */
export const METRICS_INPUTS_LOCK_ID = 72707370;

/** Serialises saves of cost settings (one check-then-insert at a time). */
export const COST_SETTINGS_WRITE_LOCK_ID = 72707371;

/** Serialises backtest starts (one running-job check and enqueue at a time). */
export const BACKTEST_START_LOCK_ID = 72707372;

/**
 * Serialises folds of the portfolio rollup logs (lib/metrics/revenue-months.ts): two folds at
 * once would each delete the log rows their snapshot sees and both insert the full sums.
 * Transaction-level.
 */
export const PORTFOLIO_FOLD_LOCK_ID = 72707373;

/**
 * Compactions and rebuilds of metrics_tallies (lib/metrics/tallies.ts): the trigger in migration
 * 20261206043838 (the number is written there) compacts only if pg_try_advisory_xact_lock gets it
 * (a writer never waits); a rebuild waits for it. Transaction-level.
 */
export const METRICS_TALLIES_COMPACT_LOCK_ID = 72707374;

/**
 * Prisma interactive-transaction limits for live writes (orders, visits), which take
 * METRICS_INPUTS_LOCK_ID shared and so wait while a cost-settings swap holds it. The swap
 * of 100 000 accounts holds it ~20 s (bench/results-full.md); with a 20 s timeout an order
 * logged then failed, with 60 s it waits and succeeds.
 */
export const LIVE_WRITE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;

/**
 * One pass over every account's metrics at a time (lib/metrics/pass-lock.ts): the daily as-of
 * recompute, a refit's recompute and a cost-settings change each fill the one shadow table and
 * swap it in. Session-level (Database.lockSession), held for the whole pass.
 */
export const METRICS_PASS_LOCK_ID = 72707375;
