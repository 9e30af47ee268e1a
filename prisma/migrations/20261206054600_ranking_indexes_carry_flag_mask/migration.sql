-- DropIndex
DROP INDEX "account_metrics_p_alive_account_id_search_name_idx";

-- DropIndex
DROP INDEX "account_metrics_reporting_formula_ltv_account_id_search_nam_idx";

-- DropIndex
DROP INDEX "account_metrics_reporting_historical_ltv_account_id_search__idx";

-- DropIndex
DROP INDEX "account_metrics_reporting_predicted_clv_account_id_search_n_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_p_alive_account_id_search_name_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_reporting_formula_ltv_account_id_se_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_reporting_historical_ltv_account_id_idx";

-- DropIndex
DROP INDEX "account_metrics_segment_reporting_predicted_clv_account_id__idx";

-- CreateIndex
CREATE INDEX "account_metrics_reporting_historical_ltv_account_id_search__idx" ON "account_metrics"("reporting_historical_ltv" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_reporting_formula_ltv_account_id_search_nam_idx" ON "account_metrics"("reporting_formula_ltv" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_reporting_predicted_clv_account_id_search_n_idx" ON "account_metrics"("reporting_predicted_clv" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_p_alive_account_id_search_name_flag_mask_idx" ON "account_metrics"("p_alive" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_segment_reporting_historical_ltv_account_id_idx" ON "account_metrics"("segment", "reporting_historical_ltv" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_segment_reporting_formula_ltv_account_id_se_idx" ON "account_metrics"("segment", "reporting_formula_ltv" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_segment_reporting_predicted_clv_account_id__idx" ON "account_metrics"("segment", "reporting_predicted_clv" DESC, "account_id" DESC, "search_name", "flag_mask");

-- CreateIndex
CREATE INDEX "account_metrics_segment_p_alive_account_id_search_name_flag_idx" ON "account_metrics"("segment", "p_alive" DESC, "account_id" DESC, "search_name", "flag_mask");

