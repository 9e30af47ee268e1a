// What the API and the admin page see of an import: counts, progress, errors, and
// the status as it really is — an import whose runner stopped sending heartbeats
// (the server died) shows as INTERRUPTED and can be resumed from its checkpoint.
import type { ImportEntity, ImportMode, ImportStatus } from "@/lib/generated/prisma/enums";
import { entityName, type ImportEntityName } from "./formats";
import type { RowError } from "./schema";

/** A runner writes a heartbeat at least every chunk; this much silence means it is gone. */
export const DEFAULT_STALE_AFTER_MS = 30_000;
/** Errors kept per import (the count covers them all). */
export const MAX_STORED_ERRORS = 1000;

export interface StoredErrors {
  total: number;
  items: RowError[];
}

export function storedErrors(json: unknown): StoredErrors {
  if (Array.isArray(json)) return { total: json.length, items: json as RowError[] };
  const value = (json ?? {}) as Partial<StoredErrors>;
  return { total: Number(value.total ?? 0), items: Array.isArray(value.items) ? value.items : [] };
}

export interface ImportRecord {
  id: string;
  entity: ImportEntity;
  mode: ImportMode;
  status: ImportStatus;
  fileName: string;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsCommitted: number;
  created: number;
  updated: number;
  skipped: number;
  errors?: unknown;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
  createdBy?: { name: string } | null;
}

export interface ImportView {
  id: string;
  entity: ImportEntityName;
  mode: "ALL_OR_NOTHING" | "VALID_ROWS";
  status: ImportStatus;
  fileName: string;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsCommitted: number;
  created: number;
  updated: number;
  skipped: number;
  /** 0..1 of the current phase's work; 1 when finished. */
  progress: number;
  resumable: boolean;
  errorCount: number;
  errors: RowError[];
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  heartbeatAt: string | null;
}

export function effectiveStatus(
  record: Pick<ImportRecord, "status" | "heartbeatAt" | "createdAt">,
  now: number,
  staleAfterMs: number,
): ImportStatus {
  if (record.status !== "VALIDATING" && record.status !== "IMPORTING") return record.status;
  const beat = (record.heartbeatAt ?? record.createdAt).getTime();
  return now - beat > staleAfterMs ? "INTERRUPTED" : record.status;
}

export function importView(record: ImportRecord, opts: { now?: number; staleAfterMs?: number; withErrors?: boolean } = {}): ImportView {
  const status = effectiveStatus(record, opts.now ?? Date.now(), opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  const errors = storedErrors(record.errors);
  const total = Math.max(record.rowsTotal, 1);
  const progress =
    status === "COMPLETED" || status === "REJECTED"
      ? 1
      : record.status === "VALIDATING"
        ? Math.min(1, (record.rowsValid + record.rowsInvalid) / total)
        : Math.min(1, record.rowsCommitted / total);
  return {
    id: record.id,
    entity: entityName(record.entity),
    mode: record.mode,
    status,
    fileName: record.fileName,
    rowsTotal: record.rowsTotal,
    rowsValid: record.rowsValid,
    rowsInvalid: record.rowsInvalid,
    rowsCommitted: record.rowsCommitted,
    created: record.created,
    updated: record.updated,
    skipped: record.skipped,
    progress,
    resumable: status === "INTERRUPTED" || status === "FAILED",
    errorCount: record.errors === undefined ? record.rowsInvalid : errors.total,
    errors: opts.withErrors ? errors.items : [],
    createdBy: record.createdBy?.name ?? null,
    createdAt: record.createdAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    finishedAt: record.finishedAt?.toISOString() ?? null,
    heartbeatAt: record.heartbeatAt?.toISOString() ?? null,
  };
}
