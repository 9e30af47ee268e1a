import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { hashPassword } from "./password";
import { checkCredentials } from "@/lib/users/login";
import { MAX_ATTEMPTS_PER_IP, MAX_FAILURES_PER_EMAIL, checkSignIn, resetSignInThrottle } from "./throttle";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await db.prisma.user.create({ data: { email: "rep@throttle.test", name: "Rep", role: "REP", passwordHash: await hashPassword("correct horse") } });
});
beforeEach(() => resetSignInThrottle());
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

describe("sign-in throttling", () => {
  it("locks an email after repeated failures, refusing even the right password, and stores the lock", async () => {
    expect(await checkCredentials("rep@throttle.test", "correct horse", "10.0.0.1")).not.toBeNull();
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) expect(await checkCredentials("rep@throttle.test", "wrong", "10.0.0.1")).toBeNull();
    expect(await checkCredentials("rep@throttle.test", "correct horse", "10.0.0.2")).toBeNull();
    const verdict = await checkSignIn("rep@throttle.test", "10.0.0.3", { count: false });
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeGreaterThan(800);
    // The lock is on the user row too, so a restarted server keeps it.
    resetSignInThrottle();
    expect((await checkSignIn("rep@throttle.test", "10.0.0.4", { count: false })).allowed).toBe(false);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { email: "rep@throttle.test" } })).lockedUntil).not.toBeNull();
    await db.prisma.user.update({ where: { email: "rep@throttle.test" }, data: { lockedUntil: null } });
  });

  it("locks an unknown email the same way, so the lockout reveals nothing about who has an account", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await checkCredentials("nobody@throttle.test", "wrong", "10.0.1.1");
    expect((await checkSignIn("nobody@throttle.test", "10.0.1.2", { count: false })).allowed).toBe(false);
  });

  it("limits attempts per IP across emails", async () => {
    for (let i = 0; i < MAX_ATTEMPTS_PER_IP; i++) expect((await checkSignIn(`user${i}@x.test`, "10.0.2.1")).allowed).toBe(true);
    expect((await checkSignIn("another@x.test", "10.0.2.1")).allowed).toBe(false);
    expect((await checkSignIn("another@x.test", "10.0.2.2")).allowed).toBe(true);
  });

  it("a success resets the failure count", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await checkCredentials("rep@throttle.test", "wrong", "10.0.3.1");
    expect(await checkCredentials("rep@throttle.test", "correct horse", "10.0.3.1")).not.toBeNull();
    expect(await checkCredentials("rep@throttle.test", "wrong", "10.0.3.1")).toBeNull();
    expect(await checkCredentials("rep@throttle.test", "correct horse", "10.0.3.1")).not.toBeNull();
  });
});
