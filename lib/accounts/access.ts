// Record-level authorization for anything hanging off an account (IDOR guard).
// A record the actor may not even read answers NotFound, so ids reveal nothing;
// one they may read but not change answers Forbidden.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { can, type Actor, type Entity, type Verb } from "@/lib/auth/permissions";
import { Forbidden, NotFound } from "@/lib/errors";

type Reader = Pick<PrismaClient, "account"> | Prisma.TransactionClient;

export async function accountFor(
  db: Reader,
  actor: Actor,
  accountId: string,
  verb: Verb,
  entity: Entity = "account",
) {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { id: true, ownerId: true, name: true, segment: true, currency: true, version: true },
  });
  if (!account || !can(actor, "read", entity, account)) throw new NotFound("No such account.");
  if (verb !== "read" && !can(actor, verb, entity, account)) {
    throw new Forbidden(`Your role may not ${verb} this ${entity}.`);
  }
  return account;
}
