// The import service: admins start an import (stored with its file, checked and
// written in the background), read its progress and errors, and resume one a
// crash interrupted.
import { createHash } from "node:crypto";
import { can, type Actor } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/record-audit";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { database, type Database } from "@/lib/db/client";
import { enqueueJob, JobInterrupted, type JobKind } from "@/lib/jobs/queue";
import { runImport, type RunImportOptions } from "./run-import";
import type { StartImportInput } from "./schema";
import { DEFAULT_STALE_AFTER_MS, importView, type ImportView } from "./view";

export interface ImportServiceOptions {
  /** Heartbeat silence after which a running import counts as interrupted (default 30 s). */
  staleAfterMs?: number;
  /** false: only store the import (tests run it themselves; resume runs it in the request). Default true. */
  background?: boolean;
  run?: RunImportOptions;
}

export const CSV_IMPORT_JOB = "csv-import";

interface ImportJobData {
  importId: string;
  chunkRows?: number;
}

/**
 * The import runs as a job: pass 1 checks, pass 2 writes chunk by chunk with its checkpoint
 * (run-import.ts). When its worker dies, or the server stops mid-import, the queue runs it
 * again and it carries on from the checkpoint.
 */
export const csvImportJob: JobKind<ImportJobData> = {
  name: CSV_IMPORT_JOB,
  tracked: false, // its record, progress and errors are the imports row (the import screen reads it)
  retryLimit: 5,
  expireInSeconds: 3600,
  async run(ctx) {
    const { importId, chunkRows } = ctx.data;
    // A retry takes the import over only if its last runner has gone quiet.
    if (ctx.attempt > 0 && !(await claimImport(ctx.db, importId, DEFAULT_STALE_AFTER_MS))) return;
    let stopping = false;
    // On PGlite's one connection every chunk is a transaction requests wait for: small ones.
    const embedded = ctx.db.kind === "pglite";
    const outcome = await runImport(ctx.db, importId, {
      chunkRows: chunkRows ?? (embedded ? 100 : undefined),
      recomputeBatch: embedded ? 50 : undefined,
      pace: () =>
        ctx.pace().catch((error: unknown) => {
          if (!(error instanceof JobInterrupted)) throw error;
          stopping = true;
        }),
      shouldStop: () => stopping || ctx.signal.aborted,
    });
    if (outcome === "STOPPED")
      throw new JobInterrupted("the server stopped mid-import; it carries on from its checkpoint on the next start");
  },
};

async function runImportInBackground(importId: string, run: RunImportOptions = {}): Promise<void> {
  await enqueueJob<ImportJobData>(CSV_IMPORT_JOB, { importId, ...(run.chunkRows ? { chunkRows: run.chunkRows } : {}) });
}

const VIEW_SELECT = {
  id: true,
  entity: true,
  mode: true,
  status: true,
  fileName: true,
  rowsTotal: true,
  rowsValid: true,
  rowsInvalid: true,
  rowsCommitted: true,
  created: true,
  updated: true,
  skipped: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  heartbeatAt: true,
  createdBy: { select: { name: true } },
} as const;

function requireImporter(actor: Actor, verb: "read" | "write"): void {
  if (!can(actor, verb, "import")) throw new Forbidden("Only admins import data.");
}

/** Data lines in the file, roughly (quoted line breaks count too): the progress bar's first total. */
function estimateRows(content: string): number {
  let lines = 0;
  for (let i = content.indexOf("\n"); i !== -1; i = content.indexOf("\n", i + 1)) lines++;
  if (!content.endsWith("\n")) lines++;
  return Math.max(0, lines - 1);
}

export async function startImport(actor: Actor, input: StartImportInput, opts: ImportServiceOptions = {}): Promise<ImportView> {
  requireImporter(actor, "write");
  const { prisma } = await database();
  const created = await prisma.$transaction(async (tx) => {
    const row = await tx.import.create({
      data: {
        entity: input.entity,
        mode: input.mode,
        fileName: input.fileName,
        content: input.content,
        contentSha256: createHash("sha256").update(input.content).digest("hex"),
        rowsTotal: estimateRows(input.content),
        createdById: actor.id,
        heartbeatAt: new Date(),
        errors: { total: 0, items: [] },
      },
      select: { ...VIEW_SELECT, contentSha256: true },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "import.start",
      entityType: "import",
      entityId: row.id,
      after: {
        entity: row.entity,
        mode: row.mode,
        fileName: row.fileName,
        bytes: Buffer.byteLength(input.content),
        sha256: row.contentSha256,
      },
    });
    return row;
  });
  if (opts.background ?? true) await runImportInBackground(created.id, opts.run);
  return importView(created, { staleAfterMs: opts.staleAfterMs });
}

export async function getImport(actor: Actor, id: string, opts: ImportServiceOptions = {}): Promise<ImportView> {
  requireImporter(actor, "read");
  const { prisma } = await database();
  const row = await prisma.import.findUnique({ where: { id }, select: { ...VIEW_SELECT, errors: true } });
  if (!row) throw new NotFound("No such import.");
  return importView(row, { staleAfterMs: opts.staleAfterMs, withErrors: true });
}

export async function listImports(actor: Actor, opts: ImportServiceOptions & { limit?: number } = {}): Promise<ImportView[]> {
  requireImporter(actor, "read");
  const { prisma } = await database();
  const rows = await prisma.import.findMany({ select: VIEW_SELECT, orderBy: { createdAt: "desc" }, take: opts.limit ?? 20 });
  return rows.map((row) => importView(row, { staleAfterMs: opts.staleAfterMs }));
}

/**
 * Continues an interrupted (or failed) import from its checkpoint. The claim is one
 * conditional UPDATE, so two admins pressing Resume start one runner, and a runner
 * still alive elsewhere (fresh heartbeat) is never doubled.
 */
export async function resumeImport(actor: Actor, id: string, opts: ImportServiceOptions = {}): Promise<ImportView> {
  requireImporter(actor, "write");
  const db = await database();
  const prisma = db.prisma;
  const staleAfterMs = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const current = await prisma.import.findUnique({ where: { id }, select: { id: true, status: true, rowsCommitted: true } });
  if (!current) throw new NotFound("No such import.");
  const claimed = await claimImport(db, id, staleAfterMs);
  if (!claimed) {
    const view = await getImport(actor, id, { staleAfterMs });
    throw new Conflict(
      view.status === "COMPLETED" || view.status === "REJECTED"
        ? `This import is ${view.status.toLowerCase()}; there is nothing to resume.`
        : "This import is still running.",
      view,
    );
  }
  await prisma.$transaction(async (tx) => {
    await recordAudit(tx, {
      actorId: actor.id,
      action: "import.resume",
      entityType: "import",
      entityId: id,
      after: { rowsCommitted: current.rowsCommitted },
    });
  });
  if (opts.background === false) await runImport(db, id, opts.run);
  else await runImportInBackground(id, opts.run);
  return getImport(actor, id, { staleAfterMs });
}

/**
 * Takes an interrupted (or failed) import over: one conditional UPDATE, so two admins pressing
 * Resume, or a resume and the queue's retry, start one runner, and a runner still alive
 * elsewhere (fresh heartbeat) is never doubled.
 */
async function claimImport(db: Database, id: string, staleAfterMs: number): Promise<boolean> {
  const staleBefore = new Date(Date.now() - staleAfterMs);
  const claimed = await db.prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE imports
        SET status = (CASE WHEN started_at IS NULL THEN 'VALIDATING' ELSE 'IMPORTING' END)::"ImportStatus",
            heartbeat_at = now(), updated_at = now(), finished_at = NULL
      WHERE id = $1::uuid
        AND (status = 'FAILED' OR (status IN ('VALIDATING', 'IMPORTING') AND coalesce(heartbeat_at, created_at) < $2::timestamptz))
      RETURNING id`,
    id,
    staleBefore.toISOString(),
  );
  return claimed.length > 0;
}
