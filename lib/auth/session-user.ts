// The user a session token stands for, read fresh from the database, or null when the
// token no longer stands (inactive, older session version, too old): the one check
// behind both next-auth's session endpoint (options.ts) and currentActor (session.ts).
import { database, getPrisma } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { sessionRefusal, type SessionClaims } from "./session-check";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface UserOfSession {
  id: string;
  role: Role;
  email: string;
  name: string;
  active: boolean;
  sessionVersion: number;
  mustChangePassword: boolean;
}

export async function sessionUser(userId: string | undefined, claims: SessionClaims): Promise<UserOfSession | null> {
  if (!userId || !UUID.test(userId)) return null;
  // Raw SQL: it runs on every request, and a Prisma model query costs several times more CPU (docs/performance.md).
  const [user] = await (
    await database()
  ).runner.query<UserOfSession>(
    `SELECT id::text AS id, role::text AS role, email, name, active, session_version AS "sessionVersion",
            must_change_password AS "mustChangePassword"
       FROM users WHERE id = $1::uuid`,
    [userId],
    { prepare: "session-user" },
  );
  if (!user || sessionRefusal(claims, user, Date.now(), env().SESSION_MAX_AGE_MINUTES * 60_000)) return null;
  return user;
}

/** Signs out every session of this user that carries `version` (a stale token cannot sign others out). */
export async function endSessions(userId: string, version: number): Promise<void> {
  const prisma = await getPrisma();
  await prisma.user.updateMany({ where: { id: userId, sessionVersion: version }, data: { sessionVersion: { increment: 1 } } });
}
