// Every docs/….md a comment or document names exists in the repository (issue 19: comments
// pointed at files that were not there).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { filesUnder, readRepoFile, repoRoot } from "./source-files";

describe("doc links", () => {
  it("every docs/….md named in the code and the docs exists", () => {
    const named = new Map<string, string>();
    const files = ["app", "components", "lib", "scripts", "bench", "docs", "e2e"].flatMap((dir) =>
      filesUnder(dir, /\.(ts|tsx|mjs|cjs|md)$/),
    );
    for (const file of [...files, "README.md", "SECURITY.md"]) {
      for (const match of readRepoFile(file).matchAll(/\bdocs\/[\w./-]+?\.md\b/g)) named.set(match[0], file);
    }
    expect(named.size).toBeGreaterThan(5);
    const missing = [...named]
      .filter(([doc]) => !fs.existsSync(path.join(repoRoot, doc)))
      .map(([doc, file]) => `${doc} (named in ${file})`);
    expect(missing).toEqual([]);
  });
});
