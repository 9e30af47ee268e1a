// The cost-change preview as a background job. At 100 000 accounts it computes every
// account's measures with the inputs in force and with the proposed ones for ~19 s: too
// long to hold a request open (proxies cut such requests, and the admin sees nothing
// moving). POST /api/settings/costs/preview checks the change and answers 202 with the
// job; the page polls GET /api/jobs/{id}, which reports progress and, when done, the
// preview itself. Read-only apart from its `jobs` row.
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { enqueueJob, type JobKind } from "@/lib/jobs/queue";
import { deleteJobRows } from "@/lib/jobs/job-rows";
import type { JobView } from "@/lib/jobs/job-view";
import { prepareCostPreview } from "./cost-settings";
import type { CostChangeInput } from "./schema";

export const COST_PREVIEW_JOB = "cost-preview";

interface PreviewData {
  actor: Actor;
  input: CostChangeInput;
}

/** Checks the change (a bad one is a 400 here, before any job exists), then queues its preview. */
export async function startCostPreview(actor: Actor, input: CostChangeInput): Promise<JobView> {
  await prepareCostPreview(actor, input);
  const prisma = await getPrisma();
  // Only the newest preview of an admin is shown; an older one still running stops at its next batch
  // (its progress finds its row gone).
  await deleteJobRows(prisma, { kind: COST_PREVIEW_JOB, createdById: actor.id });
  const queued = await enqueueJob<PreviewData>(COST_PREVIEW_JOB, { actor, input }, { createdById: actor.id });
  if (!queued?.row) throw new Error("the preview could not be queued");
  return queued.row;
}

export const costPreviewJob: JobKind<PreviewData> = {
  name: COST_PREVIEW_JOB,
  tracked: true,
  retryLimit: 1,
  expireInSeconds: 900,
  async run(ctx) {
    // Checked again when it runs: the admin may have lost the role, or the inputs changed since.
    const compute = await prepareCostPreview(ctx.data.actor, ctx.data.input);
    return compute({ onProgress: ctx.progress, pace: ctx.pace });
  },
};
