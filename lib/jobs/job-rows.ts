// The `jobs` table's one owner: the status, progress and result of every tracked
// background run, which the admin pages and GET /api/jobs/{id} read. A row's id is
// its pg-boss job's id (lib/jobs/queue.ts): the queue decides when and where a job
// runs and retries it when its worker dies; this row says how far it got.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { Query } from "@/lib/db/sql";
import { jobView, type JobView } from "./job-view";

type Client = PrismaClient | Prisma.TransactionClient;

export async function createJobRow(
  client: Client,
  row: { id: string; kind: string; createdById?: string | null; detail?: unknown },
): Promise<JobView> {
  const created = await client.job.create({
    data: {
      id: row.id,
      kind: row.kind,
      status: "QUEUED",
      createdById: row.createdById ?? null,
      detail: (row.detail ?? {}) as Prisma.InputJsonValue,
    },
  });
  return jobView(created);
}

/** A worker takes the row (first run, or a retry after its worker died); false when the row ended or is gone. */
export async function claimJobRow(client: Client, id: string): Promise<boolean> {
  const now = new Date();
  const { count } = await client.job.updateMany({
    where: { id, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "RUNNING", heartbeatAt: now },
  });
  if (count === 0) return false;
  // A retry keeps the time the first attempt started.
  await client.job.updateMany({ where: { id, startedAt: null }, data: { startedAt: now } });
  return true;
}

/** Stores progress; false when the row was ended or removed meanwhile (the run should stop). */
export async function reportJobProgress(client: Client, id: string, done: number, total: number): Promise<boolean> {
  const { count } = await client.job.updateMany({ where: { id, status: "RUNNING" }, data: { done, total, heartbeatAt: new Date() } });
  return count > 0;
}

/** RUNNING → SUCCEEDED with what the run produced; false when it was no longer running. */
export async function finishJobRow(
  client: Client,
  id: string,
  outcome: { done?: number; total?: number; result?: unknown; detail?: Record<string, unknown> } = {},
): Promise<boolean> {
  const current = await client.job.findUnique({ where: { id }, select: { detail: true, done: true, total: true } });
  if (!current) return false;
  const detail = {
    ...((current.detail ?? {}) as Record<string, unknown>),
    ...(outcome.detail ?? {}),
    ...(outcome.result === undefined ? {} : { result: outcome.result }),
  };
  const { count } = await client.job.updateMany({
    where: { id, status: "RUNNING" },
    data: {
      status: "SUCCEEDED",
      done: outcome.done ?? Math.max(current.done, current.total),
      total: outcome.total ?? current.total,
      finishedAt: new Date(),
      heartbeatAt: new Date(),
      detail: JSON.parse(JSON.stringify(detail)) as Prisma.InputJsonValue,
    },
  });
  return count > 0;
}

/** QUEUED/RUNNING → FAILED with the reason; false when it had already ended. */
export async function failJobRow(client: Client, id: string, error: string): Promise<boolean> {
  const { count } = await client.job.updateMany({
    where: { id, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "FAILED", error, finishedAt: new Date() },
  });
  return count > 0;
}

/**
 * Inside a transaction that commits a run's result: locks the row and says whether it is
 * still RUNNING, so a run that was failed meanwhile commits nothing.
 */
export async function holdRunningJobRow(query: Query, id: string): Promise<boolean> {
  const rows = await query(`UPDATE jobs SET heartbeat_at = now() WHERE id = $1::uuid AND status = 'RUNNING' RETURNING id`, [id]);
  return rows.length > 0;
}

export async function latestJobRow(client: Client, kinds: string[], where: { createdById?: string } = {}): Promise<JobView | null> {
  const row = await client.job.findFirst({ where: { kind: { in: kinds }, ...where }, orderBy: { createdAt: "desc" } });
  return row ? jobView(row) : null;
}

export async function activeJobRow(client: Client, kind: string): Promise<JobView | null> {
  const row = await client.job.findFirst({ where: { kind, status: { in: ["QUEUED", "RUNNING"] } }, orderBy: { createdAt: "desc" } });
  return row ? jobView(row) : null;
}

export async function findJobRow(client: Client, id: string): Promise<JobView | null> {
  const row = await client.job.findUnique({ where: { id } });
  return row ? jobView(row) : null;
}

/** Removes rows (an admin's older cost previews, replaced by a newer one). */
export async function deleteJobRows(client: Client, where: { kind: string; createdById: string }): Promise<void> {
  await client.job.deleteMany({ where });
}
