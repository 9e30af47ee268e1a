// One owner per table (issue 19): every write to account_metrics lives in lib/metrics. Other
// features call its functions (rollups.ts, store.ts, recompute.ts); a raw write elsewhere fails here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const WRITE =
  /\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?account_metrics"?\b|\baccountMetrics\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\b/i;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return rel === path.join("lib", "generated") ? [] : sources(rel);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

describe("table owners", () => {
  it("only lib/metrics writes account_metrics", () => {
    const writers = ["app", "components", "lib"]
      .flatMap(sources)
      .filter((file) => WRITE.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(writers.length).toBeGreaterThan(0); // the pattern finds lib/metrics' own writers
    expect(writers.filter((file) => !file.startsWith(path.join("lib", "metrics") + path.sep))).toEqual([]);
  });
});
