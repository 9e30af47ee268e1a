// What moves with an account when its owner changes, for the single reassign
// (updateAccount) and the bulk one (reassignAccounts) alike: the metrics row's
// owner_id copy (the rep's ranking index) and the account's open deals. Won and
// lost deals keep the rep who worked them, so their revenue stays credited to them.
import type { Prisma } from "@/lib/generated/prisma/client";
import { transactionQuery } from "@/lib/db/sql";
import { setMetricsOwner } from "@/lib/metrics/rollups";
import { moveOpenDeals } from "@/lib/deals/owner";

export async function followAccountOwner(tx: Prisma.TransactionClient, accountIds: string[], ownerId: string): Promise<void> {
  if (accountIds.length === 0) return;
  await setMetricsOwner(transactionQuery(tx), accountIds, ownerId);
  await moveOpenDeals(transactionQuery(tx), accountIds, ownerId);
}
