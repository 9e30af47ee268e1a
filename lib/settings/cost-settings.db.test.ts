import { runnerQuery } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "@/lib/db/testing";
import { useDatabase, type Database } from "@/lib/db/client";
import { addPurchaseHistory, createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { loadMetricsContext } from "@/lib/metrics/context";
import { loadMetricsAccounts } from "@/lib/metrics/store";
import { computeAccountMetrics, type MetricsCosts } from "@/lib/metrics/compute";
import { findMetricsMismatches } from "@/lib/metrics/reconcile";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { updateAccount } from "@/lib/accounts/change-account";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { parseWith } from "@/lib/http/route";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { applyCostChange, getCostSettings, previewCostChange } from "./cost-settings";
import { costChangeInput } from "./schema";
import { startCostPreview } from "./cost-preview-job";
import { setCostRecomputeHooks } from "./cost-recompute-job";
import { getJob } from "@/lib/jobs/get-job";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { closeTestDatabase, startTestJobQueue } from "@/lib/testing/fixture-database";
import { flagRecordsOutOfStep } from "@/lib/flag-records/testing/in-step";
import { talliesOutOfStep } from "@/lib/metrics/testing/tallies-in-step";

let db: Database;
let fx: SalesFixture;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await startTestJobQueue(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 10 });
  await addPurchaseHistory(db.prisma, fx);
  await recomputeAllMetrics(db);
});
afterAll(() => closeTestDatabase(db));

const FIXTURE_DEFAULT = {
  acquisitionCost: "900.00",
  retentionCostPerYear: "150.00",
  grossMargin: 0.38,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
  flagThresholds: {},
};

async function currentVersionId(): Promise<string> {
  const settings = await getCostSettings(fx.admin);
  return settings.inForce!.id;
}

async function change(overrides: Record<string, unknown>, segments: Record<string, unknown> = {}) {
  return parseWith(costChangeInput, { default: { ...FIXTURE_DEFAULT, ...overrides }, segments, basedOn: await currentVersionId() });
}

/** Every account's metrics recomputed from scratch with the inputs in force, at the moment each row was computed. */
async function expectAllMetricsMatchInputsInForce() {
  const query = runnerQuery(db);
  expect(await findMetricsMismatches(query)).toEqual([]);
  const stored = await db.prisma.accountMetrics.findMany();
  const accounts = await loadMetricsAccounts(
    query,
    stored.map((row) => row.accountId),
  );
  const context = await loadMetricsContext(query);
  for (const row of stored) {
    const account = accounts.get(row.accountId)!;
    const expected = computeAccountMetrics(
      account,
      context.costsFor(account.segment),
      context.model,
      context.portfolio,
      context.catalog,
      row.computedAt,
    );
    expect(row.formulaLtv.toFixed(2), row.accountId).toBe((Math.round(expected.formulaLtv * 100) / 100).toFixed(2));
    expect(row.predictedClv.toFixed(2), row.accountId).toBe((Math.round(expected.predictedClv * 100) / 100).toFixed(2));
    expect(row.historicalLtv.toFixed(2), row.accountId).toBe((Math.round(expected.historicalLtv * 100) / 100).toFixed(2));
  }
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe("cost inputs: who may", () => {
  it("answers Forbidden to a manager and a rep, for reading, previewing and saving", async () => {
    const input = await change({ grossMargin: 0.4 });
    for (const actor of [fx.manager, fx.rep1]) {
      await expect(getCostSettings(actor)).rejects.toBeInstanceOf(Forbidden);
      await expect(previewCostChange(actor, input)).rejects.toBeInstanceOf(Forbidden);
      await expect(applyCostChange(actor, input)).rejects.toBeInstanceOf(Forbidden);
    }
    expect(await db.prisma.job.count()).toBe(0);
  });
});

describe("cost inputs: validation", () => {
  it("names the field and the reason", () => {
    const attempt = (body: unknown) => {
      try {
        parseWith(costChangeInput, body);
      } catch (error) {
        expect(error).toBeInstanceOf(Invalid);
        return (error as Invalid).issues;
      }
      throw new Error("expected Invalid");
    };
    const basedOn = randomUUID();
    expect(attempt({ default: { ...FIXTURE_DEFAULT, grossMargin: 38 }, basedOn })).toEqual([
      { field: "default.grossMargin", reason: "must be at most 1" },
    ]);
    expect(attempt({ default: { ...FIXTURE_DEFAULT, acquisitionCost: "900.123" }, basedOn })[0]!.field).toBe("default.acquisitionCost");
    expect(attempt({ default: { ...FIXTURE_DEFAULT, horizonMonths: 121 }, basedOn })[0]!.field).toBe("default.horizonMonths");
    expect(attempt({ default: { ...FIXTURE_DEFAULT, defaultLifespanYears: 12 }, basedOn })[0]).toEqual({
      field: "default.defaultLifespanYears",
      reason: "must not be more than the lifespan cap",
    });
    expect(attempt({ default: { ...FIXTURE_DEFAULT, flagThresholds: { crossSellMinLift: 0.9 } }, basedOn })[0]!.field).toBe(
      "default.flagThresholds.crossSellMinLift",
    );
    expect(attempt({ default: { ...FIXTURE_DEFAULT, flagThresholds: { nonsense: 1 } }, basedOn })).toEqual([
      { field: "default.flagThresholds.nonsense", reason: "unknown field" },
    ]);
    expect(attempt({ default: FIXTURE_DEFAULT, segments: { SMB: { ...FIXTURE_DEFAULT, discountRateYearly: 1 } }, basedOn })[0]!.field).toBe(
      "segments.SMB.discountRateYearly",
    );
    expect(attempt({ default: FIXTURE_DEFAULT, basedOn, extra: 1 })).toEqual([{ field: "extra", reason: "unknown field" }]);
  });

  it("refuses an override for a segment no account has", async () => {
    const input = await change({}, { Nowhere: FIXTURE_DEFAULT });
    await expect(previewCostChange(fx.admin, input)).rejects.toMatchObject({
      issues: [{ field: "segments.Nowhere", reason: "no account has this segment" }],
    });
  });
});

describe("previewing a change", () => {
  it("counts the accounts whose LTV changes, sums before and after and lists the biggest movers, writing nothing", async () => {
    const storedBefore = await db.prisma.accountMetrics.findMany({ orderBy: { accountId: "asc" } });
    const costSettingsBefore = await db.prisma.costSettings.count();
    const input = await change({ grossMargin: 0.5 }, { SMB: { ...FIXTURE_DEFAULT, acquisitionCost: 2000 } });
    const preview = await previewCostChange(fx.admin, input);

    // Independent computation: the same accounts with the old and the new costs at the preview's moment.
    const query = runnerQuery(db);
    const context = await loadMetricsContext(query, preview.asOf);
    const accounts = await loadMetricsAccounts(
      query,
      storedBefore.map((row) => row.accountId),
    );
    const oldCosts = context.costDefaults;
    const newCosts = (segment: string): MetricsCosts =>
      segment === "SMB" ? { ...oldCosts, acquisitionCost: 2000 } : { ...oldCosts, grossMargin: 0.5 };
    let changed = 0;
    let before = 0;
    let after = 0;
    const deltas: Array<{ id: string; delta: number }> = [];
    const clv = { before: 0, after: 0 };
    for (const account of accounts.values()) {
      const old = computeAccountMetrics(account, oldCosts, context.model, context.portfolio, context.catalog, preview.asOf);
      const next = computeAccountMetrics(
        account,
        newCosts(account.segment),
        context.model,
        context.portfolio,
        context.catalog,
        preview.asOf,
      );
      const a = Math.round(old.formulaLtv * 100);
      const b = Math.round(next.formulaLtv * 100);
      clv.before += Math.round(old.predictedClv * 100);
      clv.after += Math.round(next.predictedClv * 100);
      before += a;
      after += b;
      if (a !== b) changed += 1;
      deltas.push({ id: account.accountId, delta: b - a });
    }
    expect(preview.accounts).toBe(20);
    expect(preview.changed.formulaLtv).toBe(changed);
    expect(changed).toBeGreaterThan(0);
    expect(preview.totals.formulaLtv.before).toBeCloseTo(before / 100, 2);
    expect(preview.totals.formulaLtv.after).toBeCloseTo(after / 100, 2);
    // SMB accounts cost 1,100 more to acquire; the others gain margin.
    const expectedDown = deltas
      .filter((d) => d.delta < 0)
      .sort((a, b) => a.delta - b.delta || a.id.localeCompare(b.id))
      .slice(0, 10);
    expect(preview.movers.down.map((m) => [m.accountId, m.delta])).toEqual(expectedDown.map((d) => [d.id, d.delta / 100]));
    expect(preview.movers.down[0]).toMatchObject({ delta: -1100, segment: "SMB" });
    expect(preview.movers.down[0]!.name).toMatch(/customer/);
    expect(preview.movers.up.every((m) => m.segment === "Mid-market" && m.delta > 0)).toBe(true);
    expect(preview.movers.up.length).toBeLessThanOrEqual(10);
    // Worked by hand from formula LTV = AOV × f × L × m − (CAC + R × L): an SMB account keeps m = 38 % and pays
    // 2000 − 900 = 1100 more to acquire, so it moves by exactly −1100.00; a Mid-market account keeps its CAC and
    // gains (0.50 − 0.38) × AOV × f × L, from its stored AOV, orders a year and lifespan.
    for (const mover of preview.movers.down.filter((m) => m.segment === "SMB")) expect(mover.delta).toBe(-1100);
    for (const mover of preview.movers.up) {
      const row = storedBefore.find((r) => r.accountId === mover.accountId)!;
      const gain = 0.12 * row.averageOrderValue.toNumber() * row.purchasesPerYear * row.lifespanYears;
      expect(mover.delta).toBeCloseTo(gain, 0);
    }
    // Predicted CLV depends on the margin only (not on acquisition cost).
    expect(preview.totals.predictedClv.after).toBeGreaterThan(preview.totals.predictedClv.before);
    expect(preview.totals.predictedClv.before).toBeCloseTo(clv.before / 100, 2);
    expect(preview.totals.predictedClv.after).toBeCloseTo(clv.after / 100, 2);

    expect(await db.prisma.accountMetrics.findMany({ orderBy: { accountId: "asc" } })).toEqual(storedBefore);
    expect(await db.prisma.costSettings.count()).toBe(costSettingsBefore);
    expect(await db.prisma.job.count()).toBe(0);
  });
});

/** What the catalog says a table is, by name: null when there is no such table. */
async function tableShape(table: string) {
  const [found] = await db.runner.query<{ options: string[] | null }>(
    `SELECT reloptions AS options FROM pg_class WHERE relname = $1 AND relkind = 'r'`,
    [table],
  );
  if (!found) return null;
  const catalog = (sql: string) => db.runner.query<Record<string, unknown>>(sql, [table]);
  return {
    options: found.options,
    columns: await catalog(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
    ),
    indexes: await catalog(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname`),
    constraints: await catalog(
      `SELECT conname, contype, convalidated, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname`,
    ),
    triggers: await catalog(
      `SELECT tgname, pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname`,
    ),
  };
}

describe("the preview job (POST /api/settings/costs/preview)", () => {
  it("computes the same preview in the background, with progress, and keeps only an admin's newest", async () => {
    const input = await change({ grossMargin: 0.47 });
    await expect(startCostPreview(fx.manager, input)).rejects.toBeInstanceOf(Forbidden);
    // A bad change is refused before any job exists.
    const jobsBefore = await db.prisma.job.count();
    await expect(startCostPreview(fx.admin, await change({}, { Nowhere: FIXTURE_DEFAULT }))).rejects.toBeInstanceOf(Invalid);
    expect(await db.prisma.job.count()).toBe(jobsBefore);

    const first = await startCostPreview(fx.admin, await change({ grossMargin: 0.3 }));
    const job = await startCostPreview(fx.admin, input);
    expect(job).toMatchObject({ kind: "cost-preview", status: "QUEUED", result: null });
    await whenJobsIdle();
    // The first one was replaced by the second.
    await expect(getJob(fx.admin, first.id)).rejects.toBeInstanceOf(NotFound);
    const done = await getJob(fx.admin, job.id);
    expect(done).toMatchObject({ status: "SUCCEEDED", done: 20, total: 20, error: null });
    const direct = await previewCostChange(fx.admin, input);
    const { ms: _ms, asOf: _asOf, ...figures } = direct;
    void [_ms, _asOf];
    expect(done.result).toMatchObject(JSON.parse(JSON.stringify(figures)));
    await expect(getJob(fx.rep1, job.id)).rejects.toBeInstanceOf(Forbidden);
  });

  it("reading a job never writes it (GET /api/jobs/{id} is read-only)", async () => {
    const job = await startCostPreview(fx.admin, await change({ grossMargin: 0.33 }));
    await whenJobsIdle();
    // A row that looks abandoned stays as it is when read: ending jobs whose worker died is the queue's work.
    const stale = await db.prisma.job.update({
      where: { id: job.id },
      data: { status: "RUNNING", heartbeatAt: new Date(Date.now() - 3_600_000) },
    });
    expect(await getJob(fx.admin, job.id)).toMatchObject({ status: "RUNNING" });
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(stale);
    await db.prisma.job.update({ where: { id: job.id }, data: { status: "SUCCEEDED" } });
  });
});

describe("saving a change", () => {
  it("keeps the old inputs everywhere until the recompute swaps all accounts at once, then all match the new inputs", async () => {
    const pause = deferred();
    const reachedSwap = deferred();
    const input = await change({ grossMargin: 0.45, retentionCostPerYear: 200 });
    const storedBefore = await db.prisma.accountMetrics.findMany({ orderBy: { accountId: "asc" } });
    const { job } = await applyCostChange(
      fx.admin,
      { ...input, note: "margin up" },
      {
        beforeSwap: async () => {
          reachedSwap.release();
          await pause.promise;
        },
      },
    );
    expect(job.status).toBe("QUEUED");
    await reachedSwap.promise;

    // Computed but not swapped in: the context and every stored row are still the old ones.
    const context = await loadMetricsContext(runnerQuery(db));
    expect(context.costDefaults.grossMargin).toBe(0.38);
    expect(await db.prisma.accountMetrics.findMany({ orderBy: { accountId: "asc" } })).toEqual(storedBefore);
    const running = await getCostSettings(fx.admin);
    expect(running.job).toMatchObject({ id: job.id, status: "RUNNING", total: 20 });
    expect(running.history[0]).toMatchObject({ pending: true, note: "margin up" });
    expect(running.history[0]!.default.grossMargin).toBe(0.45);
    expect(running.inForce!.default.grossMargin).toBe(0.38);
    const progress = await getJob(fx.admin, job.id);
    expect(progress.done).toBeGreaterThan(0);
    expect(progress.done).toBeLessThan(20);

    // The computed rows wait in the shadow table, indexed, for the swap to rename it into place.
    const shadowRows = await db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_metrics_next`);
    expect(shadowRows[0]!.n).toBe(20);
    const shapeBefore = await tableShape("account_metrics");

    // A second save while this one runs is refused.
    await expect(applyCostChange(fx.admin, await change({ grossMargin: 0.4 }))).rejects.toBeInstanceOf(Conflict);

    pause.release();
    await whenJobsIdle();
    expect(await getJob(fx.admin, job.id)).toMatchObject({ status: "SUCCEEDED", done: 20, total: 20, error: null });
    // The table swapped in is the one the migrations made: same indexes (names and definitions),
    // constraints (validated), triggers and storage options; the shadow is gone.
    expect(await tableShape("account_metrics")).toEqual(shapeBefore);
    expect(await tableShape("account_metrics_next")).toBeNull();
    expect(await tableShape("account_metrics_old")).toBeNull();
    const after = await getCostSettings(fx.admin);
    expect(after.inForce!.default).toMatchObject({ grossMargin: 0.45, retentionCostPerYear: 200 });
    expect(after.history[0]!.pending).toBe(false);
    await expectAllMetricsMatchInputsInForce();
    // The ranking's totals are those of the table swapped in (rebuilt at the swap).
    expect(await talliesOutOfStep(runnerQuery(db))).toEqual([]);

    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "settings.update" }, orderBy: { at: "desc" } });
    expect(audit.actorId).toBe(fx.admin.id);
    expect((audit.before as { default: { grossMargin: number } }).default.grossMargin).toBe(0.38);
    expect((audit.after as { default: { grossMargin: number }; note: string }).default.grossMargin).toBe(0.45);
    expect((audit.after as { note: string }).note).toBe("margin up");
  });

  it("account edits around the swap (reassign, rename, new segment, delete) all land in the table swapped in", async () => {
    const [moved, renamed, deleted, editedInSwap] = [
      fx.accounts.rep1[0]!,
      fx.accounts.rep1[2]!,
      fx.accounts.rep2[3]!,
      fx.accounts.rep2[4]!,
    ];
    const version = async (id: string) => (await db.prisma.account.findUniqueOrThrow({ where: { id } })).version;
    let duringSwap: Promise<unknown> | undefined;
    const inSwap = deferred();
    // Read now: on the embedded database a read outside the swap's transaction waits for it.
    const editedVersion = await version(editedInSwap);
    const { job } = await applyCostChange(fx.admin, await change({ grossMargin: 0.41 }), {
      beforeSwap: async () => {
        // After the batches read these accounts, before the swap.
        await updateAccount(fx.manager, moved, { version: await version(moved), ownerId: fx.rep2.id });
        await updateAccount(fx.manager, renamed, { version: await version(renamed), name: "Zeppelin Renamed GmbH", segment: "Enterprise" });
        await db.prisma.account.delete({ where: { id: deleted } });
      },
      insideSwap: async () => {
        // While the swap holds its locks: this edit (which also writes the metrics row) waits and then lands.
        duringSwap = updateAccount(fx.manager, editedInSwap, { version: editedVersion, ownerId: fx.rep1.id, segment: "SMB" });
        await new Promise((resolve) => setTimeout(resolve, 300));
        inSwap.release();
      },
    });
    await inSwap.promise;
    await whenJobsIdle();
    await duringSwap;
    expect((await getJob(fx.admin, job.id)).status).toBe("SUCCEEDED");
    const row = (id: string) => db.prisma.accountMetrics.findUnique({ where: { accountId: id } });
    expect(await row(moved)).toMatchObject({ ownerId: fx.rep2.id });
    expect(await row(renamed)).toMatchObject({ segment: "Enterprise", searchName: "zeppelin renamed gmbh" });
    expect(await row(deleted)).toBeNull();
    expect(await row(editedInSwap)).toMatchObject({ ownerId: fx.rep1.id, segment: "SMB" });
    expect(await db.prisma.accountMetrics.count()).toBe(await db.prisma.account.count());
    await expectAllMetricsMatchInputsInForce();
  });

  it("an account deleted after its batch was read is left out, and the job still succeeds", async () => {
    const doomed = fx.accounts.rep2[5]!;
    let deleted = false;
    const { job } = await applyCostChange(fx.admin, await change({ grossMargin: 0.43 }), {
      afterBatchRead: async (ids) => {
        if (deleted || !ids.includes(doomed)) return;
        deleted = true;
        await db.prisma.account.delete({ where: { id: doomed } });
      },
    });
    await whenJobsIdle();
    expect(deleted).toBe(true);
    expect(await getJob(fx.admin, job.id)).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(await db.prisma.accountMetrics.findUnique({ where: { accountId: doomed } })).toBeNull();
    expect(await db.prisma.accountMetrics.count()).toBe(await db.prisma.account.count());
    await expectAllMetricsMatchInputsInForce();
  });

  it("an order logged while the recompute runs ends up computed with the new inputs", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const before = deferred();
    const inSwap = deferred();
    let duringSwap: Promise<unknown> | undefined;
    const order = (key: string) =>
      createPurchaseInput.parse({
        accountId,
        purchasedAt: new Date().toISOString(),
        lines: [{ productId: fx.products.toner, quantity: 2, unitPrice: "59.90" }],
        idempotencyKey: key,
      });
    const { job } = await applyCostChange(fx.admin, await change({ grossMargin: 0.42, acquisitionCost: 700 }), {
      beforeSwap: async () => {
        // Logged after the batches read this account, before the swap.
        await createPurchase(fx.rep1, order(randomUUID()));
        before.release();
      },
      insideSwap: async () => {
        // Logged while the swap holds the lock: it must wait and then read the new inputs.
        duringSwap = createPurchase(fx.rep1, order(randomUUID()));
        await new Promise((resolve) => setTimeout(resolve, 300));
        inSwap.release();
      },
    });
    await before.promise;
    await inSwap.promise;
    await whenJobsIdle();
    await duringSwap;
    expect((await getJob(fx.admin, job.id)).status).toBe("SUCCEEDED");
    expect(await db.prisma.purchase.count({ where: { accountId, purchasedAt: { gte: new Date(Date.now() - 60_000) } } })).toBe(2);
    expect((await getCostSettings(fx.admin)).inForce!.default).toMatchObject({ grossMargin: 0.42, acquisitionCost: 700 });
    await expectAllMetricsMatchInputsInForce();
  });

  // On the server only: PGlite has one connection, so there the order waits for the connection
  // (maxWait) rather than for the lock, and a swap of PGlite's size takes well under a second.
  it.runIf(Boolean(process.env.DATABASE_URL))(
    "an order logged while a long swap holds the lock (longer than the old 20 s transaction timeout) waits and succeeds",
    async () => {
      const accountId = fx.accounts.rep2[2]!;
      const inSwap = deferred();
      let duringSwap: Promise<unknown> | undefined;
      const { job } = await applyCostChange(fx.admin, await change({ grossMargin: 0.43 }), {
        insideSwap: async () => {
          duringSwap = createPurchase(
            fx.rep2,
            createPurchaseInput.parse({
              accountId,
              purchasedAt: new Date().toISOString(),
              lines: [{ productId: fx.products.toner, quantity: 1, unitPrice: "59.90" }],
              idempotencyKey: randomUUID(),
            }),
          );
          duringSwap.catch(() => {});
          inSwap.release();
          // What a swap of 100 000 accounts takes (bench/results-full.md).
          await new Promise((resolve) => setTimeout(resolve, 21_000));
        },
      });
      await inSwap.promise;
      await whenJobsIdle();
      await expect(duringSwap).resolves.toMatchObject({ purchase: { accountId } });
      expect((await getJob(fx.admin, job.id)).status).toBe("SUCCEEDED");
      await expectAllMetricsMatchInputsInForce();
    },
    60_000,
  );

  it("answers Conflict with the current settings when someone saved since the page was opened", async () => {
    const stale = await change({ grossMargin: 0.3 });
    await applyCostChange(fx.admin, await change({ grossMargin: 0.41 }));
    await whenJobsIdle();
    const error = await applyCostChange(fx.admin, stale).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).details).toMatchObject({ inForce: { default: { grossMargin: 0.41 } } });
    expect((await getCostSettings(fx.admin)).inForce!.default.grossMargin).toBe(0.41);
  });

  it("adds and removes a segment override; the removal sticks", async () => {
    await applyCostChange(fx.admin, await change({ grossMargin: 0.41 }, { SMB: { ...FIXTURE_DEFAULT, grossMargin: 0.2 } }));
    await whenJobsIdle();
    let settings = await getCostSettings(fx.admin);
    expect(Object.keys(settings.inForce!.segments)).toEqual(["SMB"]);
    expect((await loadMetricsContext(runnerQuery(db))).costsFor("SMB").grossMargin).toBe(0.2);
    // A change that does not name SMB keeps its override.
    await applyCostChange(fx.admin, await change({ grossMargin: 0.43 }));
    await whenJobsIdle();
    settings = await getCostSettings(fx.admin);
    expect(settings.inForce!.segments.SMB!.grossMargin).toBe(0.2);
    await applyCostChange(fx.admin, await change({ grossMargin: 0.43 }, { SMB: null }));
    await whenJobsIdle();
    settings = await getCostSettings(fx.admin);
    expect(settings.inForce!.segments).toEqual({});
    expect((await loadMetricsContext(runnerQuery(db))).costsFor("SMB").grossMargin).toBe(0.43);
    await expectAllMetricsMatchInputsInForce();
  });

  it("a job that fails mid-way ends FAILED, discards its version and never applies its inputs", async () => {
    const inForce = (await getCostSettings(fx.admin)).inForce!;
    const storedBefore = await db.prisma.accountMetrics.findMany({ orderBy: { accountId: "asc" } });
    const { job } = await applyCostChange(fx.admin, await change({ grossMargin: 0.9 }), {
      beforeSwap: async () => {
        throw new Error("disk full while building the shadow table");
      },
    });
    await whenJobsIdle();
    setCostRecomputeHooks({});
    expect(await getJob(fx.admin, job.id)).toMatchObject({ status: "FAILED", error: expect.stringMatching(/disk full/) });
    const settings = await getCostSettings(fx.admin);
    expect(settings.history.some((version) => version.pending)).toBe(false);
    expect(settings.inForce!.id).toBe(inForce.id);
    expect(await db.prisma.auditLog.count({ where: { action: "settings.recompute_failed", entityId: job.id } })).toBe(1);
    expect((await loadMetricsContext(runnerQuery(db))).costDefaults.grossMargin).toBe(inForce.default.grossMargin);
    expect(await db.prisma.accountMetrics.findMany({ orderBy: { accountId: "asc" } })).toEqual(storedBefore);
    expect(await db.prisma.costSettings.count({ where: { appliedAt: null } })).toBe(0);
    // Its shadow table went with it.
    expect(await tableShape("account_metrics_next")).toBeNull();

    // And the admin can save again.
    await applyCostChange(fx.admin, await change({ grossMargin: 0.44 }));
    await whenJobsIdle();
    expect((await getCostSettings(fx.admin)).inForce!.default.grossMargin).toBe(0.44);
  });
});

describe("flag records after a cost change", () => {
  it("follow the flags the swap brought in (flag thresholds are cost inputs)", async () => {
    const query = runnerQuery(db);
    expect(await flagRecordsOutOfStep(query)).toEqual([]);
    const churnFlags = async () =>
      (await db.prisma.accountMetrics.findMany({ select: { flags: true } }))
        .flatMap((row) => row.flags as Array<{ type: string }>)
        .filter((f) => f.type === "churn_risk").length;
    const before = await churnFlags();
    // A 1 % chance of no order counts as churn risk (with a model), and so does any silence past the usual gap
    // (without one): nearly every account with a purchase history is flagged now.
    const flagThresholds = {
      churnProbabilityThreshold: 0.01,
      churnProbabilityHighThreshold: 0.01,
      overdueRatio: 1.01,
      overdueRatioHigh: 1.01,
    };
    const { job } = await applyCostChange(fx.admin, await change({ flagThresholds }));
    await whenJobsIdle();
    expect(await getJob(fx.admin, job.id)).toMatchObject({ status: "SUCCEEDED" });
    expect(await churnFlags()).toBeGreaterThan(before);
    // Every new flag has its record, raised by the system; nothing is left to a reader to write.
    expect(await flagRecordsOutOfStep(query)).toEqual([]);
    // And the flag filter's totals count the new flags.
    expect(await talliesOutOfStep(query)).toEqual([]);
    const raised = await db.prisma.accountFlagEvent.findMany({ where: { toState: "open", cause: "raised", flag: { type: "churn_risk" } } });
    expect(raised.length).toBeGreaterThanOrEqual((await churnFlags()) - before);
    expect(raised.every((event) => event.actorId === null)).toBe(true);
  });
});
