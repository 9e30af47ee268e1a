-- AlterTable
ALTER TABLE "account_metrics" ADD COLUMN     "category_spend" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "purchase_days" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "repeat_revenue" DECIMAL(14,2) NOT NULL DEFAULT 0,
ADD COLUMN     "usual_gap_days" DOUBLE PRECISION;


-- Backfill from the purchases each row was computed from (those on or before computed_at),
-- with the definitions of lib/metrics/compute.ts: purchase days are UTC calendar days; the
-- usual gap is the median gap between consecutive purchase days (percentile_cont(0.5)
-- averages the two middle gaps, as lib/flags/history.ts median does).
WITH purchase_day AS (
  SELECT p.account_id, floor(extract(epoch FROM p.purchased_at) / 86400)::bigint AS day, sum(p.total) AS total
    FROM purchases p
    JOIN account_metrics m ON m.account_id = p.account_id
   WHERE p.purchased_at <= m.computed_at
   GROUP BY 1, 2
), ordered AS (
  SELECT account_id, total,
         day - lag(day) OVER (PARTITION BY account_id ORDER BY day) AS gap,
         row_number() OVER (PARTITION BY account_id ORDER BY day) AS n
    FROM purchase_day
), per_account AS (
  SELECT account_id, count(*)::int AS purchase_days,
         coalesce(sum(total) FILTER (WHERE n > 1), 0) AS repeat_revenue,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS usual_gap_days
    FROM ordered
   GROUP BY account_id
)
UPDATE account_metrics m
   SET purchase_days = a.purchase_days, repeat_revenue = a.repeat_revenue, usual_gap_days = a.usual_gap_days
  FROM per_account a
 WHERE a.account_id = m.account_id;

WITH purchase_category AS (
  SELECT p.account_id, p.id, c.name AS category, sum(l.quantity * l.unit_price) AS value
    FROM purchases p
    JOIN account_metrics m ON m.account_id = p.account_id
    JOIN purchase_lines l ON l.purchase_id = p.id
    JOIN products pr ON pr.id = l.product_id
    JOIN categories c ON c.id = pr.category_id
   WHERE p.purchased_at <= m.computed_at
   GROUP BY 1, 2, 3
), per_account AS (
  SELECT account_id, jsonb_object_agg(category, jsonb_build_array(round(value, 2), orders)) AS spend
    FROM (SELECT account_id, category, sum(value) AS value, count(*)::int AS orders
            FROM purchase_category GROUP BY 1, 2) per_category
   GROUP BY account_id
)
UPDATE account_metrics m
   SET category_spend = a.spend
  FROM per_account a
 WHERE a.account_id = m.account_id;
