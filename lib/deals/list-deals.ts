// Deals for one account, or for the pipeline board: every deal on the accounts
// the actor may read (a rep's own accounts; all for managers and admins).
// Most recently changed first, keyset-paged by (updatedAt, id): a deal just
// moved shows at the top of its new column.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Forbidden } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DealStage, DealType } from "@/lib/generated/prisma/enums";
import type { ListDealsQuery, LostReason } from "./schema";

export const DEAL_INCLUDE = {
  account: { select: { name: true, ownerId: true, currency: true } },
  owner: { select: { name: true } },
  product: { select: { name: true } },
  contact: { select: { name: true } },
} satisfies Prisma.DealInclude;

export type DealWithAccount = Prisma.DealGetPayload<{ include: typeof DEAL_INCLUDE }>;

export interface DealView {
  id: string;
  accountId: string;
  accountName: string;
  ownerId: string;
  ownerName: string;
  title: string;
  stage: DealStage;
  type: DealType;
  amount: number;
  currency: string;
  probability: number;
  expectedCloseAt: string | null;
  closedAt: string | null;
  productId: string | null;
  productName: string | null;
  /** The upsell or cross-sell flag the deal was opened from. */
  flagId: string | null;
  contactId: string | null;
  contactName: string | null;
  notes: string | null;
  lostReason: LostReason | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** May this actor change it? The client only hides controls; the server decides. */
  canWrite: boolean;
}

export function dealView(deal: DealWithAccount, actor: Actor): DealView {
  return {
    id: deal.id,
    accountId: deal.accountId,
    accountName: deal.account.name,
    ownerId: deal.ownerId,
    ownerName: deal.owner.name,
    title: deal.title,
    stage: deal.stage,
    type: deal.type,
    amount: deal.amount.toNumber(),
    currency: deal.account.currency,
    probability: deal.probability,
    expectedCloseAt: deal.expectedCloseAt?.toISOString().slice(0, 10) ?? null,
    closedAt: deal.closedAt?.toISOString() ?? null,
    productId: deal.productId,
    productName: deal.product?.name ?? null,
    flagId: deal.flagId,
    contactId: deal.contactId,
    contactName: deal.contact?.name ?? null,
    notes: deal.notes,
    lostReason: (deal.lostReason as LostReason | null) ?? null,
    version: deal.version,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
    canWrite: can(actor, "write", "deal", { ownerId: deal.account.ownerId }),
  };
}

const cursorSchema = z.object({ at: z.string(), id: recordId() });

export async function listDeals(actor: Actor, query: ListDealsQuery): Promise<{ items: DealView[]; nextCursor: string | null }> {
  const prisma = await getPrisma();
  let scope: Prisma.DealWhereInput;
  if (query.accountId) {
    await accountFor(prisma, actor, query.accountId, "read", "deal");
    scope = { accountId: query.accountId };
  } else {
    if (!can(actor, "read", "deal")) throw new Forbidden("Your role may not read deals.");
    const ownerId = accountOwnerFilter(actor);
    // Scope by the account's owner (not deal.ownerId): a rep sees every deal on the accounts they own.
    scope = ownerId ? { account: { ownerId } } : {};
  }
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const rows = await prisma.deal.findMany({
    where: {
      AND: [
        scope,
        query.stage ? { stage: query.stage } : {},
        query.open === "true" ? { stage: { notIn: ["WON", "LOST"] } } : query.open === "false" ? { stage: { in: ["WON", "LOST"] } } : {},
        after ? { OR: [{ updatedAt: { lt: new Date(after.at) } }, { updatedAt: new Date(after.at), id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: DEAL_INCLUDE,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((deal) => dealView(deal, actor)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.updatedAt.toISOString(), id: last.id }) : null,
  };
}
