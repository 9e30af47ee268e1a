// Record-level authorization for anything hanging off an account (IDOR guard).
// A record the actor may not even read answers NotFound, so ids reveal nothing;
// one they may read but not change answers Forbidden.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { can, type Actor, type Entity, type Verb } from "@/lib/auth/permissions";
import { Forbidden, NotFound } from "@/lib/errors";

type Reader = Pick<PrismaClient, "$queryRawUnsafe"> | Prisma.TransactionClient;

interface AccessedAccount {
  id: string;
  ownerId: string;
  name: string;
  segment: string;
  currency: string;
  version: number;
}

/**
 * The account, if the actor may `verb` it (else NotFound / Forbidden). With `lock`,
 * also takes the account's row lock (FOR UPDATE) for the caller's transaction.
 * Raw SQL on purpose: it runs on every request, and a raw statement costs a fraction
 * of a Prisma model query with the query-compiler engine (docs/performance.md).
 */
export async function accountFor(
  db: Reader,
  actor: Actor,
  accountId: string,
  verb: Verb,
  entity: Entity = "account",
  opts: { lock?: boolean } = {},
): Promise<AccessedAccount> {
  const [account] = await db.$queryRawUnsafe<AccessedAccount[]>(
    `SELECT id::text AS id, owner_id::text AS "ownerId", name, segment, currency, version
       FROM accounts WHERE id = $1::uuid${opts.lock ? " FOR UPDATE" : ""}`,
    accountId,
  );
  return mayAccess(actor, account, verb, entity);
}

/**
 * The same rule for an account the caller has read itself (the account page reads it with its
 * metrics in one statement): `account` is null or undefined when no row was found.
 */
export function mayAccess<T extends { ownerId: string }>(
  actor: Actor,
  account: T | null | undefined,
  verb: Verb,
  entity: Entity = "account",
): T {
  if (!account || !can(actor, "read", entity, account)) throw new NotFound("No such account.");
  if (verb !== "read" && !can(actor, verb, entity, account)) {
    throw new Forbidden(`Your role may not ${verb} this ${entity}.`);
  }
  return account;
}
