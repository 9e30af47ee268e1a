// EXPLAIN (ANALYZE, BUFFERS) of the statements that matter, captured on the
// PostgreSQL bench database so docs/performance.md can show where time goes.
import type { Database } from "@/lib/db/client";
import { rankingCountStatement, rankingStatement, tallyCountStatement } from "@/lib/rankings/rank-accounts";
import type { RankingsQuery } from "@/lib/rankings/schema";

type Row = Record<string, unknown>;

async function explain(db: Database, sql: string, params: unknown[]): Promise<string> {
  const rows = await db.runner.query<Row>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  return rows.map((row) => String(row["QUERY PLAN"])).join("\n");
}

export async function capturePlans(
  db: Database,
  opts: { segment: string; nameTerm: string; repId: string; naiveRankingSql: { sql: string; params: unknown[] } },
): Promise<Record<string, string>> {
  const [account] = await db.runner.query<Row>(`SELECT id::text AS id FROM accounts ORDER BY md5(id::text || 'bench') LIMIT 1`);
  const accountId = String(account!.id);
  const ranking = (filter: Partial<RankingsQuery>) => {
    const query = { measure: "historical", limit: 50, ...filter } as RankingsQuery;
    return rankingStatement(query, query.ownerId, null, 51);
  };
  const plans: Record<string, string> = {};
  const cases: Array<[string, { sql: string; params: unknown[] }]> = [
    ["ranking: historical LTV, first page, no filter", ranking({})],
    ["ranking: historical LTV, owner = one rep", ranking({ ownerId: opts.repId })],
    ["ranking: historical LTV, segment + flag", ranking({ segment: opts.segment, flag: "upsell" })],
    ["ranking: historical LTV, name search", ranking({ q: opts.nameTerm })],
    // The first page also counts the filtered ranking ("N accounts ranked", issue #18): a pass over every match.
    ["ranking count (first page): no filter", rankingCountStatement({ measure: "historical" } as RankingsQuery, undefined)],
    [
      "ranking count (first page): segment",
      rankingCountStatement({ measure: "historical", segment: opts.segment } as RankingsQuery, undefined),
    ],
    ["ranking count (first page): flag", rankingCountStatement({ measure: "historical", flag: "churn_risk" } as RankingsQuery, undefined)],
    ["ranking count (first page): owner = one rep", rankingCountStatement({ measure: "historical" } as RankingsQuery, opts.repId)],
    // What the first page runs for those filters since decision 0019: the sums of metrics_tallies' cells.
    [
      "ranking count from tallies (first page): segment + flag",
      tallyCountStatement({ measure: "historical", segment: opts.segment, flag: "upsell" } as RankingsQuery, undefined)!,
    ],
    ["ranking count from tallies (first page): no filter", tallyCountStatement({ measure: "historical" } as RankingsQuery, undefined)!],
    ["naive ranking: GROUP BY account over all purchases", opts.naiveRankingSql],
    [
      "log order / account recompute: the account's purchases",
      {
        sql: `SELECT p.id, p.account_id, p.purchased_at, p.total::text AS total, p.gross_profit::text AS gross_profit
                FROM purchases p WHERE p.account_id = ANY($1::uuid[]) ORDER BY p.purchased_at, p.id`,
        params: [[accountId]],
      },
    ],
    [
      "log order / account recompute: the account's purchase lines",
      {
        sql: `SELECT l.purchase_id, l.product_id, l.quantity, l.unit_price::text AS unit_price, c.name AS category, pr.tier_rank
                FROM purchase_lines l
                JOIN products pr ON pr.id = l.product_id
                JOIN categories c ON c.id = pr.category_id
               WHERE l.account_id = ANY($1::uuid[])`,
        params: [[accountId]],
      },
    ],
    [
      "bulk metrics load: purchase lines of a batch of 1000 accounts",
      {
        sql: `SELECT l.purchase_id, l.product_id, l.quantity, l.unit_price::text AS unit_price, c.name AS category, pr.tier_rank
                FROM purchase_lines l
                JOIN products pr ON pr.id = l.product_id
                JOIN categories c ON c.id = pr.category_id
               WHERE l.account_id = ANY(ARRAY(SELECT id FROM accounts ORDER BY id LIMIT 1000))`,
        params: [],
      },
    ],
    [
      "dashboard: revenue from new vs existing customers (24 months)",
      {
        sql: `SELECT to_char(date_trunc('month', p.purchased_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
                     coalesce(sum(p.total) FILTER (WHERE p.purchased_at < coalesce(m.first_purchase_at, p.purchased_at) + interval '90 days'), 0)::text AS new_revenue,
                     coalesce(sum(p.total) FILTER (WHERE p.purchased_at >= coalesce(m.first_purchase_at, p.purchased_at) + interval '90 days'), 0)::text AS existing_revenue
                FROM purchases p JOIN account_metrics m ON m.account_id = p.account_id
               WHERE p.purchased_at >= date_trunc('month', now()) - interval '23 months' AND p.purchased_at <= now()
               GROUP BY 1`,
        params: [],
      },
    ],
  ];
  for (const [name, statement] of cases) plans[name] = await explain(db, statement.sql, statement.params);
  return plans;
}
