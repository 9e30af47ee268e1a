-- The portfolio overview reads revenues and formula LTVs in one index-only walk of
-- account_metrics_dashboard_idx and sorts them itself (lib/portfolio/charts.ts): nothing reads
-- the revenue index any more, and every order paid for keeping it.
DROP INDEX IF EXISTS "account_metrics_customer_revenue_idx";
