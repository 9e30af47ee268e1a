// A rep's actions on flags (snooze, dismiss) and the automatic "acted" that logging a
// visit, order, deal or e-mail records. Authorization through accountFor/can() on the
// flag's account: another rep's flag answers 404.
import { getPrisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";
import type { FlagType } from "@/lib/flags/types";
import { actOnFlag, dismissFlag, effectiveState, snoozeFlag, type DismissReason, type FlagRecord, type Transition } from "./machine";
import { insertFlagEvents, loadCurrentFlags, loadFlag, updateFlag, type Query } from "./store";
import { flagView, type FlagView } from "./flag-views";
import { startOfDayInZone } from "@/lib/days";
import { appTimeZone } from "@/lib/app-day";

export const txQuery =
  (tx: Prisma.TransactionClient): Query =>
  (sql, params) =>
    tx.$queryRawUnsafe(sql, ...params) as Promise<Array<Record<string, unknown>>>;

/** The flags that logging contact or an order answers: the account's open churn-risk and replenishment flags. */
export const FLAGS_ACTED_BY_CONTACT: readonly FlagType[] = ["churn_risk", "replenishment"];

/**
 * Marks the account's open flags of these types acted (inside the caller's transaction,
 * after its metrics recompute synced the records). Returns the flags changed.
 */
export async function markAccountFlagsActed(
  query: Query,
  accountId: string,
  types: readonly FlagType[],
  now: Date,
  actorId: string | null,
  cause: string,
): Promise<FlagRecord[]> {
  const changed: FlagRecord[] = [];
  for (const record of await loadCurrentFlags(query, [accountId])) {
    if (!types.includes(record.type) || effectiveState(record, now) !== "open") continue;
    const result = actOnFlag(record, now, actorId, cause);
    if (!("record" in result)) continue;
    await updateFlag(query, result.record);
    await insertFlagEvents(query, [result.event]);
    changed.push(result.record);
  }
  return changed;
}

/**
 * Marks one flag of the account acted (a deal or e-mail about it). The flag must be the
 * account's and of one of `types`; else 400 naming `field`. A flag already acted stays so.
 */
export async function markFlagActed(
  query: Query,
  accountId: string,
  flagId: string,
  types: readonly FlagType[],
  now: Date,
  actorId: string,
  cause: string,
  field = "flagId",
): Promise<FlagRecord> {
  const record = await loadFlag(query, flagId, { lock: true });
  const reason =
    !record || record.accountId !== accountId
      ? "no such flag on this account"
      : !types.includes(record.type)
        ? `must be a ${types.join(" or ")} flag`
        : record.closedAt !== null
          ? `the flag is ${record.state}`
          : null;
  if (reason) throw new Invalid(`Invalid body: ${field}: ${reason}`, [{ field, reason }]);
  const result = actOnFlag(record!, now, actorId, cause);
  if (!("record" in result)) return record!;
  await updateFlag(query, result.record);
  await insertFlagEvents(query, [result.event]);
  return result.record;
}

async function changeFlag(actor: Actor, flagId: string, decide: (record: FlagRecord, now: Date) => Transition): Promise<FlagView> {
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const query = txQuery(tx);
    const record = await loadFlag(query, flagId);
    if (!record) throw new NotFound("No such flag.");
    // 404 for a flag the actor may not read, 403 for one they may read but not change.
    await accountFor(tx, actor, record.accountId, "write", "flag", { lock: true });
    const locked = (await loadFlag(query, flagId, { lock: true }))!;
    const now = new Date();
    const result = decide(locked, now);
    if (!("record" in result)) throw new Conflict(`This flag cannot be changed: ${result.refused}.`, await flagView(query, locked, now));
    await updateFlag(query, result.record);
    await insertFlagEvents(query, [result.event]);
    return flagView(query, result.record, now);
  }, LIVE_WRITE_TRANSACTION);
}

/** `until` is a calendar day (as calendarDay parses it); the flag opens again when that day begins in APP_TIME_ZONE. */
export function snoozeFlagFor(actor: Actor, flagId: string, until: Date): Promise<FlagView> {
  const ends = startOfDayInZone(until.toISOString().slice(0, 10), appTimeZone());
  return changeFlag(actor, flagId, (record, now) => {
    const result = snoozeFlag(record, ends, now, actor.id);
    if ("refused" in result && result.refused.startsWith("until"))
      throw new Invalid(`Invalid body: ${result.refused}`, [{ field: "until", reason: "must be a day after today" }]);
    return result;
  });
}

export function dismissFlagFor(actor: Actor, flagId: string, reason: DismissReason, note: string | null): Promise<FlagView> {
  return changeFlag(actor, flagId, (record, now) => dismissFlag(record, reason, note, now, actor.id));
}
