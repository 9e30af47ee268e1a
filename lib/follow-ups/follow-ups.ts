// Creating, listing and closing follow-ups. A follow-up has no owner column: it belongs to
// whoever owns its account, so it moves with the account on reassignment, and every read
// and write is authorised on the account through accountFor/can().
import { getPrisma } from "@/lib/db/client";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { z } from "zod";
import { recordId } from "@/lib/http/ids";
import type { CreateFollowUpInput, ListFollowUpsQuery, UpdateFollowUpInput } from "./schema";
import { addDays, dateOfDay } from "@/lib/days";
import { appToday } from "@/lib/app-day";

export interface FollowUpView {
  id: string;
  accountId: string;
  accountName: string;
  title: string;
  dueOn: string;
  status: "open" | "done";
  contactId: string | null;
  flagId: string | null;
  version: number;
}

const INCLUDE = { account: { select: { name: true } } } as const;
type Row = Prisma.FollowUpGetPayload<{ include: typeof INCLUDE }>;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export function followUpView(row: Row): FollowUpView {
  return {
    id: row.id,
    accountId: row.accountId,
    accountName: row.account.name,
    title: row.title,
    dueOn: isoDay(row.dueOn),
    status: row.status,
    contactId: row.contactId,
    flagId: row.flagId,
    version: row.version,
  };
}

/**
 * Creates a follow-up inside the caller's transaction on an account the caller already
 * authorised; checks the contact and flag belong to the account (400 naming the field).
 */
export async function createFollowUpIn(
  tx: Prisma.TransactionClient,
  actor: Actor,
  accountId: string,
  input: { title: string; dueOn: Date; contactId?: string | null; flagId?: string | null; visitId?: string | null },
): Promise<FollowUpView> {
  if (input.contactId) {
    const contact = await tx.contact.findFirst({ where: { id: input.contactId, accountId }, select: { id: true } });
    if (!contact)
      throw new Invalid("Invalid body: contactId: no such contact on this account", [
        { field: "contactId", reason: "no such contact on this account" },
      ]);
  }
  if (input.flagId) {
    const flag = await tx.accountFlag.findFirst({ where: { id: input.flagId, accountId, closedAt: null }, select: { id: true } });
    if (!flag)
      throw new Invalid("Invalid body: flagId: no such flag on this account", [
        { field: "flagId", reason: "no such flag on this account" },
      ]);
  }
  const row = await tx.followUp.create({
    data: {
      accountId,
      title: input.title,
      dueOn: input.dueOn,
      contactId: input.contactId ?? null,
      flagId: input.flagId ?? null,
      visitId: input.visitId ?? null,
      createdById: actor.id,
    },
    include: INCLUDE,
  });
  return followUpView(row);
}

/**
 * Marks follow-ups of the account done inside the caller's transaction: the order or visit
 * being logged answered them. The caller holds the account's row lock and authorised the
 * actor to write on it; a follow-up belongs to whoever owns its account, so these are the
 * actor's. An id that is not a follow-up of this account (another rep's, another account's,
 * none at all) answers 400 naming `closeFollowUpIds.<index>`, and the caller's whole
 * transaction rolls back. One already done stays as it was.
 */
export async function closeFollowUpsIn(
  tx: Prisma.TransactionClient,
  accountId: string,
  ids: readonly string[],
  now: Date,
): Promise<FollowUpView[]> {
  if (ids.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<Array<{ id: string; status: string }>>(
    `SELECT id::text AS id, status::text AS status FROM follow_ups WHERE id = ANY($1::uuid[]) AND account_id = $2::uuid ORDER BY id FOR UPDATE`,
    [...ids],
    accountId,
  );
  const found = new Map(rows.map((row) => [row.id, row.status]));
  const issues = ids.flatMap((id, index) =>
    found.has(id) ? [] : [{ field: `closeFollowUpIds.${index}`, reason: "no such follow-up on this account" }],
  );
  if (issues.length > 0) throw new Invalid(`Invalid body: ${issues.map((i) => `${i.field}: ${i.reason}`).join("; ")}`, issues);
  const open = ids.filter((id) => found.get(id) === "open");
  if (open.length > 0) {
    await tx.followUp.updateMany({
      where: { id: { in: open }, status: "open" },
      data: { status: "done", doneAt: now, version: { increment: 1 }, updatedAt: now },
    });
  }
  const closed = await tx.followUp.findMany({
    where: { id: { in: [...ids] } },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    include: INCLUDE,
  });
  return closed.map(followUpView);
}

export async function createFollowUp(actor: Actor, input: CreateFollowUpInput): Promise<FollowUpView> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const account = await accountFor(tx, actor, input.accountId, "write", "follow_up");
    return createFollowUpIn(tx, actor, account.id, input);
  });
}

const cursorSchema = z.object({ dueOn: z.string(), id: recordId() });

export async function listFollowUps(
  actor: Actor,
  query: ListFollowUpsQuery,
  now = new Date(),
): Promise<{ items: FollowUpView[]; nextCursor: string | null }> {
  if (!can(actor, "read", "follow_up")) throw new Forbidden("Your role may not read follow-ups.");
  const prisma = await getPrisma();
  const scope = accountOwnerFilter(actor);
  const filters: Prisma.FollowUpWhereInput[] = [{ status: query.status }];
  // A rep's scope is their own accounts whatever ownerId says; another rep's id finds nothing.
  if (scope) filters.push({ account: { ownerId: scope } });
  if (query.ownerId) filters.push({ account: { ownerId: query.ownerId } });
  if (query.accountId) filters.push({ accountId: query.accountId });
  // Days as the business counts them (APP_TIME_ZONE), compared with the due_on date column.
  const todayDay = appToday(now);
  const today = dateOfDay(todayDay);
  if (query.due === "overdue") filters.push({ dueOn: { lt: today } });
  if (query.due === "today") filters.push({ dueOn: today });
  if (query.due === "week") filters.push({ dueOn: { gte: today, lt: dateOfDay(addDays(todayDay, 7)) } });
  if (query.cursor) {
    const after = decodeCursor(query.cursor, cursorSchema);
    const dueOn = new Date(`${after.dueOn}T00:00:00.000Z`);
    filters.push({ OR: [{ dueOn: { gt: dueOn } }, { dueOn, id: { gt: after.id } }] });
  }
  const rows = await prisma.followUp.findMany({
    where: { AND: filters },
    orderBy: [{ dueOn: "asc" }, { id: "asc" }],
    take: query.limit + 1,
    include: INCLUDE,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(followUpView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ dueOn: isoDay(last.dueOn), id: last.id }) : null,
  };
}

export async function updateFollowUp(actor: Actor, followUpId: string, input: UpdateFollowUpInput): Promise<FollowUpView> {
  const prisma = await getPrisma();
  const existing = await prisma.followUp.findFirst({ where: { id: followUpId }, select: { accountId: true, status: true } });
  if (!existing) throw new NotFound("No such follow-up.");
  try {
    await accountFor(prisma, actor, existing.accountId, "write", "follow_up");
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound("No such follow-up.");
    throw error;
  }
  const { count } = await prisma.followUp.updateMany({
    where: { id: followUpId, version: input.version },
    data: {
      status: input.status,
      ...(input.status !== existing.status ? { doneAt: input.status === "done" ? new Date() : null } : {}),
      ...(input.dueOn ? { dueOn: input.dueOn } : {}),
      ...(input.title ? { title: input.title } : {}),
      version: { increment: 1 },
      updatedAt: new Date(),
    },
  });
  const current = await prisma.followUp.findFirst({ where: { id: followUpId }, include: INCLUDE });
  if (!current) throw new NotFound("No such follow-up.");
  if (count === 0)
    throw new Conflict("Someone changed this follow-up since you opened it; here is the current version.", followUpView(current));
  return followUpView(current);
}
