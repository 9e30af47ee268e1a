import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("env", () => {
  it("treats an empty DATABASE_URL as unset (embedded database)", async () => {
    vi.stubEnv("DATABASE_URL", "");
    const { env } = await import("./env");
    expect(env().DATABASE_URL).toBeUndefined();
  });
  it("names the variable when a value is wrong", async () => {
    vi.stubEnv("DATABASE_URL", "mysql://nope");
    const { env } = await import("./env");
    expect(() => env()).toThrow(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  });
});

describe("TRUSTED_PROXIES", () => {
  it("reads a comma-separated list of addresses and CIDR ranges; unset trusts none", async () => {
    vi.stubEnv("TRUSTED_PROXIES", " 10.0.0.0/8, 127.0.0.1 ,fd00::/8");
    const { env } = await import("./env");
    expect(env().TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "127.0.0.1", "fd00::/8"]);
    vi.resetModules();
    vi.stubEnv("TRUSTED_PROXIES", "");
    expect((await import("./env")).env().TRUSTED_PROXIES).toEqual([]);
  });
  it("names the variable and the bad entry", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal");
    const { env } = await import("./env");
    expect(() => env()).toThrow(/TRUSTED_PROXIES: "proxy.internal" is not an IP address/);
    vi.resetModules();
    vi.stubEnv("TRUSTED_PROXIES", "10.0.0.0/33");
    expect(() => env()).toThrow(/TRUSTED_PROXIES/);
  });
});
