// A reassigned account's open deals go to its new owner; won and lost deals keep the rep who
// worked them, so their revenue stays credited to them.
import type { Query } from "@/lib/db/sql";

export async function moveOpenDeals(query: Query, accountIds: string[], ownerId: string): Promise<void> {
  if (accountIds.length === 0) return;
  // One array parameter, whatever the number of accounts (bulk moves up to 5,000).
  await query(
    `UPDATE deals SET owner_id = $1::uuid, updated_at = now() WHERE account_id = ANY($2::uuid[]) AND stage NOT IN ('WON', 'LOST')`,
    [ownerId, accountIds],
  );
}
