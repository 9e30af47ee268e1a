// Progress of a long-running admin job (GET /api/jobs/[id]). Admin only.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, NotFound } from "@/lib/errors";
import { COST_RECOMPUTE_JOB, failStaleCostJobs, jobView, type JobView } from "@/lib/settings/cost-recompute-job";

export async function getJob(actor: Actor, jobId: string): Promise<JobView> {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins may follow admin jobs.");
  const prisma = await getPrisma();
  const job = await prisma.job.findUnique({ where: { id: jobId } });
  if (!job) throw new NotFound("No such job.");
  // A job cut off by a server stop is reported failed rather than running forever.
  if (job.kind === COST_RECOMPUTE_JOB && (job.status === "RUNNING" || job.status === "QUEUED") && (await failStaleCostJobs(prisma)) > 0) {
    return jobView(await prisma.job.findUniqueOrThrow({ where: { id: jobId } }));
  }
  return jobView(job);
}
