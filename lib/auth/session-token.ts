// The session token of a request, decrypted as next-auth decrypts it (next-auth/jwt decode:
// A256GCM under a key derived from the secret). Route handlers and pages read it here instead
// of through getServerSession, which also re-encrypts a new token for a cookie it cannot set
// there and reads the user a second time (docs/performance.md, *Load test over HTTP*).
import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { authSecret } from "./secret";

/** next-auth's name for the cookie: `__Secure-` when the app is served over https, as next-auth names it. */
export function sessionCookieName(): string {
  return `${env().NEXTAUTH_URL?.startsWith("https://") ? "__Secure-" : ""}next-auth.session-token`;
}

/** The cookie's value; next-auth splits a large token into `name.0`, `name.1`… */
export function joinSessionCookie(all: ReadonlyArray<{ name: string; value: string }>, name = sessionCookieName()): string | null {
  const whole = all.find((cookie) => cookie.name === name);
  if (whole) return whole.value;
  const chunks = all
    .filter((cookie) => cookie.name.startsWith(`${name}.`))
    .map((cookie) => ({ index: Number(cookie.name.slice(name.length + 1)), value: cookie.value }))
    .filter((chunk) => Number.isInteger(chunk.index))
    .sort((a, b) => a.index - b.index);
  return chunks.length > 0 ? chunks.map((chunk) => chunk.value).join("") : null;
}

// Decrypting is deterministic: a token seen before gives the same claims, so the last few are kept
// (by their exact text, secret included in the key) and only their expiry is checked again, as jose does.
const CLOCK_TOLERANCE_S = 15;
const MAX_KEPT = 1000;
const decoded = ((globalThis as unknown as { __ltvSessionTokens?: Map<string, Record<string, unknown>> }).__ltvSessionTokens ??= new Map());

/** The claims of a valid token, or null (missing, tampered, another secret, expired). */
export async function decodeSessionToken(
  token: string | null,
  secret = authSecret(),
  nowMs = Date.now(),
): Promise<Record<string, unknown> | null> {
  if (!token) return null;
  const key = `${secret}\u0000${token}`;
  let claims = decoded.get(key) ?? null;
  if (!claims) {
    try {
      claims = (await decode({ token, secret })) as Record<string, unknown> | null;
    } catch {
      return null;
    }
    if (!claims) return null;
    if (decoded.size >= MAX_KEPT) decoded.delete(decoded.keys().next().value!);
    decoded.set(key, claims);
  }
  if (typeof claims.exp === "number" && nowMs / 1000 > claims.exp + CLOCK_TOLERANCE_S) {
    decoded.delete(key);
    return null;
  }
  return claims;
}

/** The claims of this request's session cookie, or null. */
export async function requestSessionClaims(): Promise<Record<string, unknown> | null> {
  return decodeSessionToken(joinSessionCookie((await cookies()).getAll()));
}
