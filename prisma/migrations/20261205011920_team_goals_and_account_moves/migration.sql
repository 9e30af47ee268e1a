-- CreateTable
CREATE TABLE "rep_goals" (
    "rep_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "goal_cents" INTEGER NOT NULL,
    "updated_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rep_goals_pkey" PRIMARY KEY ("rep_id","month")
);

-- CreateTable
CREATE TABLE "account_moves" (
    "id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "undo_of_id" UUID,
    "undone_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_moves_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_move_items" (
    "seq" BIGSERIAL NOT NULL,
    "move_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "from_owner_id" UUID NOT NULL,
    "to_owner_id" UUID NOT NULL,

    CONSTRAINT "account_move_items_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "rep_goals_month_idx" ON "rep_goals"("month");

-- CreateIndex
CREATE INDEX "account_move_items_move_id_idx" ON "account_move_items"("move_id");

-- CreateIndex
CREATE INDEX "account_move_items_account_id_seq_idx" ON "account_move_items"("account_id", "seq");

-- AddForeignKey
ALTER TABLE "rep_goals" ADD CONSTRAINT "rep_goals_rep_id_fkey" FOREIGN KEY ("rep_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_move_items" ADD CONSTRAINT "account_move_items_move_id_fkey" FOREIGN KEY ("move_id") REFERENCES "account_moves"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_move_items" ADD CONSTRAINT "account_move_items_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What lib/team-goals/schema.ts allows (Prisma cannot declare CHECKs): a month is stored as its
-- first day, and a goal is 0 to 10,000,000.00 in cents.
ALTER TABLE "rep_goals" ADD CONSTRAINT "rep_goals_month_first_day" CHECK (extract(day FROM "month") = 1),
ADD CONSTRAINT "rep_goals_goal_range" CHECK ("goal_cents" BETWEEN 0 AND 1000000000);
