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

describe("DATABASE_READ_URL", () => {
  it("is optional, and the lag limit defaults to 5 seconds", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://db/ltv");
    vi.stubEnv("DATABASE_READ_URL", "");
    vi.stubEnv("DATABASE_READ_MAX_LAG_SECONDS", "");
    const { env } = await import("./env");
    expect(env().DATABASE_READ_URL).toBeUndefined();
    expect(env().DATABASE_READ_MAX_LAG_SECONDS).toBe(5);
  });
  it("reads a replica URL and a lag limit", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://primary/ltv");
    vi.stubEnv("DATABASE_READ_URL", "postgresql://replica/ltv");
    vi.stubEnv("DATABASE_READ_MAX_LAG_SECONDS", "0.5");
    const { env } = await import("./env");
    expect(env().DATABASE_READ_URL).toBe("postgresql://replica/ltv");
    expect(env().DATABASE_READ_MAX_LAG_SECONDS).toBe(0.5);
  });
  it("names the variable when the URL is not PostgreSQL, the limit is negative, or there is no primary", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://primary/ltv");
    vi.stubEnv("DATABASE_READ_URL", "http://replica");
    expect((await import("./env")).env).toThrow(/DATABASE_READ_URL: must be a postgresql:\/\/ URL of a read replica/);
    vi.resetModules();
    vi.stubEnv("DATABASE_READ_URL", "postgresql://replica/ltv");
    vi.stubEnv("DATABASE_READ_MAX_LAG_SECONDS", "-1");
    expect((await import("./env")).env).toThrow(/DATABASE_READ_MAX_LAG_SECONDS/);
    vi.resetModules();
    vi.stubEnv("DATABASE_READ_MAX_LAG_SECONDS", "5");
    vi.stubEnv("DATABASE_URL", "");
    expect((await import("./env")).env).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
  });
});

describe("JOB_WORKERS", () => {
  it("defaults to on; off is accepted with a database server", async () => {
    vi.stubEnv("JOB_WORKERS", "");
    expect((await import("./env")).env().JOB_WORKERS).toBe("on");
    vi.resetModules();
    vi.stubEnv("DATABASE_URL", "postgresql://primary/ltv");
    vi.stubEnv("JOB_WORKERS", "off");
    expect((await import("./env")).env().JOB_WORKERS).toBe("off");
  });
  it("names the variable for a value that is not on or off, and for off on the embedded database", async () => {
    vi.stubEnv("DATABASE_URL", "postgresql://primary/ltv");
    vi.stubEnv("JOB_WORKERS", "false");
    expect((await import("./env")).env).toThrow(/JOB_WORKERS: must be "on" \(this server runs the jobs\) or "off"/);
    vi.resetModules();
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("JOB_WORKERS", "off");
    expect((await import("./env")).env).toThrow(/JOB_WORKERS: off needs DATABASE_URL/);
  });
});
