// Whether a signed session token still stands for its user (pure, so it is unit-tested).
// JWTs cannot be revoked, so every request compares the token with the user row:
// - the user must still be active;
// - the token's sessionVersion must equal the user's (a password change, reset,
//   role change or deactivation bumps it, which ends every older session);
// - the session must be younger than the absolute lifetime, even if it was kept
//   alive by activity (next-auth's own maxAge is an idle timeout for JWTs).

export interface SessionClaims {
  sessionVersion?: number;
  /** Epoch milliseconds of the sign-in that created the session. */
  signedInAt?: number;
}

/** The claims of a decoded session token (next-auth's JWT: `sv`, `signedInAt`, set at sign-in in options.ts). */
export const claimsOf = (token: Record<string, unknown>): SessionClaims => ({
  sessionVersion: token.sv as number | undefined,
  signedInAt: token.signedInAt as number | undefined,
});

export interface SessionUser {
  active: boolean;
  sessionVersion: number;
}

export type SessionRefusal = "no-user" | "inactive" | "revoked" | "expired";

export function sessionRefusal(claims: SessionClaims, user: SessionUser | null, now: number, maxAgeMs: number): SessionRefusal | null {
  if (!user) return "no-user";
  if (!user.active) return "inactive";
  // A token from before session versions existed has none: treat it as revoked.
  if (claims.sessionVersion !== user.sessionVersion) return "revoked";
  if (typeof claims.signedInAt !== "number" || now - claims.signedInAt > maxAgeMs || claims.signedInAt > now + 60_000) return "expired";
  return null;
}
