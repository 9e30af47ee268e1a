// The flag lifecycle's admin setting (issue 15): how many days a dismissed flag stays away.
// One row in flag_settings, owned here; no row means the default. Every sync reads it
// (lib/flag-records/sync.ts), so a change applies from each account's next sync on.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Query } from "./store";
import type { FlagSettingsInput } from "./schema";

/** Days a dismissed flag stays away unless its value at stake at least doubles, when no admin set it. */
export const DEFAULT_FLAG_DISMISS_DAYS = 60;

export interface FlagSettings {
  flagDismissDays: number;
}

/** The dismissal window in force, read through the caller's query (inside its transaction when it has one). */
export async function flagDismissDays(query: Query): Promise<number> {
  const [row] = await query(`SELECT dismiss_days FROM flag_settings WHERE id = 1`, []);
  return row ? Number(row.dismiss_days) : DEFAULT_FLAG_DISMISS_DAYS;
}

function assertAdmin(actor: Actor, verb: "read" | "write") {
  if (!can(actor, verb, "settings")) throw new Forbidden("Only admins see or change the flag settings.");
}

async function current(reader: Pick<Awaited<ReturnType<typeof getPrisma>>, "flagSettings">): Promise<FlagSettings> {
  const row = await reader.flagSettings.findUnique({ where: { id: 1 } });
  return { flagDismissDays: row?.dismissDays ?? DEFAULT_FLAG_DISMISS_DAYS };
}

export async function readFlagSettings(actor: Actor): Promise<FlagSettings> {
  assertAdmin(actor, "read");
  return current(await getPrisma());
}

/** Admins only; audited with before and after. No recompute: the next sync of each account applies it. */
export async function setFlagSettings(actor: Actor, input: FlagSettingsInput): Promise<FlagSettings> {
  assertAdmin(actor, "write");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const before = await current(tx);
    await tx.flagSettings.upsert({
      where: { id: 1 },
      create: { id: 1, dismissDays: input.flagDismissDays, updatedById: actor.id },
      update: { dismissDays: input.flagDismissDays, updatedById: actor.id },
    });
    const after = await current(tx);
    await recordAudit(tx, { actorId: actor.id, action: "settings.flags", entityType: "settings", entityId: "flags", before, after });
    return after;
  });
}
