// Sign-in throttling against the database: counters in sign_in_throttle, so they
// hold across restarts and instances; the client address comes from the socket.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import http from "node:http";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { hashPassword } from "./password";
import { checkCredentials } from "@/lib/auth/login";
import { appendPeerAddress } from "@/scripts/peer-address.mjs";
import { MAX_ATTEMPTS_PER_IP, MAX_FAILURES_PER_EMAIL, WINDOW_MS, checkSignIn, resetSignInThrottle } from "./throttle";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await db.prisma.user.create({
    data: { email: "rep@throttle.test", name: "Rep", role: "REP", passwordHash: await hashPassword("correct horse") },
  });
});
beforeEach(async () => {
  vi.unstubAllEnvs();
  await resetSignInThrottle();
});
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
    expect(await db.prisma.signInThrottle.findUnique({ where: { key: "email:rep@throttle.test" } })).toMatchObject({
      lockedUntil: expect.any(Date),
    });
  });

  it("locks an unknown email the same way, stored the same way", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) await checkCredentials("nobody@throttle.test", "wrong", "10.0.1.1");
    expect((await checkSignIn("nobody@throttle.test", "10.0.1.2", { count: false })).allowed).toBe(false);
    const row = await db.prisma.signInThrottle.findUnique({ where: { key: "email:nobody@throttle.test" } });
    expect(row?.lockedUntil).toBeInstanceOf(Date);
  });

  it("limits attempts per client address across emails", async () => {
    for (let i = 0; i < MAX_ATTEMPTS_PER_IP; i++) expect((await checkSignIn(`user${i}@x.test`, "10.0.2.1")).allowed).toBe(true);
    expect((await checkSignIn("another@x.test", "10.0.2.1")).allowed).toBe(false);
    expect((await checkSignIn("another@x.test", "10.0.2.1", { count: false })).allowed).toBe(false);
    expect((await checkSignIn("another@x.test", "10.0.2.2")).allowed).toBe(true);
  });

  it("counts in a window that ends: 15 minutes later the address may try again, and stale rows are purged", async () => {
    const t0 = Date.parse("2026-03-01T10:00:00Z");
    for (let i = 0; i <= MAX_ATTEMPTS_PER_IP; i++) await checkSignIn(`u${i}@x.test`, "10.0.4.1", { now: t0 + i });
    expect((await checkSignIn("u@x.test", "10.0.4.1", { now: t0 + 1000 })).allowed).toBe(false);
    expect((await checkSignIn("u@x.test", "10.0.4.1", { now: t0 + WINDOW_MS + 1 })).allowed).toBe(true);
    expect(await db.prisma.signInThrottle.findUnique({ where: { key: "ip:10.0.4.1" } })).toMatchObject({ hits: 1 });
    // A later attempt from elsewhere purges the stale row of an address that stopped trying.
    await checkSignIn("v@x.test", "10.0.4.2", { now: t0 + WINDOW_MS + 1 });
    await checkSignIn("v@x.test", "10.0.4.3", { now: t0 + 3 * WINDOW_MS });
    expect(await db.prisma.signInThrottle.findUnique({ where: { key: "ip:10.0.4.2" } })).toBeNull();
  });

  it("a success resets the failure count", async () => {
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL - 1; i++) await checkCredentials("rep@throttle.test", "wrong", "10.0.3.1");
    expect(await checkCredentials("rep@throttle.test", "correct horse", "10.0.3.1")).not.toBeNull();
    expect(await checkCredentials("rep@throttle.test", "wrong", "10.0.3.1")).toBeNull();
    expect(await checkCredentials("rep@throttle.test", "correct horse", "10.0.3.1")).not.toBeNull();
  });

  it("counts concurrent attempts exactly (atomic upsert), so two instances cannot both slip under the limit", async () => {
    const attempts = MAX_ATTEMPTS_PER_IP + 10;
    const verdicts = await Promise.all(Array.from({ length: attempts }, (_, i) => checkSignIn(`c${i}@x.test`, "10.0.5.1")));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(MAX_ATTEMPTS_PER_IP);
    // Every allowed attempt was counted, and at least one past the limit; an attempt whose early
    // check already saw the counter over the limit is refused without counting (on a server's
    // connection pool some do, so the stored count may fall short of every attempt).
    const row = await db.prisma.signInThrottle.findUnique({ where: { key: "ip:10.0.5.1" } });
    expect(row!.hits).toBeGreaterThan(MAX_ATTEMPTS_PER_IP);
    expect(row!.hits).toBeLessThanOrEqual(attempts);
  });
});

describe("the client address comes from the socket", () => {
  // A server that does what scripts/serve.mjs does before Next sees the request, then asks the throttle.
  async function withServer<T>(run: (port: number) => Promise<T>): Promise<T> {
    // Fresh modules read the stubbed limit (env() is parsed once per module instance).
    vi.resetModules();
    const throttle = await import("./throttle");
    const address = await import("@/lib/http/client-address");
    const server = http.createServer((req, res) => {
      appendPeerAddress(req);
      const ip = address.clientIp(req.headers as Record<string, string>);
      throttle.checkSignIn("someone@x.test", ip).then(
        (verdict) => res.writeHead(verdict.allowed ? 200 : 429, { "content-type": "text/plain" }).end(ip),
        (error) => res.writeHead(500).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
    try {
      return await run((server.address() as { port: number }).port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }
  function attempt(port: number, from: string, forwardedFor?: string): Promise<{ status: number; ip: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          localAddress: from,
          method: "POST",
          path: "/",
          headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
          agent: false,
        },
        (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve({ status: res.statusCode!, ip: body }));
        },
      );
      request.on("error", reject);
      request.end();
    });
  }

  it("a forged X-Forwarded-For neither resets the limit nor moves it to another address; two real addresses count separately", async () => {
    vi.stubEnv("SIGNIN_MAX_ATTEMPTS_PER_IP", "3");
    await withServer(async (port) => {
      for (let i = 0; i < 3; i++) expect(await attempt(port, "127.0.0.2")).toEqual({ status: 200, ip: "127.0.0.2" });
      expect((await attempt(port, "127.0.0.2")).status).toBe(429);
      // Made-up headers from the throttled client: still counted as 127.0.0.2, still refused.
      for (const forged of ["198.51.100.7", "127.0.0.3", "1.2.3.4, 5.6.7.8", "unknown"]) {
        expect(await attempt(port, "127.0.0.2", forged)).toEqual({ status: 429, ip: "127.0.0.2" });
      }
      // Another client address has its own count.
      expect(await attempt(port, "127.0.0.3")).toEqual({ status: 200, ip: "127.0.0.3" });
    });
  });
});
