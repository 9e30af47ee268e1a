// An account's activity timeline (visits, calls, e-mails, meetings), newest first,
// keyset-paged by (occurredAt, id).
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { VisitType } from "@/lib/generated/prisma/enums";
import type { ListVisitsQuery } from "./schema";

export const VISIT_INCLUDE = {
  contact: { select: { name: true } },
  rep: { select: { name: true } },
} satisfies Prisma.VisitInclude;

type VisitWithNames = Prisma.VisitGetPayload<{ include: typeof VISIT_INCLUDE }>;

export interface VisitView {
  id: string;
  accountId: string;
  contactId: string | null;
  contactName: string | null;
  repId: string;
  repName: string;
  type: VisitType;
  occurredAt: string;
  outcome: string | null;
  notes: string | null;
  nextStep: string | null;
  createdAt: string;
}

export function visitView(visit: VisitWithNames): VisitView {
  return {
    id: visit.id,
    accountId: visit.accountId,
    contactId: visit.contactId,
    contactName: visit.contact?.name ?? null,
    repId: visit.repId,
    repName: visit.rep.name,
    type: visit.type,
    occurredAt: visit.occurredAt.toISOString(),
    outcome: visit.outcome,
    notes: visit.notes,
    nextStep: visit.nextStep,
    createdAt: visit.createdAt.toISOString(),
  };
}

const cursorSchema = z.object({ at: z.string(), id: recordId() });

export async function listVisits(actor: Actor, query: ListVisitsQuery): Promise<{ items: VisitView[]; nextCursor: string | null }> {
  const prisma = await getPrisma();
  await accountFor(prisma, actor, query.accountId, "read", "visit");
  const after = query.cursor ? decodeCursor(query.cursor, cursorSchema) : null;
  const rows = await prisma.visit.findMany({
    where: {
      accountId: query.accountId,
      ...(after ? { OR: [{ occurredAt: { lt: new Date(after.at) } }, { occurredAt: new Date(after.at), id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: VISIT_INCLUDE,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(visitView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : null,
  };
}
