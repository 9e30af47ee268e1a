// What an admin's page sees of a background job (GET /api/jobs/[id]).

export interface JobView {
  id: string;
  kind: string;
  status: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
  done: number;
  total: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdById: string | null;
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
  createdById: string | null;
  detail?: unknown;
}

export function jobView(job: JobRow): JobView {
  const { id, kind, status, done, total, error, startedAt, finishedAt, createdById } = job;
  const detail = (job.detail ?? {}) as { result?: unknown };
  return {
    id,
    kind,
    status,
    done,
    total,
    error,
    startedAt,
    finishedAt,
    createdById,
    result: status === "SUCCEEDED" ? (detail.result ?? null) : null,
  };
}
