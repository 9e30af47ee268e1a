import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { Forbidden, Invalid } from "@/lib/errors";
import { parseWith } from "@/lib/http/route";
import { listAudit, listAuditEntityTypes, listAuditQuery } from "./list-audit";

let db: Database;
let fx: SalesFixture;
const SAME_INSTANT = new Date("2026-11-20T10:00:00.000Z");
beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma);
  // 25 entries sharing one timestamp (bulk changes do that), plus a spread over days.
  const rows = [
    ...Array.from({ length: 25 }, (_, i) => ({
      at: SAME_INSTANT,
      actorId: fx.manager.id,
      action: "account.reassign",
      entityType: "account",
      entityId: fx.accounts.rep1[i % 3]!,
      before: { ownerId: fx.rep1.id },
      after: { ownerId: fx.rep2.id },
    })),
    ...Array.from({ length: 12 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 1 + i, 12)),
      actorId: fx.admin.id,
      action: i % 2 ? "user.role" : "user.deactivate",
      entityType: "user",
      entityId: fx.rep1.id,
      before: { role: "REP" },
      after: { role: "MANAGER" },
    })),
    {
      at: new Date(Date.UTC(2026, 9, 15)),
      actorId: fx.admin.id,
      action: "product.archive",
      entityType: "product",
      entityId: fx.products.toner,
      before: { archived: false },
      after: { archived: true },
    },
  ];
  await db.prisma.auditLog.createMany({ data: rows });
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const query = (params: Record<string, string>) => parseWith(listAuditQuery, params, "Invalid query");

async function all(params: Record<string, string>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listAudit(fx.admin, query({ ...params, ...(cursor ? { cursor } : {}) }));
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe("audit log", () => {
  it("pages newest first by (at, id) without duplicates or skips, even across equal timestamps", async () => {
    const total = await db.prisma.auditLog.count();
    const { ids, pages } = await all({ limit: "7" });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 7));
    const expected = await db.prisma.auditLog.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], select: { id: true } });
    expect(ids).toEqual(expected.map((row) => row.id));
  });

  it("each entry names its actor and carries before and after", async () => {
    const page = await listAudit(fx.admin, query({ entityType: "product" }));
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      action: "product.archive",
      entityId: fx.products.toner,
      actor: { id: fx.admin.id, email: fx.admin.email, name: fx.admin.name },
      before: { archived: false },
      after: { archived: true },
    });
    expect(page.nextCursor).toBeNull();
  });

  it("filters by entity type, entity id, actor, action prefix and date range (dates include the whole day)", async () => {
    expect((await all({ entityType: "account" })).ids).toHaveLength(25);
    expect((await all({ entityType: "account", entityId: fx.accounts.rep1[0]! })).ids).toHaveLength(9);
    expect((await all({ actorId: fx.admin.id })).ids).toHaveLength(13);
    expect((await all({ action: "user." })).ids).toHaveLength(12);
    expect((await all({ action: "user.role" })).ids).toHaveLength(6);
    expect((await all({ from: "2026-11-03", to: "2026-11-05" })).ids).toHaveLength(3);
    expect((await all({ from: "2026-11-20", to: "2026-11-20", limit: "10" })).ids).toHaveLength(25);
    expect((await all({ to: "2026-11-20T09:59:59.999Z" })).ids).toHaveLength(13);
    expect((await all({ entityType: "user", from: "2026-11-06", limit: "2" })).ids).toHaveLength(7);
  });

  it("only admins read it; bad filters and cursors name the field", async () => {
    await expect(listAudit(fx.manager, query({}))).rejects.toBeInstanceOf(Forbidden);
    await expect(listAudit(fx.rep1, query({}))).rejects.toBeInstanceOf(Forbidden);
    await expect(listAuditEntityTypes(fx.manager)).rejects.toBeInstanceOf(Forbidden);
    const field = async (params: Record<string, string>) => {
      const error = await Promise.resolve()
        .then(() => listAudit(fx.admin, query(params)))
        .catch((e) => e);
      expect(error).toBeInstanceOf(Invalid);
      return (error as Invalid).issues.map((issue) => issue.field);
    };
    expect(await field({ from: "yesterday" })).toEqual(["from"]);
    expect(await field({ from: "2026-11-05", to: "2026-11-01" })).toEqual(["to"]);
    expect(await field({ cursor: "garbage" })).toEqual(["cursor"]);
    expect(await field({ actorId: "x" })).toEqual(["actorId"]);
    expect(await field({ limit: "1000" })).toEqual(["limit"]);
    expect(await field({ colour: "red" })).toEqual(["colour"]);
  });

  it("lists the entity types present", async () => {
    expect(await listAuditEntityTypes(fx.admin)).toEqual(["account", "product", "user"]);
  });
});
