// An account's order history, newest first, keyset-paged by (purchasedAt, id).
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";
import { purchaseView, PURCHASE_INCLUDE, type PurchaseView } from "./purchase-view";
import type { listPurchasesQuery } from "./schema";

const cursorSchema = z.object({ at: z.string(), id: recordId() });

export async function listPurchases(
  actor: Actor,
  query: z.infer<typeof listPurchasesQuery>,
): Promise<{ items: PurchaseView[]; nextCursor: string | null }> {
  const prisma = await getPrisma();
  await accountFor(prisma, actor, query.accountId, "read", "purchase");
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const rows = await prisma.purchase.findMany({
    where: {
      accountId: query.accountId,
      ...(after ? { OR: [{ purchasedAt: { lt: new Date(after.at) } }, { purchasedAt: new Date(after.at), id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ purchasedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: PURCHASE_INCLUDE,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(purchaseView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.purchasedAt.toISOString(), id: last.id }) : null,
  };
}
