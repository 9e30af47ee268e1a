// Applying a cost-settings change to every account (lib/settings, decision 0004), as an admin
// does it: the preview (in the request), the save (202 + a background job that computes every
// account, then swaps them in under the lock every live write takes in shared mode), and what a
// rep logging orders meanwhile sees. Runs last on the PostgreSQL bench database: it rewrites
// every metrics row.
import { randomUUID } from "node:crypto";
import { useDatabase, type Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { applyCostChange, getCostSettings, previewCostChange } from "@/lib/settings/cost-settings";
import { marginStepChange } from "@/lib/settings/testing/margin-step";
import { startJobQueue, stopJobQueue, whenJobsIdle } from "@/lib/jobs/queue";
import { JOB_KINDS } from "@/lib/background/kinds";
import { costChangeInput } from "@/lib/settings/schema";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { summarize, type LatencyStats } from "./stats";

type Row = Record<string, unknown>;

export interface CostChangeResult {
  accounts: number;
  previewMs: number;
  /** From the save to the job's success. */
  jobMs: number;
  /** The job's own split (jobs.detail): computing every account, and the swap under the exclusive lock. */
  computeMs: number | null;
  swapMs: number | null;
  /** Orders logged one after another by a rep while the job ran (each waits while the swap holds the lock). */
  ordersDuringJob: LatencyStats;
  /** Orders that failed meanwhile (a live write gives up after its 20 s transaction timeout), with the first error. */
  ordersFailed: number;
  firstFailure: string | null;
}

export async function benchCostChange(db: Database, log: (line: string) => void): Promise<CostChangeResult> {
  useDatabase(db);
  await startJobQueue(db, JOB_KINDS, { pollingIntervalSeconds: 0.5 });
  const query = <T = Row>(sql: string, params: unknown[] = []) => db.runner.query<T>(sql, params);
  const [admin] = await query(`SELECT id::text AS id, email, name FROM users WHERE role = 'ADMIN' AND active ORDER BY email LIMIT 1`);
  const adminActor: Actor = { id: String(admin!.id), role: "ADMIN", email: String(admin!.email), name: String(admin!.name) };
  const sampled = await query(
    `SELECT a.id::text AS id, u.id::text AS owner_id, u.email, u.name, u.role::text AS role
       FROM accounts a JOIN users u ON u.id = a.owner_id ORDER BY md5(a.id::text || 'cost') LIMIT 50`,
  );
  const [product] = await query(
    `SELECT id::text AS id, (list_price * 100)::int AS cents FROM products WHERE NOT archived ORDER BY sku LIMIT 1`,
  );
  const [{ n: accounts }] = (await query(`SELECT count(*)::int AS n FROM accounts`)) as [{ n: number }]; // count(*): one row

  const settings = await getCostSettings(adminActor);
  const body = marginStepChange(settings.inForce!, 0.01, "benchmark: one margin point");
  const input = costChangeInput.parse(body);

  log(`cost change: preview over ${accounts.toLocaleString("en-US")} accounts`);
  const previewStarted = performance.now();
  await previewCostChange(adminActor, input);
  const previewMs = Math.round(performance.now() - previewStarted);

  log("cost change: save, then log orders one after another until the job is done");
  const saved = performance.now();
  const { job } = await applyCostChange(adminActor, input);
  let done = false;
  const idle = whenJobsIdle({ timeoutMs: 3_600_000 }).then(() => {
    done = true;
  });
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | null = null;
  const logged: string[] = [];
  const touched: string[] = [];
  for (let i = 0; !done; i++) {
    const account = sampled[i % sampled.length]!;
    const actor: Actor = {
      id: String(account.owner_id),
      role: String(account.role) as Actor["role"],
      email: String(account.email),
      name: String(account.name),
    };
    const started = performance.now();
    try {
      const result = await createPurchase(actor, {
        accountId: String(account.id),
        purchasedAt: new Date(),
        lines: [{ productId: String(product!.id), quantity: 1, unitPrice: Number(product!.cents) }],
        idempotencyKey: `bench-cost-${randomUUID()}`,
      });
      logged.push(result.purchase.id);
      touched.push(String(account.id));
    } catch (error) {
      failed += 1;
      firstFailure ??= error instanceof Error ? error.message.slice(0, 200) : String(error);
    }
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await idle;
  const jobMs = Math.round(performance.now() - saved);
  const [row] = await query(`SELECT status::text AS status, detail FROM jobs WHERE id = $1::uuid`, [job.id]);
  const detail = (typeof row?.detail === "string" ? JSON.parse(row.detail) : row?.detail) as { computeMs?: number; swapMs?: number } | null;
  if (row?.status !== "SUCCEEDED") throw new Error(`the cost recompute job ended ${String(row?.status)}`);

  log(`cost change: removing the ${logged.length} orders logged meanwhile`);
  await query(`DELETE FROM purchases WHERE id = ANY($1::uuid[])`, [logged]);
  for (const accountId of new Set(touched))
    await db.prisma.$transaction((tx) => recomputeAccountMetrics(tx, accountId), { timeout: 20_000 });

  await stopJobQueue();
  return {
    accounts,
    previewMs,
    jobMs,
    computeMs: detail?.computeMs ?? null,
    swapMs: detail?.swapMs ?? null,
    ordersDuringJob: summarize(latencies),
    ordersFailed: failed,
    firstFailure,
  };
}
