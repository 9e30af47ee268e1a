// Re-conversion (decision 0015): after a rate is entered or corrected, or the reporting currency
// or the gap changes, every account whose conversion used an older version of what concerns it
// is recomputed (its orders re-converted at their days' rates, its reporting figures rewritten),
// in short paced batches. Payload-free and idempotent: it finds the stale accounts itself, so
// "stately" (one waiting, one running) never loses a request. The daily as-of recompute converts
// every account too.
import { runnerQuery, type Query } from "@/lib/db/sql";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob, type JobKind } from "@/lib/jobs/queue";
import { recomputeAccounts } from "@/lib/metrics/recompute";

export const FX_RECONVERT_JOB = "fx-reconvert";

/**
 * Accounts whose stored conversion is older than a change that concerns them: the reporting
 * currency or gap changed since (settings_version), or a rate of the account's currency or of the
 * reporting currency's own leg was written after it (fx_rates.version).
 */
export const STALE_ACCOUNTS_SQL = `
  WITH s AS (SELECT trim(reporting_currency) AS reporting, settings_version FROM fx_settings WHERE id = 1),
       v AS (SELECT trim(currency) AS currency, max(version) AS version FROM fx_rates GROUP BY currency)
  SELECT m.account_id::text AS id
    FROM account_metrics m JOIN accounts a ON a.id = m.account_id CROSS JOIN s
   WHERE m.account_id > $1::uuid
     AND (m.reporting_currency IS DISTINCT FROM s.reporting
          OR m.reporting_rates_version < s.settings_version
          OR (trim(a.currency) <> s.reporting
              AND m.reporting_rates_version < greatest(coalesce((SELECT v.version FROM v WHERE v.currency = trim(a.currency)), 0),
                                                       coalesce((SELECT v.version FROM v WHERE v.currency = s.reporting), 0))))
   ORDER BY m.account_id LIMIT $2`;

/** How many accounts wait for re-conversion (the admin page shows it while the job runs). */
export async function countStaleAccounts(query: Query): Promise<number> {
  const rows = await query(`SELECT count(*)::int AS n FROM (${STALE_ACCOUNTS_SQL.replace("ORDER BY m.account_id LIMIT $2", "")}) stale`, [
    "00000000-0000-0000-0000-000000000000",
  ]);
  return Number(rows[0]?.n ?? 0);
}

export const fxReconvertJob: JobKind<object> = {
  name: FX_RECONVERT_JOB,
  tracked: false,
  retryLimit: 3,
  expireInSeconds: 3600,
  policy: "stately",
  run: async (ctx) => {
    await reconvertStale(ctx.db, { pace: ctx.pace });
  },
};

/** Recomputes every stale account, a batch at a time; returns how many. */
export async function reconvertStale(db: Database, opts: { pace?: () => Promise<void>; batchSize?: number } = {}): Promise<number> {
  const query = runnerQuery(db);
  const batchSize = opts.batchSize ?? (db.kind === "pglite" ? 50 : 1000);
  let after = "00000000-0000-0000-0000-000000000000";
  let done = 0;
  for (;;) {
    const rows = await query(STALE_ACCOUNTS_SQL, [after, batchSize]);
    if (rows.length === 0) return done;
    const ids = rows.map((row) => String(row.id));
    const { accounts } = await recomputeAccounts(db, { batches: [ids], pace: opts.pace });
    done += accounts;
    after = ids[ids.length - 1]!;
    await opts.pace?.();
  }
}

/** Asks for the re-conversion, inside the caller's transaction (it runs once that commits). */
export async function requestReconvert(tx?: Prisma.TransactionClient): Promise<void> {
  await enqueueJob(FX_RECONVERT_JOB, {}, tx ? { tx } : {});
}

/** At start: some account's conversion is stale (rates written while no worker ran). */
export async function catchUpReconvert(db: Database): Promise<boolean> {
  const rows = await runnerQuery(db)(STALE_ACCOUNTS_SQL, ["00000000-0000-0000-0000-000000000000", 1]);
  if (rows.length === 0) return false;
  await requestReconvert();
  return true;
}
