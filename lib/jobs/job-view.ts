// What an admin's page sees of a background job (GET /api/jobs/[id]).

/** Kinds of job; each module that runs one owns its kind. */
export const COST_RECOMPUTE_JOB = "cost-recompute";
export const COST_PREVIEW_JOB = "cost-preview";

/** A RUNNING job whose heartbeat is older than this was cut off (server stopped). */
export const STALE_HEARTBEAT_MS = 60_000;

export interface JobView {
  id: string;
  kind: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  done: number;
  total: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** What a finished job produced for the page (a cost preview's figures); null otherwise. */
  result: unknown;
}

interface JobRow {
  id: string;
  kind: string;
  status: JobView["status"];
  done: number;
  total: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  detail?: unknown;
}

export function jobView(job: JobRow): JobView {
  const { id, kind, status, done, total, error, startedAt, finishedAt } = job;
  const detail = (job.detail ?? {}) as { result?: unknown };
  return { id, kind, status, done, total, error, startedAt, finishedAt, result: status === "SUCCEEDED" ? (detail.result ?? null) : null };
}
