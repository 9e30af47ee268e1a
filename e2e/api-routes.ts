// The API as it is on disk: every app/api/**/route.ts and the HTTP methods it exports.
import fs from "node:fs";
import path from "node:path";
import type { Method } from "./route-access";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export interface RouteOnDisk {
  route: string;
  method: (typeof METHODS)[number];
  file: string;
}

/** Exported method names: `export const GET = …`, `export async function POST`, `export { handler as GET }`. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const [, name] of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) if (name) found.add(name);
  for (const [, list = ""] of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of list.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) found.add(name);
    }
  }
  return [...found].filter((name) => (METHODS as readonly string[]).includes(name));
}

export function routesOnDisk(root = process.cwd()): RouteOnDisk[] {
  const apiDir = path.join(root, "app", "api");
  const routes: RouteOnDisk[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) {
        const route =
          "/" +
          path
            .relative(path.join(root, "app"), dir)
            .split(path.sep)
            .filter((segment) => !/^\(.*\)$/.test(segment))
            .join("/");
        for (const method of exportedMethods(fs.readFileSync(full, "utf8"))) {
          routes.push({ route, method: method as RouteOnDisk["method"], file: path.relative(root, full) });
        }
      }
    }
  };
  walk(apiDir);
  return routes.sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`));
}

export const MUTATING: ReadonlySet<Method> = new Set<Method>(["POST", "PUT", "PATCH", "DELETE"]);
