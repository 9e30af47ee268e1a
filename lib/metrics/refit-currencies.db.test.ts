// The refit pools money across accounts, so it pools it in one currency (issue 20, decision 0015):
// Gamma-Gamma's spend, peer spend and category order values are every account's amounts taken
// into the reporting currency at the as-of day's rate, and each account's prediction takes them
// back into its own currency. On the demo data (EUR, GBP, USD and CHF accounts, a year of rates):
// - the stored Gamma-Gamma fit is the fit of the hand-converted spend (not of the raw amounts);
// - with GBP as the reporting currency the fit and the pooled money scale by the GBP rate
//   (Gamma-Gamma is scale-equivariant: amounts × c fit v × c with the same p and q);
// - an account's own predicted CLV does not depend on which currency the pool was kept in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabase, type Database } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { openTestDatabase } from "@/lib/db/testing";
import { closeTestDatabase, startTestJobQueue } from "@/lib/testing/fixture-database";
import { seedDatabase } from "@/lib/seed/load";
import { fitGammaGamma, type GammaGammaParams } from "@/lib/ltv/gamma-gamma";
import type { Actor } from "@/lib/auth/permissions";
import { putFxSettings } from "@/lib/fx-rates/rates";
import { recomputeAllMetrics, metricsRowOf } from "./recompute";
import { fitPortfolio } from "./refit";
import { loadMetricsContext } from "./context";
import { loadMetricsAccounts } from "./store";
import type { PortfolioContext } from "./compute";

const DAY = 86_400_000;
let db: Database;
let admin: Actor;
const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const asOf = new Date(today.getTime() + 12 * 3_600_000);

interface StoredFit {
  gamma: GammaGammaParams & { currency?: string };
  portfolio: PortfolioContext;
}
async function latestFit(): Promise<StoredFit> {
  const [row] = await runnerQuery(db)(`SELECT gamma_gamma, portfolio FROM model_fits ORDER BY created_at DESC LIMIT 1`, []);
  const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
  return { gamma: json(row!.gamma_gamma), portfolio: json(row!.portfolio) };
}

/** Units of each currency per 1 EUR on the as-of day, by the gap rule (latest quote ≤ 7 days back), read straight from fx_rates. */
async function perEurAsOf(): Promise<Map<string, number>> {
  const rows = await runnerQuery(db)(
    `SELECT DISTINCT ON (currency) trim(currency) AS currency, per_eur::float8 AS per_eur
       FROM fx_rates WHERE day <= $1::date AND day > $1::date - 8
      ORDER BY currency, day DESC`,
    [asOf.toISOString().slice(0, 10)],
  );
  return new Map([["EUR", 1], ...rows.map((row) => [String(row.currency), Number(row.per_eur)] as [string, number])]);
}

/** Gamma-Gamma's inputs from the purchases themselves: distinct UTC purchase days and the spend on the days after the first. */
async function spendFromPurchases(): Promise<Array<{ accountId: string; currency: string; frequency: number; mean: number }>> {
  const rows = await runnerQuery(db)(
    `WITH days AS (
       SELECT p.account_id, (p.purchased_at AT TIME ZONE 'UTC')::date AS day, sum(p.total) AS total
         FROM purchases p WHERE p.purchased_at <= $1::timestamptz GROUP BY 1, 2
     ), firsts AS (SELECT account_id, min(day) AS first FROM days GROUP BY 1)
     SELECT d.account_id::text AS account_id, trim(a.currency) AS currency, count(*)::int - 1 AS frequency,
            coalesce(sum(d.total) FILTER (WHERE d.day > f.first), 0)::float8 AS repeat
       FROM days d JOIN firsts f USING (account_id) JOIN accounts a ON a.id = d.account_id
      GROUP BY 1, 2`,
    [asOf.toISOString()],
  );
  return rows
    .map((row) => ({
      accountId: String(row.account_id),
      currency: String(row.currency),
      frequency: Number(row.frequency),
      mean: Number(row.frequency) > 0 ? Number(row.repeat) / Number(row.frequency) : 0,
    }))
    .sort((x, y) => (x.accountId < y.accountId ? -1 : x.accountId > y.accountId ? 1 : 0));
}

function fitOf(rows: Array<{ frequency: number; mean: number }>, factor: (row: number) => number): GammaGammaParams {
  return fitGammaGamma(
    { frequency: Float64Array.from(rows, (r) => r.frequency), monetaryValue: Float64Array.from(rows, (r, i) => r.mean * factor(i)) },
    { skipStandardErrors: true },
  ).params;
}

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

let eurFit: StoredFit;
let perEur: Map<string, number>;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await seedDatabase(db, { accounts: 400, seed: 11, asOf: today, passwordHash: "not-used" });
  await recomputeAllMetrics(db, { asOf, batchSize: 100 });
  eurFit = await latestFit();
  perEur = await perEurAsOf();
  const user = await db.prisma.user.findFirstOrThrow({ where: { email: "admin@demo.test" } });
  admin = { id: user.id, role: user.role, email: user.email, name: user.name };
  // A change of the reporting currency asks the queue for a re-conversion.
  await startTestJobQueue(db);
}, 300_000);

afterAll(() => closeTestDatabase(db));

describe("the refit pools every account's money in the reporting currency", () => {
  it("fits Gamma-Gamma on each account's spend converted at the as-of rate, and says the fit is in EUR", async () => {
    const rows = await spendFromPurchases();
    const currencies = new Set(rows.filter((r) => r.frequency > 0).map((r) => r.currency));
    // The demo has repeat customers in all four currencies, each with a rate on the as-of day.
    expect([...currencies].sort()).toEqual(["CHF", "EUR", "GBP", "USD"]);
    for (const currency of currencies) expect(perEur.get(currency), currency).toBeGreaterThan(0);
    // EUR per 1 unit of the account's currency = 1 / (its units per 1 EUR).
    const converted = fitOf(rows, (i) => 1 / perEur.get(rows[i]!.currency)!);
    const raw = fitOf(rows, () => 1);

    expect(eurFit.gamma.currency).toBe("EUR");
    expect(relative(eurFit.gamma.p, converted.p)).toBeLessThan(1e-6);
    expect(relative(eurFit.gamma.q, converted.q)).toBeLessThan(1e-6);
    expect(relative(eurFit.gamma.v, converted.v)).toBeLessThan(1e-6);
    // The raw amounts (pounds added to euros) give another fit: the test tells them apart.
    expect(relative(eurFit.gamma.v, raw.v)).toBeGreaterThan(1e-4);
    expect(eurFit.portfolio.currency).toBe("EUR");
  });

  it("with GBP as the reporting currency, scales v, peer spend and category order values by the GBP rate", async () => {
    await putFxSettings(admin, { reportingCurrency: "GBP", maxGapDays: 7 });
    try {
      await fitPortfolio(db, { asOf });
      const gbpFit = await latestFit();
      const gbpPerEur = perEur.get("GBP")!;
      expect(gbpFit.gamma.currency).toBe("GBP");
      expect(relative(gbpFit.gamma.p, eurFit.gamma.p)).toBeLessThan(1e-5);
      expect(relative(gbpFit.gamma.q, eurFit.gamma.q)).toBeLessThan(1e-5);
      expect(relative(gbpFit.gamma.v, eurFit.gamma.v * gbpPerEur)).toBeLessThan(1e-5);

      expect(gbpFit.portfolio.currency).toBe("GBP");
      const eurPeer = eurFit.portfolio.allAccounts!.peerSpend!;
      expect(relative(gbpFit.portfolio.allAccounts!.peerSpend!, eurPeer * gbpPerEur)).toBeLessThan(1e-9);
      for (const [segment, stats] of Object.entries(eurFit.portfolio.segments)) {
        if (stats.peerSpend === null) continue;
        expect(relative(gbpFit.portfolio.segments[segment]!.peerSpend!, stats.peerSpend * gbpPerEur), segment).toBeLessThan(1e-9);
      }
      const categories = Object.entries(eurFit.portfolio.categoryAverageOrderValue);
      expect(categories.length).toBeGreaterThan(0);
      for (const [category, value] of categories) {
        expect(relative(gbpFit.portfolio.categoryAverageOrderValue[category]!, value * gbpPerEur), category).toBeLessThan(1e-9);
      }
    } finally {
      await putFxSettings(admin, { reportingCurrency: "EUR", maxGapDays: 7 });
    }
  });

  it("gives a GBP account the same predicted CLV in pounds whichever currency the pool is kept in", async () => {
    const [row] = await runnerQuery(db)(
      `SELECT a.id::text AS id FROM accounts a JOIN account_metrics m ON m.account_id = a.id
        WHERE a.currency = 'GBP' AND m.purchase_days > 2 ORDER BY m.predicted_clv DESC LIMIT 1`,
      [],
    );
    const id = String(row!.id);
    const predicted = async () => {
      const accounts = await loadMetricsAccounts(runnerQuery(db), [id]);
      return metricsRowOf(accounts.get(id)!, await loadMetricsContext(runnerQuery(db), asOf), asOf).metrics.predictedClv;
    };
    await fitPortfolio(db, { asOf });
    const withEurPool = await predicted();
    expect(withEurPool).toBeGreaterThan(0);
    await putFxSettings(admin, { reportingCurrency: "GBP", maxGapDays: 7 });
    try {
      await fitPortfolio(db, { asOf });
      expect((await latestFit()).gamma.currency).toBe("GBP");
      // The model's v is the same money in another unit; the prediction moves by float noise only.
      expect(relative(await predicted(), withEurPool)).toBeLessThan(1e-4);
    } finally {
      await putFxSettings(admin, { reportingCurrency: "EUR", maxGapDays: 7 });
    }
  });
});
