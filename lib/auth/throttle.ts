// Sign-in throttling (ASVS 5.0 V6.3): next-auth's credentials provider has none.
// - per email: 5 failures lock sign-in for 15 minutes, for known and unknown
//   emails alike (so the lockout reveals nothing about who has an account);
// - per IP: 30 attempts in 15 minutes.
// Counters live in this process (a sliding window); a known user's lock is also
// stored on the user row so it survives restarts and holds across instances.
import { getPrisma } from "@/lib/db/client";
import { env } from "@/lib/env";

export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_ATTEMPTS_PER_IP = 30; // default of SIGNIN_MAX_ATTEMPTS_PER_IP
export const WINDOW_MS = 15 * 60_000;

interface Window {
  hits: number[];
  lockedUntil: number;
}

const state: Map<string, Window> = ((globalThis as unknown as { __ltvSignInThrottle?: Map<string, Window> }).__ltvSignInThrottle ??= new Map());

function windowFor(key: string, now: number): Window {
  let window = state.get(key);
  if (!window) state.set(key, (window = { hits: [], lockedUntil: 0 }));
  window.hits = window.hits.filter((at) => now - at < WINDOW_MS);
  return window;
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export interface ThrottleVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * May this email sign in from this IP now? With `count` (the default) the
 * attempt counts against the IP; the route's early 429 check only peeks.
 */
export async function checkSignIn(email: string, ip: string, opts: { count?: boolean; now?: number } = {}): Promise<ThrottleVerdict> {
  const now = opts.now ?? Date.now();
  const byIp = windowFor(ipKey(ip), now);
  const byEmail = windowFor(emailKey(email), now);
  let lockedUntil = Math.max(byEmail.lockedUntil, byIp.lockedUntil);
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { lockedUntil: true } });
  if (user?.lockedUntil) lockedUntil = Math.max(lockedUntil, user.lockedUntil.getTime());
  if (lockedUntil > now) return { allowed: false, retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };
  if (opts.count === false) return { allowed: true, retryAfterSeconds: 0 };
  byIp.hits.push(now);
  if (byIp.hits.length > env().SIGNIN_MAX_ATTEMPTS_PER_IP) {
    byIp.lockedUntil = byIp.hits[0]! + WINDOW_MS;
    return { allowed: false, retryAfterSeconds: Math.ceil((byIp.lockedUntil - now) / 1000) };
  }
  return { allowed: true, retryAfterSeconds: 0 };
}

/** Records the outcome of a password check for this email. */
export async function recordSignInResult(email: string, ok: boolean, now = Date.now()): Promise<void> {
  const key = emailKey(email);
  const prisma = await getPrisma();
  const normalized = email.trim().toLowerCase();
  if (ok) {
    state.delete(key);
    await prisma.user.updateMany({ where: { email: normalized }, data: { failedLogins: 0, lockedUntil: null } });
    return;
  }
  const window = windowFor(key, now);
  window.hits.push(now);
  if (window.hits.length >= MAX_FAILURES_PER_EMAIL) {
    window.lockedUntil = now + WINDOW_MS;
    window.hits = [];
    await prisma.user.updateMany({ where: { email: normalized }, data: { failedLogins: 0, lockedUntil: new Date(window.lockedUntil) } });
  } else {
    await prisma.user.updateMany({ where: { email: normalized }, data: { failedLogins: { increment: 1 } } });
  }
}

/** Test hook: forget every counter. */
export function resetSignInThrottle(): void {
  state.clear();
}

/** The client address as the proxy in front of us reports it (first X-Forwarded-For hop), else "local". */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string) => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || "local";
}
