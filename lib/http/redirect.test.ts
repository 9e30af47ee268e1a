import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./redirect";

const OWN = "http://localhost:3000";

// Known open-redirect bypasses (OWASP Unvalidated Redirects cheat sheet, PortSwigger's URL
// validation bypass list): each is a different host to a browser, so each must fall back to "/".
const leaveTheSite = [
  "//evil.example",
  "///evil.example",
  "////evil.example/path",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/%5Cevil.example", // decoded by some servers/frameworks before redirecting
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "https:evil.example",
  "https:/evil.example",
  "https://evil.example",
  "http://localhost:3000@evil.example",
  "http://evil.example#http://localhost:3000",
  "http://localhost:3001/rep",
  "https://localhost:3000/rep",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "//evil.example/%2F..",
  "//%65vil.example",
  "/\\/evil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%5c%5cevil.example",
];

describe("sameOriginPath", () => {
  it.each(leaveTheSite)("refuses %j", (value) => {
    expect(sameOriginPath(value, OWN)).toBe("/");
  });

  it("keeps a same-site target as a path, query and hash", () => {
    expect(sameOriginPath("/rep/accounts?sort=ltv#top", OWN)).toBe("/rep/accounts?sort=ltv#top");
    expect(sameOriginPath("/manager", OWN)).toBe("/manager");
    expect(sameOriginPath("http://localhost:3000/admin/users?q=a", OWN)).toBe("/admin/users?q=a");
    expect(sameOriginPath("rep/accounts", OWN)).toBe("/rep/accounts");
    // An encoded slash later in the path is just part of a segment.
    expect(sameOriginPath("/rep/accounts/a%2Fb", OWN)).toBe("/rep/accounts/a%2Fb");
  });

  it("falls back for nothing, non-strings and unparsable values", () => {
    expect(sameOriginPath(undefined, OWN)).toBe("/");
    expect(sameOriginPath("", OWN)).toBe("/");
    expect(sameOriginPath(["/rep"], OWN)).toBe("/");
    expect(sameOriginPath("http://[::1", OWN, "/home")).toBe("/home");
  });

  it("judges against the configured origin, https too", () => {
    const own = "https://crm.example.com";
    expect(sameOriginPath("https:evil.example", own)).toBe("/evil.example");
    expect(sameOriginPath("https://crm.example.com.evil.example/", own)).toBe("/");
    expect(sameOriginPath("http://crm.example.com/rep", own)).toBe("/");
  });
});
