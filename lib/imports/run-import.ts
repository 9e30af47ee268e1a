// Runs an import: pass 1 checks every row without writing; pass 2 writes the valid
// rows in chunks, each chunk ONE transaction that also advances the checkpoint
// (rows_committed and the counts). A crash therefore leaves whole chunks only, and
// the checkpoint says exactly which: resuming re-reads the file, skips the rows
// before the checkpoint and carries on.
import { runnerQuery, transactionQuery } from "@/lib/db/sql";
import { vacuumMetrics } from "@/lib/metrics/store";
import type { Database } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { loadMetricsContext } from "@/lib/metrics/context";
import { shareMetricsInputs } from "@/lib/metrics/recompute";
import { noteMetricsWrites } from "@/lib/metrics/jobs";
import { foldPortfolioRollups } from "@/lib/metrics/revenue-months";
import type { Prisma } from "@/lib/generated/prisma/client";
import { accountIdsForKeys, applyUnits, loadApplyContext, recomputeImportedAccounts, type ApplyContext } from "./apply";
import { FileChecker, type ImportUnit } from "./check-file";
import { csvRecords } from "./parse";
import type { RowError } from "./schema";
import { MAX_STORED_ERRORS, storedErrors, type StoredErrors } from "./view";

export interface RunImportOptions {
  /** Rows per chunk (a purchases chunk ends at an order boundary). Default 2000. */
  chunkRows?: number;
  /** Called after each committed chunk (tests slow the run down here). */
  afterChunk?: (checkpoint: { rowsCommitted: number; rowsTotal: number }) => Promise<void> | void;
  /** Checked between chunks: true stops the run, leaving it resumable (shutdown). */
  shouldStop?: () => boolean;
  /** Awaited between chunks and recompute batches of both passes: a job yields the database to live requests. */
  pace?: () => Promise<void>;
  /** Accounts per transaction in the final recompute of an orders import. Default 1000. */
  recomputeBatch?: number;
  /** Start a background model refit afterwards when enough orders came in (default true). */
  refit?: boolean;
  /** Fold the portfolio rollup log at the end when the import created at least this many orders (default 1000). */
  foldAfterOrders?: number;
}

export type RunOutcome = "REJECTED" | "COMPLETED" | "FAILED" | "STOPPED" | "LOST";

/** Another runner took this import over (it resumed after our heartbeat went stale). */
class LostClaim extends Error {}

class ErrorLog {
  private readonly seen = new Set<string>();
  constructor(readonly stored: StoredErrors) {
    for (const error of stored.items) this.seen.add(keyOf(error));
  }
  add(errors: RowError[]): boolean {
    let changed = false;
    for (const error of errors) {
      const key = keyOf(error);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.stored.total++;
      if (this.stored.items.length < MAX_STORED_ERRORS) this.stored.items.push(error);
      changed = true;
    }
    return changed;
  }
}
const keyOf = (error: RowError) => `${error.line}\u0000${error.column}\u0000${error.reason}`;
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/**
 * Units of the file, chunked: each chunk has at least `chunkRows` rows unless it is
 * the last. The first `skipRows` rows (already committed) still go through the file
 * checks — duplicates need them — but are not yielded.
 */
async function* chunksOf(
  content: string,
  checker: FileChecker,
  chunkRows: number,
  onHeader: (errors: RowError[]) => void,
  skipRows = 0,
  onUnit?: (unit: ImportUnit) => void,
) {
  let chunk: ImportUnit[] = [];
  let rows = 0;
  let skipped = 0;
  let header = true;
  const take = (unit: ImportUnit) => {
    onUnit?.(unit);
    if (skipped < skipRows) {
      skipped += unit.lines.length;
      if (skipped > skipRows) throw new Error(`the checkpoint (${skipRows} rows) falls inside an order; the file changed?`);
      return;
    }
    chunk.push(unit);
    rows += unit.lines.length;
  };
  for await (const batch of csvRecords(content, Math.min(500, chunkRows))) {
    for (const record of batch) {
      if (header) {
        header = false;
        onHeader(checker.header(record));
        continue;
      }
      checker.push(record).forEach(take);
      if (rows >= chunkRows) {
        yield { units: chunk, rows };
        chunk = [];
        rows = 0;
      }
    }
  }
  if (header) onHeader([{ line: 1, column: "(file)", reason: "the file has no header row" }]);
  checker.finish().forEach(take);
  if (chunk.length > 0) yield { units: chunk, rows };
}

const unitErrors = (units: ImportUnit[]) => units.flatMap((unit) => unit.errors);
const invalidRows = (units: ImportUnit[], dbErrors: RowError[]) => {
  const badLines = new Set(dbErrors.map((e) => e.line));
  return units.reduce(
    (sum, unit) => sum + (unit.errors.length > 0 ? unit.lines.length : unit.lines.filter((line) => badLines.has(line)).length),
    0,
  );
};

export async function runImport(db: Database, importId: string, opts: RunImportOptions = {}): Promise<RunOutcome> {
  const prisma = db.prisma;
  const chunkRows = Math.max(1, Math.floor(opts.chunkRows ?? 2000));
  const record = await prisma.import.findUniqueOrThrow({ where: { id: importId } });
  const log = new ErrorLog(storedErrors(record.errors));
  const beat = () => new Date();
  try {
    // ---- Pass 1: check every row, write nothing --------------------------------
    if (record.status === "VALIDATING") {
      const fresh = new ErrorLog({ total: 0, items: [] });
      const checker = new FileChecker(record.entity);
      let fileErrors: RowError[] = [];
      let context: ApplyContext | null = null;
      let total = 0;
      let invalid = 0;
      for await (const chunk of chunksOf(record.content, checker, chunkRows, (errors) => (fileErrors = errors))) {
        if (fileErrors.length > 0) break;
        context ??= await loadApplyContext(runnerQuery(db), record.entity, checker.presentColumns, record.createdById);
        const outcome = await applyUnits(runnerQuery(db), chunk.units, context, false);
        fresh.add([...unitErrors(chunk.units), ...outcome.errors].sort((a, b) => a.line - b.line));
        total += chunk.rows;
        invalid += invalidRows(chunk.units, outcome.errors);
        await prisma.import.update({
          where: { id: importId },
          data: { rowsValid: total - invalid, rowsInvalid: invalid, heartbeatAt: beat() },
        });
        await opts.pace?.();
        if (opts.shouldStop?.()) return "STOPPED";
      }
      if (fileErrors.length === 0 && total === 0)
        fileErrors = [{ line: 2, column: "(file)", reason: "the file has a header but no data rows" }];
      if (fileErrors.length > 0) fresh.add(fileErrors);
      const rejected = fileErrors.length > 0 || (record.mode === "ALL_OR_NOTHING" && invalid > 0);
      const counts = { rowsTotal: total, rowsValid: total - invalid, rowsInvalid: invalid };
      await prisma.$transaction(async (tx) => {
        await tx.import.update({
          where: { id: importId },
          data: rejected
            ? { ...counts, status: "REJECTED", errors: asJson(fresh.stored), finishedAt: new Date(), heartbeatAt: beat() }
            : { ...counts, status: "IMPORTING", errors: asJson(fresh.stored), startedAt: new Date(), heartbeatAt: beat() },
        });
        if (rejected) {
          await recordAudit(tx, {
            actorId: record.createdById,
            action: "import.reject",
            entityType: "import",
            entityId: importId,
            after: { ...counts, errors: fresh.stored.total, fileLevel: fileErrors.length > 0 },
          });
        }
      });
      if (rejected) return "REJECTED";
      record.status = "IMPORTING";
      Object.assign(record, counts);
      log.stored.total = fresh.stored.total;
      log.stored.items = fresh.stored.items;
      log.add([]);
    }

    // ---- Pass 2: write the valid rows, a chunk per transaction ------------------
    const checker = new FileChecker(record.entity);
    let position = record.rowsCommitted;
    let context: ApplyContext | null = null;
    let ordersCreated = 0;
    const seenKeys = new Set(log.stored.items.map(keyOf));
    // Lines the check pass already counted as "with errors": a row refused only now moves from valid to with errors.
    const invalidLines = new Set(log.stored.items.map((error) => error.line));
    // Purchases: the accounts whose model measures are recomputed at the end (also those of
    // chunks committed before an interruption, so a resumed import finishes the job).
    const purchaseAccounts = new Set<string>();
    const noteAccount = (unit: ImportUnit) => {
      const first = unit.rows[0] as { account_external_id?: string } | undefined;
      if (record.entity === "PURCHASES" && unit.errors.length === 0 && first?.account_external_id)
        purchaseAccounts.add(first.account_external_id);
    };
    // Rows before the checkpoint were committed before an interruption: checked again, not written again.
    for await (const chunk of chunksOf(record.content, checker, chunkRows, () => {}, record.rowsCommitted, noteAccount)) {
      const expected = position;
      position += chunk.rows;
      if (!context) {
        context = await loadApplyContext(runnerQuery(db), record.entity, checker.presentColumns, record.createdById);
      }
      const applyContext = context;
      const outcome = await prisma.$transaction(
        async (tx) => {
          const query = transactionQuery(tx);
          // Every chunk writes account_metrics (a new account's row, an order's rollups), so it takes the
          // cost-inputs lock first like a live write; an accounts chunk computes with the inputs in force.
          await shareMetricsInputs(tx);
          if (record.entity === "ACCOUNTS") applyContext.metrics = await loadMetricsContext(query);
          const result = await applyUnits(query, chunk.units, applyContext, true);
          // Rows that became invalid since pass 1 (an owner deactivated meanwhile) are reported, not written.
          const fresh = result.errors.filter((error) => !seenKeys.has(keyOf(error)));
          const refusedNow = [...new Set(fresh.map((error) => error.line))].filter((line) => !invalidLines.has(line));
          const changed = log.add(fresh);
          const rows = await query(
            `UPDATE imports SET rows_committed = $2, created = created + $3, updated = updated + $4, skipped = skipped + $5,
                    rows_valid = rows_valid - $8, rows_invalid = rows_invalid + $8,
                    heartbeat_at = $6::timestamptz, updated_at = now()${changed ? ", errors = $9::jsonb" : ""}
              WHERE id = $1::uuid AND status = 'IMPORTING' AND rows_committed = $7
              RETURNING id`,
            [
              importId,
              position,
              result.created,
              result.updated,
              result.skipped,
              beat().toISOString(),
              expected,
              refusedNow.length,
              ...(changed ? [JSON.stringify(log.stored)] : []),
            ],
          );
          if (rows.length > 0) refusedNow.forEach((line) => invalidLines.add(line));
          if (rows.length === 0) throw new LostClaim("another runner took this import over");
          return result;
        },
        { maxWait: 30_000, timeout: 300_000 },
      );
      if (record.entity === "PURCHASES") ordersCreated += outcome.created;
      await opts.afterChunk?.({ rowsCommitted: position, rowsTotal: record.rowsTotal });
      await opts.pace?.();
      if (opts.shouldStop?.()) return "STOPPED";
    }

    if (purchaseAccounts.size > 0) {
      const ids = await accountIdsForKeys(runnerQuery(db), purchaseAccounts);
      const size = Math.max(1, opts.recomputeBatch ?? 1000);
      for (let start = 0; start < ids.length; start += size) {
        if (opts.shouldStop?.()) return "STOPPED";
        const batch = ids.slice(start, start + size);
        await prisma.$transaction(
          async (tx) => {
            // Like a live write: the cost inputs in force now (a change may have been applied since
            // the import started), and a cost swap under way is waited for, not overwritten.
            await shareMetricsInputs(tx);
            const query = transactionQuery(tx);
            await recomputeImportedAccounts(query, batch, await loadMetricsContext(query));
          },
          { maxWait: 30_000, timeout: 300_000 },
        );
        await prisma.import.update({ where: { id: importId }, data: { heartbeatAt: beat() } });
        await opts.pace?.();
      }
    }

    await prisma.$transaction(async (tx) => {
      const done = await tx.import.update({
        where: { id: importId },
        data: { status: "COMPLETED", rowsCommitted: position, finishedAt: new Date(), heartbeatAt: beat() },
      });
      await recordAudit(tx, {
        actorId: record.createdById,
        action: "import.complete",
        entityType: "import",
        entityId: importId,
        after: {
          entity: done.entity,
          mode: done.mode,
          fileName: done.fileName,
          rowsTotal: done.rowsTotal,
          rowsValid: done.rowsValid,
          rowsInvalid: done.rowsInvalid,
          created: done.created,
          updated: done.updated,
          skipped: done.skipped,
        },
      });
    });
    if (opts.refit ?? true) noteMetricsWrites(ordersCreated);
    // Every order appended a row or two to the dashboard's rollup log (decision 0016), which the
    // charts add up per view: after a large import (100 000 rows: ~8 000 log rows, the revenue chart
    // 37 / 70 ms instead of ~2) fold it now rather than at the next daily job.
    // The same for account_metrics' visibility map: every account it touched left its page
    // not-all-visible, and the dashboard's index-only reads then visit the heap for each row
    // (the overview right after a change, 100 000 accounts: 300 ms until autovacuum came by).
    if (ordersCreated >= (opts.foldAfterOrders ?? 1000)) {
      await foldPortfolioRollups(db);
      await vacuumMetrics(runnerQuery(db));
    }
    return "COMPLETED";
  } catch (error) {
    if (error instanceof LostClaim) return "LOST";
    const reason = `The import stopped: ${error instanceof Error ? error.message : String(error)}. Fix the cause and resume it.`;
    console.error(`import ${importId} failed:`, error);
    log.add([{ line: 0, column: "(file)", reason }]);
    await prisma
      .$transaction(async (tx) => {
        await tx.import.update({ where: { id: importId }, data: { status: "FAILED", errors: asJson(log.stored), heartbeatAt: beat() } });
        await recordAudit(tx, {
          actorId: record.createdById,
          action: "import.fail",
          entityType: "import",
          entityId: importId,
          after: { reason },
        });
      })
      .catch((inner: unknown) => console.error(`import ${importId}: recording the failure failed:`, inner));
    return "FAILED";
  }
}
