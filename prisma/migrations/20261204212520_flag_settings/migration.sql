-- CreateTable
CREATE TABLE "flag_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "dismiss_days" INTEGER NOT NULL,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flag_settings_pkey" PRIMARY KEY ("id")
);


-- One row, and a window the schema in lib/flag-records/schema.ts allows (Prisma cannot declare CHECKs).
ALTER TABLE "flag_settings" ADD CONSTRAINT "flag_settings_one_row" CHECK ("id" = 1),
ADD CONSTRAINT "flag_settings_dismiss_days_range" CHECK ("dismiss_days" BETWEEN 1 AND 365);
