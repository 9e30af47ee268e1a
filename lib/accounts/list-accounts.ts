// "My accounts" / all accounts list: keyset-paged by (name, id), filtered by the
// actor's scope (reps see only their own accounts).
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { accountOwnerFilter, type Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";

export const listAccountsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    segment: z.string().trim().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListAccountsQuery = z.infer<typeof listAccountsQuery>;

const cursorSchema = z.object({ name: z.string(), id: recordId() });

export interface AccountListItem {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  segment: string;
  region: string | null;
  industry: string | null;
  status: string;
  currency: string;
  metrics: {
    revenue: number;
    orders: number;
    formulaLtv: number;
    predictedClv: number;
    pAlive: number;
    lastPurchaseAt: string | null;
    flagTypes: string[];
  } | null;
}

export async function listAccounts(
  actor: Actor,
  query: ListAccountsQuery,
  opts: { onlyOwn?: boolean } = {},
): Promise<{ items: AccountListItem[]; nextCursor: string | null }> {
  const prisma = await getPrisma();
  // "My accounts" narrows a manager's or admin's view to their own book too.
  const ownerId = opts.onlyOwn ? actor.id : accountOwnerFilter(actor);
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const where: Prisma.AccountWhereInput = {
    ...(ownerId ? { ownerId } : {}),
    ...(query.segment ? { segment: query.segment } : {}),
    ...(query.q ? { name: { contains: query.q, mode: "insensitive" } } : {}),
    ...(after
      ? { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] }
      : {}),
  };
  const rows = await prisma.account.findMany({
    where,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    include: { owner: { select: { name: true } }, metrics: true },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((account) => ({
      id: account.id,
      name: account.name,
      ownerId: account.ownerId,
      ownerName: account.owner.name,
      segment: account.segment,
      region: account.region,
      industry: account.industry,
      status: account.status,
      currency: account.currency,
      metrics: account.metrics
        ? {
            revenue: account.metrics.revenue.toNumber(),
            orders: account.metrics.orders,
            formulaLtv: account.metrics.formulaLtv.toNumber(),
            predictedClv: account.metrics.predictedClv.toNumber(),
            pAlive: account.metrics.pAlive,
            lastPurchaseAt: account.metrics.lastPurchaseAt?.toISOString() ?? null,
            flagTypes: flagTypesOf(account.metrics.flags),
          }
        : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null,
  };
}

function flagTypesOf(flags: unknown): string[] {
  return Array.isArray(flags) ? flags.map((f) => String((f as { type?: unknown }).type)) : [];
}
