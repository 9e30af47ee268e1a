// Whether the production build (.next) is older than the sources it was built
// from: `npm start` and the benchmark rebuild only then.
import fs from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "prisma/schema.prisma",
  "next.config.js",
  "proxy.ts",
  "instrumentation.ts",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestSourceMtime(root) {
  let newest = 0;
  const visit = (p) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      if (p.endsWith(path.join("lib", "generated"))) return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else if (!/\.test\.tsx?$/.test(p)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

/** True when .next is missing or any source is newer than its BUILD_ID. */
export function buildIsStale(root) {
  const buildId = path.join(root, ".next/BUILD_ID");
  return !fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestSourceMtime(root);
}
