-- DropIndex
DROP INDEX "account_metrics_formula_ltv_account_id_search_name_idx";

-- DropIndex
DROP INDEX "account_metrics_historical_ltv_account_id_search_name_idx";

-- DropIndex
DROP INDEX "account_metrics_owner_id_formula_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_owner_id_historical_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_owner_id_predicted_clv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_predicted_clv_account_id_search_name_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_formula_ltv_account_id_search_name_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_historical_ltv_account_id_search_na_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_predicted_clv_account_id_search_nam_idx";

-- AlterTable
ALTER TABLE "account_metrics" ADD COLUMN     "reporting_currency" CHAR(3),
ADD COLUMN     "reporting_formula_ltv" DECIMAL(14,2),
ADD COLUMN     "reporting_gap" JSONB,
ADD COLUMN     "reporting_historical_ltv" DECIMAL(14,2),
ADD COLUMN     "reporting_predicted_clv" DECIMAL(14,2),
ADD COLUMN     "reporting_rates_version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reporting_revenue" DECIMAL(14,2);

-- AlterTable
ALTER TABLE "purchases" ADD COLUMN     "reporting_gross_profit" DECIMAL(14,2),
ADD COLUMN     "reporting_total" DECIMAL(14,2);

-- CreateTable
CREATE TABLE "fx_rates" (
    "currency" CHAR(3) NOT NULL,
    "day" DATE NOT NULL,
    "per_eur" DECIMAL(20,10) NOT NULL,
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fx_rates_pkey" PRIMARY KEY ("currency","day")
);

-- CreateTable
CREATE TABLE "fx_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "reporting_currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "max_gap_days" INTEGER NOT NULL DEFAULT 7,
    "rates_version" INTEGER NOT NULL DEFAULT 0,
    "settings_version" INTEGER NOT NULL DEFAULT 0,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fx_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_metrics_reporting_historical_ltv_account_id_search__idx" ON "account_metrics"("reporting_historical_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_reporting_formula_ltv_account_id_search_nam_idx" ON "account_metrics"("reporting_formula_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_reporting_predicted_clv_account_id_search_n_idx" ON "account_metrics"("reporting_predicted_clv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_reporting_historical_ltv_account_i_idx" ON "account_metrics"("owner_id", "reporting_historical_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_reporting_formula_ltv_account_id_idx" ON "account_metrics"("owner_id", "reporting_formula_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_reporting_predicted_clv_account_id_idx" ON "account_metrics"("owner_id", "reporting_predicted_clv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_segment_reporting_historical_ltv_account_id_idx" ON "account_metrics"("segment", "reporting_historical_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_segment_reporting_formula_ltv_account_id_se_idx" ON "account_metrics"("segment", "reporting_formula_ltv" DESC, "account_id" DESC, "search_name");

-- CreateIndex
CREATE INDEX "account_metrics_segment_reporting_predicted_clv_account_id__idx" ON "account_metrics"("segment", "reporting_predicted_clv" DESC, "account_id" DESC, "search_name");


-- Checks the schemas in lib/fx-rates/schema.ts also make (Prisma cannot declare CHECKs).
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_currency_code" CHECK ("currency" ~ '^[A-Z]{3}$' AND "currency" <> 'EUR'),
ADD CONSTRAINT "fx_rates_per_eur_positive" CHECK ("per_eur" > 0);
ALTER TABLE "fx_settings" ADD CONSTRAINT "fx_settings_one_row" CHECK ("id" = 1),
ADD CONSTRAINT "fx_settings_currency_code" CHECK ("reporting_currency" ~ '^[A-Z]{3}$'),
ADD CONSTRAINT "fx_settings_max_gap_days_range" CHECK ("max_gap_days" BETWEEN 0 AND 366);

-- "N accounts left out for lack of a rate" counts these few rows (all reporting columns are null together).
CREATE INDEX "account_metrics_reporting_missing_idx" ON "account_metrics"("owner_id") WHERE "reporting_historical_ltv" IS NULL;

-- Until this migration every figure was EUR and so was the (implicit) reporting currency: EUR
-- accounts' reporting figures are their own. Other currencies wait for rates (null = no rate).
UPDATE "purchases" p SET "reporting_total" = p."total", "reporting_gross_profit" = p."gross_profit"
  FROM "accounts" a WHERE a."id" = p."account_id" AND a."currency" = 'EUR';
UPDATE "account_metrics" m SET "reporting_currency" = 'EUR', "reporting_revenue" = m."revenue",
       "reporting_historical_ltv" = m."historical_ltv", "reporting_formula_ltv" = m."formula_ltv",
       "reporting_predicted_clv" = m."predicted_clv"
  FROM "accounts" a WHERE a."id" = m."account_id" AND a."currency" = 'EUR';
UPDATE "account_metrics" m SET "reporting_gap" = jsonb_build_object('currency', trim(a."currency"), 'orders', m."orders", 'asOf', true)
  FROM "accounts" a WHERE a."id" = m."account_id" AND a."currency" <> 'EUR';

INSERT INTO "fx_settings" ("id", "updated_at") VALUES (1, now());
