-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "accounts_name_trgm_idx" ON "accounts" USING GIN ("name" gin_trgm_ops);

