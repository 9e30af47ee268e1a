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
