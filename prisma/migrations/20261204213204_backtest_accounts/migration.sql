-- CreateTable
CREATE TABLE "backtest_accounts" (
    "job_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "p_no_order" DOUBLE PRECISION NOT NULL,
    "observed_orders" INTEGER NOT NULL,
    "bin" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL,
    "flags" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "backtest_accounts_pkey" PRIMARY KEY ("job_id","account_id")
);

-- CreateIndex
CREATE INDEX "backtest_accounts_job_id_bin_idx" ON "backtest_accounts"("job_id", "bin");

-- AddForeignKey
ALTER TABLE "backtest_accounts" ADD CONSTRAINT "backtest_accounts_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

