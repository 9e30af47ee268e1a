-- AlterTable
ALTER TABLE "account_metrics" ADD COLUMN     "flag_mask" SMALLINT NOT NULL DEFAULT 0;

-- The flag types of `flags` as bits, kept by the database on every write of `flags` (any writer,
-- the cost job's shadow table included: it copies the table's triggers). The bits are
-- lib/rankings/measures.ts FLAG_BITS: churn_risk 1, upsell 2, cross_sell 4, replenishment 8.
CREATE FUNCTION account_metrics_flag_mask() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.flag_mask := ((CASE WHEN NEW.flags @> '[{"type": "churn_risk"}]' THEN 1 ELSE 0 END)
                  | (CASE WHEN NEW.flags @> '[{"type": "upsell"}]' THEN 2 ELSE 0 END)
                  | (CASE WHEN NEW.flags @> '[{"type": "cross_sell"}]' THEN 4 ELSE 0 END)
                  | (CASE WHEN NEW.flags @> '[{"type": "replenishment"}]' THEN 8 ELSE 0 END))::smallint;
  RETURN NEW;
END $$;

CREATE TRIGGER account_metrics_flag_mask BEFORE INSERT OR UPDATE OF flags ON "account_metrics"
  FOR EACH ROW EXECUTE FUNCTION account_metrics_flag_mask();

-- The rows already there, through the trigger.
UPDATE "account_metrics" SET flags = flags WHERE flags <> '[]'::jsonb;

-- CreateIndex
CREATE INDEX "account_metrics_flag_mask_owner_id_reporting_historical_ltv_idx" ON "account_metrics"("flag_mask", "owner_id", "reporting_historical_ltv", "reporting_formula_ltv", "reporting_predicted_clv");
