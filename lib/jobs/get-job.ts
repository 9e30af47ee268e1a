// Status of a background job (GET /api/jobs/[id]): read from its `jobs` row only. Jobs whose
// worker died are ended by the queue (lib/jobs/queue.ts), never by a read. Admin only.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, NotFound } from "@/lib/errors";
import { findJobRow } from "./job-rows";
import type { JobView } from "./job-view";

export async function getJob(actor: Actor, jobId: string): Promise<JobView> {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins may follow admin jobs.");
  const job = await findJobRow(await getPrisma(), jobId);
  if (!job) throw new NotFound("No such job.");
  return job;
}
