-- AlterTable
ALTER TABLE "account_metrics" ADD COLUMN     "expected_orders_90" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "next_order_days" INTEGER,
ADD COLUMN     "p_no_order_90" DOUBLE PRECISION;


-- The stored flags were computed with the retired P(alive) thresholds and have no churn probability:
-- dating them a day back makes the start-up catch-up (lib/metrics/jobs.ts catchUpAsOf) recompute
-- every account as of today in the background.
UPDATE "account_metrics" SET "computed_at" = "computed_at" - INTERVAL '1 day';
