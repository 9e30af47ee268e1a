-- DropIndex
DROP INDEX "account_metrics_formula_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_historical_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_p_alive_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_predicted_clv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_formula_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_historical_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_p_alive_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_predicted_clv_account_id_idx";

-- AlterTable
ALTER TABLE "account_metrics" ADD COLUMN     "search_name" TEXT NOT NULL DEFAULT '';

-- Backfill before the indexes are built (added by hand).
UPDATE "account_metrics" m SET "search_name" = lower(a."name") FROM "accounts" a WHERE a."id" = m."account_id";

-- The triggers that kept the segment copy now keep the name copy too (added by hand;
-- Prisma's schema cannot state triggers). A new metrics row takes its account's segment
-- and lower(name), whoever writes it; a renamed or re-segmented account updates its
-- metrics row in the same transaction.
DROP TRIGGER "account_metrics_take_segment" ON "account_metrics";
DROP FUNCTION "account_metrics_take_segment"();
DROP TRIGGER "accounts_segment_to_metrics" ON "accounts";
DROP FUNCTION "accounts_segment_to_metrics"();

CREATE FUNCTION "account_metrics_take_account_fields"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a."segment", lower(a."name") INTO NEW."segment", NEW."search_name" FROM "accounts" a WHERE a."id" = NEW."account_id";
  RETURN NEW;
END;
$$;
CREATE TRIGGER "account_metrics_take_account_fields" BEFORE INSERT ON "account_metrics"
  FOR EACH ROW EXECUTE FUNCTION "account_metrics_take_account_fields"();

CREATE FUNCTION "accounts_fields_to_metrics"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "account_metrics" SET "segment" = NEW."segment", "search_name" = lower(NEW."name") WHERE "account_id" = NEW."id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "accounts_fields_to_metrics" AFTER UPDATE OF "segment", "name" ON "accounts"
  FOR EACH ROW WHEN (OLD."segment" IS DISTINCT FROM NEW."segment" OR OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "accounts_fields_to_metrics"();

-- CreateIndex
CREATE INDEX "account_metrics_historical_ltv_account_id_search_name_idx" ON "account_metrics"("historical_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_formula_ltv_account_id_search_name_idx" ON "account_metrics"("formula_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_predicted_clv_account_id_search_name_idx" ON "account_metrics"("predicted_clv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_p_alive_account_id_search_name_idx" ON "account_metrics"("p_alive" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_segment_historical_ltv_account_id_search_na_idx" ON "account_metrics"("segment", "historical_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_segment_formula_ltv_account_id_search_name_idx" ON "account_metrics"("segment", "formula_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_segment_predicted_clv_account_id_search_nam_idx" ON "account_metrics"("segment", "predicted_clv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_segment_p_alive_account_id_search_name_idx" ON "account_metrics"("segment", "p_alive" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_search_name_trgm_idx" ON "account_metrics" USING GIN ("search_name" gin_trgm_ops);

-- The walk is index-only on pages marked all-visible. Live writes un-mark a page at a time,
-- so vacuum this table after 1 % of its rows changed rather than the default 20 % (added by
-- hand; bulk rewrites vacuum at once, lib/metrics/store.ts vacuumMetrics).
ALTER TABLE "account_metrics" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.05);

-- Statistics for the new column now, so the first name search after the deploy already
-- chooses between the index-only walk and the trigram index by the term's selectivity.
ANALYZE "account_metrics";
