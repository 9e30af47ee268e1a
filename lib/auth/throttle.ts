// Sign-in throttling (ASVS 5.0 V6.3): next-auth's credentials provider has none.
// - per email: 5 failures within 15 minutes lock sign-in for 15 minutes, for known
//   and unknown emails alike (so the lockout reveals nothing about who has an account);
// - per client address (lib/http/client-address.ts): SIGNIN_MAX_ATTEMPTS_PER_IP
//   attempts per 15-minute window.
// Counters live in the sign_in_throttle table and change with one atomic upsert each,
// so they hold across restarts and across app instances on one database.
import { getPrisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";

export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_ATTEMPTS_PER_IP = 30; // default of SIGNIN_MAX_ATTEMPTS_PER_IP
export const WINDOW_MS = 15 * 60_000;
/** Stale rows (window and lock both over) are deleted at most this often per process. */
const PURGE_EVERY_MS = 60_000;

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

interface CounterRow {
  key: string;
  hits: number;
  window_ends_at: Date;
  locked_until: Date | null;
}

const refused = (until: number, now: number): ThrottleVerdict => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
});

/** Adds one hit to `key` in its current window (a new window when the old one is over); returns the row after. */
async function countHit(key: string, now: number): Promise<CounterRow> {
  const prisma = await getPrisma();
  const at = new Date(now);
  const windowEnd = new Date(now + WINDOW_MS);
  const rows = await prisma.$queryRaw<CounterRow[]>`
    INSERT INTO sign_in_throttle AS t (key, hits, window_ends_at)
    VALUES (${key}, 1, ${windowEnd})
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN t.window_ends_at <= ${at} THEN 1 ELSE t.hits + 1 END,
      window_ends_at = CASE WHEN t.window_ends_at <= ${at} THEN EXCLUDED.window_ends_at ELSE t.window_ends_at END
    RETURNING key, hits, window_ends_at, locked_until`;
  const [row] = rows;
  if (!row) throw new Error("sign_in_throttle: the upsert returned no row");
  return row;
}

let lastPurge = 0;
async function purgeStale(now: number): Promise<void> {
  if (now - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = now;
  const prisma = await getPrisma();
  const at = new Date(now);
  await prisma.signInThrottle.deleteMany({
    where: { windowEndsAt: { lt: at }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }] },
  });
}

/**
 * May this email sign in from this client address now? With `count` (the default)
 * the attempt counts against the address; the route's early 429 check only peeks.
 */
export async function checkSignIn(email: string, ip: string, opts: { count?: boolean; now?: number } = {}): Promise<ThrottleVerdict> {
  const now = opts.now ?? Date.now();
  const maxPerIp = env().SIGNIN_MAX_ATTEMPTS_PER_IP;
  const prisma = await getPrisma();
  const rows = await prisma.signInThrottle.findMany({ where: { key: { in: [emailKey(email), ipKey(ip)] } } });
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil.getTime() > now) return refused(row.lockedUntil.getTime(), now);
    if (row.key.startsWith("ip:") && row.hits > maxPerIp && row.windowEndsAt.getTime() > now)
      return refused(row.windowEndsAt.getTime(), now);
  }
  if (opts.count === false) return { allowed: true, retryAfterSeconds: 0 };
  await purgeStale(now);
  const byIp = await countHit(ipKey(ip), now);
  if (byIp.hits > maxPerIp) return refused(byIp.window_ends_at.getTime(), now);
  return { allowed: true, retryAfterSeconds: 0 };
}

/**
 * Records the outcome of a password check for this email: the same statements run
 * whether or not the email belongs to a user. The lock is mirrored on a user row
 * (when there is one) only so the admin's user list can show it.
 */
export async function recordSignInResult(email: string, ok: boolean, now = Date.now()): Promise<void> {
  const prisma = await getPrisma();
  const normalized = email.trim().toLowerCase();
  if (ok) {
    await prisma.signInThrottle.deleteMany({ where: { key: emailKey(email) } });
    await prisma.user.updateMany({ where: { email: normalized }, data: { failedLogins: 0, lockedUntil: null } });
    return;
  }
  const failures = await countHit(emailKey(email), now);
  if (failures.hits >= MAX_FAILURES_PER_EMAIL) {
    const lockedUntil = new Date(now + WINDOW_MS);
    await prisma.signInThrottle.update({ where: { key: emailKey(email) }, data: { lockedUntil, hits: 0 } });
    await prisma.user.updateMany({ where: { email: normalized }, data: { failedLogins: 0, lockedUntil } });
  } else {
    await prisma.user.updateMany({ where: { email: normalized }, data: { failedLogins: failures.hits } });
  }
}

/** An admin's password reset lifts the email's lock (the mirror on the user row is cleared by the caller). */
export async function clearEmailLock(tx: Pick<Prisma.TransactionClient, "signInThrottle">, email: string): Promise<void> {
  await tx.signInThrottle.deleteMany({ where: { key: emailKey(email) } });
}

/** Test hook: forget every counter. */
export async function resetSignInThrottle(): Promise<void> {
  const prisma = await getPrisma();
  await prisma.signInThrottle.deleteMany();
  lastPurge = 0;
}
