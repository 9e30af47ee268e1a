-- AlterTable (deals.contact_id and its key come with 20261204185031_flag_records_and_follow_ups)
ALTER TABLE "deals" ADD COLUMN     "lost_reason" TEXT,
ADD COLUMN     "notes" TEXT;

-- CreateTable
CREATE TABLE "stage_probabilities" (
    "stage" "DealStage" NOT NULL,
    "probability" INTEGER NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stage_probabilities_pkey" PRIMARY KEY ("stage")
);

