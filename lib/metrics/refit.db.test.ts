// The refit reads per-account summaries instead of every purchase (decision 0006). These
// tests hold it to the definition: the same RFM columns and portfolio facts as a pass over
// every purchase with the pure functions of lib/ltv and lib/flags, after bulk and live writes,
// and the migration's backfill gives the summaries the live path stores.
import { runnerQuery } from "@/lib/db/sql";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { addPurchaseHistory, type SalesFixture } from "@/lib/testing/fixtures";
import { summarizeTransactions } from "@/lib/ltv/rfm";
import { yearlyChurnRate } from "@/lib/ltv/formula";
import { accountCategories, usualOrderGapDays, yearlySpend } from "@/lib/flags/history";
import { buildSegmentStats } from "@/lib/flags/context";
import { mineCategoryAssociations } from "@/lib/flags/cross-sell";
import { DEFAULT_FLAG_THRESHOLDS } from "@/lib/flags/thresholds";
import { recomputeAccountMetrics, recomputeAllMetrics } from "./recompute";
import {
  fitPortfolio,
  loadPortfolioAggregates,
  PortfolioTally,
  previousFit,
  rfmColumnsOf,
  type FitDiagnostics,
  spendRatesOf,
} from "./refit";
import { loadFxTable } from "./fx-context";
import { loadRefitAccounts } from "./refit-read";
import { accountIdBatches, loadMetricsAccounts } from "./store";
import { currentModelHealth } from "./model-health";
import { fitBgNbd, isUsableFit } from "@/lib/ltv/bgnbd";
import { findMetricsMismatches } from "./reconcile";
import type { PortfolioContext } from "./compute";

let db: Database;
let fx: SalesFixture;
const DAY = 86_400_000;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 15 });

beforeAll(async () => {
  await addPurchaseHistory(db.prisma, fx);
  // Last-year spend counts purchases less than 365 calendar days old: one at 364 days is
  // in, one at 365 is out, whatever the hour.
  const today = Math.floor(Date.now() / DAY) * DAY;
  for (const [age, total] of [
    [364, "11.00"],
    [365, "7000.00"],
  ] as const) {
    await db.prisma.purchase.create({
      data: {
        accountId: fx.accounts.rep2[5]!,
        purchasedAt: new Date(today - age * DAY + 3_600_000),
        total,
        grossProfit: "1.00",
        loggedById: fx.admin.id,
        lines: { create: [{ productId: fx.products.toner, quantity: 1, unitPrice: total, unitCost: "1.00", lineTotal: total }] },
      },
    });
  }
  // A young account (first order 100 days ago): its last-year spend is annualised.
  const young = fx.accounts.rep2[6]!;
  await db.prisma.purchase.deleteMany({ where: { accountId: young } });
  for (const age of [100, 40]) {
    await db.prisma.purchase.create({
      data: {
        accountId: young,
        purchasedAt: new Date(today - age * DAY + 7_200_000),
        total: "2500.00",
        grossProfit: "900.00",
        loggedById: fx.admin.id,
        lines: { create: [{ productId: fx.products.printer, quantity: 5, unitPrice: "500.00", unitCost: "320.00", lineTotal: "2500.00" }] },
      },
    });
  }
  // Two orders on one day count as one purchase period; the refit must see one.
  const accountId = fx.accounts.rep1[1]!;
  const day = new Date(Math.floor((Date.now() - 40 * DAY) / DAY) * DAY);
  for (const hour of [9, 15]) {
    await db.prisma.purchase.create({
      data: {
        accountId,
        purchasedAt: new Date(day.getTime() + hour * 3_600_000),
        total: "59.90",
        grossProfit: "29.90",
        loggedById: fx.admin.id,
        lines: { create: [{ productId: fx.products.toner, quantity: 1, unitPrice: "59.90", unitCost: "30.00", lineTotal: "59.90" }] },
      },
    });
  }
});

/** The refit's inputs computed the long way: every purchase of every account. */
async function fromEveryPurchase(asOf: Date) {
  const query = runnerQuery(db);
  const rows: Array<{ accountId: string; frequency: number; recency: number; T: number; monetaryValue: number }> = [];
  const summaries = [];
  const baskets = [];
  const categoryValue = new Map<string, { sum: number; orders: number }>();
  let activeAtStart = 0;
  let churned = 0;
  for await (const ids of accountIdBatches(query, 1000)) {
    for (const account of (await loadMetricsAccounts(query, ids)).values()) {
      const purchases = account.purchases
        .filter((p) => p.purchasedAt <= asOf)
        .map((p) => ({ purchasedAt: p.purchasedAt, total: p.totalCents / 100, lines: p.lines }));
      if (purchases.length === 0) continue;
      const [rfm] = summarizeTransactions(
        purchases.map((p) => ({ customerId: account.accountId, date: p.purchasedAt, amount: p.total })),
        { asOf, unit: "week" },
      );
      rows.push({
        accountId: account.accountId,
        frequency: rfm!.frequency,
        recency: rfm!.recency,
        T: rfm!.T,
        monetaryValue: rfm!.monetaryValue!,
      });
      summaries.push({
        segment: account.segment,
        yearlySpend: yearlySpend(purchases, asOf),
        usualGapDays: usualOrderGapDays(purchases, asOf),
      });
      baskets.push({ accountId: account.accountId, categories: accountCategories(purchases, asOf) });
      for (const purchase of purchases) {
        const perCategory = new Map<string, number>();
        for (const line of purchase.lines)
          perCategory.set(line.category, (perCategory.get(line.category) ?? 0) + line.quantity * line.unitPrice);
        for (const [category, value] of perCategory) {
          const entry = categoryValue.get(category) ?? { sum: 0, orders: 0 };
          entry.sum += value;
          entry.orders += 1;
          categoryValue.set(category, entry);
        }
      }
      const times = purchases.map((p) => p.purchasedAt.getTime());
      if (times.some((t) => t >= asOf.getTime() - 730 * DAY && t < asOf.getTime() - 365 * DAY)) {
        activeAtStart += 1;
        if (!times.some((t) => t >= asOf.getTime() - 365 * DAY)) churned += 1;
      }
    }
  }
  const segmentStats = buildSegmentStats(summaries, DEFAULT_FLAG_THRESHOLDS.upsellPeerPercentile);
  const portfolio: PortfolioContext = {
    yearlyChurnRate: activeAtStart > 0 && churned > 0 ? yearlyChurnRate({ activeAtStart, churned, periodYears: 1 }).value : null,
    segments: segmentStats.segments,
    allAccounts: segmentStats.allAccounts,
    categoryRules: mineCategoryAssociations(baskets),
    categoryAverageOrderValue: Object.fromEntries([...categoryValue].map(([category, { sum, orders }]) => [category, sum / orders])),
  };
  return { rows: rows.sort((a, b) => a.accountId.localeCompare(b.accountId)), portfolio };
}

async function expectRefitMatchesEveryPurchase(asOf: Date) {
  const expected = await fromEveryPurchase(asOf);
  const accounts = await loadRefitAccounts(runnerQuery(db), asOf);
  const rates = spendRatesOf(await loadFxTable(runnerQuery(db)), asOf);
  const aggregates = await loadPortfolioAggregates(runnerQuery(db), asOf, DEFAULT_FLAG_THRESHOLDS.upsellPeerPercentile, rates);
  const columns = rfmColumnsOf(accounts, asOf);
  const actual = accounts.map((account, i) => ({
    accountId: account.accountId,
    frequency: columns.frequency[i],
    recency: columns.recency[i],
    T: columns.T[i],
    monetaryValue: columns.monetaryValue[i],
  }));
  expect(actual.map((r) => r.accountId)).toEqual(expected.rows.map((r) => r.accountId));
  actual.forEach((row, i) => {
    const want = expected.rows[i]!;
    expect(row.frequency).toBe(want.frequency);
    expect(row.recency).toBeCloseTo(want.recency, 12);
    expect(row.T).toBeCloseTo(want.T, 12);
    expect(row.monetaryValue).toBeCloseTo(want.monetaryValue, 9);
  });
  const tally = new PortfolioTally(rates);
  for (const account of accounts) tally.addSummary(account);
  const portfolio = tally.context(aggregates);
  if (expected.portfolio.yearlyChurnRate === null) expect(portfolio.yearlyChurnRate).toBeNull();
  else expect(portfolio.yearlyChurnRate).toBeCloseTo(expected.portfolio.yearlyChurnRate, 12);
  expect(portfolio.categoryRules).toEqual(expected.portfolio.categoryRules);
  for (const [category, value] of Object.entries(expected.portfolio.categoryAverageOrderValue)) {
    expect(portfolio.categoryAverageOrderValue[category]).toBeCloseTo(value, 6);
  }
  expect(Object.keys(portfolio.categoryAverageOrderValue).sort()).toEqual(Object.keys(expected.portfolio.categoryAverageOrderValue).sort());
  expect(JSON.parse(JSON.stringify(portfolio.segments), (_, v) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v))).toEqual(
    JSON.parse(JSON.stringify(expected.portfolio.segments), (_, v) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v)),
  );
  const round6 = (value: unknown) => JSON.parse(JSON.stringify(value), (_, v) => (typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v));
  expect(round6(portfolio.allAccounts)).toEqual(round6(expected.portfolio.allAccounts));
  return { accounts, expected };
}

describe("refit from the stored account summaries", () => {
  it("a refit after purchases written around the live path brings those accounts up to date first", async () => {
    // addPurchaseHistory writes purchases with Prisma directly, as a bulk load does.
    expect(await findMetricsMismatches(runnerQuery(db))).toHaveLength(30);
    const result = await recomputeAllMetrics(db);
    expect(result.modelFitId).not.toBeNull();
    const fit = await db.prisma.modelFit.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(fit.customers).toBe(30);
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
    await expectRefitMatchesEveryPurchase(new Date());
  });

  it("sees the same customers, RFM columns and portfolio facts as a pass over every purchase", async () => {
    const { accounts, expected } = await expectRefitMatchesEveryPurchase(new Date());
    expect(accounts).toHaveLength(30);
    // The fixture spans two years, so the churn window and the same-day orders are exercised.
    expect(expected.portfolio.yearlyChurnRate).not.toBeNull();
    const sameDay = accounts.find((a) => a.accountId === fx.accounts.rep1[1]);
    const purchases = await db.prisma.purchase.findMany({ where: { accountId: fx.accounts.rep1[1] } });
    const days = new Set(purchases.map((p) => Math.floor(p.purchasedAt.getTime() / DAY)));
    expect(days.size).toBeLessThan(purchases.length);
    expect(sameDay!.purchaseDays).toBe(days.size);
  });

  it("stays exact after live writes, with no bulk pass in between", async () => {
    const accountId = fx.accounts.rep2[3]!;
    await db.prisma.$transaction(async (tx) => {
      await tx.purchase.create({
        data: {
          accountId,
          purchasedAt: new Date(Date.now() - 2 * DAY),
          total: "998.00",
          grossProfit: "358.00",
          loggedById: fx.rep2.id,
          lines: {
            create: [{ productId: fx.products.printer, quantity: 2, unitPrice: "499.00", unitCost: "320.00", lineTotal: "998.00" }],
          },
        },
      });
      await recomputeAccountMetrics(tx, accountId);
    });
    await db.prisma.$transaction(async (tx) => {
      const oldest = await tx.purchase.findFirstOrThrow({ where: { accountId: fx.accounts.rep1[4]! }, orderBy: { purchasedAt: "asc" } });
      await tx.purchase.delete({ where: { accountId_id: { accountId: oldest.accountId, id: oldest.id } } });
      await recomputeAccountMetrics(tx, fx.accounts.rep1[4]!);
    });
    await expectRefitMatchesEveryPurchase(new Date());
    // A later as-of date moves T and the windows, not the stored summaries.
    await expectRefitMatchesEveryPurchase(new Date(Date.now() + 200 * DAY));
  });

  it("stores the fit with its timings split into reading and fitting", async () => {
    const fit = await fitPortfolio(db, { asOf: new Date() });
    expect(fit).not.toBeNull();
    expect(fit!.customers).toBe(30);
    expect(fit!.readMs + fit!.fitMs).toBeLessThanOrEqual(fit!.durationMs);
    const row = await db.prisma.modelFit.findUniqueOrThrow({ where: { id: fit!.id } });
    const portfolio = row.portfolio as unknown as PortfolioContext;
    expect(Object.keys(portfolio.categoryAverageOrderValue).length).toBeGreaterThan(0);

    // Model health (issue 16): the stored diagnostics say what a plain fit of the same RFM columns does.
    const columns = rfmColumnsOf(await loadRefitAccounts(runnerQuery(db), new Date(row.asOf)), new Date(row.asOf));
    const plain = fitBgNbd({ frequency: columns.frequency, recency: columns.recency, T: columns.T }, { skipStandardErrors: true });
    const health = await currentModelHealth(runnerQuery(db));
    expect(health!.customers).toBe(30);
    expect(health!.diagnostics!.repeatCustomers).toBe(columns.frequency.filter((x) => x > 0).length);
    expect(health!.diagnostics!.converged).toBe(true);
    if (isUsableFit(plain)) {
      expect(health!.diagnostics!.penalizer).toBe(0);
      expect(health!.diagnostics!.diverged).toBeNull();
      expect(health!.bgnbd.r).toBeCloseTo(plain.params.r, 3);
    } else {
      expect(health!.diagnostics!.penalizer).toBeGreaterThan(0);
      expect(health!.diagnostics!.diverged).not.toBeNull();
    }
  });
});

describe("the refit's streamed read", () => {
  it("gives the same customers, fit and portfolio context whatever the chunk size", async () => {
    const asOf = new Date();
    const query = runnerQuery(db);
    const whole = await loadRefitAccounts(query, asOf, 1_000);
    const buying = await db.prisma.accountMetrics.count({ where: { purchaseDays: { gt: 0 }, firstPurchaseAt: { lte: asOf } } });
    expect(whole).toHaveLength(buying);
    expect(whole.map((a) => a.accountId)).toEqual([...whole.map((a) => a.accountId)].sort());
    // 7 leaves a short last chunk; 10 divides the 30 customers, so the last read comes back empty.
    for (const chunk of [7, 10]) expect(await loadRefitAccounts(query, asOf, chunk)).toEqual(whole);

    // Each account's currency, whether the book's most common one or another.
    const [usd, gbp] = [whole[3]!, whole[17]!];
    const setCurrency = (account: (typeof whole)[number], currency: string) =>
      db.prisma.$executeRaw`UPDATE accounts SET currency = ${currency} WHERE id = ${account.accountId}::uuid`;
    await setCurrency(usd, "USD");
    await setCurrency(gbp, "GBP");
    try {
      const stored = new Map((await db.prisma.account.findMany({ select: { id: true, currency: true } })).map((a) => [a.id, a.currency]));
      const read = await loadRefitAccounts(query, asOf, 7);
      expect(read.map((a) => a.currency)).toEqual(read.map((a) => stored.get(a.accountId)));
      expect(read.filter((a) => a.currency === "USD" || a.currency === "GBP").map((a) => a.accountId)).toEqual(
        [usd.accountId, gbp.accountId].sort(),
      );
    } finally {
      await setCurrency(usd, usd.currency);
      await setCurrency(gbp, gbp.currency);
    }

    // Two refits from the same start (the newest fit), one read in chunks of 7: bit for bit the same.
    const stored = async (readChunk: number) => {
      const fit = await fitPortfolio(db, { asOf, readChunk });
      const row = await db.prisma.modelFit.findUniqueOrThrow({ where: { id: fit!.id } });
      await db.prisma.modelFit.delete({ where: { id: fit!.id } });
      return { customers: row.customers, bgnbd: row.bgnbd, gammaGamma: row.gammaGamma, portfolio: row.portfolio, ll: row.logLikelihood };
    };
    const inChunks = await stored(7);
    expect(inChunks.customers).toBe(buying);
    expect(await stored(1_000)).toEqual(inChunks);
  });
});

describe("the refit's start", () => {
  it("starts at the newest fit's parameters and lands where the fit before did on the same data", async () => {
    const asOf = new Date();
    await db.runner.query(`DELETE FROM model_fits`);
    const first = await fitPortfolio(db, { asOf });
    const stored = await db.prisma.modelFit.findUniqueOrThrow({ where: { id: first!.id } });
    const previous = await previousFit(runnerQuery(db));
    expect(previous?.bgnbd).toEqual(stored.bgnbd);
    expect(previous?.gammaGamma).toEqual(stored.gammaGamma);
    const second = await fitPortfolio(db, { asOf });
    const again = await db.prisma.modelFit.findUniqueOrThrow({ where: { id: second!.id } });
    const [before, after] = [stored.bgnbd as Record<string, number>, again.bgnbd as Record<string, number>];
    // The same optimum to the optimiser's tolerance (a relative 1e-4 here), from another start.
    for (const key of ["r", "alpha", "a", "b"]) expect(Math.abs(after[key]! / before[key]! - 1)).toBeLessThan(1e-4);
    const [ggBefore, ggAfter] = [stored.gammaGamma as Record<string, number>, again.gammaGamma as Record<string, number>];
    for (const key of ["p", "q", "v"]) expect(Math.abs(ggAfter[key]! / ggBefore[key]! - 1)).toBeLessThan(1e-4);
    const [cold, warm] = [stored.diagnostics as unknown as FitDiagnostics, again.diagnostics as unknown as FitDiagnostics];
    expect([cold.warmStart, warm.warmStart]).toEqual([false, true]);
    // (How many evaluations a start saves is the bench's to measure: on these 30 customers the
    // likelihood is nearly flat and either start may take more.)
    expect(warm.evaluations!.bgnbd).toBeGreaterThan(0);
  });

  it("ignores a newest fit it cannot start from (another time unit, a parameter that is not positive)", async () => {
    const stored = await db.runner.query(`SELECT * FROM model_fits ORDER BY created_at DESC LIMIT 1`);
    // A copy of it, an hour newer.
    const copy = () =>
      db.runner.query(
        `INSERT INTO model_fits (id, as_of, unit, customers, bgnbd, gamma_gamma, log_likelihood, duration_ms, portfolio, diagnostics, created_at)
         SELECT gen_random_uuid(), as_of, unit, customers, bgnbd, gamma_gamma, log_likelihood, duration_ms, portfolio, diagnostics, now() + interval '1 hour'
           FROM model_fits WHERE id = $1::uuid`,
        [stored[0]!.id],
      );
    await copy();
    await db.runner.query(`UPDATE model_fits SET unit = 'day' WHERE created_at > now()`);
    expect(await previousFit(runnerQuery(db))).toBeNull();
    await db.runner.query(`UPDATE model_fits SET unit = 'week', bgnbd = jsonb_set(bgnbd, '{a}', '0') WHERE created_at > now()`);
    expect(await previousFit(runnerQuery(db))).toBeNull();
    // And the refit then starts cold and still stores a usable fit.
    const fit = await fitPortfolio(db, { asOf: new Date() });
    expect(fit).not.toBeNull();
    await db.runner.query(`DELETE FROM model_fits WHERE created_at > now()`);
  });
});

describe("migration 20261123151810_account_metrics_refit_summaries", () => {
  it("backfills the summaries the live path stores", async () => {
    const columns = `account_id::text AS id, purchase_days, repeat_revenue::text AS repeat_revenue, usual_gap_days, category_spend`;
    const stored = await db.runner.query(`SELECT ${columns} FROM account_metrics ORDER BY account_id`);
    expect(stored.some((row) => Number(row.purchase_days) > 2 && row.usual_gap_days !== null)).toBe(true);
    const file = fs.readFileSync(
      path.join("prisma", "migrations", "20261123151810_account_metrics_refit_summaries", "migration.sql"),
      "utf8",
    );
    const backfill = file.slice(file.indexOf("-- Backfill"));
    await db.runner.exec(`UPDATE account_metrics SET purchase_days = 0, repeat_revenue = 0, usual_gap_days = NULL, category_spend = '{}'`);
    await db.runner.exec(backfill);
    const backfilled = await db.runner.query(`SELECT ${columns} FROM account_metrics ORDER BY account_id`);
    const parse = (rows: typeof stored) =>
      rows.map((row) => ({
        ...row,
        category_spend: typeof row.category_spend === "string" ? JSON.parse(row.category_spend) : row.category_spend,
      }));
    expect(parse(backfilled)).toEqual(parse(stored));
  });
});
