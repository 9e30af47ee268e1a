-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('REP', 'MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('ACTIVE', 'PROSPECT', 'CHURNED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "DecisionRole" AS ENUM ('DECISION_MAKER', 'INFLUENCER', 'USER', 'GATEKEEPER', 'OTHER');

-- CreateEnum
CREATE TYPE "DealStage" AS ENUM ('LEAD', 'QUALIFIED', 'PROPOSAL', 'NEGOTIATION', 'WON', 'LOST');

-- CreateEnum
CREATE TYPE "DealType" AS ENUM ('NEW', 'UPSELL', 'CROSS_SELL', 'RENEWAL');

-- CreateEnum
CREATE TYPE "VisitType" AS ENUM ('VISIT', 'CALL', 'EMAIL', 'MEETING');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'REP',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "password_hash" TEXT NOT NULL,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "external_id" TEXT,
    "name" TEXT NOT NULL,
    "owner_id" UUID NOT NULL,
    "segment" TEXT NOT NULL,
    "industry" TEXT,
    "region" TEXT,
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "acquired_at" DATE NOT NULL,
    "acquisition_channel" TEXT,
    "acquisition_cost_override" DECIMAL(14,2),
    "status" "AccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "external_id" TEXT,
    "name" TEXT NOT NULL,
    "title" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "decision_role" "DecisionRole" NOT NULL DEFAULT 'OTHER',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "categories" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category_id" UUID NOT NULL,
    "tier_rank" INTEGER,
    "tier_name" TEXT,
    "list_price" DECIMAL(14,2) NOT NULL,
    "unit_cost" DECIMAL(14,2) NOT NULL,
    "replenishment_days" INTEGER,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deals" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "stage" "DealStage" NOT NULL DEFAULT 'LEAD',
    "type" "DealType" NOT NULL DEFAULT 'NEW',
    "amount" DECIMAL(14,2) NOT NULL,
    "probability" INTEGER NOT NULL DEFAULT 10,
    "expected_close_at" DATE,
    "closed_at" TIMESTAMPTZ(3),
    "product_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchases" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "external_id" TEXT,
    "purchased_at" TIMESTAMPTZ(3) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,
    "gross_profit" DECIMAL(14,2) NOT NULL,
    "logged_by_id" UUID NOT NULL,
    "deal_id" UUID,
    "idempotency_key" TEXT,
    "idempotency_hash" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchase_lines" (
    "id" UUID NOT NULL,
    "purchase_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" DECIMAL(14,2) NOT NULL,
    "unit_cost" DECIMAL(14,2) NOT NULL,
    "line_total" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "purchase_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "visits" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "contact_id" UUID,
    "rep_id" UUID NOT NULL,
    "type" "VisitType" NOT NULL DEFAULT 'VISIT',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "outcome" TEXT,
    "notes" TEXT,
    "next_step" TEXT,
    "idempotency_key" TEXT,
    "idempotency_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "visits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cost_settings" (
    "id" UUID NOT NULL,
    "segment" TEXT,
    "effective_from" TIMESTAMPTZ(3) NOT NULL,
    "acquisition_cost" DECIMAL(14,2) NOT NULL,
    "retention_cost_per_year" DECIMAL(14,2) NOT NULL,
    "gross_margin" DECIMAL(6,4) NOT NULL,
    "discount_rate_yearly" DECIMAL(6,4) NOT NULL,
    "horizon_months" INTEGER NOT NULL,
    "lifespan_cap_years" DECIMAL(6,2) NOT NULL,
    "default_lifespan_years" DECIMAL(6,2) NOT NULL,
    "flag_thresholds" JSONB NOT NULL DEFAULT '{}',
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cost_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_metrics" (
    "account_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "gross_profit" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "first_purchase_at" TIMESTAMPTZ(3),
    "last_purchase_at" TIMESTAMPTZ(3),
    "last_visit_at" TIMESTAMPTZ(3),
    "average_order_value" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "purchases_per_year" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lifespan_years" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "historical_ltv" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "revenue_ltv" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "formula_ltv" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "predicted_clv" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "p_alive" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "expected_purchases" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "flags" JSONB NOT NULL DEFAULT '[]',
    "attention_score" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "churn_risk" BOOLEAN NOT NULL DEFAULT false,
    "model_fit_id" UUID,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_metrics_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "model_fits" (
    "id" UUID NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "unit" TEXT NOT NULL,
    "customers" INTEGER NOT NULL,
    "bgnbd" JSONB NOT NULL,
    "gamma_gamma" JSONB,
    "log_likelihood" DOUBLE PRECISION NOT NULL,
    "portfolio" JSONB NOT NULL DEFAULT '{}',
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_fits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_external_id_key" ON "accounts"("external_id");

-- CreateIndex
CREATE INDEX "accounts_owner_id_name_idx" ON "accounts"("owner_id", "name");

-- CreateIndex
CREATE INDEX "accounts_segment_idx" ON "accounts"("segment");

-- CreateIndex
CREATE INDEX "accounts_name_idx" ON "accounts"("name");

-- CreateIndex
CREATE UNIQUE INDEX "contacts_external_id_key" ON "contacts"("external_id");

-- CreateIndex
CREATE INDEX "contacts_account_id_idx" ON "contacts"("account_id");

-- CreateIndex
CREATE INDEX "contacts_email_idx" ON "contacts"("email");

-- CreateIndex
CREATE UNIQUE INDEX "categories_name_key" ON "categories"("name");

-- CreateIndex
CREATE UNIQUE INDEX "products_sku_key" ON "products"("sku");

-- CreateIndex
CREATE INDEX "products_category_id_tier_rank_idx" ON "products"("category_id", "tier_rank");

-- CreateIndex
CREATE INDEX "deals_account_id_idx" ON "deals"("account_id");

-- CreateIndex
CREATE INDEX "deals_owner_id_stage_idx" ON "deals"("owner_id", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_external_id_key" ON "purchases"("external_id");

-- CreateIndex
CREATE INDEX "purchases_account_id_purchased_at_idx" ON "purchases"("account_id", "purchased_at");

-- CreateIndex
CREATE INDEX "purchases_purchased_at_idx" ON "purchases"("purchased_at");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_logged_by_id_idempotency_key_key" ON "purchases"("logged_by_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "purchase_lines_purchase_id_idx" ON "purchase_lines"("purchase_id");

-- CreateIndex
CREATE INDEX "purchase_lines_product_id_idx" ON "purchase_lines"("product_id");

-- CreateIndex
CREATE INDEX "visits_account_id_occurred_at_idx" ON "visits"("account_id", "occurred_at");

-- CreateIndex
CREATE INDEX "visits_rep_id_occurred_at_idx" ON "visits"("rep_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "visits_rep_id_idempotency_key_key" ON "visits"("rep_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "cost_settings_segment_effective_from_idx" ON "cost_settings"("segment", "effective_from" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_historical_ltv_account_id_idx" ON "account_metrics"("historical_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_formula_ltv_account_id_idx" ON "account_metrics"("formula_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_predicted_clv_account_id_idx" ON "account_metrics"("predicted_clv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_p_alive_account_id_idx" ON "account_metrics"("p_alive" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_historical_ltv_account_id_idx" ON "account_metrics"("owner_id", "historical_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_formula_ltv_account_id_idx" ON "account_metrics"("owner_id", "formula_ltv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_predicted_clv_account_id_idx" ON "account_metrics"("owner_id", "predicted_clv" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_p_alive_account_id_idx" ON "account_metrics"("owner_id", "p_alive" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "account_metrics_owner_id_attention_score_account_id_idx" ON "account_metrics"("owner_id", "attention_score" DESC, "account_id" DESC);

-- CreateIndex
CREATE INDEX "model_fits_created_at_idx" ON "model_fits"("created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at" DESC);

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "audit_log"("entity_type", "entity_id");

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "products" ADD CONSTRAINT "products_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_logged_by_id_fkey" FOREIGN KEY ("logged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_deal_id_fkey" FOREIGN KEY ("deal_id") REFERENCES "deals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_lines" ADD CONSTRAINT "purchase_lines_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "purchases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_lines" ADD CONSTRAINT "purchase_lines_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visits" ADD CONSTRAINT "visits_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visits" ADD CONSTRAINT "visits_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visits" ADD CONSTRAINT "visits_rep_id_fkey" FOREIGN KEY ("rep_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cost_settings" ADD CONSTRAINT "cost_settings_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_metrics" ADD CONSTRAINT "account_metrics_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

