// Every docs/….md a comment or document names exists in the repository (issue 19: comments
// pointed at files that were not there).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["generated", "node_modules"].includes(entry.name) ? [] : files(rel);
    return /\.(ts|tsx|mjs|cjs|md)$/.test(entry.name) ? [rel] : [];
  });
}

describe("doc links", () => {
  it("every docs/….md named in the code and the docs exists", () => {
    const named = new Map<string, string>();
    for (const file of [...["app", "components", "lib", "scripts", "bench", "docs", "e2e"].flatMap(files), "README.md", "SECURITY.md"]) {
      for (const match of fs.readFileSync(path.join(root, file), "utf8").matchAll(/\bdocs\/[\w./-]+?\.md\b/g)) named.set(match[0], file);
    }
    expect(named.size).toBeGreaterThan(5);
    const missing = [...named].filter(([doc]) => !fs.existsSync(path.join(root, doc))).map(([doc, file]) => `${doc} (named in ${file})`);
    expect(missing).toEqual([]);
  });
});
