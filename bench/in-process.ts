// In-process measures: the domain functions the routes call, called directly
// against one database (PostgreSQL or PGlite), each next to its naive baseline.
import { randomUUID } from "node:crypto";
import { useDatabase, type Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { createPurchase } from "@/lib/purchases/create-purchase";
import { getAccount } from "@/lib/accounts/get-account";
import { countRankedAccounts, rankAccounts, rankingCountStatement, rankingStatement } from "@/lib/rankings/rank-accounts";
import { MEASURES, type Measure, type RankingsQuery } from "@/lib/rankings/schema";
import { encodeCursor } from "@/lib/http/cursor";
import { recomputeAccountMetrics, recomputeAllMetrics } from "@/lib/metrics/recompute";
import { fitPortfolio } from "@/lib/metrics/refit";
import { cohortRetention, portfolioOverview, revenueByCustomerAge } from "@/lib/portfolio/charts";
import { naiveAccountPage, naiveLogOrder, naiveRanking, type NaiveRankingFilter } from "./naive";
import { sample, summarize, type LatencyStats } from "./stats";

type Row = Record<string, unknown>;

export interface InProcessOptions {
  logOrders: number;
  accountPages: number;
  rankingSamples: number;
  naiveRankingSamples: number;
  dashboardSamples: number;
  deepRank: number;
  /** fitPortfolio runs (the median is reported); default 3. */
  refitRuns?: number;
  /** Time a full metrics recompute (skipped when seeding just did one). */
  measureRecompute: boolean;
  log: (line: string) => void;
}

export interface Compared {
  stats: LatencyStats;
  naive: LatencyStats | null;
  /** naive p50 / p50 (how many times faster than the naive baseline), null without a baseline. */
  ratio: number | null;
  naiveNote?: string;
}

export interface RankingCase {
  measure: Measure;
  filter: string;
  /** "count": GET /api/rankings/count, which the client asks after a first page that stopped counting (decision 0021). */
  page: "first" | "deep" | "count";
  /** Rows in the filtered ranking (the deep page starts past ~deepRank of them). */
  rows: number;
  startRank: number;
  result: Compared;
}

export interface InProcessResult {
  backend: "postgres" | "pglite";
  accounts: number;
  purchases: number;
  logOrder: Compared;
  accountPage: Compared;
  rankings: RankingCase[];
  rankingSummary: { p50Max: number; p95Max: number; worst: string; minRatio: number | null };
  dashboard: Record<string, LatencyStats>;
  /** Medians over `refitRuns` runs of fitPortfolio. modelMs = readMs + fitMs (the target); totalMs adds the portfolio context. */
  refit: { customers: number; runs: number; readMs: number; fitMs: number; modelMs: number; portfolioMs: number; totalMs: number };
  recompute: { accounts: number; recomputeMs: number; accountsPerSecond: number } | null;
}

const ratio = (naive: LatencyStats | null, ours: LatencyStats) =>
  naive && ours.p50 > 0 ? Math.round((naive.p50 / ours.p50) * 10) / 10 : null;

interface Fixture {
  admin: Actor;
  manager: Actor;
  rep: Actor;
  users: Map<string, Actor>;
  accounts: Array<{ id: string; ownerId: string }>;
  product: { id: string; priceCents: number };
  segment: string;
  nameTerm: string;
}

async function loadFixture(db: Database, sampleSize: number): Promise<Fixture> {
  const users = new Map<string, Actor>();
  for (const row of await db.runner.query<Row>(`SELECT id::text AS id, role::text AS role, email, name FROM users WHERE active`)) {
    users.set(String(row.id), { id: String(row.id), role: String(row.role) as Role, email: String(row.email), name: String(row.name) });
  }
  const byRole = (role: Role) => [...users.values()].find((u) => u.role === role)!;
  // The rep with the biggest book: the heaviest "my accounts" ranking.
  const [topRep] = await db.runner.query<Row>(
    `SELECT owner_id::text AS id FROM accounts GROUP BY owner_id ORDER BY count(*) DESC, owner_id LIMIT 1`,
  );
  // A fixed pseudo-random sample of accounts (same on every run over the same data).
  const accounts = (
    await db.runner.query<Row>(
      `SELECT id::text AS id, owner_id::text AS owner_id FROM accounts ORDER BY md5(id::text || 'bench') LIMIT $1::int`,
      [sampleSize],
    )
  ).map((row) => ({ id: String(row.id), ownerId: String(row.owner_id) }));
  const [product] = await db.runner.query<Row>(
    `SELECT id::text AS id, (list_price * 100)::int AS cents FROM products WHERE NOT archived ORDER BY sku LIMIT 1`,
  );
  const [segment] = await db.runner.query<Row>(`SELECT segment FROM accounts GROUP BY segment ORDER BY count(*) DESC, segment LIMIT 1`);
  // A name fragment as someone would type it: the first 5 letters of a word in a sampled account name.
  const [named] = await db.runner.query<Row>(`SELECT name FROM accounts WHERE id = $1::uuid`, [accounts[0]!.id]);
  // At least 4 letters: trigram indexes (bench/proposed-indexes.sql) need 3+ characters to help.
  const words = String(named?.name ?? "Office")
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]{4,}$/.test(w));
  const word = words[1] ?? words[0] ?? "Office";
  return {
    admin: byRole("ADMIN"),
    manager: byRole("MANAGER"),
    rep: users.get(String(topRep!.id))!,
    users,
    accounts,
    product: { id: String(product!.id), priceCents: Number(product!.cents) },
    segment: String(segment!.segment),
    nameTerm: word.slice(0, 5).toLowerCase(),
  };
}

function orderInput(fx: Fixture, accountId: string) {
  return {
    accountId,
    purchasedAt: new Date(),
    lines: [{ productId: fx.product.id, quantity: 2, unitPrice: fx.product.priceCents }],
    idempotencyKey: `bench-${randomUUID()}`,
  };
}

/** Removes the orders the benchmark logged and recomputes those accounts, so the bench database stays reusable. */
async function removeBenchOrders(db: Database, purchaseIds: string[], accountIds: Iterable<string>): Promise<void> {
  if (purchaseIds.length > 0) await db.runner.query(`DELETE FROM purchases WHERE id = ANY($1::uuid[])`, [purchaseIds]);
  for (const accountId of new Set(accountIds)) {
    await db.prisma.$transaction((tx) => recomputeAccountMetrics(tx, accountId), { timeout: 20_000 });
  }
}

export async function runInProcess(db: Database, opts: InProcessOptions): Promise<InProcessResult> {
  useDatabase(db);
  const { log } = opts;
  const [counts] = await db.runner.query<Row>(
    `SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM purchases)::int AS purchases`,
  );
  const fx = await loadFixture(db, Math.max(opts.logOrders, opts.accountPages) * 2 + 20);
  const actorFor = (ownerId: string) => fx.users.get(ownerId) ?? fx.admin;

  // --- log order (insert + live metrics in one transaction) vs naive -----------
  log(`log order ×${opts.logOrders} (live metrics) and ×${opts.logOrders} (naive)`);
  const logged: string[] = [];
  const touched: string[] = [];
  const orderAccounts = fx.accounts.slice(0, opts.logOrders + 10);
  const pick = (i: number) => orderAccounts[i % orderAccounts.length]!;
  let logOrder: Compared;
  try {
    const ours = await sample(opts.logOrders, async (i) => {
      const account = pick(i);
      touched.push(account.id);
      const result = await createPurchase(actorFor(account.ownerId), orderInput(fx, account.id));
      logged.push(result.purchase.id);
    });
    const naive = await sample(opts.logOrders, async (i) => {
      const account = pick(i + 3);
      touched.push(account.id);
      const result = await naiveLogOrder(db, actorFor(account.ownerId), orderInput(fx, account.id));
      logged.push(result.purchaseId);
    });
    logOrder = {
      stats: ours,
      naive,
      ratio: ratio(naive, ours),
      naiveNote: "insert + plain SUM over the account's purchases and lines (no lock, model or flags)",
    };
  } finally {
    log(`  removing the ${logged.length} benchmark orders`);
    await removeBenchOrders(db, logged, touched);
  }

  // --- account page -------------------------------------------------------------
  log(`account page ×${opts.accountPages} and naive`);
  const pageAccounts = fx.accounts.slice(0, opts.accountPages);
  const accountStats = await sample(opts.accountPages, (i) => {
    const account = pageAccounts[i % pageAccounts.length]!;
    return getAccount(actorFor(account.ownerId), account.id);
  });
  const naiveAccount = await sample(opts.accountPages, (i) => {
    const account = pageAccounts[i % pageAccounts.length]!;
    return naiveAccountPage(db, actorFor(account.ownerId), account.id);
  });
  const accountPage: Compared = {
    stats: accountStats,
    naive: naiveAccount,
    ratio: ratio(naiveAccount, accountStats),
    naiveNote: "all the account's purchases loaded and historical + formula LTV computed per request (no model or flags)",
  };

  // --- rankings -------------------------------------------------------------------
  const filters: Array<{ name: string; filter: Partial<RankingsQuery>; naive: NaiveRankingFilter; naiveNote?: string }> = [
    { name: "none", filter: {}, naive: {} },
    { name: `segment=${fx.segment}`, filter: { segment: fx.segment }, naive: { segment: fx.segment } },
    {
      name: "flag=churn_risk",
      filter: { flag: "churn_risk" },
      naive: {},
      naiveNote: "naive without the flag filter (flags need the model: lower bound)",
    },
    { name: "owner=rep", filter: { ownerId: fx.rep.id }, naive: { ownerId: fx.rep.id } },
    {
      name: `segment+flag=upsell`,
      filter: { segment: fx.segment, flag: "upsell" },
      naive: { segment: fx.segment },
      naiveNote: "naive without the flag filter (lower bound)",
    },
    { name: `q="${fx.nameTerm}"`, filter: { q: fx.nameTerm }, naive: { q: fx.nameTerm } },
  ];
  log(`naive ranking ×${opts.naiveRankingSamples} per filter`);
  const naiveByFilter = new Map<string, LatencyStats>();
  for (const f of filters) {
    const key = JSON.stringify(f.naive);
    if (!naiveByFilter.has(key))
      naiveByFilter.set(key, await sample(opts.naiveRankingSamples, () => naiveRanking(db, f.naive), { warmup: 1 }));
  }
  // Counts and the overview are kept until account_metrics changes (lib/metrics/generation.ts): one
  // committed write (untimed) before each sample makes them count again, as right after any change.
  const touchMetrics = () =>
    db.runner.query(`UPDATE account_metrics SET orders = orders WHERE account_id = $1::uuid`, [fx.accounts[0]!.id]);
  log(`ranking ×${opts.rankingSamples} per measure × filter × page`);
  const rankings: RankingCase[] = [];
  for (const measure of MEASURES) {
    for (const f of filters) {
      const query: RankingsQuery = { measure, limit: 50, ...f.filter } as RankingsQuery;
      const ownerId = query.ownerId;
      // The ranking's own count (what the first page shows as "N accounts ranked").
      const counting = rankingCountStatement(query, ownerId);
      const [countRow] = await db.runner.query<Row>(`SELECT total AS n FROM (${counting.sql}) counted`, counting.params);
      const rows = Number(countRow?.n ?? 0);
      const naive = naiveByFilter.get(JSON.stringify(f.naive)) ?? null;
      const first = await sample(opts.rankingSamples, () => rankAccounts(fx.manager, query), { before: touchMetrics });
      rankings.push({
        measure,
        filter: f.name,
        page: "first",
        rows,
        startRank: 1,
        result: { stats: first, naive, ratio: ratio(naive, first), naiveNote: f.naiveNote },
      });
      // More matches than the first page counts (decision 0021): the client then asks for the exact
      // count and sums on their own, as the dashboard's KPI strip does (summary included).
      const firstPage = await rankAccounts(fx.manager, query);
      if (firstPage.totalAbove !== null) {
        const count = await sample(opts.rankingSamples, () => countRankedAccounts(fx.manager, query), { before: touchMetrics });
        rankings.push({
          measure,
          filter: f.name,
          page: "count",
          rows,
          startRank: 1,
          result: { stats: count, naive, ratio: ratio(naive, count), naiveNote: f.naiveNote },
        });
      }
      // Deep page: the cursor a client holds after paging to ~deepRank.
      const depth = Math.min(opts.deepRank, Math.floor(rows * 0.8));
      if (depth >= 100) {
        const statement = rankingStatement(query, ownerId, null, depth);
        const before = await db.runner.query<Row>(`SELECT * FROM (${statement.sql}) ranked OFFSET ${depth - 1}`, statement.params);
        const last = before[0]!;
        const cursor = encodeCursor({ m: measure, v: String(last.sort_key), id: String(last.account_id), r: depth });
        const deep = await sample(opts.rankingSamples, () => rankAccounts(fx.manager, { ...query, cursor }));
        rankings.push({
          measure,
          filter: f.name,
          page: "deep",
          rows,
          startRank: depth + 1,
          result: { stats: deep, naive, ratio: ratio(naive, deep), naiveNote: f.naiveNote },
        });
      }
    }
  }
  // The target is the pages'; the count request is reported beside them (bench/report.ts).
  const pages = rankings.filter((r) => r.page !== "count");
  const worst = pages.reduce((a, b) => (b.result.stats.p95 > a.result.stats.p95 ? b : a));
  const ratios = pages.map((r) => r.result.ratio).filter((r): r is number => r !== null);
  const rankingSummary = {
    p50Max: Math.max(...pages.map((r) => r.result.stats.p50)),
    p95Max: worst.result.stats.p95,
    worst: `${worst.measure} / ${worst.filter} / ${worst.page}`,
    minRatio: ratios.length > 0 ? Math.min(...ratios) : null,
  };

  // --- dashboard charts (monthly rollups and SQL sums, decision 0016; target p95 < 100 ms) ---------
  // dashboardSamples 0: not measured (the --accounts run; the charts are not among issue #21's targets).
  const dashboard: Record<string, LatencyStats> = {};
  if (opts.dashboardSamples > 0) {
    log(`dashboard ×${opts.dashboardSamples}`);
    // The overview keeps its figures until account_metrics changes (lib/metrics/generation.ts): measured
    // both ways. "After a change": one committed write to account_metrics (untimed) before each read.
    dashboard["portfolioOverview, nothing changed since the last read (kept figures)"] = await sample(
      opts.dashboardSamples,
      () => portfolioOverview(fx.manager),
      { warmup: 1 },
    );
    dashboard["portfolioOverview right after a change (KPIs, Pareto, histogram over every account)"] = await sample(
      opts.dashboardSamples,
      () => portfolioOverview(fx.manager),
      { warmup: 1, before: touchMetrics },
    );
    dashboard["ranking first page again, nothing changed since (kept count)"] = await sample(
      opts.dashboardSamples,
      () => rankAccounts(fx.manager, { measure: "historical", limit: 50 } as RankingsQuery),
      { warmup: 1 },
    );
    dashboard["cohortRetention (24 cohorts)"] = await sample(opts.dashboardSamples, () => cohortRetention(fx.manager), { warmup: 1 });
    dashboard["revenueByCustomerAge (24 months)"] = await sample(opts.dashboardSamples, () => revenueByCustomerAge(fx.manager), {
      warmup: 1,
    });
  }

  // --- model refit: RFM summaries + BG/NBD and Gamma-Gamma fit, then the portfolio context ---
  log(`model refit (fitPortfolio) ×${opts.refitRuns ?? 3}`);
  const refitRuns: Array<{ customers: number; readMs: number; fitMs: number; modelMs: number; portfolioMs: number; totalMs: number }> = [];
  for (let i = 0; i < (opts.refitRuns ?? 3); i++) {
    const fit = await fitPortfolio(db, { asOf: new Date() });
    if (!fit) break;
    refitRuns.push({
      customers: fit.customers,
      readMs: fit.readMs,
      fitMs: fit.fitMs,
      modelMs: fit.readMs + fit.fitMs,
      portfolioMs: fit.portfolioMs,
      totalMs: fit.durationMs,
    });
  }
  const medianOf = (key: keyof (typeof refitRuns)[number]) => {
    const sorted = refitRuns.map((run) => run[key]).sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[(sorted.length - 1) >> 1]!;
  };
  const refit = {
    customers: refitRuns[0]?.customers ?? 0,
    runs: refitRuns.length,
    readMs: medianOf("readMs"),
    fitMs: medianOf("fitMs"),
    modelMs: medianOf("modelMs"),
    portfolioMs: medianOf("portfolioMs"),
    totalMs: medianOf("totalMs"),
  };

  let recompute: InProcessResult["recompute"] = null;
  if (opts.measureRecompute) {
    log("full metrics recompute (no refit)");
    const run = await recomputeAllMetrics(db, { refit: false });
    recompute = {
      accounts: run.accounts,
      recomputeMs: Math.round(run.recomputeMs),
      accountsPerSecond: Math.round(run.accounts / (run.recomputeMs / 1000)),
    };
  }

  return {
    backend: db.kind,
    accounts: Number(counts?.accounts ?? 0),
    purchases: Number(counts?.purchases ?? 0),
    logOrder,
    accountPage,
    rankings,
    rankingSummary,
    dashboard,
    refit,
    recompute,
  };
}

export { summarize };
