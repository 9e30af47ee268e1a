// Fits the predictive model (BG/NBD + Gamma-Gamma) over every customer and
// derives the portfolio context the flags need, in one streaming pass over the
// accounts, then stores both as a new model_fits row (the newest row is current).
import { randomUUID } from "node:crypto";
import { fitBgNbd, isUsableFit } from "@/lib/ltv/bgnbd";
import { fitGammaGamma } from "@/lib/ltv/gammaGamma";
import { summarizeTransactions, type TimeUnit } from "@/lib/ltv/rfm";
import { yearlyChurnRate } from "@/lib/ltv/formula";
import { accountCategories, usualOrderGapDays, yearlySpend } from "@/lib/flags/history";
import { buildSegmentStats, type AccountSummaryRow } from "@/lib/flags/context";
import { mineCategoryAssociations } from "@/lib/flags/crossSell";
import { DEFAULT_FLAG_THRESHOLDS } from "@/lib/flags/thresholds";
import type { PortfolioContext } from "./compute";
import { accountIdBatches, loadMetricsAccounts, type Query } from "./store";

const UNIT: TimeUnit = "week";
const DAY_MS = 86_400_000;
// Below this many repeat customers the fit is noise; keep the previous model.
const MIN_CUSTOMERS = 20;

class GrowingColumn {
  values = new Float64Array(1024);
  length = 0;
  push(value: number) {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
  view() {
    return this.values.subarray(0, this.length);
  }
}

export interface PortfolioFit {
  id: string;
  customers: number;
  durationMs: number;
  /** Of durationMs, the BG/NBD + Gamma-Gamma fit alone (the rest is loading the RFM summaries and portfolio facts). */
  fitMs: number;
}

export async function fitPortfolio(
  query: Query,
  opts: { asOf: Date; batchSize?: number; log?: (line: string) => void },
): Promise<PortfolioFit | null> {
  const started = performance.now();
  const { asOf } = opts;
  const frequency = new GrowingColumn();
  const recency = new GrowingColumn();
  const T = new GrowingColumn();
  const monetary = new GrowingColumn();
  const summaries: AccountSummaryRow[] = [];
  const baskets: Array<{ accountId: string; categories: string[] }> = [];
  const categoryValue = new Map<string, { sum: number; orders: number }>();
  let activeAtStart = 0;
  let churned = 0;
  const yearAgo = asOf.getTime() - 365 * DAY_MS;
  const twoYearsAgo = asOf.getTime() - 2 * 365 * DAY_MS;

  for await (const ids of accountIdBatches(query, opts.batchSize ?? 1000)) {
    const accounts = await loadMetricsAccounts(query, ids);
    for (const account of accounts.values()) {
      const purchases = account.purchases
        .filter((p) => p.purchasedAt.getTime() <= asOf.getTime())
        .map((p) => ({ purchasedAt: p.purchasedAt, total: p.totalCents / 100, lines: p.lines }));
      if (purchases.length === 0) continue;
      const [rfm] = summarizeTransactions(
        purchases.map((p) => ({ customerId: account.accountId, date: p.purchasedAt, amount: p.total })),
        { asOf, unit: UNIT },
      );
      if (rfm) {
        frequency.push(rfm.frequency);
        recency.push(rfm.recency);
        T.push(rfm.T);
        monetary.push(rfm.monetaryValue ?? 0);
      }
      summaries.push({ segment: account.segment, yearlySpend: yearlySpend(purchases, asOf), usualGapDays: usualOrderGapDays(purchases, asOf) });
      baskets.push({ accountId: account.accountId, categories: accountCategories(purchases, asOf) });
      for (const purchase of purchases) {
        const perCategory = new Map<string, number>();
        for (const line of purchase.lines) perCategory.set(line.category, (perCategory.get(line.category) ?? 0) + line.quantity * line.unitPrice);
        for (const [category, value] of perCategory) {
          const entry = categoryValue.get(category) ?? { sum: 0, orders: 0 };
          entry.sum += value;
          entry.orders += 1;
          categoryValue.set(category, entry);
        }
      }
      // Yearly churn: customers who bought in the year before last and not in the last year.
      const times = purchases.map((p) => p.purchasedAt.getTime());
      if (times.some((t) => t >= twoYearsAgo && t < yearAgo)) {
        activeAtStart += 1;
        if (!times.some((t) => t >= yearAgo)) churned += 1;
      }
    }
  }

  const repeatCustomers = frequency.view().filter((x) => x > 0).length;
  if (frequency.length < MIN_CUSTOMERS || repeatCustomers < MIN_CUSTOMERS) return null;
  const fitStarted = performance.now();
  const data = { frequency: frequency.view(), recency: recency.view(), T: T.view() };
  let bgnbd = fitBgNbd(data, { skipStandardErrors: true });
  // Data with little dropout signal drives a and b to infinity; lifetimes' advice is a
  // small L2 penalizer, which keeps the parameters finite with a negligible LL cost.
  if (!isUsableFit(bgnbd)) {
    const penalized = fitBgNbd(data, { skipStandardErrors: true, penalizer: 0.001 });
    opts.log?.(`BG/NBD fit diverged (a ${bgnbd.params.a.toPrecision(3)}, b ${bgnbd.params.b.toPrecision(3)}); refitted with penalizer 0.001`);
    bgnbd = penalized;
  }
  let gammaGamma = null;
  try {
    gammaGamma = fitGammaGamma({ frequency: frequency.view(), monetaryValue: monetary.view() }, { skipStandardErrors: true }).params;
  } catch (error) {
    opts.log?.(`Gamma-Gamma fit skipped: ${(error as Error).message}`);
  }
  const fitMs = Math.round(performance.now() - fitStarted);
  opts.log?.(`BG/NBD + Gamma-Gamma fitted in ${fitMs} ms`);

  const segmentStats = buildSegmentStats(summaries, DEFAULT_FLAG_THRESHOLDS.upsellPeerPercentile);
  const portfolio: PortfolioContext = {
    yearlyChurnRate: activeAtStart > 0 && churned > 0 ? yearlyChurnRate({ activeAtStart, churned, periodYears: 1 }).value : null,
    segments: segmentStats.segments,
    allAccounts: segmentStats.allAccounts,
    categoryRules: mineCategoryAssociations(baskets),
    categoryAverageOrderValue: Object.fromEntries([...categoryValue].map(([category, { sum, orders }]) => [category, sum / orders])),
  };
  const id = randomUUID();
  const durationMs = Math.round(performance.now() - started);
  await query(
    `INSERT INTO model_fits (id, as_of, unit, customers, bgnbd, gamma_gamma, log_likelihood, duration_ms, portfolio)
     VALUES ($1::uuid, $2::timestamptz, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9::jsonb)`,
    [id, asOf.toISOString(), UNIT, frequency.length, JSON.stringify(bgnbd.params), gammaGamma ? JSON.stringify(gammaGamma) : null, bgnbd.logLikelihood, durationMs, JSON.stringify(portfolio)],
  );
  return { id, customers: frequency.length, durationMs, fitMs };
}
