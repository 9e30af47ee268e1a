-- CreateTable
CREATE TABLE "account_revenue_months" (
    "account_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "new_revenue" DECIMAL(14,2) NOT NULL,
    "orders_without_rate" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,

    CONSTRAINT "account_revenue_months_pkey" PRIMARY KEY ("account_id","month")
);

-- CreateTable
CREATE TABLE "portfolio_revenue_months" (
    "id" BIGSERIAL NOT NULL,
    "month" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "orders" INTEGER NOT NULL,
    "revenue" DECIMAL(18,2) NOT NULL,
    "new_revenue" DECIMAL(18,2) NOT NULL,
    "orders_without_rate" INTEGER NOT NULL,

    CONSTRAINT "portfolio_revenue_months_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portfolio_cohort_months" (
    "id" BIGSERIAL NOT NULL,
    "cohort" DATE NOT NULL,
    "month" DATE NOT NULL,
    "accounts" INTEGER NOT NULL,

    CONSTRAINT "portfolio_cohort_months_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "portfolio_revenue_months_month_idx" ON "portfolio_revenue_months"("month");

-- CreateIndex
CREATE INDEX "portfolio_cohort_months_cohort_month_idx" ON "portfolio_cohort_months"("cohort", "month");

-- AddForeignKey
ALTER TABLE "account_revenue_months" ADD CONSTRAINT "account_revenue_months_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill from the orders as they are (decision 0016): what lib/metrics/revenue-months.ts
-- refreshRevenueMonths and foldPortfolioRollups write (90 days = NEW_CUSTOMER_DAYS).
INSERT INTO "account_revenue_months" ("account_id", "month", "orders", "revenue", "new_revenue", "orders_without_rate", "currency")
SELECT p."account_id", date_trunc('month', p."purchased_at" AT TIME ZONE 'UTC')::date, count(*)::int,
       coalesce(sum(p."reporting_total"), 0),
       coalesce(sum(p."reporting_total") FILTER (WHERE p."purchased_at" < f."first_at" + interval '90 days'), 0),
       count(*) FILTER (WHERE p."reporting_total" IS NULL)::int, a."currency"
  FROM "purchases" p
  JOIN (SELECT "account_id", min("purchased_at") AS "first_at" FROM "purchases" GROUP BY "account_id") f ON f."account_id" = p."account_id"
  JOIN "accounts" a ON a."id" = p."account_id"
 GROUP BY p."account_id", 2, a."currency";

INSERT INTO "portfolio_revenue_months" ("month", "currency", "orders", "revenue", "new_revenue", "orders_without_rate")
SELECT "month", "currency", sum("orders")::int, sum("revenue"), sum("new_revenue"), sum("orders_without_rate")::int
  FROM "account_revenue_months" GROUP BY "month", "currency";

INSERT INTO "portfolio_cohort_months" ("cohort", "month", "accounts")
SELECT "cohort", "month", count(*)::int
  FROM (SELECT min("month") OVER (PARTITION BY "account_id") AS "cohort", "month" FROM "account_revenue_months") r
 GROUP BY "cohort", "month";

-- The portfolio overview sums these columns of every account (decision 0016): a narrow covering
-- index it reads instead of the wide rows (index-only; the full recompute vacuums the table).
CREATE INDEX "account_metrics_dashboard_idx" ON "account_metrics"("owner_id", "orders", "churn_risk", "reporting_revenue", "reporting_formula_ltv", "reporting_predicted_clv");
-- Customers largest first, for the Pareto chart's running sums without a sort.
CREATE INDEX "account_metrics_customer_revenue_idx" ON "account_metrics"("reporting_revenue" DESC) WHERE "orders" > 0 AND "reporting_revenue" IS NOT NULL;
