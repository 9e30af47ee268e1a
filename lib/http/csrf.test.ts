import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { crossSiteRefusal } from "./csrf";
import { route } from "./route";

const req = (method: string, headers: Record<string, string> = {}, url = "http://localhost:3000/api/accounts") =>
  new Request(url, { method, headers: { host: new URL(url).host, ...headers } });

describe("crossSiteRefusal", () => {
  it("lets reads through whatever their origin", () => {
    expect(crossSiteRefusal(req("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBeNull();
  });

  it("lets scripts without Origin or Fetch Metadata through", () => {
    expect(crossSiteRefusal(req("POST"))).toBeNull();
    expect(crossSiteRefusal(req("DELETE"))).toBeNull();
  });

  it("accepts the app's own page (same Origin, same-origin fetch)", () => {
    expect(crossSiteRefusal(req("POST", { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteRefusal(req("PATCH", { "sec-fetch-site": "none" }))).toBeNull();
  });

  it("refuses another site by Fetch Metadata, even without Origin", () => {
    expect(crossSiteRefusal(req("POST", { "sec-fetch-site": "cross-site" }))).toMatch(/cross-site/);
    // A sibling subdomain shares the cookie's site but is not us.
    expect(crossSiteRefusal(req("PUT", { "sec-fetch-site": "same-site" }))).toMatch(/same-site/);
  });

  it("refuses a foreign, null or malformed Origin", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(crossSiteRefusal(req(method, { origin: "https://evil.example" }))).toBe("Origin: https://evil.example");
    }
    expect(crossSiteRefusal(req("POST", { origin: "null" }))).toBe("Origin: null");
    expect(crossSiteRefusal(req("POST", { origin: "not a url" }))).toMatch(/^Origin:/);
    // Same host, other port or scheme is another origin.
    expect(crossSiteRefusal(req("POST", { origin: "http://localhost:4000" }))).not.toBeNull();
    expect(crossSiteRefusal(req("POST", { origin: "http://localhost.evil.example:3000" }))).not.toBeNull();
  });

  it("without Origin, refuses a Referer from another site and accepts our own", () => {
    expect(crossSiteRefusal(req("POST", { referer: "https://evil.example/attack.html" }))).toBe("Referer: https://evil.example");
    expect(crossSiteRefusal(req("DELETE", { referer: "http://localhost:4000/" }))).toBe("Referer: http://localhost:4000");
    expect(crossSiteRefusal(req("PATCH", { referer: "not a url" }))).toMatch(/^Referer:/);
    expect(crossSiteRefusal(req("POST", { referer: "http://localhost:3000/rep/accounts?x=1" }))).toBeNull();
    // Origin, when present, decides: a Referer cannot make a foreign Origin ours.
    expect(crossSiteRefusal(req("POST", { origin: "https://evil.example", referer: "http://localhost:3000/" }))).toBe(
      "Origin: https://evil.example",
    );
    // Reads are never refused.
    expect(crossSiteRefusal(req("GET", { referer: "https://evil.example/" }))).toBeNull();
  });

  it("accepts the public origin behind a TLS-terminating proxy (Host, X-Forwarded-*, NEXTAUTH_URL)", () => {
    const internal = "http://127.0.0.1:3000/api/accounts";
    const viaHost = new Request(internal, { method: "POST", headers: { host: "crm.example.com", origin: "https://crm.example.com" } });
    expect(crossSiteRefusal(viaHost)).toBeNull();
    const viaForwarded = new Request(internal, {
      method: "POST",
      headers: {
        host: "127.0.0.1:3000",
        "x-forwarded-host": "crm.example.com",
        "x-forwarded-proto": "https",
        origin: "https://crm.example.com",
      },
    });
    expect(crossSiteRefusal(viaForwarded)).toBeNull();
    const viaConfig = new Request(internal, { method: "POST", headers: { host: "127.0.0.1:3000", origin: "https://crm.example.com" } });
    expect(crossSiteRefusal(viaConfig)).not.toBeNull();
    expect(crossSiteRefusal(viaConfig, "https://crm.example.com/")).toBeNull();
  });
});

describe("route() refuses cross-site mutations before the handler runs", () => {
  it("answers 403 with a JSON error and never calls the handler", async () => {
    let called = 0;
    const handler = route(async () => {
      called += 1;
      return new Response(null, { status: 204 });
    });
    const evil = new NextRequest("http://localhost:3000/api/accounts", {
      method: "POST",
      headers: { host: "localhost:3000", origin: "https://evil.example" },
      body: "{}",
    });
    const refused = await handler(evil, undefined);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "Cross-site request refused." });
    expect(called).toBe(0);
    const own = new NextRequest("http://localhost:3000/api/accounts", {
      method: "POST",
      headers: { host: "localhost:3000", origin: "http://localhost:3000" },
      body: "{}",
    });
    expect((await handler(own, undefined)).status).toBe(204);
    expect(called).toBe(1);
  });
});
