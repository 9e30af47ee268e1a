// PUT /api/settings/flags through the route handler itself (next-auth's cookie decoding
// mocked, as in lib/auth/session.db.test.ts): a bad flagDismissDays answers 400 naming the
// field and changes nothing; a rep is refused; an admin's good value is stored.
import { describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({ value: null as unknown }));
// The session token's claims as lib/auth/session-token.ts decrypts them from the cookie.
vi.mock("@/lib/auth/session-token", () => ({
  requestSessionClaims: async () => {
    const value = session.value as { user: { id: string }; claims: { sessionVersion?: number; signedInAt?: number } } | null;
    return value && { uid: value.user.id, sv: value.claims.sessionVersion, signedInAt: value.claims.signedInAt };
  },
}));

import { NextRequest } from "next/server";
import type { Database } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/permissions";
import type { SalesFixture } from "@/lib/testing/fixtures";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import { GET, PUT } from "./route";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 1 });

async function signIn(actor: Actor) {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
  session.value = { user: { id: user.id }, claims: { sessionVersion: user.sessionVersion, signedInAt: Date.now() } };
}

const put = async (body: string) => {
  const response = await PUT(
    new NextRequest("http://localhost/api/settings/flags", { method: "PUT", body, headers: { "content-type": "application/json" } }),
    undefined,
  );
  return {
    status: response.status,
    body: (await response.json()) as { flagDismissDays?: number; issues?: Array<{ field: string; reason: string }> },
  };
};

describe("PUT /api/settings/flags", () => {
  it("answers 400 naming flagDismissDays for a value outside 1..365, a fraction, text or nothing, and stores nothing", async () => {
    await signIn(fx.admin);
    const cases: Array<[string, string]> = [
      ['{"flagDismissDays":0}', "must be at least 1 day"],
      ['{"flagDismissDays":366}', "must be at most 365 days"],
      ['{"flagDismissDays":-5}', "must be at least 1 day"],
      ['{"flagDismissDays":10.5}', "must be a whole number of days"],
      ['{"flagDismissDays":"10"}', "must be a number of days"],
      ['{"flagDismissDays":null}', "must be a number of days"],
      ["{}", "must be a number of days"],
    ];
    for (const [body, reason] of cases) {
      expect(await put(body), body).toEqual({
        status: 400,
        body: expect.objectContaining({ issues: [{ field: "flagDismissDays", reason }] }),
      });
    }
    expect((await put('{"flagDismissDays":30,"dismissDays":30}')).body.issues).toEqual([{ field: "dismissDays", reason: "unknown field" }]);
    expect(await db.prisma.flagSettings.count()).toBe(0);
  });

  it("refuses a rep (403) and stores an admin's value at the bounds", async () => {
    await signIn(fx.rep1);
    expect((await put('{"flagDismissDays":10}')).status).toBe(403);
    expect((await GET(new NextRequest("http://localhost/api/settings/flags"), undefined)).status).toBe(403);
    await signIn(fx.admin);
    expect(await put('{"flagDismissDays":1}')).toEqual({ status: 200, body: { flagDismissDays: 1 } });
    expect(await put('{"flagDismissDays":365}')).toEqual({ status: 200, body: { flagDismissDays: 365 } });
    expect((await db.prisma.flagSettings.findUniqueOrThrow({ where: { id: 1 } })).dismissDays).toBe(365);
    expect(await (await GET(new NextRequest("http://localhost/api/settings/flags"), undefined)).json()).toEqual({ flagDismissDays: 365 });
  });
});
