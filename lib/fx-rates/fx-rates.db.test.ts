// Issue 20's acceptance on the database: a GBP account's orders on two days convert at each day's
// own rate; a missing rate is reported and never taken as 1:1; a corrected past rate reaches the
// rankings. Expected amounts are worked out by hand in the comments.
import { revenueByCustomerAge } from "@/lib/portfolio/charts";
import { describe, expect, it } from "vitest";
import { DAY_MS, dayNumber, isoDay } from "@/lib/days";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { createForeignAccount, type SalesFixture } from "@/lib/testing/fixtures";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { rankAccounts, iterateRanking } from "@/lib/rankings/rank-accounts";
import { rankingsExportQuery, rankingsQuery } from "@/lib/rankings/schema";
import { getAccount } from "@/lib/accounts/get-account";
import { Forbidden, Invalid, NotFound } from "@/lib/errors";
import { fxRateQuery, putRatesInput } from "./schema";
import { getFxRate, importRates, putFxSettings, putRates } from "./rates";
import { reconvertStale } from "./reconvert-job";
import { ratesOverview } from "./overview";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened));

const today = dayNumber(new Date());
const iso = isoDay;
const d0 = iso(today - 60);
const d1 = iso(today - 30);
const d2 = iso(today - 20);
const recent = iso(today - 2);
let gbp: string;

async function settle(): Promise<void> {
  await whenJobsIdle();
  await reconvertStale(db);
}

async function order(day: string, quantity: number, key: string): Promise<void> {
  // Paper at £25.00 a box (catalog cost 14.00): £25 × quantity, gross profit £11 × quantity.
  await createPurchase(
    fx.rep1,
    createPurchaseInput.parse({
      accountId: gbp,
      purchasedAt: day,
      lines: [{ productId: fx.products.paper, quantity, unitPrice: 25 }],
      idempotencyKey: `fx-order-${key}`,
    }),
  );
}

const reportingOf = async (accountId: string) => db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId } });
const purchasesOf = async (accountId: string) =>
  db.prisma.purchase.findMany({
    where: { accountId },
    orderBy: { purchasedAt: "asc" },
    select: { purchasedAt: true, total: true, reportingTotal: true },
  });

describe("money across currencies", () => {
  it("a GBP account's orders wait for rates: no figure, never 1:1", async () => {
    gbp = await createForeignAccount(db.prisma, fx.rep1.id);
    await order(d0, 4, "a"); // £100.00, gross profit £44.00
    await order(d1, 8, "b"); // £200.00, gross profit £88.00
    const metrics = await reportingOf(gbp);
    expect(metrics.revenue.toFixed(2)).toBe("300.00");
    expect(metrics.reportingRevenue).toBeNull();
    expect(metrics.reportingGap).toMatchObject({ currency: "GBP", orders: 2, asOf: true });
    expect((await purchasesOf(gbp)).map((p) => p.reportingTotal)).toEqual([null, null]);
    await expect(getFxRate(fx.manager, fxRateQuery.parse({ currency: "GBP", on: d0 }))).rejects.toBeInstanceOf(NotFound);
  });

  it("converts each order at its own day's rate (ECB file, per 1 EUR)", async () => {
    // GBP per EUR: 0.85 on d0, 0.80 on d1, 0.84 two days ago (the as-of rate).
    const csv = `Date,GBP,USD,\n${recent},0.84,1.10,\n${d1},0.8000,1.08,\n${d0},0.8500,N/A,\n`;
    const result = await importRates(fx.admin, { fileName: "eurofxref.csv", content: csv });
    expect(result).toMatchObject({ rates: 5, inserted: 5, corrected: 0, currencies: ["GBP", "USD"] });
    await settle();
    // £100 / 0.85 = €117.647… → €117.65; £200 / 0.80 = €250.00
    expect((await purchasesOf(gbp)).map((p) => p.reportingTotal?.toFixed(2))).toEqual(["117.65", "250.00"]);
    const metrics = await reportingOf(gbp);
    expect(metrics.reportingCurrency).toBe("EUR");
    expect(metrics.reportingRevenue?.toFixed(2)).toBe("367.65");
    expect(metrics.reportingGap).toBeNull();
    // Historical LTV in EUR: gross profit £44 / 0.85 = €51.76 and £88 / 0.80 = €110.00, the cost inputs as they are (€900 CAC,
    // €150 a year); in GBP the same orders and the cost inputs at the as-of rate 0.84: £756 CAC, £126 a year.
    const days = Math.floor(metrics.computedAt.getTime() / DAY_MS) - (today - 400);
    const years = days / 365.25;
    expect(metrics.reportingHistoricalLtv!.toNumber()).toBeCloseTo(51.76 + 110 - 900 - 150 * years, 2);
    expect(metrics.historicalLtv.toNumber()).toBeCloseTo(132 - 756 - 126 * years, 2);
    // GET answers the derived rate: 1 / 0.85 = 1.1764705882 EUR per GBP.
    expect(await getFxRate(fx.rep2, fxRateQuery.parse({ currency: "GBP", on: d0 }))).toEqual({
      currency: "GBP",
      on: d0,
      rate: "1.1764705882",
      reportingCurrency: "EUR",
      source: "import",
      rateDay: d0,
    });
    // The account page keeps its own currency and adds the EUR figures.
    const detail = await getAccount(fx.rep1, gbp);
    expect(detail.metrics?.revenue).toBe(300);
    expect(detail.metrics?.reporting).toMatchObject({ currency: "EUR", revenue: 367.65 });
    expect(detail.explanations?.historical).toContain("€900");
    expect(detail.explanations?.historical).toContain("£756");
  });

  it("an order on a day past the gap leaves the account out, says so, and is never converted 1:1", async () => {
    await order(d2, 2, "c"); // £50.00 twenty days ago: the last rate before it is d1's, 10 days earlier (gap 7)
    const purchases = await purchasesOf(gbp);
    expect(purchases.map((p) => p.reportingTotal?.toFixed(2) ?? null)).toEqual(["117.65", "250.00", null]);
    const metrics = await reportingOf(gbp);
    expect(metrics.reportingRevenue).toBeNull();
    expect(metrics.reportingGap).toEqual({ currency: "GBP", orders: 1, firstDay: d2, lastDay: d2, asOf: false });
    const page = await rankAccounts(fx.manager, rankingsQuery.parse({ measure: "historical", limit: 200 }));
    expect(page.items.map((item) => item.accountId)).not.toContain(gbp);
    expect(page.missing).toEqual({ accounts: 1, currencies: [{ currency: "GBP", accounts: 1, orders: 1 }] });
    await expect(getFxRate(fx.manager, fxRateQuery.parse({ currency: "GBP", on: d2 }))).rejects.toBeInstanceOf(NotFound);
    const overview = await ratesOverview(fx.admin);
    const row = overview.currencies.find((c) => c.currency === "GBP")!;
    expect(row).toMatchObject({ accounts: 1, accountsWithoutFigures: 1, ordersWithoutRate: 1 });
    expect(row.gaps.some(([from, to]) => from <= d2 && d2 <= to)).toBe(true);

    // The dashboard's monthly revenue adds each order in EUR at its day's rate and counts the £50 order
    // it leaves out, instead of adding £ and € as one (reference: a plain sum of the converted column).
    const split = await revenueByCustomerAge(fx.manager, { months: 24 });
    expect(split.reportingCurrency).toBe("EUR");
    expect(split.ordersWithoutRate).toEqual({ GBP: 1 });
    const now = new Date();
    const windowStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23, 1)).toISOString();
    const [reference] = await db.runner.query<{ cents: string }>(
      `SELECT coalesce(round(sum(reporting_total) * 100), 0)::text AS cents FROM purchases WHERE purchased_at >= $1::timestamptz`,
      [windowStart],
    );
    const splitCents = split.months.reduce((sum, m) => sum + Math.round((m.newCustomers + m.existingCustomers) * 100), 0);
    expect(splitCents).toBe(Number(reference?.cents));
  });

  it("a rate entered by hand fills the gap; the account is ranked again", async () => {
    // EUR reporting: the rate is EUR per 1 GBP. 1.25 → stored 0.8 per EUR; £50 × 1.25 = €62.50.
    await putRates(fx.admin, putRatesInput.parse({ rates: [{ currency: "GBP", on: d2, rate: "1.25" }] }));
    await settle();
    expect((await reportingOf(gbp)).reportingRevenue?.toFixed(2)).toBe("430.15"); // 117.65 + 250.00 + 62.50
    const page = await rankAccounts(fx.manager, rankingsQuery.parse({ measure: "historical", limit: 200 }));
    expect(page.items.map((item) => item.accountId)).toContain(gbp);
    expect(page.missing).toEqual({ accounts: 0, currencies: [] });
  });

  it("a corrected past rate re-converts the orders of that day and updates the rankings; the audit log has before and after", async () => {
    const before = (await rankAccounts(fx.manager, rankingsQuery.parse({ measure: "historical", limit: 200 }))).items.find(
      (item) => item.accountId === gbp,
    )!;
    // d1 corrected from 0.80 to 0.50 GBP per EUR (2 EUR per GBP): £200 → €400.00, gross profit £88 → €176.00.
    await putRates(fx.admin, putRatesInput.parse({ rates: [{ currency: "GBP", on: d1, rate: 2 }] }));
    await settle();
    expect((await purchasesOf(gbp)).map((p) => p.reportingTotal?.toFixed(2))).toEqual(["117.65", "400.00", "62.50"]);
    const after = (await rankAccounts(fx.manager, rankingsQuery.parse({ measure: "historical", limit: 200 }))).items.find(
      (item) => item.accountId === gbp,
    )!;
    expect(after.revenue).toBe(580.15); // 117.65 + 400.00 + 62.50
    // Historical LTV rises by the re-converted gross profit: €176.00 − €110.00 = €66.00.
    expect(after.value - before.value).toBeCloseTo(66, 2);
    expect(after.account).toMatchObject({ currency: "GBP", revenue: 350 });
    const exported: number[] = [];
    for await (const item of iterateRanking(fx.manager, rankingsExportQuery.parse({ measure: "historical" })))
      if (item.accountId === gbp) exported.push(item.revenue!);
    expect(exported).toEqual([580.15]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "fx_rate.set", entityId: `GBP:${d1}` } });
    expect(audit.before).toMatchObject({ perEur: "0.8", source: "import" });
    expect(audit.after).toMatchObject({ perEur: "0.5", source: "manual" });
  });

  it("derives rates for another reporting currency and re-converts everything when it changes", async () => {
    await putFxSettings(fx.admin, { reportingCurrency: "USD", maxGapDays: 7 });
    // GBP in USD on d1 = 1.08 / 0.50 = 2.16
    expect((await getFxRate(fx.manager, fxRateQuery.parse({ currency: "GBP", on: d1 }))).rate).toBe("2.16");
    await settle();
    // d0 has no USD quote: GBP orders of d0 cannot be converted into USD.
    const metrics = await reportingOf(gbp);
    expect(metrics.reportingCurrency).toBe("USD");
    expect(metrics.reportingRevenue).toBeNull();
    expect(metrics.reportingGap).toMatchObject({ currency: "USD", orders: 2 });
    await putFxSettings(fx.admin, { reportingCurrency: "EUR", maxGapDays: 7 });
    await settle();
    expect((await reportingOf(gbp)).reportingRevenue?.toFixed(2)).toBe("580.15");
  });

  it("refuses bad rates naming the field, and non-admins", async () => {
    await expect(putRates(fx.manager, putRatesInput.parse({ rates: [{ currency: "GBP", on: d1, rate: 1 }] }))).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect(putRatesInput.safeParse({ rates: [{ currency: "XXQ", on: d1, rate: -1 }] }).error?.issues.map((i) => i.path.join("."))).toEqual([
      "rates.0.currency",
      "rates.0.rate",
    ]);
    const error = await putRates(fx.admin, putRatesInput.parse({ rates: [{ currency: "EUR", on: d1, rate: 1 }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).issues).toEqual([{ field: "rates.0.currency", reason: "EUR is the reporting currency (its rate is 1)" }]);
    const file = await importRates(fx.admin, { fileName: "bad.csv", content: "Date,GBP\n2026-13-01,0.8\n" }).catch((e: unknown) => e);
    expect((file as Invalid).issues).toEqual([{ field: "file", reason: 'line 2, Date: "2026-13-01" is not a date (YYYY-MM-DD)' }]);
  });
});
