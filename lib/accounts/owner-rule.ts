// Who may own an account, one rule for every path that sets an owner (create, edit,
// bulk reassign, CSV import): an active rep or manager. Managers keep a book of their
// own (the permissions table lets them write their own accounts); admins run the
// system and own none, and a deactivated user's book must move to someone working.
import type { Prisma, Role } from "@/lib/generated/prisma/client";
import { Invalid } from "@/lib/errors";

export const OWNER_ROLES: ReadonlySet<Role> = new Set<Role>(["REP", "MANAGER"]);

/** Why this user may not own accounts, or null when they may. */
export function ownerRefusal(user: { active: boolean; role: Role } | null | undefined): string | null {
  if (!user) return "no such user";
  if (!user.active) return "is deactivated; accounts need an active owner";
  if (!OWNER_ROLES.has(user.role)) return "must be a rep or manager (admins own no accounts)";
  return null;
}

/** Invalid (400 naming `field`) unless `ownerId` may own accounts. */
export async function assertAccountOwner(tx: Pick<Prisma.TransactionClient, "user">, ownerId: string, field: string): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: ownerId }, select: { active: true, role: true } });
  const reason = ownerRefusal(user);
  if (reason) throw new Invalid(`Invalid body: ${field}: ${reason}`, [{ field, reason }]);
}
