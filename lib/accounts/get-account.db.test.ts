// The account page's LTV sentences use inputs the process keeps between requests (the model
// fit, the cost version, the exchange rates: lib/metrics/context.ts). A refit, a new cost
// version and a new rate must show on the very next read, with nothing else happening in between.
import { describe, expect, it } from "vitest";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { Database } from "@/lib/db/client";
import { createForeignAccount, type SalesFixture } from "@/lib/testing/fixtures";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { importRates } from "@/lib/fx-rates/rates";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { createPurchaseInput } from "@/lib/purchases/schema";
import { runnerQuery } from "@/lib/db/sql";
import { getAccount, readAccount } from "./get-account";
import { randomUUID } from "node:crypto";
import { NotFound } from "@/lib/errors";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((opened) => ({ db, fx } = opened), { accountsPerRep: 1 });

const DAY = 86_400_000;

/** A fit as a refit writes it (lib/metrics/refit.ts), with only the portfolio's churn rate that matters here. */
async function insertFit(yearlyChurnRate: number): Promise<void> {
  await db.runner.query(
    `INSERT INTO model_fits (id, as_of, unit, customers, bgnbd, gamma_gamma, log_likelihood, duration_ms, portfolio)
     VALUES (gen_random_uuid(), now(), 'week', 10, '{"r":1,"alpha":1,"a":1,"b":1}'::jsonb, NULL, 0, 1, $1::jsonb)`,
    [JSON.stringify({ yearlyChurnRate })],
  );
}

/** A cost version (a default row and its overrides, one effective_from), applied as the job applies it. */
async function insertCostVersion(effectiveFrom: Date, rows: Array<{ segment: string | null; acquisitionCost: string; retention: string }>) {
  for (const row of rows) {
    await db.prisma.costSettings.create({
      data: {
        segment: row.segment,
        effectiveFrom,
        acquisitionCost: row.acquisitionCost,
        retentionCostPerYear: row.retention,
        grossMargin: "0.3800",
        discountRateYearly: "0.1000",
        horizonMonths: 36,
        lifespanCapYears: "10.00",
        defaultLifespanYears: "3.00",
        createdById: fx.admin.id,
        appliedAt: new Date(),
      },
    });
  }
}

describe("the account page's inputs are never stale", () => {
  it("a refit shows on the next read", async () => {
    const id = fx.accounts.rep1[0]!;
    // The fixture has no fit: no churn observed, the default lifespan of 3 years.
    expect((await getAccount(fx.manager, id)).explanations?.lifespan).toBe("no churn observed: default 3 yrs");
    await insertFit(0.25);
    // 1 / 0.25 = 4 years (under the 10-year cap).
    expect((await getAccount(fx.manager, id)).explanations?.lifespan).toBe("1 / 25% churn per yr = 4 yrs");
    await insertFit(0.5);
    expect((await getAccount(fx.manager, id)).explanations?.lifespan).toBe("1 / 50% churn per yr = 2 yrs");
  });

  it("a new cost version, and a segment override saved with a later one, show on the next read; a future one does not", async () => {
    const id = fx.accounts.rep1[0]!; // segment Mid-market, EUR
    const historical = async () => (await getAccount(fx.manager, id)).explanations!.historical;
    // The fixture's version: €900 to acquire, €150 a year to retain.
    expect(await historical()).toContain(" − €900 − €150 × ");
    await insertCostVersion(new Date(Date.now() - 60_000), [{ segment: null, acquisitionCost: "1000.00", retention: "240.00" }]);
    expect(await historical()).toContain(" − €1,000 − €240 × ");
    await insertCostVersion(new Date(Date.now() - 30_000), [
      { segment: null, acquisitionCost: "1000.00", retention: "240.00" },
      { segment: "Mid-market", acquisitionCost: "2000.00", retention: "300.00" },
    ]);
    expect(await historical()).toContain(" − €2,000 − €300 × ");
    // Saved to take effect in an hour: not in force yet.
    await insertCostVersion(new Date(Date.now() + 3_600_000), [{ segment: null, acquisitionCost: "5.00", retention: "5.00" }]);
    expect(await historical()).toContain(" − €2,000 − €300 × ");
  });

  it("a new exchange rate shows on the next read", async () => {
    const accountId = await createForeignAccount(db.prisma, fx.rep1.id);
    const historical = async () => (await getAccount(fx.manager, accountId)).explanations!.historical;
    // No GBP rate yet: the EUR cost inputs cannot be converted and are left out, never taken 1:1.
    expect(await historical()).toContain("€1,000 left out: no GBP rate");
    // 0.84 GBP per EUR two days ago (within the 7-day gap): €1,000 × 0.84 = £840, €240 × 0.84 = £201.60,
    // shown in whole pounds from 100 up (lib/ltv/formula.ts): £202.
    const recent = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
    await importRates(fx.admin, { fileName: "eurofxref.csv", content: `Date,GBP,\n${recent},0.84,\n` });
    const after = await historical();
    expect(after).toContain(" − £840 (€1,000 × 0.84) − £202 (€240 × 0.84) × ");
    expect(after).not.toContain("left out");
    await whenJobsIdle();
  });
});

describe("the account page's raw read", () => {
  // Prisma's values, compared as text: decimals by their digits, dates by their instant.
  const comparable = (value: unknown): unknown => {
    if (value instanceof Date) return `date ${value.toISOString()}`;
    if (value !== null && typeof value === "object" && "toFixed" in value) return `decimal ${String(value)}`;
    if (Array.isArray(value)) return value.map(comparable);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, comparable(inner)]));
    }
    return value;
  };

  it("gives what Prisma's findUnique with owner and metrics gives, field by field", async () => {
    // Orders on an EUR account and on the GBP one (converted at the imported rate): every metrics column set.
    const gbp = (await db.prisma.account.findFirstOrThrow({ where: { currency: "GBP" } })).id;
    const day = new Date(Date.now() - DAY).toISOString().slice(0, 10);
    for (const [index, accountId] of [fx.accounts.rep1[0]!, gbp].entries()) {
      await createPurchase(
        fx.rep1,
        createPurchaseInput.parse({
          accountId,
          purchasedAt: day,
          lines: [{ productId: fx.products.paper, quantity: 3, unitPrice: 25.5 }],
          idempotencyKey: `raw-read-${index}`,
        }),
      );
    }
    await whenJobsIdle();
    // 3 × £25.50 = £76.50 at the day before's rate (the one of two days ago, 0.84 per EUR): €91.07.
    const converted = await db.prisma.accountMetrics.findUniqueOrThrow({ where: { accountId: gbp } });
    expect(converted.reportingRevenue?.toFixed(2)).toBe("91.07");
    const ids = (await db.prisma.account.findMany({ select: { id: true } })).map((row) => row.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) {
      const expected = await db.prisma.account.findUniqueOrThrow({
        where: { id },
        include: { owner: { select: { name: true } }, metrics: true },
      });
      expect(comparable(await readAccount(runnerQuery(db), id))).toEqual(comparable(expected));
    }
  });
});

describe("the account page's one read", () => {
  it("answers NotFound for another rep's account and for an id that is no account; the owner and a manager read it", async () => {
    const mine = fx.accounts.rep1[0]!;
    await expect(getAccount(fx.rep2, mine)).rejects.toBeInstanceOf(NotFound);
    await expect(getAccount(fx.rep1, randomUUID())).rejects.toBeInstanceOf(NotFound);
    expect((await getAccount(fx.rep1, mine)).id).toBe(mine);
    expect((await getAccount(fx.manager, mine)).ownerId).toBe(fx.rep1.id);
  });

  it("a connection that prepared the read before the daily pass swapped its table reads the new rows after", async () => {
    const ids = (await db.prisma.account.findMany({ select: { id: true } })).map((row) => row.id);
    const query = runnerQuery(db);
    // Several reads at once, so the pool's connections each prepare the statement.
    const readAll = () => Promise.all(ids.flatMap((id) => [readAccount(query, id), readAccount(query, id)]));
    for (const account of await readAll()) expect(account?.metrics).not.toBeNull();
    const asOf = new Date(Date.now() + 3 * DAY);
    await recomputeAllMetrics(db, { asOf, refit: false });
    for (const account of await readAll()) expect(account?.metrics?.computedAt.toISOString()).toBe(asOf.toISOString());
  });
});
