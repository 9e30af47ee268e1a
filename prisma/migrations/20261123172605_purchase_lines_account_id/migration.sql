-- DropForeignKey
ALTER TABLE "purchase_lines" DROP CONSTRAINT "purchase_lines_purchase_id_fkey";

-- DropIndex
DROP INDEX "purchase_lines_purchase_id_idx";

-- AlterTable (edited by hand: add, backfill from the purchase, then NOT NULL, so existing lines migrate)
ALTER TABLE "purchase_lines" ADD COLUMN     "account_id" UUID;
UPDATE "purchase_lines" l SET "account_id" = p."account_id" FROM "purchases" p WHERE p."id" = l."purchase_id";
ALTER TABLE "purchase_lines" ALTER COLUMN "account_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "purchase_lines_account_id_purchase_id_idx" ON "purchase_lines"("account_id", "purchase_id");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_account_id_id_key" ON "purchases"("account_id", "id");

-- AddForeignKey
ALTER TABLE "purchase_lines" ADD CONSTRAINT "purchase_lines_account_id_purchase_id_fkey" FOREIGN KEY ("account_id", "purchase_id") REFERENCES "purchases"("account_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Statistics for the new column and index now (added by hand).
ANALYZE "purchase_lines";
