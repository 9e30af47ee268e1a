// Issue 18 (decision 0016): the history charts read monthly rollups kept by every writer of
// orders. After each kind of write (an order logged, edited, deleted; an import; a reassignment;
// a rate entered and a past rate corrected) their answers must equal an aggregate computed here,
// independently, from the purchases table itself, and the portfolio log must equal the sum of
// the account rows.
import { describe, expect, it, beforeAll } from "vitest";
import { DAY_MS, dayNumber, isoDay } from "@/lib/days";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { addPurchaseHistory, createForeignAccount, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { deletePurchase, updatePurchase } from "@/lib/purchases/change-purchase";
import { createPurchaseInput, updatePurchaseInput } from "@/lib/purchases/schema";
import { reassignAccounts } from "@/lib/accounts/reassign-accounts";
import { putRates } from "@/lib/fx-rates/rates";
import { putRatesInput } from "@/lib/fx-rates/schema";
import { reconvertStale } from "@/lib/fx-rates/reconvert-job";
import { getImport, startImport } from "@/lib/imports/imports";
import { runImport } from "@/lib/imports/run-import";
import { centsFromDecimalString } from "@/lib/money";
import { cohortRetention, revenueByCustomerAge, NEW_CUSTOMER_DAYS } from "./charts";
import { lastMonths, monthsBetween } from "./chart-math";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened));

const today = dayNumber(new Date());
const iso = isoDay;
const d0 = iso(today - 60);
const d1 = iso(today - 30);
let gbp: string;

beforeAll(async () => {
  await addPurchaseHistory(db.prisma, fx);
  // The full recompute rebuilds the rollups from the bulk-loaded orders and folds the log.
  await recomputeAllMetrics(db, { refit: false });
});

async function settle(): Promise<void> {
  await whenJobsIdle();
  await reconvertStale(db);
}

async function order(accountId: string, purchasedAt: string, quantity: number, key: string) {
  // Logged by the account's rep. Paper at 25.00 a box: 25 × quantity in the account's currency.
  const { ownerId } = await db.prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { ownerId: true } });
  return createPurchase(
    ownerId === fx.rep1.id ? fx.rep1 : fx.rep2,
    createPurchaseInput.parse({
      accountId,
      purchasedAt,
      lines: [{ productId: fx.products.paper, quantity, unitPrice: 25 }],
      idempotencyKey: `rollup-order-${key}`,
    }),
  );
}

interface Expected {
  months: Map<string, { fresh: number; existing: number }>;
  withoutRate: Record<string, number>;
  cohorts: Map<string, { size: number; active: number[] }>;
}

/** The two charts worked out from the purchases rows alone, in integer cents (no rollup read). */
async function expectedFromPurchases(asOf: Date, count: number): Promise<Expected> {
  const rows = await db.runner.query<{ account_id: string; purchased_at: Date | string; reporting_total: string | null; currency: string }>(
    `SELECT p.account_id::text AS account_id, p.purchased_at, p.reporting_total::text AS reporting_total, trim(a.currency) AS currency
       FROM purchases p JOIN accounts a ON a.id = p.account_id`,
  );
  const purchases = rows.map((row) => ({ ...row, at: new Date(row.purchased_at) }));
  const first = new Map<string, number>();
  for (const p of purchases) first.set(p.account_id, Math.min(first.get(p.account_id) ?? Infinity, p.at.getTime()));
  const window = lastMonths(asOf, count);
  const months = new Map(window.map((m) => [m, { fresh: 0, existing: 0 }]));
  const withoutRate: Record<string, number> = {};
  const activeMonths = new Map<string, Set<string>>();
  for (const p of purchases) {
    if (p.at > asOf) continue;
    const month = p.at.toISOString().slice(0, 7);
    let set = activeMonths.get(p.account_id);
    if (!set) activeMonths.set(p.account_id, (set = new Set()));
    set.add(month);
    const bucket = months.get(month);
    if (!bucket) continue;
    if (p.reporting_total === null) withoutRate[p.currency] = (withoutRate[p.currency] ?? 0) + 1;
    else if (p.at.getTime() < first.get(p.account_id)! + NEW_CUSTOMER_DAYS * DAY_MS)
      bucket.fresh += centsFromDecimalString(p.reporting_total);
    else bucket.existing += centsFromDecimalString(p.reporting_total);
  }
  const asOfMonth = asOf.toISOString().slice(0, 7);
  const cohorts = new Map<string, { size: number; active: number[] }>();
  for (const set of activeMonths.values()) {
    const cohort = [...set].sort()[0]!;
    if (!window.slice(-24).includes(cohort)) continue;
    let entry = cohorts.get(cohort);
    if (!entry) cohorts.set(cohort, (entry = { size: 0, active: Array.from({ length: monthsBetween(cohort, asOfMonth) + 1 }, () => 0) }));
    entry.size++;
    for (const month of set) entry.active[monthsBetween(cohort, month)]!++;
  }
  return { months, withoutRate, cohorts };
}

/** Both charts equal the independent aggregate, and the portfolio log the sum of the account rows. */
async function expectChartsExact(asOf = new Date()): Promise<void> {
  const want = await expectedFromPurchases(asOf, 24);
  const revenue = await revenueByCustomerAge(fx.manager, { asOf });
  expect(revenue.months.map((m) => m.month)).toEqual([...want.months.keys()]);
  for (const month of revenue.months) {
    expect([month.month, Math.round(month.newCustomers * 100), Math.round(month.existingCustomers * 100)]).toEqual([
      month.month,
      want.months.get(month.month)!.fresh,
      want.months.get(month.month)!.existing,
    ]);
  }
  expect(revenue.ordersWithoutRate).toEqual(want.withoutRate);

  const retention = await cohortRetention(fx.manager, { asOf });
  expect(retention.cohorts.map((c) => c.cohort)).toEqual([...want.cohorts.keys()].sort());
  for (const cohort of retention.cohorts) {
    const expected = want.cohorts.get(cohort.cohort)!;
    expect([cohort.cohort, cohort.size]).toEqual([cohort.cohort, expected.size]);
    expect(cohort.retention.slice(0, expected.active.length)).toEqual(expected.active.map((n) => n / expected.size));
  }

  const [drift] = await db.runner.query<{ revenue: number; cohorts: number }>(
    `SELECT (SELECT count(*) FROM (
               SELECT month, currency, sum(orders) o, sum(revenue) r, sum(new_revenue) n, sum(orders_without_rate) w FROM portfolio_revenue_months GROUP BY 1, 2 HAVING sum(orders) <> 0
               EXCEPT
               SELECT month, currency, sum(orders), sum(revenue), sum(new_revenue), sum(orders_without_rate) FROM account_revenue_months GROUP BY 1, 2) d)::int AS revenue,
            (SELECT count(*) FROM (
               SELECT cohort, month, sum(accounts) FROM portfolio_cohort_months GROUP BY 1, 2 HAVING sum(accounts) <> 0
               EXCEPT
               SELECT cohort, month, count(*) FROM (SELECT min(month) OVER (PARTITION BY account_id) AS cohort, month FROM account_revenue_months) r GROUP BY 1, 2) d)::int AS cohorts`,
  );
  expect(drift).toEqual({ revenue: 0, cohorts: 0 });
}

describe("monthly rollups follow every writer of orders", () => {
  it("after the full recompute of bulk-loaded orders", async () => {
    expect(Number((await db.runner.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_revenue_months`))[0]!.n)).toBeGreaterThan(
      0,
    );
    await expectChartsExact();
  });

  it("an order logged, edited to an earlier day (a new first order re-sorts new vs existing) and deleted", async () => {
    const accountId = fx.accounts.rep1[0]!;
    const logged = await order(accountId, d1, 2, "edit-me");
    await expectChartsExact();
    // Long before the account's history began: it becomes the first order, so every later order's
    // "new customer" window moves (all 90-day windows now start at this day).
    await updatePurchase(
      fx.rep1,
      logged.purchase.id,
      updatePurchaseInput.parse({ purchasedAt: iso(today - 900), version: logged.purchase.version }),
    );
    await expectChartsExact();
    const second = await order(accountId, d0, 1, "delete-me");
    await deletePurchase(fx.rep1, second.purchase.id, second.purchase.version);
    await expectChartsExact();
  });

  it("orders of an account in another currency: left out and counted until a rate comes, then converted; a corrected past rate re-converts", async () => {
    gbp = await createForeignAccount(db.prisma, fx.rep1.id);
    await order(gbp, d0, 4, "gbp-a"); // £100.00
    await order(gbp, d1, 8, "gbp-b"); // £200.00
    await expectChartsExact();
    const asOf = new Date();
    const monthOf = (day: string) => day.slice(0, 7);
    const before = (await revenueByCustomerAge(fx.manager, { asOf })).months.find((m) => m.month === monthOf(d0))!;
    expect((await revenueByCustomerAge(fx.manager, { asOf })).ordersWithoutRate).toEqual({ GBP: 2 });

    await putRates(fx.admin, putRatesInput.parse({ rates: [{ currency: "GBP", on: d0, rate: "1.25" }] }));
    await settle();
    await expectChartsExact();
    // d0's order converts at 1.25 (€125.00, a new customer's order: the account's first); d1 (30 days
    // later, no rate within the 7-day gap) is still left out and counted.
    const converted = (await revenueByCustomerAge(fx.manager, { asOf })).months.find((m) => m.month === monthOf(d0))!;
    expect(Math.round(converted.newCustomers * 100) - Math.round(before.newCustomers * 100)).toBe(12_500);
    expect((await revenueByCustomerAge(fx.manager, { asOf })).ordersWithoutRate).toEqual({ GBP: 1 });

    // Corrected to 1.10: £100 × 1.10 = €110.00, €15.00 less than before, in the same month.
    await putRates(fx.admin, putRatesInput.parse({ rates: [{ currency: "GBP", on: d0, rate: "1.10" }] }));
    await settle();
    await expectChartsExact();
    const corrected = (await revenueByCustomerAge(fx.manager, { asOf })).months.find((m) => m.month === monthOf(d0))!;
    expect(Math.round(converted.newCustomers * 100) - Math.round(corrected.newCustomers * 100)).toBe(1_500);
  });

  it("the daily as-of pass refreshes the months of the accounts whose conversion it changed (and only needs those)", async () => {
    // A rate for d1 written straight into the table (no re-conversion job): the as-of pass is what converts it.
    const asOf = new Date();
    const month = (await revenueByCustomerAge(fx.manager, { asOf })).months.find((m) => m.month === d1.slice(0, 7))!;
    const { ratesVersion } = await db.prisma.fxSettings.findUniqueOrThrow({ where: { id: 1 } });
    await db.prisma.fxRate.create({
      data: { currency: "GBP", day: new Date(`${d1}T00:00:00Z`), perEur: "0.8", source: "manual", version: ratesVersion + 1 },
    });
    await db.prisma.fxSettings.update({ where: { id: 1 }, data: { ratesVersion: ratesVersion + 1 } });
    await recomputeAllMetrics(db, { refit: false, batchSize: 7, revenueMonths: "converted" });
    await expectChartsExact(asOf);
    // £200.00 at 0.8 GBP per EUR: €250.00 more in d1's month, from a customer in its first 90 days.
    const after = (await revenueByCustomerAge(fx.manager, { asOf })).months.find((m) => m.month === d1.slice(0, 7))!;
    expect(Math.round(after.newCustomers * 100) - Math.round(month.newCustomers * 100)).toBe(25_000);
    expect((await revenueByCustomerAge(fx.manager, { asOf })).ordersWithoutRate).toEqual({});
  });

  it("an import of accounts and orders", async () => {
    const run = async (entity: "ACCOUNTS" | "PURCHASES", lines: string[]) => {
      const started = await startImport(
        fx.admin,
        { entity, mode: "ALL_OR_NOTHING", fileName: `${entity.toLowerCase()}.csv`, content: lines.join("\r\n") + "\r\n" },
        { background: false },
      );
      await runImport(db, started.id, { chunkRows: 2, refit: false, foldAfterOrders: 4 });
      expect(await getImport(fx.admin, started.id)).toMatchObject({ status: "COMPLETED" });
    };
    const logRows = async () =>
      (
        await db.runner.query<{ rows: number; keys: number }>(
          `SELECT count(*)::int AS rows, count(DISTINCT (month, currency))::int AS keys FROM portfolio_revenue_months`,
        )
      )[0]!;
    await run("ACCOUNTS", [
      "external_id,name,owner_email,segment,acquired_at",
      "ROLL-1,Rollup One,rep1@fixture.test,SMB,2023-01-01",
      "ROLL-2,Rollup Two,rep2@fixture.test,SMB,2023-01-01",
    ]);
    // On a server its statistics count vacuums: a large import vacuums account_metrics at its end
    // (the dashboard's index-only walk visits the heap for every page the import touched until then).
    const vacuums = async () =>
      db.kind === "postgres"
        ? Number(
            (
              await db.runner.query<{ n: number }>(
                `SELECT vacuum_count::int AS n FROM (SELECT pg_stat_clear_snapshot()) s, pg_stat_user_tables WHERE relname = 'account_metrics'`,
              )
            )[0]!.n,
          )
        : null;
    const vacuumsBefore = await vacuums();
    await run("PURCHASES", [
      "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost",
      `ROLL-O1,ROLL-1,${d0},PAP-1,3,24.50,12.00`,
      `ROLL-O2,ROLL-1,${d1},PAP-1,1,24.50,12.00`,
      `ROLL-O3,ROLL-2,${d1},TON-S,2,59.90,`,
      `ROLL-O4,ROLL-2,${iso(today - 200)},TON-S,1,59.90,`,
    ]);
    // Four orders: at the threshold (foldAfterOrders), so the log was folded to one row per key.
    const folded = await logRows();
    expect(folded.rows).toBe(folded.keys);
    if (vacuumsBefore !== null) expect(await vacuums()).toBe(vacuumsBefore + 1);
    await expectChartsExact();
    // Fewer orders than the threshold leave their log rows for the daily fold.
    await run("PURCHASES", [
      "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost",
      `ROLL-O5,ROLL-1,${d1},PAP-1,2,24.50,12.00`,
    ]);
    expect((await logRows()).rows).toBeGreaterThan((await logRows()).keys);
    await expectChartsExact();
  });

  it("a reassignment to another rep changes no figure of the portfolio charts", async () => {
    const asOf = new Date();
    const revenue = await revenueByCustomerAge(fx.manager, { asOf });
    const retention = await cohortRetention(fx.manager, { asOf });
    await reassignAccounts(fx.manager, { accountIds: [fx.accounts.rep1[1]!, gbp], toOwnerId: fx.rep2.id });
    expect(await revenueByCustomerAge(fx.manager, { asOf })).toEqual(revenue);
    expect(await cohortRetention(fx.manager, { asOf })).toEqual(retention);
    await expectChartsExact(asOf);
  });

  it("as of an instant with orders later in the same month: those orders and their accounts are left out", async () => {
    // The 10th and 11th of last month (UTC): asOf is the 10th at noon.
    const now = new Date();
    const tenth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10));
    const day = (d: Date, hours: number) => new Date(d.getTime() + hours * 3_600_000).toISOString();
    const account = await db.prisma.account.create({
      data: {
        name: "Late Starter GmbH",
        ownerId: fx.rep2.id,
        segment: "SMB",
        acquiredAt: new Date(Date.now() - 400 * DAY_MS),
        metrics: { create: { ownerId: fx.rep2.id, segment: "SMB" } },
      },
    });
    // First order ever on the 11th: not a customer yet as of the 10th (its cohort is one smaller).
    await order(account.id, day(tenth, 24 + 9), 2, "late-first");
    // An existing customer whose only order that month is on the 11th: not active yet as of the 10th.
    await order(fx.accounts.rep2[0]!, day(tenth, 24 + 10), 3, "late-existing");
    // And one before noon on the 10th, which counts.
    await order(fx.accounts.rep2[1]!, day(tenth, 9), 1, "early");
    const asOf = new Date(day(tenth, 12));
    await expectChartsExact(asOf);
    await expectChartsExact();
  });

  it("the daily job's full recompute rebuilds the same figures and folds the log to one row per key", async () => {
    const asOf = new Date();
    const revenue = await revenueByCustomerAge(fx.manager, { asOf });
    const retention = await cohortRetention(fx.manager, { asOf });
    await recomputeAllMetrics(db, { refit: false, batchSize: 7 });
    expect(await revenueByCustomerAge(fx.manager, { asOf })).toEqual(revenue);
    expect(await cohortRetention(fx.manager, { asOf })).toEqual(retention);
    const [keys] = await db.runner.query<{ rows: number; keys: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT (month, currency))::int AS keys FROM portfolio_revenue_months`,
    );
    expect(keys!.rows).toBe(keys!.keys);
    await expectChartsExact(asOf);
  });
});
