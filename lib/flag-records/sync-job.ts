// A background job that brings every account's flag records in line with the flags stored in
// its metrics (syncStoredFlags, a batch at a time). For the writers whose flags do not land
// through a per-account sync: the cost swap enqueues it in the swap's own transaction, so it
// runs even if the process stops right after the swap; and at start, when some account has
// stored flags but no records (data from before every writer synced). Idempotent.
import { runnerQuery, transactionQuery } from "@/lib/db/sql";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob, type JobKind } from "@/lib/jobs/queue";
import { syncStoredFlags } from "./sync";

export const FLAG_RECORDS_SYNC_JOB = "flag-records-sync";

export const flagRecordsSyncJob: JobKind<object> = {
  name: FLAG_RECORDS_SYNC_JOB,
  tracked: false,
  retryLimit: 3,
  expireInSeconds: 3600,
  // One waiting is enough: it reads whatever flags are stored when it runs.
  policy: "stately",
  run: async (ctx) => {
    const query = runnerQuery(ctx.db);
    const batchSize = ctx.db.kind === "pglite" ? 50 : 500;
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await query(
        `SELECT account_id::text AS id FROM account_metrics WHERE account_id > $1::uuid ORDER BY account_id LIMIT $2`,
        [after, batchSize],
      );
      const ids = rows.map((row) => String(row.id));
      const lastId = ids.at(-1);
      if (lastId === undefined) return;
      await ctx.db.prisma.$transaction((tx) => syncStoredFlags(transactionQuery(tx), ids, new Date()));
      after = lastId;
      await ctx.pace();
    }
  },
};

/** Asks for the sync, inside the caller's transaction when given (it then runs once that commits). */
export async function requestFlagRecordsSync(tx?: Prisma.TransactionClient): Promise<void> {
  await enqueueJob(FLAG_RECORDS_SYNC_JOB, {}, tx ? { tx } : {});
}

/** At start: some account has stored flags and no current record (its flags were written without a sync). */
export async function catchUpFlagRecords(db: Database): Promise<boolean> {
  const [row] = await runnerQuery(db)(
    `SELECT EXISTS (
       SELECT 1 FROM account_metrics m
        WHERE m.flags @> '[{}]'::jsonb
          AND NOT EXISTS (SELECT 1 FROM account_flags f WHERE f.account_id = m.account_id AND f.closed_at IS NULL)
     ) AS behind`,
    [],
  );
  if (row?.behind !== true) return false;
  await requestFlagRecordsSync();
  return true;
}
