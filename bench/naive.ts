// NAIVE BASELINES — for the benchmark only, never used by the app.
//
// What an implementation without the live account_metrics table would do:
//   - log an order: insert it, then recompute the account's LTV with a plain
//     aggregate over all its purchases and lines (no row lock, no model, no flags);
//   - open an account: load all its purchases and compute the LTV on each request;
//   - rank accounts: aggregate every purchase GROUP BY account on each request,
//     ORDER BY the LTV, LIMIT 50.
// Each one does LESS than the real code path (no predictive model, no flags), so
// the ratios in the results are a lower bound on what the stored metrics save.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { priceLines } from "@/lib/purchases/create-purchase";
import type { CreatePurchaseInput } from "@/lib/purchases/schema";
import { accountLtv } from "@/lib/ltv/formula";
import { decimalStringFromCents } from "@/lib/money";
import { escapeLike } from "@/lib/rankings/rank-accounts";

type Row = Record<string, unknown>;

export interface NaiveAccountLtv {
  orders: number;
  revenue: number;
  grossProfit: number;
  lineTotal: number;
  historicalLtv: number;
  formulaLtv: number;
}

/** The cost inputs in force (default row only: the naive version ignores segment overrides). */
async function defaultCosts(
  db: Database,
): Promise<{ acquisitionCost: number; retentionCostPerYear: number; grossMargin: number; lifespanYears: number }> {
  const rows = await db.runner.query<Row>(
    `SELECT acquisition_cost::float8 AS acquisition_cost, retention_cost_per_year::float8 AS retention_cost_per_year,
            gross_margin::float8 AS gross_margin, default_lifespan_years::float8 AS lifespan_years
       FROM cost_settings WHERE segment IS NULL AND applied_at IS NOT NULL ORDER BY effective_from DESC LIMIT 1`,
  );
  const row = rows[0] ?? {};
  return {
    acquisitionCost: Number(row.acquisition_cost ?? 0),
    retentionCostPerYear: Number(row.retention_cost_per_year ?? 0),
    grossMargin: Number(row.gross_margin ?? 1),
    lifespanYears: Number(row.lifespan_years ?? 3),
  };
}

/** NAIVE: insert the order, then aggregate all of the account's purchases and lines. */
export async function naiveLogOrder(
  db: Database,
  actor: Actor,
  input: CreatePurchaseInput,
): Promise<{ purchaseId: string; ltv: NaiveAccountLtv }> {
  return db.prisma.$transaction(
    async (tx) => {
      const account = await accountFor(tx, actor, input.accountId, "write", "purchase");
      const { priced, totalCents, grossProfitCents } = await priceLines(tx, input.lines);
      const purchase = await tx.purchase.create({
        data: {
          accountId: account.id,
          purchasedAt: input.purchasedAt,
          total: decimalStringFromCents(totalCents),
          grossProfit: decimalStringFromCents(grossProfitCents),
          loggedById: actor.id,
          idempotencyKey: input.idempotencyKey,
          idempotencyHash: randomUUID(),
          lines: { create: priced },
        },
        select: { id: true },
      });
      const [totals] = await tx.$queryRawUnsafe<Row[]>(
        `SELECT count(*)::int AS orders, coalesce(sum(total), 0)::float8 AS revenue, coalesce(sum(gross_profit), 0)::float8 AS gross_profit
           FROM purchases WHERE account_id = $1::uuid`,
        account.id,
      );
      const [lines] = await tx.$queryRawUnsafe<Row[]>(
        `SELECT coalesce(sum(l.line_total), 0)::float8 AS line_total
           FROM purchase_lines l WHERE l.account_id = $1::uuid`,
        account.id,
      );
      const revenue = Number(totals?.revenue ?? 0);
      const grossProfit = Number(totals?.gross_profit ?? 0);
      return {
        purchaseId: purchase.id,
        ltv: {
          orders: Number(totals?.orders ?? 0),
          revenue,
          grossProfit,
          lineTotal: Number(lines?.line_total ?? 0),
          historicalLtv: grossProfit,
          formulaLtv: 0,
        },
      };
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

/** NAIVE: the account page computing LTV from all the account's purchases on each request. */
export async function naiveAccountPage(db: Database, actor: Actor, accountId: string): Promise<NaiveAccountLtv & { name: string }> {
  await accountFor(db.prisma, actor, accountId, "read");
  const account = await db.prisma.account.findUniqueOrThrow({ where: { id: accountId }, include: { owner: { select: { name: true } } } });
  const [purchases, lines, costs] = await Promise.all([
    db.runner.query<Row>(
      `SELECT purchased_at, total::float8 AS total, gross_profit::float8 AS gross_profit FROM purchases WHERE account_id = $1::uuid ORDER BY purchased_at`,
      [accountId],
    ),
    db.runner.query<Row>(
      `SELECT coalesce(sum(l.line_total), 0)::float8 AS line_total FROM purchase_lines l WHERE l.account_id = $1::uuid`,
      [accountId],
    ),
    defaultCosts(db),
  ]);
  const ltv = accountLtv({
    purchases: purchases.map((p) => ({
      date: new Date(p.purchased_at as string),
      amount: Number(p.total),
      grossProfit: Number(p.gross_profit),
    })),
    asOf: new Date(),
    acquisitionDate: account.acquiredAt,
    costs: { ...costs, acquisitionCost: account.acquisitionCostOverride?.toNumber() ?? costs.acquisitionCost },
  });
  return {
    name: account.name,
    orders: ltv.purchases.orders,
    revenue: ltv.purchases.revenue,
    grossProfit: ltv.purchases.grossProfit ?? 0,
    lineTotal: Number(lines[0]?.line_total ?? 0),
    historicalLtv: ltv.historical.value,
    formulaLtv: ltv.formula.value,
  };
}

export interface NaiveRankingFilter {
  ownerId?: string;
  segment?: string;
  q?: string;
}

/**
 * NAIVE: historical LTV (gross profit to date − acquisition cost − retention cost × years as a customer)
 * aggregated over every purchase, GROUP BY account, ORDER BY it, LIMIT 50, on each request.
 */
export async function naiveRanking(db: Database, filter: NaiveRankingFilter, limit = 50): Promise<Row[]> {
  const statement = naiveRankingStatement(filter, limit);
  return db.runner.query<Row>(statement.sql, statement.params);
}

export function naiveRankingStatement(filter: NaiveRankingFilter, limit = 50): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.ownerId) where.push(`a.owner_id = ${bind(filter.ownerId)}::uuid`);
  if (filter.segment) where.push(`a.segment = ${bind(filter.segment)}::text`);
  if (filter.q) where.push(`a.name ILIKE ${bind(`%${escapeLike(filter.q)}%`)}::text`);
  const sql = `WITH costs AS (
       SELECT acquisition_cost, retention_cost_per_year FROM cost_settings
        WHERE segment IS NULL AND applied_at IS NOT NULL ORDER BY effective_from DESC LIMIT 1
     )
     SELECT a.id::text AS account_id, a.name, u.name AS owner_name, a.segment,
            (coalesce(sum(p.gross_profit), 0) - coalesce(a.acquisition_cost_override, c.acquisition_cost)
              - c.retention_cost_per_year * greatest(0, current_date - a.acquired_at) / 365.25)::numeric(14, 2) AS ltv
       FROM accounts a
       JOIN users u ON u.id = a.owner_id
       CROSS JOIN costs c
       LEFT JOIN purchases p ON p.account_id = a.id AND p.purchased_at <= now()
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      GROUP BY a.id, u.name, c.acquisition_cost, c.retention_cost_per_year
      ORDER BY ltv DESC, a.id DESC
      LIMIT ${bind(limit)}::int`;
  return { sql, params };
}
