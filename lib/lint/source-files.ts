// The repository's files as the lint tests walk them: relative paths under a folder, without
// generated code and installed packages.
import fs from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Files under `dir` (relative to the repository) whose names match `name`. */
export function filesUnder(dir: string, name: RegExp): string[] {
  return fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["generated", "node_modules"].includes(entry.name) ? [] : filesUnder(rel, name);
    return name.test(entry.name) ? [rel] : [];
  });
}

export const readRepoFile = (file: string) => fs.readFileSync(path.join(repoRoot, file), "utf8");
