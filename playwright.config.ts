import { defineConfig, devices } from "@playwright/test";

// End-to-end tests against a production build on a throw-away embedded database
// (seeded with the demo data). PGlite is one process and one connection: one worker.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    // Dates are written in the reader's locale (Accept-Language): the specs read British dates ("15 Jan 2026").
    locale: "en-GB",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "phone", use: { ...devices["Pixel 7"], viewport: { width: 390, height: 844 }, channel: undefined } },
  ],
  webServer: {
    command: "node scripts/start.mjs --reset-demo",
    url: `http://localhost:${PORT}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      PGLITE_DATA_DIR: ".data/e2e/pglite",
      // The embedded database, unless a script runs a spec against a server and its read replica
      // (scripts/e2e-replica.sh: the database is migrated and seeded there first).
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      DATABASE_READ_URL: process.env.E2E_DATABASE_READ_URL ?? "",
      NEXTAUTH_URL: `http://localhost:${PORT}`,
      // Every test signs in from the same address; the per-email lockout still applies.
      SIGNIN_MAX_ATTEMPTS_PER_IP: "10000",
    },
  },
});
