-- AlterTable (edited by hand: add, backfill, then NOT NULL, so existing rows migrate)
ALTER TABLE "account_metrics" ADD COLUMN "segment" TEXT;
UPDATE "account_metrics" m SET "segment" = a."segment" FROM "accounts" a WHERE a."id" = m."account_id";
ALTER TABLE "account_metrics" ALTER COLUMN "segment" SET NOT NULL;

-- The copy follows the account (added by hand; Prisma's schema cannot state triggers).
-- A new metrics row takes its account's segment, whoever writes it ...
CREATE FUNCTION "account_metrics_take_segment"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a."segment" INTO NEW."segment" FROM "accounts" a WHERE a."id" = NEW."account_id";
  RETURN NEW;
END;
$$;
CREATE TRIGGER "account_metrics_take_segment" BEFORE INSERT ON "account_metrics"
  FOR EACH ROW EXECUTE FUNCTION "account_metrics_take_segment"();

-- ... and a changed segment reaches the metrics row in the same transaction.
CREATE FUNCTION "accounts_segment_to_metrics"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "account_metrics" SET "segment" = NEW."segment" WHERE "account_id" = NEW."id";
  RETURN NULL;
END;
$$;
CREATE TRIGGER "accounts_segment_to_metrics" AFTER UPDATE OF "segment" ON "accounts"
  FOR EACH ROW WHEN (OLD."segment" IS DISTINCT FROM NEW."segment") EXECUTE FUNCTION "accounts_segment_to_metrics"();

-- CreateIndex
CREATE INDEX "account_metrics_segment_historical_ltv_account_id_idx" ON "account_metrics"("segment", "historical_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_segment_formula_ltv_account_id_idx" ON "account_metrics"("segment", "formula_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_segment_predicted_clv_account_id_idx" ON "account_metrics"("segment", "predicted_clv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_segment_p_alive_account_id_idx" ON "account_metrics"("segment", "p_alive" DESC, "account_id" DESC);


-- Statistics for the new column now, so the first segment-filtered ranking after the
-- deploy already walks the (segment, measure) index instead of guessing.
ANALYZE "account_metrics";
