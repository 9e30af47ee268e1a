// Sign-out ends the session on the server (issue 17): next-auth's own callbacks, with the
// real user row. The e2e suite replays a copied cookie through the real routes (security.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { checkCredentials } from "@/lib/auth/login";
import { hashPassword } from "./password";
import { authOptions } from "./options";
import { resetSignInThrottle } from "./throttle";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await resetSignInThrottle();
  await db.prisma.user.create({
    data: { email: "sol@signout.test", name: "Sol", role: "REP", passwordHash: await hashPassword("a long password 1") },
  });
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

async function signIn(): Promise<JWT> {
  const user = await checkCredentials("sol@signout.test", "a long password 1", "10.0.0.1");
  expect(user).not.toBeNull();
  return authOptions().callbacks!.jwt!({
    token: { email: user!.email, name: user!.name },
    user: user as never,
    account: null,
  }) as Promise<JWT>;
}
const readSession = (token: JWT) => authOptions().callbacks!.jwt!({ token: { ...token }, user: undefined as never, account: null });

describe("sign-out", () => {
  it("ends the session it came from and every copy of its token, but a new sign-in works", async () => {
    const token = await signIn();
    const copy = { ...token };
    expect(await readSession(token)).toMatchObject({ uid: token.uid, role: "REP" });
    await authOptions().events!.signOut!({ token, session: undefined as never });
    await expect(readSession(copy)).rejects.toThrow();
    const again = await signIn();
    expect(again.sv).toBe((token.sv as number) + 1);
    expect(await readSession(again)).toMatchObject({ uid: token.uid });
  });

  it("a stale token's sign-out does not end the current session", async () => {
    const old = await signIn();
    await authOptions().events!.signOut!({ token: old, session: undefined as never });
    const current = await signIn();
    await authOptions().events!.signOut!({ token: old, session: undefined as never });
    expect(await readSession(current)).toMatchObject({ uid: current.uid });
  });

  it("a deactivated user's token reads as no session", async () => {
    const token = await signIn();
    await db.prisma.user.update({ where: { email: "sol@signout.test" }, data: { active: false } });
    await expect(readSession(token)).rejects.toThrow();
    await db.prisma.user.update({ where: { email: "sol@signout.test" }, data: { active: true } });
    expect(await readSession(token)).toMatchObject({ uid: token.uid });
  });
});
