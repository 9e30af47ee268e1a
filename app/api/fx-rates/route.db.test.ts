// The rates API through its route handlers: 400 naming the field, 403 for the wrong role, 404
// without a rate (never 1:1). next-auth's cookie decoding is mocked as in lib/auth/session.db.test.ts.
import { describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({ value: null as unknown }));
// The session token's claims as lib/auth/session-token.ts decrypts them from the cookie.
vi.mock("@/lib/auth/session-token", () => ({
  requestSessionClaims: async () => {
    const value = session.value as { user: { id: string }; claims: { sessionVersion?: number; signedInAt?: number } } | null;
    return value && { uid: value.user.id, sv: value.claims.sessionVersion, signedInAt: value.claims.signedInAt };
  },
}));

import type { NextRequest } from "next/server";
import { useFixtureDatabase } from "@/lib/testing/fixture-database";
import type { SalesFixture } from "@/lib/testing/fixtures";
import type { Actor } from "@/lib/auth/permissions";
import { GET, PUT } from "./route";
import { POST as IMPORT } from "./import/route";
import { PUT as PUT_SETTINGS } from "./settings/route";

let fx: SalesFixture;
useFixtureDatabase((opened) => ({ fx } = opened));

const as = (actor: Actor) => {
  session.value = { user: actor, claims: { sessionVersion: 0, signedInAt: Date.now() - 1000 } };
};
const call = (handler: (request: NextRequest, context: unknown) => Promise<Response>, url: string, init: RequestInit = {}) =>
  handler(new Request(`http://localhost${url}`, init) as unknown as NextRequest, { params: Promise.resolve({}) });
const json = (body: unknown): RequestInit => ({
  method: "PUT",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});
const fields = async (response: Response) => ((await response.json()) as { issues: Array<{ field: string }> }).issues.map((i) => i.field);

describe("/api/fx-rates", () => {
  it("GET: 400 naming each bad field, 404 without a rate, 200 with one", async () => {
    as(fx.rep1);
    const bad = await call(GET, "/api/fx-rates?currency=GBPX&on=2026-02-30");
    expect(bad.status).toBe(400);
    expect(await fields(bad)).toEqual(["currency", "on"]);
    expect((await call(GET, "/api/fx-rates?currency=GBP&on=2026-03-02")).status).toBe(404);
    as(fx.admin);
    const put = await call(PUT, "/api/fx-rates", json({ rates: [{ currency: "GBP", on: "2026-03-02", rate: "1.25" }] }));
    expect(put.status).toBe(200);
    as(fx.rep1);
    const found = await call(GET, "/api/fx-rates?currency=gbp&on=2026-03-05");
    expect(found.status).toBe(200);
    // 1.25 EUR per GBP is stored as 0.8 GBP per EUR; three days later the same rate stands in.
    expect(await found.json()).toEqual({
      currency: "GBP",
      on: "2026-03-05",
      rate: "1.25",
      reportingCurrency: "EUR",
      source: "manual",
      rateDay: "2026-03-02",
    });
  });

  it("PUT: 403 for a manager, 400 naming the rate", async () => {
    as(fx.manager);
    expect((await call(PUT, "/api/fx-rates", json({ rates: [{ currency: "GBP", on: "2026-03-02", rate: 1 }] }))).status).toBe(403);
    as(fx.admin);
    const bad = await call(
      PUT,
      "/api/fx-rates",
      json({
        rates: [
          { currency: "GBP", on: "2026-03-02", rate: "0" },
          { currency: "USD", on: "x", rate: 1 },
        ],
      }),
    );
    expect(bad.status).toBe(400);
    expect(await fields(bad)).toEqual(["rates.0.rate", "rates.1.on"]);
    const unknown = await call(PUT, "/api/fx-rates", json({ rates: [{ currency: "GBP", on: "2026-03-02", rate: 1, base: "EUR" }] }));
    expect(await fields(unknown)).toEqual(["rates.0.base"]);
  });

  it("POST /import: a CSV body in the ECB layout for admins; 400 naming the line, 403 for others", async () => {
    const csv = (content: string): RequestInit => ({ method: "POST", body: content, headers: { "content-type": "text/csv" } });
    as(fx.manager);
    expect((await call(IMPORT, "/api/fx-rates/import", csv("Date,USD\n2026-03-02,1.08\n"))).status).toBe(403);
    as(fx.admin);
    const ok = await call(IMPORT, "/api/fx-rates/import", csv("Date,USD,\n2026-03-02,1.0800,\n"));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ rates: 1, inserted: 1, currencies: ["USD"] });
    const bad = await call(IMPORT, "/api/fx-rates/import", csv("Date,USD\n2026-03-03,-1\n"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: unknown[] }).issues).toEqual([
      { field: "file", reason: 'line 2, USD: "-1" is not a positive number with at most 10 decimals' },
    ]);
    expect(
      (await call(IMPORT, "/api/fx-rates/import", { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status,
    ).toBe(400);
  });

  it("PUT /settings: 400 naming the gap, 403 for a rep", async () => {
    as(fx.rep1);
    expect((await call(PUT_SETTINGS, "/api/fx-rates/settings", json({ reportingCurrency: "EUR", maxGapDays: 7 }))).status).toBe(403);
    as(fx.admin);
    const bad = await call(PUT_SETTINGS, "/api/fx-rates/settings", json({ reportingCurrency: "EUR", maxGapDays: 400 }));
    expect(bad.status).toBe(400);
    expect(await fields(bad)).toEqual(["maxGapDays"]);
  });
});
