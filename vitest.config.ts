import { defineConfig } from "vitest/config";
import path from "node:path";

// Two projects: pure unit tests (fast, no database) and *.db.test.ts integration
// tests, which run on embedded PGlite by default and on PostgreSQL when
// DATABASE_URL is set (see README, .ci/run).
export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "lib/server-only-stub.ts") },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "prisma/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["**/*.db.test.ts"],
          // Migrates one PGlite database for the whole run; each file loads a copy.
          globalSetup: ["lib/db/pglite-template.global-setup.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          // One database per test file; PGlite is single-connection, so files run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
