-- AlterTable
ALTER TABLE "deals" ADD COLUMN     "contact_id" UUID,
ADD COLUMN     "lost_reason" TEXT,
ADD COLUMN     "notes" TEXT;

-- CreateTable
CREATE TABLE "stage_probabilities" (
    "stage" "DealStage" NOT NULL,
    "probability" INTEGER NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stage_probabilities_pkey" PRIMARY KEY ("stage")
);

-- AddForeignKey
ALTER TABLE "deals" ADD CONSTRAINT "deals_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

