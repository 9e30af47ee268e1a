// Cost inputs (admin only): read the version in force and the history, preview
// what a change would do to every account's LTV, and save a change, which a
// background job applies to every account at once (cost-recompute-job.ts).
import { runnerQuery, transactionQuery, type Query } from "@/lib/db/sql";
import { randomUUID } from "node:crypto";
import { database, getPrisma } from "@/lib/db/client";
import { COST_SETTINGS_WRITE_LOCK_ID } from "@/lib/db/advisory-locks";
import { can, type Actor } from "@/lib/auth/permissions";
import { Conflict, Forbidden, Invalid } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { computeAccountValues } from "@/lib/metrics/compute";
import { accountFx, inAccountCurrency, reportingValues } from "@/lib/metrics/reporting";
import { loadMetricsContext, type MetricsContext } from "@/lib/metrics/context";
import { accountIdBatches, countAccounts, prefetchedAccounts } from "@/lib/metrics/store";
import { DEFAULT_FLAG_THRESHOLDS } from "@/lib/flags/thresholds";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { CostChangeInput } from "./schema";
import { contextWithCosts, inputsViewOf, loadVersions, rowDataOf, versionInForce, type CostInputsView, type CostVersion } from "./versions";
import type { JobView } from "@/lib/jobs/job-view";
import { activeJobRow, latestJobRow } from "@/lib/jobs/job-rows";
import { enqueueJob, wakeWorker } from "@/lib/jobs/queue";
import { COST_RECOMPUTE_JOB, setCostRecomputeHooks, type CostJobDetail, type CostRecomputeHooks } from "./cost-recompute-job";

type Tx = Prisma.TransactionClient;

function assertAdmin(actor: Actor) {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins may see or change cost inputs.");
}

export interface CostSettingsView {
  /** The version in force: its default inputs and per-segment overrides. */
  inForce: CostVersion | null;
  /** Every version, newest first; `pending` while its recompute runs. */
  history: Array<CostVersion & { pending: boolean }>;
  /** Distinct account segments (where an override can apply). */
  segments: string[];
  /** The running or last cost recompute. */
  job: JobView | null;
  /** Built-in flag thresholds (what an empty override means). */
  flagThresholdDefaults: typeof DEFAULT_FLAG_THRESHOLDS;
}

async function knownSegments(tx: Tx): Promise<string[]> {
  const rows = await tx.account.findMany({ distinct: ["segment"], select: { segment: true }, orderBy: { segment: "asc" } });
  return rows.map((row) => row.segment);
}

export async function getCostSettings(actor: Actor): Promise<CostSettingsView> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  const [versions, segments, job] = await Promise.all([
    loadVersions(prisma),
    knownSegments(prisma),
    latestJobRow(prisma, [COST_RECOMPUTE_JOB]),
  ]);
  return {
    inForce: versionInForce(versions),
    history: versions.map((version) => ({ ...version, pending: version.appliedAt === null })),
    segments,
    job,
    flagThresholdDefaults: DEFAULT_FLAG_THRESHOLDS,
  };
}

interface ProposedVersion {
  default: CostInputsView;
  segments: Record<string, CostInputsView>;
}

/** The version the change would create: new default, overrides named in the input set or removed, others kept. */
function proposedVersion(current: CostVersion | null, input: CostChangeInput, segments: string[]): ProposedVersion {
  const merged: Record<string, CostInputsView> = { ...(current?.segments ?? {}) };
  const issues: Array<{ field: string; reason: string }> = [];
  for (const [segment, inputs] of Object.entries(input.segments)) {
    if (inputs === null) {
      if (!(segment in merged)) issues.push({ field: `segments.${segment}`, reason: "there is no override for this segment to remove" });
      delete merged[segment];
    } else {
      if (!segments.includes(segment) && !(segment in merged))
        issues.push({ field: `segments.${segment}`, reason: "no account has this segment" });
      merged[segment] = inputsViewOf(inputs);
    }
  }
  if (issues.length > 0) throw new Invalid(`Invalid body: ${issues.map((i) => `${i.field}: ${i.reason}`).join("; ")}`, issues);
  return { default: inputsViewOf(input.default), segments: merged };
}

// ---------------------------------------------------------------------------
// Preview

export interface LtvTotals {
  before: number;
  after: number;
}

export interface Mover {
  accountId: string;
  name: string;
  ownerName: string;
  segment: string;
  before: number;
  after: number;
  delta: number;
}

export interface CostPreview {
  accounts: number;
  /** Accounts whose value changes (to the cent). */
  changed: { formulaLtv: number; predictedClv: number; anyLtv: number };
  /** Portfolio sums of each measure the inputs affect, before → after. */
  totals: { historicalLtv: LtvTotals; revenueLtv: LtvTotals; formulaLtv: LtvTotals; predictedClv: LtvTotals };
  /** Biggest changes of formula LTV, up and down (at most 10 each). */
  movers: { up: Mover[]; down: Mover[] };
  asOf: Date;
  ms: number;
}

const MEASURES = ["historicalLtv", "revenueLtv", "formulaLtv", "predictedClv"] as const;
const cents = (value: number) => Math.round(value * 100);

/**
 * Every account's measures with the inputs in force and with the proposed ones,
 * at the same moment, so the preview shows the effect of the change and not the
 * drift of time since the stored metrics were computed. Read-only.
 */
export async function previewCostChange(
  actor: Actor,
  input: CostChangeInput,
  onProgress?: (done: number, total: number) => Promise<void>,
): Promise<CostPreview> {
  const compute = await prepareCostPreview(actor, input);
  return compute({ onProgress });
}

/**
 * Checks the actor and the proposed change now (a bad change is a 400 before any work starts)
 * and returns the computation, which the preview job (cost-preview-job.ts) runs in the background.
 */
export async function prepareCostPreview(actor: Actor, input: CostChangeInput): Promise<(opts?: PreviewPacing) => Promise<CostPreview>> {
  assertAdmin(actor);
  const db = await database();
  const [versions, segments] = await Promise.all([loadVersions(db.prisma), knownSegments(db.prisma)]);
  const proposed = proposedVersion(versionInForce(versions), input, segments);
  return async (opts = {}) => {
    const started = performance.now();
    const query = runnerQuery(db);
    const asOf = new Date();
    const before = await loadMetricsContext(query, asOf);
    const after = contextWithCosts(before, proposed.default, proposed.segments);
    // On PGlite's one connection: small batches, no load ahead, so live requests interleave.
    const pacing = { ...opts, ahead: db.kind === "postgres", batchSize: db.kind === "postgres" ? 500 : 50 };
    return { ...(await compareContexts(query, before, after, asOf, pacing)), ms: Math.round(performance.now() - started) };
  };
}

/** How a preview reports progress and yields between batches (the preview job passes its own). */
export interface PreviewPacing {
  onProgress?: (done: number, total: number) => Promise<void>;
  pace?: () => Promise<void>;
}

async function compareContexts(
  query: Query,
  before: MetricsContext,
  after: MetricsContext,
  asOf: Date,
  { onProgress, pace, ahead, batchSize }: PreviewPacing & { ahead: boolean; batchSize: number },
): Promise<Omit<CostPreview, "ms">> {
  const sums = Object.fromEntries(MEASURES.map((m) => [m, { before: 0, after: 0 }])) as Record<(typeof MEASURES)[number], LtvTotals>;
  const changed = { formulaLtv: 0, predictedClv: 0, anyLtv: 0 };
  const deltas: Array<{ accountId: string; before: number; after: number; delta: number }> = [];
  let accounts = 0;
  // Only the measures shown here: no flags, so no purchase lines are read (decision 0004). In the reporting
  // currency, as the rankings sum them (decision 0015): the cost inputs into the account's currency at the
  // as-of rate, the results back with each order at its day's rate; an account without a rate is left out.
  const compute = (
    context: MetricsContext,
    account: Parameters<typeof computeAccountValues>[0],
  ): Record<(typeof MEASURES)[number], number> | null => {
    const fx = accountFx(account, context.fx, asOf);
    const costs = context.costsFor(account.segment);
    const inputs = inAccountCurrency({ costs, model: context.model, portfolio: context.portfolio }, account.currency, fx, context.fx);
    const values = computeAccountValues(account, inputs.costs, inputs.model, inputs.portfolio, asOf);
    const reporting = reportingValues(account, values, costs, fx, context.fx.reportingCurrency, asOf);
    return reporting
      ? {
          historicalLtv: reporting.historicalLtv,
          revenueLtv: reporting.revenueLtv,
          formulaLtv: reporting.formulaLtv,
          predictedClv: reporting.predictedClv,
        }
      : null;
  };
  const sameBySegment = new Map<string, boolean>();
  const sameCosts = (segment: string) => {
    let same = sameBySegment.get(segment);
    if (same === undefined) {
      same = JSON.stringify(before.costsFor(segment)) === JSON.stringify(after.costsFor(segment));
      sameBySegment.set(segment, same);
    }
    return same;
  };
  const total = onProgress ? await countAccounts(query) : 0;
  for await (const { accounts: batch } of prefetchedAccounts(query, accountIdBatches(query, batchSize), { lines: false, ahead })) {
    for (const account of batch.values()) {
      accounts += 1;
      const old = compute(before, account);
      // Same costs before and after (e.g. a segment whose override is untouched): same metrics, computed once.
      const next = sameCosts(account.segment) ? old : compute(after, account);
      if (!old || !next) continue;
      let any = false;
      for (const measure of MEASURES) {
        const a = cents(old[measure]);
        const b = cents(next[measure]);
        sums[measure].before += a;
        sums[measure].after += b;
        if (a !== b) any = true;
      }
      if (cents(old.formulaLtv) !== cents(next.formulaLtv)) changed.formulaLtv += 1;
      if (cents(old.predictedClv) !== cents(next.predictedClv)) changed.predictedClv += 1;
      if (any) changed.anyLtv += 1;
      const delta = cents(next.formulaLtv) - cents(old.formulaLtv);
      if (delta !== 0) deltas.push({ accountId: account.accountId, before: cents(old.formulaLtv), after: cents(next.formulaLtv), delta });
    }
    await onProgress?.(accounts, total);
    await pace?.();
  }
  // Ties broken by id so the list is stable.
  const up = deltas
    .filter((d) => d.delta > 0)
    .sort((a, b) => b.delta - a.delta || a.accountId.localeCompare(b.accountId))
    .slice(0, 10);
  const down = deltas
    .filter((d) => d.delta < 0)
    .sort((a, b) => a.delta - b.delta || a.accountId.localeCompare(b.accountId))
    .slice(0, 10);
  const names = new Map<string, { name: string; ownerName: string; segment: string }>();
  const moverIds = [...up, ...down].map((d) => d.accountId);
  if (moverIds.length > 0) {
    const rows = await query(
      `SELECT a.id, a.name, a.segment, u.name AS owner_name FROM accounts a JOIN users u ON u.id = a.owner_id WHERE a.id = ANY($1::uuid[])`,
      [moverIds],
    );
    for (const row of rows)
      names.set(String(row.id), { name: String(row.name), ownerName: String(row.owner_name), segment: String(row.segment) });
  }
  const mover = (d: (typeof deltas)[number]): Mover => ({
    accountId: d.accountId,
    ...(names.get(d.accountId) ?? { name: "", ownerName: "", segment: "" }),
    before: d.before / 100,
    after: d.after / 100,
    delta: d.delta / 100,
  });
  const totals = Object.fromEntries(
    MEASURES.map((m) => [m, { before: sums[m].before / 100, after: sums[m].after / 100 }]),
  ) as CostPreview["totals"];
  return { accounts, changed, totals, movers: { up: up.map(mover), down: down.map(mover) }, asOf };
}

// ---------------------------------------------------------------------------
// Save

class StaleEdit extends Error {}

/**
 * Saves a new version (not yet applied), a job and the audit entry in one
 * transaction, then starts the job in the background. Answers with the job.
 */
export async function applyCostChange(actor: Actor, input: CostChangeInput, hooks?: CostRecomputeHooks): Promise<{ job: JobView }> {
  assertAdmin(actor);
  const prisma = await getPrisma();
  // Test seams for the job this process's worker runs next (none in the app).
  setCostRecomputeHooks(hooks ?? {});
  let job;
  try {
    job = await prisma.$transaction(
      async (tx) => {
        // One save at a time: the running-job check and the basedOn check below then hold until commit.
        await transactionQuery(tx)(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${COST_SETTINGS_WRITE_LOCK_ID})`, []);
        const running = await activeJobRow(tx, COST_RECOMPUTE_JOB);
        if (running)
          throw new StaleEdit("Cost inputs are being applied to every account right now; wait until that finishes, then save again.");
        const versions = await loadVersions(tx);
        const current = versionInForce(versions);
        const newest = versions[0] ?? null;
        if ((newest?.id ?? null) !== input.basedOn || (current?.id ?? null) !== input.basedOn) {
          throw new StaleEdit("Someone saved other cost inputs since you opened this page; here are the current ones.");
        }
        const proposed = proposedVersion(current, input, await knownSegments(tx));
        const effectiveFrom = new Date();
        const defaultRow = { id: randomUUID(), segment: null as string | null, inputs: input.default };
        const rows = [
          defaultRow,
          ...Object.entries(input.segments).flatMap(([segment, inputs]) => (inputs ? [{ id: randomUUID(), segment, inputs }] : [])),
        ];
        // Overrides not named in the change carry over into the new version unchanged.
        const named = new Set(Object.keys(input.segments));
        const carried = Object.entries(current?.segments ?? {}).filter(([segment]) => !named.has(segment));
        const data = [
          ...rows.map((row) => ({ id: row.id, segment: row.segment, ...rowDataOf(row.inputs) })),
          ...carried.map(([segment, view]) => ({ id: randomUUID(), segment, ...rowDataOfView(view) })),
        ].map((row) => ({ ...row, effectiveFrom, appliedAt: null, note: input.note ?? null, createdById: actor.id }));
        await tx.costSettings.createMany({ data });
        const settingIds = data.map((row) => row.id);
        const detail: CostJobDetail = { settingIds, effectiveFrom: effectiveFrom.toISOString() };
        // The job is queued in this transaction: it exists exactly when the version does.
        const queued = await enqueueJob(COST_RECOMPUTE_JOB, detail, { tx, createdById: actor.id, detail });
        if (!queued?.row) throw new Error("the cost recompute could not be queued");
        const created = queued.row;
        await recordAudit(tx, {
          actorId: actor.id,
          action: "settings.update",
          entityType: "cost_settings",
          entityId: defaultRow.id,
          before: current ? { default: current.default, segments: current.segments, versionId: current.id } : null,
          after: { default: proposed.default, segments: proposed.segments, note: input.note ?? null, jobId: created.id },
        });
        return created;
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    if (error instanceof StaleEdit) throw new Conflict(error.message, await getCostSettings(actor));
    throw error;
  }
  wakeWorker(COST_RECOMPUTE_JOB);
  return { job };
}

function rowDataOfView(view: CostInputsView) {
  return rowDataOf({
    ...view,
    acquisitionCost: cents(view.acquisitionCost),
    retentionCostPerYear: cents(view.retentionCostPerYear),
  });
}
