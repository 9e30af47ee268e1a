// Monthly revenue goals per rep: the one owner of rep_goals. Admins set them (the same
// permission as the other admin settings), managers and admins read them on the Team page.
// A change is audited in the same transaction ("Alex Admin set Mia Braun's goal for
// December 2026 to €40,000": components/admin/audit/describe.ts words it).
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden, Invalid } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { decimalStringFromCents } from "@/lib/money";
import { dateOfDay } from "@/lib/days";
import { firstDayOf } from "@/lib/business-month";
import type { SetRepGoalInput } from "./schema";

export interface RepGoalView {
  repId: string;
  /** "2026-12" */
  month: string;
  /** Integer cents; null when the month has no goal. */
  goalCents: number | null;
}

/** Who may carry a goal: an active rep, or a manager with a book of their own. */
function goalRefusal(user: { role: string; active: boolean } | null): string | null {
  if (!user) return "no such user";
  if (user.role !== "REP" && user.role !== "MANAGER") return "must be a rep or manager (admins carry no revenue goal)";
  if (!user.active) return "is deactivated";
  return null;
}

/** Each rep's goal for `month` (cents), for managers and admins. Reps without a goal are absent. */
export async function repGoalsForMonth(actor: Actor, month: string): Promise<Map<string, number>> {
  if (!can(actor, "read", "dashboard")) throw new Forbidden("Goals are for managers and admins.");
  const prisma = await getPrisma();
  const rows = await prisma.repGoal.findMany({ where: { month: dateOfDay(firstDayOf(month)) }, select: { repId: true, goalCents: true } });
  return new Map(rows.map((row) => [row.repId, row.goalCents]));
}

/** Sets (or, with goal null, clears) one rep's goal for one month. Admins only; audited when it changes. */
export async function setRepGoal(actor: Actor, input: SetRepGoalInput): Promise<RepGoalView> {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins set revenue goals.");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const rep = await tx.user.findUnique({ where: { id: input.repId }, select: { role: true, active: true } });
    const refusal = goalRefusal(rep);
    if (refusal) throw new Invalid(`Invalid body: repId: ${refusal}`, [{ field: "repId", reason: refusal }]);
    const key = { repId_month: { repId: input.repId, month: dateOfDay(firstDayOf(input.month)) } };
    const before = await tx.repGoal.findUnique({ where: key, select: { goalCents: true } });
    const payload = (cents: number) => ({ repId: input.repId, month: input.month, goal: decimalStringFromCents(cents) });
    if (input.goal === null) {
      if (before) {
        await tx.repGoal.delete({ where: key });
        await recordAudit(tx, {
          actorId: actor.id,
          action: "rep_goal.clear",
          entityType: "rep_goal",
          entityId: input.repId,
          before: payload(before.goalCents),
        });
      }
    } else if (before?.goalCents !== input.goal) {
      await tx.repGoal.upsert({
        where: key,
        create: { ...key.repId_month, goalCents: input.goal, updatedById: actor.id },
        update: { goalCents: input.goal, updatedById: actor.id },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "rep_goal.set",
        entityType: "rep_goal",
        entityId: input.repId,
        before: before ? payload(before.goalCents) : undefined,
        after: payload(input.goal),
      });
    }
    return { repId: input.repId, month: input.month, goalCents: input.goal };
  });
}
