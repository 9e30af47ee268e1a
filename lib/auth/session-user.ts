// The user a session token stands for, read fresh from the database, or null when the
// token no longer stands (inactive, older session version, too old): the one check
// behind both next-auth's session endpoint (options.ts) and currentActor (session.ts).
import { getPrisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { sessionRefusal, type SessionClaims } from "./session-check";

export async function sessionUser(userId: string | undefined, claims: SessionClaims) {
  if (!userId) return null;
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, role: true, email: true, name: true, active: true, sessionVersion: true, mustChangePassword: true },
  });
  if (!user || sessionRefusal(claims, user, Date.now(), env().SESSION_MAX_AGE_MINUTES * 60_000)) return null;
  return user;
}

/** Signs out every session of this user that carries `version` (a stale token cannot sign others out). */
export async function endSessions(userId: string, version: number): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id: userId, sessionVersion: version }, data: { sessionVersion: { increment: 1 } } });
}
