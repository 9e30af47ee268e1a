// One owner per table (issue 19): every write to account_metrics lives in lib/metrics. Other
// features call its functions (rollups.ts, store.ts, recompute.ts); a raw write elsewhere fails here.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, readRepoFile } from "./source-files";

const WRITE =
  /\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+"?account_metrics"?\b|\baccountMetrics\.(create|createMany|update|updateMany|upsert|delete|deleteMany)\b/i;

describe("table owners", () => {
  it("only lib/metrics writes account_metrics", () => {
    const sources = ["app", "components", "lib"].flatMap((dir) => filesUnder(dir, /^(?!.*\.test\.tsx?$).*\.tsx?$/));
    const writers = sources.filter((file) => WRITE.test(readRepoFile(file)));
    expect(writers.length).toBeGreaterThan(0); // the pattern finds lib/metrics' own writers
    expect(writers.filter((file) => !file.startsWith(path.join("lib", "metrics") + path.sep))).toEqual([]);
  });
});
