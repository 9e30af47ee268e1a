// Reconciliation: stored metrics against aggregates over the raw purchases. A
// GROUP BY over all purchases is fine here (an audit, run rarely), never per request.

export interface MetricsMismatch {
  accountId: string;
  storedRevenue: string | null;
  actualRevenue: string;
  storedOrders: number | null;
  actualOrders: number;
}

export async function findMetricsMismatches(query: Query): Promise<MetricsMismatch[]> {
  const rows = await query(
    `WITH actual AS (
       SELECT a.id AS account_id, coalesce(sum(p.total), 0) AS revenue, count(p.id)::int AS orders,
              coalesce(sum(p.gross_profit), 0) AS gross_profit,
              min(p.purchased_at) AS first_purchase_at, max(p.purchased_at) AS last_purchase_at
         FROM accounts a LEFT JOIN purchases p ON p.account_id = a.id
        GROUP BY a.id)
     SELECT actual.account_id, m.revenue::text AS stored_revenue, actual.revenue::text AS actual_revenue,
            m.orders AS stored_orders, actual.orders AS actual_orders
       FROM actual LEFT JOIN account_metrics m ON m.account_id = actual.account_id
      WHERE m.account_id IS NULL OR m.revenue <> actual.revenue OR m.orders <> actual.orders
         OR m.gross_profit <> actual.gross_profit
         -- A purchase re-dated with its amounts unchanged moves the RFM summary the refit reads.
         OR m.first_purchase_at IS DISTINCT FROM actual.first_purchase_at
         OR m.last_purchase_at IS DISTINCT FROM actual.last_purchase_at
      ORDER BY actual.account_id`,
    [],
  );
  return rows.map((row) => ({
    accountId: String(row.account_id),
    storedRevenue: row.stored_revenue === null ? null : String(row.stored_revenue),
    actualRevenue: String(row.actual_revenue),
    storedOrders: row.stored_orders === null ? null : Number(row.stored_orders),
    actualOrders: Number(row.actual_orders),
  }));
}
import { type Query } from "@/lib/db/sql";
