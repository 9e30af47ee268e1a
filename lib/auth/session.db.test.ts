// currentActor/requireActor against a real user row; next-auth's cookie decoding is mocked
// (the e2e suite covers the real cookie in e2e/security.spec.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({ value: null as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => session.value }));

import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { Forbidden, Unauthorized } from "@/lib/errors";
import { CHANGE_PASSWORD_FIRST, currentActor, requireActor, requireActorForPasswordChange } from "./session";

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

const signedIn = (claims: { sessionVersion?: number; signedInAt?: number }) => {
  session.value = { user: { id: userId, role: "REP", email: "sam@session.test", name: "Sam" }, claims };
};

describe("currentActor", () => {
  it("returns the user for a current session and null without one", async () => {
    signedIn({ sessionVersion: 4, signedInAt: Date.now() - 1000 });
    expect(await currentActor()).toMatchObject({ id: userId, role: "REP", mustChangePassword: false });
    session.value = null;
    expect(await currentActor()).toBeNull();
    await expect(requireActor()).rejects.toBeInstanceOf(Unauthorized);
  });

  it("treats a session from before a session-version bump as signed out", async () => {
    signedIn({ sessionVersion: 4, signedInAt: Date.now() });
    await db.prisma.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
    expect(await currentActor()).toBeNull();
    signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    expect(await currentActor()).not.toBeNull();
  });

  it("treats a session past its absolute lifetime, or of a deactivated user, as signed out", async () => {
    signedIn({ sessionVersion: 5, signedInAt: Date.now() - 9 * 3_600_000 });
    expect(await currentActor()).toBeNull();
    signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    await db.prisma.user.update({ where: { id: userId }, data: { active: false } });
    expect(await currentActor()).toBeNull();
    await db.prisma.user.update({ where: { id: userId }, data: { active: true } });
  });

  it("lets a user who must change their password reach only the password change", async () => {
    await db.prisma.user.update({ where: { id: userId }, data: { mustChangePassword: true } });
    signedIn({ sessionVersion: 5, signedInAt: Date.now() });
    await expect(requireActor()).rejects.toThrow(new Forbidden(CHANGE_PASSWORD_FIRST));
    expect(await requireActorForPasswordChange()).toMatchObject({ id: userId, mustChangePassword: true });
  });
});
