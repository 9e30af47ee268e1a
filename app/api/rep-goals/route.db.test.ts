// PUT /api/rep-goals through the route handler itself (the session cookie's decoding mocked, as in
// app/api/settings/flags/route.db.test.ts): bad input answers 400 naming the field and stores
// nothing; managers and reps are refused; an admin's goal is stored, audited, changed and cleared.
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
import { PUT } from "./route";

let db: Database;
let fx: SalesFixture;
useFixtureDatabase((ready) => ({ db, fx } = ready), { accountsPerRep: 1 });

const NO_SUCH_USER = "00000000-0000-4000-8000-000000000000";

async function signIn(actor: Actor) {
  const user = await db.prisma.user.findUniqueOrThrow({ where: { id: actor.id } });
  session.value = { user: { id: user.id }, claims: { sessionVersion: user.sessionVersion, signedInAt: Date.now() } };
}

const put = async (body: unknown) => {
  const response = await PUT(
    new NextRequest("http://localhost/api/rep-goals", {
      method: "PUT",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
    undefined,
  );
  return {
    status: response.status,
    body: (await response.json()) as { goalCents?: number | null; issues?: Array<{ field: string; reason: string }> },
  };
};

const goalAudits = () => db.prisma.auditLog.findMany({ where: { action: { startsWith: "rep_goal." } }, orderBy: { at: "asc" } });

describe("PUT /api/rep-goals", () => {
  it("answers 400 naming the field for a bad goal, month or rep, and stores nothing", async () => {
    await signIn(fx.admin);
    const good = { repId: fx.rep1.id, month: "2026-12", goal: "40000.00" };
    const cases: Array<[unknown, string, string]> = [
      [{ ...good, goal: "abc" }, "goal", "must be a number"],
      // A decimal comma is the form's to turn into a point (components/ui/number-input.ts), not the API's to guess.
      [{ ...good, goal: "40000,50" }, "goal", "must be a number"],
      [{ ...good, goal: -5 }, "goal", "must not be negative"],
      [{ ...good, goal: "12.345" }, "goal", "must have at most two decimals"],
      [{ ...good, goal: 10_000_000.01 }, "goal", "must be at most 10,000,000"],
      [{ repId: good.repId, month: good.month }, "goal", "must be an amount, or null to clear the goal"],
      [{ ...good, month: "2026-13" }, "month", "must be a month like 2026-12"],
      [{ ...good, month: "12/2026" }, "month", "must be a month like 2026-12"],
      [{ ...good, month: "1999-12" }, "month", "must be between 2000-01 and 2100-12"],
      [{ ...good, month: 202612 }, "month", "must be a month like 2026-12"],
      [{ ...good, repId: "rep1" }, "repId", "must be a user id"],
      [{ ...good, repId: NO_SUCH_USER }, "repId", "no such user"],
      [{ ...good, repId: fx.admin.id }, "repId", "must be a rep or manager (admins carry no revenue goal)"],
      [{ ...good, goalCents: 1 }, "goalCents", "unknown field"],
    ];
    for (const [body, field, reason] of cases) {
      const answer = await put(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.issues, JSON.stringify(body)).toEqual([{ field, reason }]);
    }
    expect(await db.prisma.repGoal.count()).toBe(0);
    expect(await goalAudits()).toEqual([]);
  });

  it("refuses managers and reps (403) with a valid body", async () => {
    for (const actor of [fx.manager, fx.rep1]) {
      await signIn(actor);
      expect((await put({ repId: fx.rep1.id, month: "2026-12", goal: "100.00" })).status).toBe(403);
    }
    expect(await db.prisma.repGoal.count()).toBe(0);
  });

  it("an admin sets, changes and clears a goal; each change is audited once", async () => {
    await signIn(fx.admin);
    expect(await put({ repId: fx.rep1.id, month: "2026-12", goal: "40000.50" })).toEqual({
      status: 200,
      body: { repId: fx.rep1.id, month: "2026-12", goalCents: 4_000_050 },
    });
    expect((await put({ repId: fx.rep1.id, month: "2026-12", goal: 42000 })).body.goalCents).toBe(4_200_000);
    // The same value again changes nothing and writes no audit entry.
    expect((await put({ repId: fx.rep1.id, month: "2026-12", goal: "42000.00" })).status).toBe(200);
    // A manager may carry a goal (a manager with a book of their own).
    expect((await put({ repId: fx.manager.id, month: "2027-01", goal: "0" })).body.goalCents).toBe(0);
    const stored = await db.prisma.repGoal.findMany({ orderBy: { month: "asc" } });
    expect(stored.map((goal) => [goal.repId, goal.month.toISOString().slice(0, 10), goal.goalCents, goal.updatedById])).toEqual([
      [fx.rep1.id, "2026-12-01", 4_200_000, fx.admin.id],
      [fx.manager.id, "2027-01-01", 0, fx.admin.id],
    ]);

    expect(await put({ repId: fx.rep1.id, month: "2026-12", goal: null })).toEqual({
      status: 200,
      body: { repId: fx.rep1.id, month: "2026-12", goalCents: null },
    });
    expect(await db.prisma.repGoal.count({ where: { repId: fx.rep1.id } })).toBe(0);

    const audits = await goalAudits();
    expect(audits.map((a) => [a.action, a.entityType, a.entityId, a.actorId, a.before, a.after])).toEqual([
      ["rep_goal.set", "rep_goal", fx.rep1.id, fx.admin.id, null, { repId: fx.rep1.id, month: "2026-12", goal: "40000.50" }],
      [
        "rep_goal.set",
        "rep_goal",
        fx.rep1.id,
        fx.admin.id,
        { repId: fx.rep1.id, month: "2026-12", goal: "40000.50" },
        { repId: fx.rep1.id, month: "2026-12", goal: "42000.00" },
      ],
      ["rep_goal.set", "rep_goal", fx.manager.id, fx.admin.id, null, { repId: fx.manager.id, month: "2027-01", goal: "0.00" }],
      ["rep_goal.clear", "rep_goal", fx.rep1.id, fx.admin.id, { repId: fx.rep1.id, month: "2026-12", goal: "42000.00" }, null],
    ]);
  });
});
