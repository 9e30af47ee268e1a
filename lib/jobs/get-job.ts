// Progress of a long-running admin job (GET /api/jobs/[id]). Admin only.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, NotFound } from "@/lib/errors";
import { failStaleCostJobs } from "@/lib/settings/cost-recompute-job";
import { failStalePreview } from "@/lib/settings/cost-preview-job";
import { COST_PREVIEW_JOB, COST_RECOMPUTE_JOB, jobView, type JobView } from "./job-view";

export async function getJob(actor: Actor, jobId: string): Promise<JobView> {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins may follow admin jobs.");
  const prisma = await getPrisma();
  const job = await prisma.job.findUnique({ where: { id: jobId } });
  if (!job) throw new NotFound("No such job.");
  // A job cut off by a server stop is reported failed rather than running forever.
  const active = job.status === "RUNNING" || job.status === "QUEUED";
  const cutOff =
    active &&
    ((job.kind === COST_RECOMPUTE_JOB && (await failStaleCostJobs(prisma)) > 0) || (job.kind === COST_PREVIEW_JOB && (await failStalePreview(prisma, jobId))));
  return jobView(cutOff ? await prisma.job.findUniqueOrThrow({ where: { id: jobId } }) : job);
}
