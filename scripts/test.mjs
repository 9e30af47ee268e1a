#!/usr/bin/env node
// `npm test`: type check, lint (ESLint, import boundaries, Prettier), unit tests, database integration tests on embedded
// PGlite, then Playwright end-to-end tests in Chromium against a production build.
// Installs Debian's Chromium first when it is missing (Playwright's own browser
// download cannot work on our machines).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n${title} failed.`);
    process.exit(result.status ?? 1);
  }
}

function ensureChromium() {
  if (fs.existsSync(chromium)) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error(`Chromium is missing at ${chromium}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
    process.exit(1);
  }
  step("Installing Debian's Chromium for the end-to-end tests", "bash", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
  ]);
}

/** Debian's faketime: the database suite restarts the app N days later with it (lib/metrics/as-of.db.test.ts). */
function ensureFaketime() {
  if (fs.existsSync("/usr/bin/faketime")) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.warn("faketime is missing (sudo apt-get install -y faketime); the calendar test will be skipped.");
    return;
  }
  step("Installing Debian's faketime for the calendar test", "bash", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime",
  ]);
}

const only = process.argv[2]; // optional: unit | db | e2e
// The unit and PGlite suites never touch a server, even when DATABASE_URL is set in the shell.
const embedded = { DATABASE_URL: "" };
if (!only || only === "unit") {
  step("Type check", bin("tsc"), ["--noEmit"]);
  step("Lint: ESLint, import boundaries, formatting", "npm", ["run", "--silent", "lint"]);
  step("Unit tests", bin("vitest"), ["run", "--project", "unit"], embedded);
}
if (!only || only === "db") ensureFaketime();
if (!only || only === "db") step("Database integration tests (embedded PGlite)", bin("vitest"), ["run", "--project", "db"], embedded);
if (!only || only === "e2e") {
  ensureChromium();
  step("End-to-end tests (Playwright, Chromium)", bin("playwright"), ["test"], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1", ...embedded });
}
