// Every API route × every caller (issue #7): anonymous → 401; rep1 on their own
// records, the manager and the admin → allowed or 403 as e2e/route-access.ts says;
// rep2 on rep1's records → 403/404 with none of rep1's data in the body. The table
// must match the routes on disk, so a new route without an entry fails here.
import type { APIRequestContext } from "@playwright/test";
import { expect, signInViaApi, test } from "./fixtures";
import { routesOnDisk } from "./api-routes";
import { ROUTE_ACCESS, type Caller, type ProbeIds, type Role } from "./route-access";
import { createProbeRecords } from "./probe-records";

test.skip(({ isMobile }) => isMobile, "API checks run once, on the desktop project");

const key = (route: string, method: string) => `${method} ${route}`;

test("the route table lists exactly the API routes on disk", () => {
  const onDisk = new Set(routesOnDisk().map((r) => key(r.route, r.method)));
  const inTable = new Set(ROUTE_ACCESS.map((r) => key(r.route, r.method)));
  const missing = [...onDisk].filter((k) => !inTable.has(k));
  const stale = [...inTable].filter((k) => !onDisk.has(k));
  expect(missing, `API routes on disk without an entry in e2e/route-access.ts: ${missing.join(", ")}`).toEqual([]);
  expect(stale, `entries in e2e/route-access.ts with no route on disk: ${stale.join(", ")}`).toEqual([]);
  expect(inTable.size, "one entry per route and method").toBe(ROUTE_ACCESS.length);
  for (const entry of ROUTE_ACCESS) {
    if (entry.skip) continue;
    expect(entry.probe, `${key(entry.route, entry.method)} needs a probe or a skip reason`).toBeDefined();
    expect(entry.allowed, `${key(entry.route, entry.method)} needs its allowed callers`).toBeDefined();
  }
});

test.describe("route × role", () => {
  const callers = {} as Record<Exclude<Caller, "anonymous">, APIRequestContext> & { anonymous: APIRequestContext };
  let ids: ProbeIds;
  let secrets: string[] = [];
  let counter = 0;

  test.beforeAll(async ({ playwright, baseURL }) => {
    const logins: Record<Exclude<Caller, "anonymous">, string> = {
      rep: "rep1@demo.test",
      foreign: "rep2@demo.test",
      manager: "manager@demo.test",
      admin: "admin@demo.test",
    };
    callers.anonymous = await playwright.request.newContext({ baseURL });
    for (const [caller, email] of Object.entries(logins) as Array<[Exclude<Caller, "anonymous">, string]>) {
      callers[caller] = await playwright.request.newContext({ baseURL });
      await signInViaApi(callers[caller], email);
    }
    // rep1's records: a throw-away account with a contact, deal, order and visit.
    ids = await createProbeRecords(callers.rep, "rep1");
    // What rep2 must never see, read back as the admin.
    const admin = callers.admin;
    const account = await (await admin.get(`/api/accounts/${ids.account}`)).json();
    expect(account.ownerId).toBe(ids.rep1);
    const contact = (await (await admin.get(`/api/contacts?accountId=${ids.account}`)).json()).items[0];
    const deal = (await (await admin.get(`/api/deals?accountId=${ids.account}`)).json()).items[0];
    expect(contact.id).toBe(ids.contact);
    expect(deal.id).toBe(ids.deal);
    secrets = [ids.account, account.name, ids.contact, contact.name, contact.email, ids.deal, deal.title, ids.purchase, ids.visit];
  });

  test.afterAll(async () => {
    for (const context of Object.values(callers)) await context?.dispose();
  });

  for (const entry of ROUTE_ACCESS.filter((e) => !e.skip)) {
    test(`${entry.method} ${entry.route}`, async () => {
      for (const caller of ["anonymous", "rep", "foreign", "manager", "admin"] as const) {
        if (caller === "foreign" && entry.foreign === "none") continue;
        const probe = entry.probe!({ ids, caller, unique: () => `${Date.now().toString(36)}-${++counter}` });
        const response = await callers[caller].fetch(probe.url, {
          method: entry.method,
          ...(probe.body !== undefined ? { data: probe.body } : {}),
          maxRedirects: 0,
        });
        const status = response.status();
        const text = await response.text();
        const where = `${caller} → ${entry.method} ${probe.url}: ${status} ${text.slice(0, 300)}`;
        expect(status, where).toBeLessThan(500);
        if (caller === "anonymous") {
          expect(status, where).toBe(401);
          expect(JSON.parse(text).error, where).toEqual(expect.any(String));
          continue;
        }
        if (caller === "foreign") {
          if (entry.foreign === "deny") expect([403, 404], where).toContain(status);
          for (const secret of secrets) expect(text.includes(secret), `${where}\nleaks "${secret}"`).toBe(false);
          continue;
        }
        if (entry.allowed!.includes(caller as Role)) {
          expect(probe.ok ?? [200, 201, 202, 204], where).toContain(status);
          if (status === 409) expect(JSON.parse(text).current, `${where}: a 409 carries the current record`).toBeTruthy();
        } else {
          expect([403, 404], where).toContain(status);
          for (const secret of secrets) expect(text.includes(secret), `${where}\nleaks "${secret}"`).toBe(false);
        }
      }
    });
  }
});
