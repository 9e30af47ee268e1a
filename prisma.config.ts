// Prisma CLI configuration. The CLI's migrate commands run through the
// WebAssembly schema engine ("js" engine) over an in-memory PGlite, because
// Prisma's native schema engine cannot be downloaded on our machines.
// Only `prisma migrate diff` (authoring and drift checks, scripts/new-migration.mjs)
// uses this; the app applies migrations itself (lib/db/migrate.ts). See docs/decisions/0002.
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPGlite } from "pglite-prisma-adapter";

// pglite-prisma-adapter 0.6 runs a whole migration file through a prepared statement
// (one command only) when filling the shadow database; route multi-statement SQL
// through PGlite's exec(), which takes a script, and await it.
// Typed loosely: the adapter is built against an older @prisma/driver-adapter-utils.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function scriptCapable(factory: PrismaPGlite, db: PGlite): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  const wrap = async (adapterPromise: Promise<any>, client: PGlite) => {
    const adapter = await adapterPromise;
    return new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === "executeScript") {
          return async (script: string) => {
            await client.exec(script);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        if (prop === "executeRaw" || prop === "queryRaw") {
          return async (query: { sql: string; args: unknown[] }) => {
            if (query.args.length === 0 && query.sql.split(";").filter((s) => s.trim()).length > 1) {
              await client.exec(query.sql);
              return prop === "executeRaw" ? 0 : { columnNames: [], columnTypes: [], rows: [] };
            }
            return value.call(target, query);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  const shadow = new PGlite({ extensions: { pg_trgm } });
  return new Proxy(factory, {
    get(target, prop, receiver) {
      if (prop === "connect") return () => wrap(target.connect(), db);
      if (prop === "connectToShadowDb") {
        return () => wrap(new PrismaPGlite(shadow).connect(), shadow);
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export default defineConfig({
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  async adapter() {
    const db = new PGlite({ extensions: { pg_trgm } });
    return scriptCapable(new PrismaPGlite(db), db);
  },
});
