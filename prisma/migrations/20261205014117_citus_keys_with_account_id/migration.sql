-- DropForeignKey (by hand: it depends on purchases_account_id_id_key, which the new primary key replaces; added back below)
ALTER TABLE "purchase_lines" DROP CONSTRAINT "purchase_lines_account_id_purchase_id_fkey";

-- DropForeignKey
ALTER TABLE "account_flag_events" DROP CONSTRAINT "account_flag_events_flag_id_fkey";

-- DropForeignKey
ALTER TABLE "deals" DROP CONSTRAINT "deals_contact_id_fkey";

-- DropForeignKey
ALTER TABLE "deals" DROP CONSTRAINT "deals_flag_id_fkey";

-- DropForeignKey
ALTER TABLE "follow_ups" DROP CONSTRAINT "follow_ups_contact_id_fkey";

-- DropForeignKey
ALTER TABLE "follow_ups" DROP CONSTRAINT "follow_ups_flag_id_fkey";

-- DropForeignKey
ALTER TABLE "purchases" DROP CONSTRAINT "purchases_deal_id_fkey";

-- DropForeignKey
ALTER TABLE "visits" DROP CONSTRAINT "visits_contact_id_fkey";

-- Written by hand: references across accounts (which the new keys refuse) are cleared first, and
-- every flag event carries its flag's account. The app never made such rows; this keeps the
-- migration safe on any data.
UPDATE "account_flag_events" e SET "account_id" = f."account_id" FROM "account_flags" f WHERE f."id" = e."flag_id" AND e."account_id" <> f."account_id";
UPDATE "deals" d SET "contact_id" = NULL WHERE d."contact_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "contacts" c WHERE c."account_id" = d."account_id" AND c."id" = d."contact_id");
UPDATE "deals" d SET "flag_id" = NULL WHERE d."flag_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "account_flags" f WHERE f."account_id" = d."account_id" AND f."id" = d."flag_id");
UPDATE "purchases" p SET "deal_id" = NULL WHERE p."deal_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "deals" d WHERE d."account_id" = p."account_id" AND d."id" = p."deal_id");
UPDATE "visits" v SET "contact_id" = NULL WHERE v."contact_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "contacts" c WHERE c."account_id" = v."account_id" AND c."id" = v."contact_id");
UPDATE "follow_ups" u SET "contact_id" = NULL WHERE u."contact_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "contacts" c WHERE c."account_id" = u."account_id" AND c."id" = u."contact_id");
UPDATE "follow_ups" u SET "flag_id" = NULL WHERE u."flag_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "account_flags" f WHERE f."account_id" = u."account_id" AND f."id" = u."flag_id");

-- DropIndex
DROP INDEX "purchases_account_id_id_key";

-- DropIndex
DROP INDEX "purchases_logged_by_id_idempotency_key_key";

-- DropIndex
DROP INDEX "visits_rep_id_idempotency_key_key";

-- AlterTable
ALTER TABLE "account_flag_events" DROP CONSTRAINT "account_flag_events_pkey",
ADD CONSTRAINT "account_flag_events_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "account_flags" DROP CONSTRAINT "account_flags_pkey",
ADD CONSTRAINT "account_flags_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_pkey",
ADD CONSTRAINT "contacts_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "deals" DROP CONSTRAINT "deals_pkey",
ADD CONSTRAINT "deals_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "emails" DROP CONSTRAINT "emails_pkey",
ADD CONSTRAINT "emails_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "follow_ups" DROP CONSTRAINT "follow_ups_pkey",
ADD CONSTRAINT "follow_ups_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "purchase_lines" DROP CONSTRAINT "purchase_lines_pkey",
ADD CONSTRAINT "purchase_lines_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "purchases" DROP CONSTRAINT "purchases_pkey",
ADD CONSTRAINT "purchases_pkey" PRIMARY KEY ("account_id", "id");

-- AlterTable
ALTER TABLE "visits" DROP CONSTRAINT "visits_pkey",
ADD CONSTRAINT "visits_pkey" PRIMARY KEY ("account_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "purchases_account_id_logged_by_id_idempotency_key_key" ON "purchases"("account_id", "logged_by_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "visits_account_id_rep_id_idempotency_key_key" ON "visits"("account_id", "rep_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_account_id_flag_id_fkey" FOREIGN KEY ("account_id", "flag_id") REFERENCES "account_flags"("account_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_account_id_contact_id_fkey" FOREIGN KEY ("account_id", "contact_id") REFERENCES "contacts"("account_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchases" ADD CONSTRAINT "purchases_account_id_deal_id_fkey" FOREIGN KEY ("account_id", "deal_id") REFERENCES "deals"("account_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "visits" ADD CONSTRAINT "visits_account_id_contact_id_fkey" FOREIGN KEY ("account_id", "contact_id") REFERENCES "contacts"("account_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_flag_events" ADD CONSTRAINT "account_flag_events_account_id_flag_id_fkey" FOREIGN KEY ("account_id", "flag_id") REFERENCES "account_flags"("account_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_account_id_contact_id_fkey" FOREIGN KEY ("account_id", "contact_id") REFERENCES "contacts"("account_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_account_id_flag_id_fkey" FOREIGN KEY ("account_id", "flag_id") REFERENCES "account_flags"("account_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey (by hand, as it was: now served by purchases' primary key)
ALTER TABLE "purchase_lines" ADD CONSTRAINT "purchase_lines_account_id_purchase_id_fkey" FOREIGN KEY ("account_id", "purchase_id") REFERENCES "purchases"("account_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
