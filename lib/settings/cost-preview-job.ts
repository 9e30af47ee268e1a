// The cost-change preview as a background job. At 100 000 accounts it computes every
// account's measures with the inputs in force and with the proposed ones for ~19 s: too
// long to hold a request open (proxies cut such requests, and the admin sees nothing
// moving). POST /api/settings/costs/preview checks the change and answers 202 with the
// job; the page polls GET /api/jobs/{id}, which reports progress and, when done, the
// preview itself. Read-only apart from the jobs row.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { COST_PREVIEW_JOB, STALE_HEARTBEAT_MS, jobView, type JobView } from "@/lib/jobs/job-view";
import { prepareCostPreview } from "./cost-settings";
import type { CostChangeInput } from "./schema";

const running = ((globalThis as unknown as { __ltvCostPreviews?: Set<Promise<void>> }).__ltvCostPreviews ??= new Set());

/** Checks the change (a bad one is a 400 here, before any job exists), then starts computing its preview. */
export async function startCostPreview(actor: Actor, input: CostChangeInput): Promise<JobView> {
  const compute = await prepareCostPreview(actor, input);
  const prisma = await getPrisma();
  // Only the newest preview of an admin is shown; an older one still running stops at its next batch.
  await prisma.job.deleteMany({ where: { kind: COST_PREVIEW_JOB, createdById: actor.id } });
  const job = await prisma.job.create({
    data: { kind: COST_PREVIEW_JOB, status: "RUNNING", createdById: actor.id, startedAt: new Date(), heartbeatAt: new Date() },
  });
  const run = runPreview(prisma, job.id, compute)
    .catch((error: unknown) => console.error("cost preview failed:", error))
    .finally(() => running.delete(run));
  running.add(run);
  return jobView(job);
}

class Discarded extends Error {}

async function runPreview(prisma: PrismaClient, jobId: string, compute: Awaited<ReturnType<typeof prepareCostPreview>>): Promise<void> {
  try {
    const preview = await compute(async (done, total) => {
      const alive = await prisma.job.updateMany({ where: { id: jobId, status: "RUNNING" }, data: { done, total, heartbeatAt: new Date() } });
      if (alive.count === 0) throw new Discarded();
    });
    await prisma.job.updateMany({
      where: { id: jobId, status: "RUNNING" },
      data: {
        status: "SUCCEEDED",
        done: preview.accounts,
        total: preview.accounts,
        finishedAt: new Date(),
        detail: { result: preview } as unknown as Prisma.InputJsonValue,
      },
    });
  } catch (error) {
    if (error instanceof Discarded) return;
    await prisma.job.updateMany({
      where: { id: jobId, status: "RUNNING" },
      data: { status: "FAILED", error: error instanceof Error ? error.message : String(error), finishedAt: new Date() },
    });
    throw error;
  }
}

/** A preview whose heartbeat stopped (the server stopped mid-way) is reported failed, so the page stops waiting. */
export async function failStalePreview(prisma: PrismaClient, jobId: string, now = new Date()): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: { id: jobId, kind: COST_PREVIEW_JOB, status: "RUNNING", heartbeatAt: { lt: new Date(now.getTime() - STALE_HEARTBEAT_MS) } },
    data: { status: "FAILED", error: "The server stopped while computing the preview; preview again.", finishedAt: now },
  });
  return count > 0;
}

/** Resolves when no preview is computing in this process (tests and shutdown). */
export async function whenCostPreviewsIdle(): Promise<void> {
  while (running.size > 0) await Promise.allSettled([...running]);
}
