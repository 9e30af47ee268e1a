-- DropIndex
DROP INDEX "account_move_items_account_id_seq_idx";

-- AlterTable
ALTER TABLE "account_move_items" DROP CONSTRAINT "account_move_items_pkey",
ADD CONSTRAINT "account_move_items_pkey" PRIMARY KEY ("account_id", "seq");

