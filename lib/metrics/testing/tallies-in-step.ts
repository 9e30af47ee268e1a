// Tests: the cells where metrics_tallies (summed) differ from the same figures counted over
// account_metrics' rows here, in SQL of its own (not the trigger's metrics_tally_sql). Every
// writer of account_metrics keeps the tallies by the trigger, so a test after any writer expects [].
import type { Query } from "@/lib/db/sql";

export async function talliesOutOfStep(query: Query): Promise<Array<Record<string, unknown>>> {
  return query(
    `WITH counted AS (
       SELECT owner_id, segment, flag_mask, reporting_historical_ltv IS NOT NULL AS converted,
              CASE WHEN reporting_historical_ltv IS NULL THEN coalesce(reporting_gap->>'currency', '') ELSE '' END AS gap_currency,
              count(*) AS accounts,
              count(*) FILTER (WHERE orders > 0) AS customers,
              count(*) FILTER (WHERE churn_risk) AS churn_risk_accounts,
              coalesce(sum((reporting_gap->>'orders')::int) FILTER (WHERE reporting_historical_ltv IS NULL), 0) AS gap_orders,
              coalesce(sum(reporting_revenue), 0) AS revenue,
              coalesce(sum(reporting_formula_ltv), 0) AS formula_ltv,
              coalesce(sum(reporting_predicted_clv) FILTER (WHERE churn_risk), 0) AS revenue_at_risk
         FROM account_metrics
        GROUP BY 1, 2, 3, 4, 5),
     tallied AS (
       SELECT owner_id, segment, flag_mask, converted, gap_currency, sum(accounts) AS accounts, sum(customers) AS customers,
              sum(churn_risk_accounts) AS churn_risk_accounts, sum(gap_orders) AS gap_orders, sum(revenue) AS revenue,
              sum(formula_ltv) AS formula_ltv, sum(revenue_at_risk) AS revenue_at_risk
         FROM metrics_tallies
        GROUP BY 1, 2, 3, 4, 5
       HAVING sum(accounts) <> 0 OR sum(customers) <> 0 OR sum(churn_risk_accounts) <> 0 OR sum(gap_orders) <> 0
           OR sum(revenue) <> 0 OR sum(formula_ltv) <> 0 OR sum(revenue_at_risk) <> 0)
     SELECT owner_id::text AS owner_id, segment, flag_mask, converted, gap_currency,
            c.accounts::text AS counted_accounts, t.accounts::text AS tallied_accounts,
            c.revenue::text AS counted_revenue, t.revenue::text AS tallied_revenue
       FROM counted c FULL JOIN tallied t USING (owner_id, segment, flag_mask, converted, gap_currency)
      WHERE (c.accounts, c.customers, c.churn_risk_accounts, c.gap_orders, c.revenue, c.formula_ltv, c.revenue_at_risk)
            IS DISTINCT FROM
            (t.accounts, t.customers, t.churn_risk_accounts, t.gap_orders, t.revenue, t.formula_ltv, t.revenue_at_risk)`,
    [],
  );
}
