// Vitest global setup of the database project: on embedded PGlite, every test file opens a fresh
// database (lib/db/testing.ts). Creating one and applying the migrations took 2–3.5 s per file,
// about half the suite's time; loading a dump of a migrated one takes ~0.6 s. So the migrations
// run once here, and each file loads the dump. (On a server, DATABASE_URL, nothing is done.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migratedPgliteDump } from "./client";

declare module "vitest" {
  export interface ProvidedContext {
    /** A tar of a migrated PGlite data dir, or "" on a server. */
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env.DATABASE_URL) {
    project.provide("pgliteTemplate", "");
    return () => {};
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ltv-pglite-template-"));
  const file = path.join(dir, "migrated.tar");
  fs.writeFileSync(file, await migratedPgliteDump());
  project.provide("pgliteTemplate", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
