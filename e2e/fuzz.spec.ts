// Property-based fuzzing of every mutating API route (issue #7): generated bodies
// (arbitrary JSON, wrong types for the real fields, unknown fields, malformed
// JSON, huge strings, a bad id in the path, an oversized body) must answer a 4xx
// with a JSON error — never 5xx — and write nothing (GET /api/admin/counts before
// and after every case: row counts, last changes, versions, newest audit entry).
// FUZZ_RUNS (default 30 per route) and FUZZ_SEED make a run longer or repeatable.
import fc from "fast-check";
import type { APIRequestContext } from "@playwright/test";
import { expect, signInViaApi, test } from "./fixtures";
import { MUTATING, routesOnDisk } from "./api-routes";
import { ROUTE_ACCESS, type Method, type ProbeIds } from "./route-access";
import { createProbeRecords } from "./probe-records";

test.skip(({ isMobile }) => isMobile, "API checks run once, on the desktop project");

const ACCEPTED = [400, 404, 409, 413, 415, 422];
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const targets = routesOnDisk()
  .filter((r) => MUTATING.has(r.method as Method) && !r.route.startsWith("/api/auth/"))
  .map((r) => {
    const entry = ROUTE_ACCESS.find((e) => e.route === r.route && e.method === r.method);
    return { ...r, entry };
  });

interface FuzzCase {
  kind: string;
  url: string;
  body: string;
}

const isEmptyObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
// `{}` and blank text are the valid "no body" of DELETE and the refit: not a fuzz case.
const anyJson = fc.jsonValue({ maxDepth: 3 }).filter((value) => !isEmptyObject(value));

/** A value of another JSON type than `value` has. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const options: Array<fc.Arbitrary<unknown>> = [fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 })];
  if (typeof value !== "string") options.push(fc.string({ maxLength: 20 }));
  if (typeof value !== "number") options.push(fc.oneof(fc.integer(), fc.double()));
  return fc.oneof(...options);
}

function caseArbitrary(url: string, realBody: Record<string, unknown>): fc.Arbitrary<FuzzCase> {
  const keys = Object.keys(realBody);
  const json = (kind: string) => (value: unknown) => ({ kind, url, body: JSON.stringify(value) });
  const arbitrary = anyJson.map(json("arbitrary JSON"));
  const wrongTypes =
    keys.length === 0
      ? arbitrary
      : fc
          .record(Object.fromEntries(keys.map((key) => [key, wrongTypeFor(realBody[key])])), { requiredKeys: [] })
          .filter((value) => Object.keys(value).length > 0)
          .map(json("wrong types"));
  const unknownField = fc
    .tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !keys.includes(key) && key !== "__proto__"), fc.jsonValue({ maxDepth: 2 }))
    .map(([key, value]) => ({ kind: "unknown field", url, body: JSON.stringify({ ...realBody, [key]: value }) }));
  const malformed = fc
    .oneof(fc.string({ maxLength: 40 }), fc.constant(JSON.stringify(realBody)).chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))))
    .filter((text) => {
      if (text.trim() === "") return false;
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    })
    .map((text) => ({ kind: "malformed JSON", url, body: text }));
  const huge = fc
    .tuple(fc.constantFrom(...(keys.length ? keys : ["name"])), fc.integer({ min: 5_000, max: 300_000 }))
    .map(([key, size]) => ({ kind: "huge string", url, body: JSON.stringify({ ...realBody, [key]: "x".repeat(size) }) }));
  const arbitraries = [arbitrary, wrongTypes, unknownField, malformed, huge];
  if (/\/[0-9a-f-]{36}(\?|$)/.test(url)) {
    const badId = fc
      .string({ maxLength: 40 })
      .filter((id) => id.trim() !== "" && !id.includes("/") && !id.includes("?") && !id.includes("#") && id !== "." && id !== "..")
      .map((id) => ({ kind: "bad id in path", url: url.replace(/[0-9a-f-]{36}/, encodeURIComponent(id)), body: JSON.stringify(realBody) }));
    arbitraries.push(badId);
  }
  return fc.oneof(...arbitraries);
}

test.describe("fuzzing mutating routes", () => {
  let admin: APIRequestContext;
  let ids: ProbeIds;

  test.beforeAll(async ({ playwright, baseURL }) => {
    admin = await playwright.request.newContext({ baseURL });
    await signInViaApi(admin, "admin@demo.test");
    ids = await createProbeRecords(admin, "fuzz");
  });
  test.afterAll(async () => {
    await admin?.dispose();
  });

  const fingerprint = async () => {
    const response = await admin.get("/api/admin/counts");
    expect(response.status()).toBe(200);
    return response.json();
  };

  test("every mutating route has a table entry to fuzz from", () => {
    const missing = targets.filter((t) => !t.entry?.probe).map((t) => `${t.method} ${t.route}`);
    expect(missing, `add these to e2e/route-access.ts: ${missing.join(", ")}`).toEqual([]);
    expect(targets.length).toBeGreaterThan(5);
  });

  for (const target of targets) {
    test(`${target.method} ${target.route} refuses bad bodies with a 4xx and writes nothing`, async () => {
      test.setTimeout(120_000);
      const probe = target.entry!.probe!({ ids, caller: "admin", unique: () => `fuzz-${Date.now()}` });
      const realBody = (probe.body ?? {}) as Record<string, unknown>;
      const send = (c: FuzzCase) => admin.fetch(c.url, { method: target.method, data: c.body, headers: { "content-type": "application/json" }, maxRedirects: 0 });
      const check = async (c: FuzzCase, expected = ACCEPTED) => {
        const before = await fingerprint();
        const response = await send(c);
        const text = await response.text();
        const where = `${target.method} ${c.url} [${c.kind}] body ${c.body.slice(0, 200)} → ${response.status()} ${text.slice(0, 300)}`;
        expect(expected, where).toContain(response.status());
        let error: unknown;
        try {
          error = JSON.parse(text).error;
        } catch {
          error = undefined;
        }
        expect(error, `${where}: a JSON { error } message`).toEqual(expect.any(String));
        expect(await fingerprint(), `${where}: nothing may be written`).toEqual(before);
      };

      // An oversized body (> 1 MB) answers 413 before anything is parsed.
      await check({ kind: "oversized", url: probe.url, body: JSON.stringify({ ...realBody, padding: "x".repeat(1_100_000) }) }, [413]);
      await fc.assert(
        fc.asyncProperty(caseArbitrary(probe.url, realBody), async (c) => {
          await check(c);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});
