-- AlterTable
ALTER TABLE "model_fits" ADD COLUMN     "diagnostics" JSONB NOT NULL DEFAULT '{}';

