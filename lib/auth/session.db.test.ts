// currentActor/requireActor against a real user row and a real session token (encrypted as
// next-auth encrypts it); only the request's cookie jar is mocked (the e2e suite covers the
// browser's cookie in e2e/security.spec.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";

const { SECRET, jar } = vi.hoisted(() => ({
  SECRET: "session-test-secret-0123456789abcdef",
  jar: { cookies: [] as Array<{ name: string; value: string }> },
}));
vi.mock("next/headers", () => ({ cookies: async () => ({ getAll: () => jar.cookies }) }));
vi.mock("./secret", () => ({ authSecret: () => SECRET }));

import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { CHANGE_PASSWORD_FIRST, currentActor, requireActor, requireActorForPasswordChange } from "./session";
import { decodeSessionToken, joinSessionCookie } from "./session-token";

let db: Database;
let userId: string;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  userId = (
    await db.prisma.user.create({ data: { email: "sam@session.test", name: "Sam", role: "REP", passwordHash: "x", sessionVersion: 4 } })
  ).id;
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

/** The cookie next-auth sets at sign-in: the claims of options.ts's jwt callback, encrypted. */
const signedIn = async (claims: { sessionVersion?: number; signedInAt?: number }, secret = SECRET) => {
  const token = await encode({ token: { uid: userId, role: "REP", sv: claims.sessionVersion, signedInAt: claims.signedInAt }, secret });
  jar.cookies = [{ name: "next-auth.session-token", value: token }];
};

describe("currentActor", () => {
  it("returns the user for a current session and null without one", async () => {
    await signedIn({ sessionVersion: 4, signedInAt: Date.now() - 1000 });
    expect(await currentActor()).toMatchObject({ id: userId, role: "REP", mustChangePassword: false });
    jar.cookies = [];
    expect(await currentActor()).toBeNull();
    await expect(requireActor()).rejects.toBeInstanceOf(Unauthorized);
  });

  it("treats a session from before a session-version bump as signed out", async () => {
    await signedIn({ sessionVersion: 4, signedInAt: Date.now() });
    await db.prisma.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await currentActor()).toBeNull();
    await signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    expect(await currentActor()).not.toBeNull();
  });

  it("treats a session past its absolute lifetime, or of a deactivated user, as signed out", async () => {
    await signedIn({ sessionVersion: 5, signedInAt: Date.now() - 9 * 3_600_000 });
    expect(await currentActor()).toBeNull();
    await signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    await db.prisma.user.update({ where: { id: userId }, data: { active: false } });
    expect(await currentActor()).toBeNull();
    await db.prisma.user.update({ where: { id: userId }, data: { active: true } });
  });

  it("lets a user who must change their password reach only the password change", async () => {
    await db.prisma.user.update({ where: { id: userId }, data: { mustChangePassword: true } });
    await signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    await expect(requireActor()).rejects.toThrow(new Forbidden(CHANGE_PASSWORD_FIRST));
    expect(await requireActorForPasswordChange()).toMatchObject({ id: userId, mustChangePassword: true });
  });

  it("refuses a token under another secret, a tampered one, and one past its expiry even if it was read before", async () => {
    await signedIn({ sessionVersion: 5, signedInAt: Date.now() }, "another-secret-0123456789abcdef012345");
    expect(await currentActor()).toBeNull();
    await signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    const good = jar.cookies[0]!.value;
    // The token's last part is the GCM tag: one character changed fails authentication.
    jar.cookies = [{ name: "next-auth.session-token", value: good.slice(0, -2) + (good.endsWith("AA") ? "BB" : "AA") }];
    expect(await currentActor()).toBeNull();
    // next-auth's idle timeout: a token issued with 60 s to live (exp = now + 60 s) stands now,
    // and no longer 2 minutes later (past exp and jose's 15 s tolerance), though it was decoded once already.
    const token = await encode({ token: { uid: userId, sv: 5, signedInAt: Date.now() }, secret: SECRET, maxAge: 60 });
    expect(await decodeSessionToken(token, SECRET)).toMatchObject({ uid: userId });
    expect(await decodeSessionToken(token, SECRET, Date.now() + 120_000)).toBeNull();
  });

  it("reads a token next-auth split over several cookies, in the order of their numbers", () => {
    const name = "next-auth.session-token";
    expect(
      joinSessionCookie(
        [
          { name: `${name}.1`, value: "second" },
          { name: "other", value: "x" },
          { name: `${name}.0`, value: "first-" },
        ],
        name,
      ),
    ).toBe("first-second");
    expect(joinSessionCookie([{ name: "other", value: "x" }], name)).toBeNull();
  });
});
