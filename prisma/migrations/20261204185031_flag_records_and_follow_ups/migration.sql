-- CreateEnum
CREATE TYPE "flag_state" AS ENUM ('open', 'acted', 'snoozed', 'dismissed', 'resolved');

-- CreateEnum
CREATE TYPE "follow_up_status" AS ENUM ('open', 'done');

-- AlterTable
ALTER TABLE "deals" ADD COLUMN     "contact_id" UUID,
ADD COLUMN     "flag_id" UUID;

-- CreateTable
CREATE TABLE "account_flags" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "current_key" TEXT,
    "state" "flag_state" NOT NULL DEFAULT 'open',
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "raised_score" DOUBLE PRECISION NOT NULL,
    "raised_value_at_stake" DECIMAL(14,2) NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "value_at_stake" DECIMAL(14,2) NOT NULL,
    "acted_at" TIMESTAMPTZ(3),
    "snoozed_until" DATE,
    "dismissed_at" TIMESTAMPTZ(3),
    "dismiss_reason" TEXT,
    "dismiss_note" TEXT,
    "dismissed_value_at_stake" DECIMAL(14,2),
    "resolved_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "account_flags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_flag_events" (
    "id" UUID NOT NULL,
    "flag_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "from_state" "flag_state",
    "to_state" "flag_state" NOT NULL,
    "actor_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "cause" TEXT,

    CONSTRAINT "account_flag_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow_ups" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "due_on" DATE NOT NULL,
    "status" "follow_up_status" NOT NULL DEFAULT 'open',
    "contact_id" UUID,
    "flag_id" UUID,
    "visit_id" UUID,
    "created_by_id" UUID,
    "done_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "follow_ups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_flags_account_id_closed_at_idx" ON "account_flags"("account_id", "closed_at");

-- CreateIndex
CREATE INDEX "account_flags_type_state_idx" ON "account_flags"("type", "state");

-- CreateIndex
CREATE UNIQUE INDEX "account_flags_account_id_current_key_key" ON "account_flags"("account_id", "current_key");

-- CreateIndex
CREATE INDEX "account_flag_events_flag_id_at_idx" ON "account_flag_events"("flag_id", "at");

-- CreateIndex
CREATE INDEX "account_flag_events_account_id_at_idx" ON "account_flag_events"("account_id", "at");

-- CreateIndex
CREATE INDEX "follow_ups_account_id_status_due_on_idx" ON "follow_ups"("account_id", "status", "due_on");

-- CreateIndex
CREATE INDEX "follow_ups_status_due_on_idx" ON "follow_ups"("status", "due_on");

-- CreateIndex
CREATE INDEX "follow_ups_flag_id_idx" ON "follow_ups"("flag_id");

-- CreateIndex
CREATE INDEX "deals_flag_id_idx" ON "deals"("flag_id");

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "account_flags"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_flags" ADD CONSTRAINT "account_flags_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_flag_events" ADD CONSTRAINT "account_flag_events_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "account_flags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "account_flags"("id") ON DELETE SET NULL ON UPDATE CASCADE;

