#!/usr/bin/env node
// `npm start`: build when the sources changed since the last build, prepare the
// embedded database (migrate + demo seed on first run), then serve on PORT (3000).
//   --reset-demo   start from an empty embedded database (used by the e2e tests)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIsStale } from "./build-state.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.PORT ?? "3000";
const embedded = !process.env.DATABASE_URL;
const dataDir = path.resolve(root, process.env.PGLITE_DATA_DIR ?? ".data/pglite");

function run(command, args, extraEnv = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

if (buildIsStale(root)) {
  console.log("Building the app (first start or sources changed)…");
  run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
}

if (embedded) {
  if (process.argv.includes("--reset-demo")) fs.rmSync(dataDir, { recursive: true, force: true });
  // A separate process opens, migrates, seeds and closes PGlite before the server opens it.
  run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "prisma/seed.ts"]);
} else {
  console.log("Using DATABASE_URL. Apply migrations with `npm run db:migrate` and seed with `npm run seed` when needed.");
}

console.log(`
LTV CRM on http://localhost:${port}  (${embedded ? `embedded database in ${path.relative(root, dataDir)}` : "PostgreSQL server"})
Demo logins (password demo1234): admin@demo.test, manager@demo.test, rep1@demo.test, rep2@demo.test, rep3@demo.test
`);

// serve.mjs, not `next start`: it adds the socket's address for sign-in throttling.
const server = spawn(process.execPath, [path.join(root, "scripts/serve.mjs")], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: port,
    NODE_ENV: "production",
    NEXT_MANUAL_SIG_HANDLE: "1",
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
  },
});
// Pass stop signals on so the server closes the embedded database cleanly.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
