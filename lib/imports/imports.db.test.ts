import { runnerQuery } from "@/lib/db/sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { openTestDatabase } from "@/lib/db/testing";
import { useDatabase, type Database } from "@/lib/db/client";
import { createSalesFixture, addPurchaseHistory, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { findMetricsMismatches } from "@/lib/metrics/reconcile";
import { Conflict, Forbidden } from "@/lib/errors";
import type { Actor } from "@/lib/auth/permissions";
import { exportCsv } from "@/lib/exports/export-csv";
import { getImport, listImports, resumeImport, startImport } from "./imports";
import { runImport } from "./run-import";
import type { ImportView } from "./view";
import { expectFullyRecomputed } from "./testing/metrics";
import { applyCostChange, getCostSettings } from "@/lib/settings/cost-settings";
import { costChangeInput } from "@/lib/settings/schema";
import { whenJobsIdle } from "@/lib/jobs/queue";
import { closeTestDatabase, startTestJobQueue } from "@/lib/testing/fixture-database";
import { parseWith } from "@/lib/http/route";
import { flagRecordsOutOfStep } from "@/lib/flag-records/testing/in-step";
import { reassignAccounts, reassignAccountsInput } from "@/lib/accounts/reassign-accounts";
import { undoAccountMove, undoMoveInput } from "@/lib/accounts/undo-move";

let db: Database;
let fx: SalesFixture;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  await startTestJobQueue(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 3 });
  await addPurchaseHistory(db.prisma, fx);
  await recomputeAllMetrics(db, { refit: false });
});
afterAll(() => closeTestDatabase(db));

type Entity = "ACCOUNTS" | "CONTACTS" | "PRODUCTS" | "PURCHASES";
type Mode = "ALL_OR_NOTHING" | "VALID_ROWS";

/** Starts an import and runs it to the end in this test (no background runner). */
async function importCsv(
  entity: Entity,
  mode: Mode,
  lines: string[],
  opts: { actor?: Actor; chunkRows?: number } = {},
): Promise<ImportView> {
  const actor = opts.actor ?? fx.admin;
  const started = await startImport(
    actor,
    { entity, mode, fileName: `${entity.toLowerCase()}.csv`, content: lines.join("\r\n") + "\r\n" },
    { background: false },
  );
  await runImport(db, started.id, { chunkRows: opts.chunkRows ?? 2, refit: false });
  return getImport(actor, started.id);
}

const ACCOUNT_HEADER =
  "external_id,name,owner_email,segment,industry,region,currency,acquired_at,acquisition_channel,acquisition_cost_override,status";

async function readCsv(stream: ReadableStream<Uint8Array>): Promise<string[][]> {
  const text = await new Response(stream).text();
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
}

describe("account imports", () => {
  it("imports a valid file, then updates by external_id on a second run and creates nothing", async () => {
    const rows = [
      ACCOUNT_HEADER,
      "IMP-A1,Alpha Imports,rep1@fixture.test,SMB,Retail,North,EUR,2024-01-15,Referral,1200.50,ACTIVE",
      `IMP-A2,"Beta, Gamma & Co",REP2@fixture.test,Mid-market,,,,2023-06-01,,,`,
    ];
    const first = await importCsv("ACCOUNTS", "ALL_OR_NOTHING", rows);
    expect(first).toMatchObject({
      status: "COMPLETED",
      rowsTotal: 2,
      rowsValid: 2,
      rowsInvalid: 0,
      rowsCommitted: 2,
      created: 2,
      updated: 0,
      progress: 1,
    });
    const alpha = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "IMP-A1" }, include: { metrics: true } });
    expect(alpha).toMatchObject({ name: "Alpha Imports", ownerId: fx.rep1.id, segment: "SMB", currency: "EUR", status: "ACTIVE" });
    expect(alpha.acquisitionCostOverride?.toString()).toBe("1200.5");
    expect(alpha.acquiredAt.toISOString().slice(0, 10)).toBe("2024-01-15");
    expect(alpha.metrics?.ownerId).toBe(fx.rep1.id);
    const beta = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "IMP-A2" } });
    expect(beta).toMatchObject({ name: "Beta, Gamma & Co", ownerId: fx.rep2.id, industry: null, currency: "EUR" });

    const again = await importCsv("ACCOUNTS", "ALL_OR_NOTHING", [
      "external_id,name,owner_email,segment",
      "IMP-A1,Alpha Imports Renamed,rep2@fixture.test,SMB",
      "IMP-A2,Beta Gamma,rep2@fixture.test,Mid-market",
    ]);
    expect(again).toMatchObject({ status: "COMPLETED", created: 0, updated: 2 });
    const renamed = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "IMP-A1" }, include: { metrics: true } });
    // Columns absent from the file are left alone; the owner moved and the metrics row followed.
    expect(renamed).toMatchObject({
      name: "Alpha Imports Renamed",
      ownerId: fx.rep2.id,
      industry: "Retail",
      region: "North",
      version: alpha.version + 1,
    });
    expect(renamed.metrics?.ownerId).toBe(fx.rep2.id);
    expect(await db.prisma.account.count({ where: { externalId: { startsWith: "IMP-A" } } })).toBe(2);

    const audit = await db.prisma.auditLog.findMany({ where: { entityType: "import", entityId: first.id }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["import.start", "import.complete"]);
    expect(audit[1]!.after).toMatchObject({ created: 2, updated: 0, rowsTotal: 2 });
  });

  it("a new owner in the file is a reassignment: open deals follow, won deals stay, and the move is recorded", async () => {
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", ["external_id,name,owner_email,segment", "IMP-MOVE-1,Rho Handel,rep1@fixture.test,SMB"]);
    const account = await db.prisma.account.findUniqueOrThrow({ where: { externalId: "IMP-MOVE-1" } });
    const deal = (stage: "QUALIFIED" | "WON", title: string) =>
      db.prisma.deal.create({ data: { accountId: account.id, ownerId: fx.rep1.id, title, stage, amount: "1000.00" } });
    const open = await deal("QUALIFIED", "Open one");
    const won = await deal("WON", "Won one");

    // A manager moves it to rep2; a file moves it back to rep1 and a second file to rep2 again.
    const move = await reassignAccounts(fx.manager, parseWith(reassignAccountsInput, { accountIds: [account.id], toOwnerId: fx.rep2.id }));
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", ["external_id,name,owner_email,segment", "IMP-MOVE-1,Rho Handel,rep1@fixture.test,SMB"]);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: open.id } })).ownerId).toBe(fx.rep1.id);
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", ["external_id,name,owner_email,segment", "IMP-MOVE-1,Rho Handel,rep2@fixture.test,SMB"]);
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: open.id } })).ownerId).toBe(fx.rep2.id);
    // The won deal keeps the rep who won it.
    expect((await db.prisma.deal.findFirstOrThrow({ where: { id: won.id } })).ownerId).toBe(fx.rep1.id);
    // Three owner changes on record, in order, the two by file under the admin who imported them.
    const items = await db.prisma.accountMoveItem.findMany({
      where: { accountId: account.id },
      orderBy: { seq: "asc" },
      include: { move: true },
    });
    expect(items.map((i) => [i.fromOwnerId, i.toOwnerId, i.move.actorId])).toEqual([
      [fx.rep1.id, fx.rep2.id, fx.manager.id],
      [fx.rep2.id, fx.rep1.id, fx.admin.id],
      [fx.rep1.id, fx.rep2.id, fx.admin.id],
    ]);
    // So the manager's Undo leaves it where the last file put it, and says so.
    const undone = await undoAccountMove(fx.manager, parseWith(undoMoveInput, { moveId: move.moveId! }));
    expect(undone).toMatchObject({ reverted: 0, skipped: [{ accountId: account.id, reason: "moved-again" }] });
    expect((await db.prisma.account.findUniqueOrThrow({ where: { id: account.id } })).ownerId).toBe(fx.rep2.id);
    // A file that leaves the owner as it is records nothing.
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", [
      "external_id,name,owner_email,segment",
      "IMP-MOVE-1,Rho Handel AG,rep2@fixture.test,SMB",
    ]);
    expect(await db.prisma.accountMoveItem.count({ where: { accountId: account.id } })).toBe(3);
  });

  it("all-or-nothing: one bad row writes nothing and names the line, column and reason", async () => {
    const result = await importCsv("ACCOUNTS", "ALL_OR_NOTHING", [
      ACCOUNT_HEADER,
      "IMP-B1,Good One,rep1@fixture.test,SMB,,,,2024-01-01,,,",
      "IMP-B2,Bad Date,rep1@fixture.test,SMB,,,,2024-13-45,,,",
      "IMP-B3,Nobody Owns,ghost@fixture.test,SMB,,,,2024-01-01,,,",
      "IMP-B4,Good Two,rep1@fixture.test,SMB,,,,2024-01-01,,,",
    ]);
    expect(result).toMatchObject({ status: "REJECTED", rowsTotal: 4, rowsValid: 2, rowsInvalid: 2, created: 0, rowsCommitted: 0 });
    expect(result.errors).toEqual([
      { line: 3, column: "acquired_at", reason: "is not a real calendar day (2024-13-45)" },
      { line: 4, column: "owner_email", reason: "no user with the email ghost@fixture.test" },
    ]);
    expect(await db.prisma.account.count({ where: { externalId: { startsWith: "IMP-B" } } })).toBe(0);
    const audit = await db.prisma.auditLog.findMany({ where: { entityId: result.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["import.reject", "import.start"]);
  });

  it("valid-rows: writes the good rows and reports the others", async () => {
    const result = await importCsv("ACCOUNTS", "VALID_ROWS", [
      ACCOUNT_HEADER,
      "IMP-C1,Good One,rep1@fixture.test,SMB,,,,2024-01-01,,,",
      "IMP-C2,,rep1@fixture.test,SMB,,,,2024-01-01,,,ACTIVE",
      "IMP-C3,Dup,rep1@fixture.test,SMB,,,,2024-01-01,,,",
      "IMP-C1,Dup of one,rep1@fixture.test,SMB,,,,2024-01-01,,,",
      "IMP-C4,Wrong status,rep1@fixture.test,SMB,,,,2024-01-01,,,SLEEPING",
      "IMP-C5,Cheap,rep1@fixture.test,SMB,,,,2024-01-01,,12.345,",
    ]);
    expect(result).toMatchObject({ status: "COMPLETED", rowsTotal: 6, rowsValid: 2, rowsInvalid: 4, created: 2 });
    expect(result.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "name"],
      [5, "external_id"],
      [6, "status"],
      [7, "acquisition_cost_override"],
    ]);
    expect(result.errors[1]!.reason).toMatch(/first on line 2/);
    const ids = (await db.prisma.account.findMany({ where: { externalId: { startsWith: "IMP-C" } }, select: { externalId: true } }))
      .map((a) => a.externalId)
      .sort();
    expect(ids).toEqual(["IMP-C1", "IMP-C3"]);
  });

  it("rejects a file whose header lacks a required column or has an unknown one, whatever the mode", async () => {
    const result = await importCsv("ACCOUNTS", "VALID_ROWS", ["external_id,name,segment,colour", "IMP-D1,Delta,SMB,red"]);
    expect(result.status).toBe("REJECTED");
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { line: 1, column: "owner_email", reason: "required column is missing from the header" },
        expect.objectContaining({ line: 1, column: "colour" }),
      ]),
    );
    expect(await db.prisma.account.count({ where: { externalId: "IMP-D1" } })).toBe(0);
  });

  it("refuses non-admins", async () => {
    for (const actor of [fx.manager, fx.rep1]) {
      await expect(
        startImport(actor, { entity: "ACCOUNTS", mode: "VALID_ROWS", fileName: "a.csv", content: ACCOUNT_HEADER }, { background: false }),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(listImports(actor)).rejects.toBeInstanceOf(Forbidden);
    }
  });
});

describe("contact and product imports", () => {
  it("contacts: creates, then updates by external_id and by email within the account", async () => {
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", ["external_id,name,owner_email,segment", "IMP-K1,Kappa,rep1@fixture.test,SMB"]);
    const header = "external_id,account_external_id,name,title,email,phone,decision_role";
    const first = await importCsv("CONTACTS", "ALL_OR_NOTHING", [
      header,
      "CK-1,IMP-K1,Kim One,Buyer,kim@kappa.test,+49 1,decision maker",
      ",IMP-K1,Lee Two,,lee@kappa.test,,",
    ]);
    expect(first).toMatchObject({ status: "COMPLETED", created: 2, updated: 0 });
    const second = await importCsv("CONTACTS", "VALID_ROWS", [
      header,
      "CK-1,IMP-K1,Kim Renamed,Head buyer,kim@kappa.test,+49 1,DECISION_MAKER",
      "CK-2,IMP-K1,Lee Renamed,,LEE@kappa.test,,INFLUENCER",
      "CK-3,IMP-NOPE,Nobody,,,,",
    ]);
    expect(second).toMatchObject({ status: "COMPLETED", created: 0, updated: 2, rowsInvalid: 1 });
    expect(second.errors).toEqual([{ line: 4, column: "account_external_id", reason: "no account with external_id IMP-NOPE" }]);
    const contacts = await db.prisma.contact.findMany({ where: { account: { externalId: "IMP-K1" } }, orderBy: { name: "asc" } });
    expect(contacts.map((c) => [c.name, c.externalId, c.decisionRole])).toEqual([
      ["Kim Renamed", "CK-1", "DECISION_MAKER"],
      ["Lee Renamed", "CK-2", "INFLUENCER"],
    ]);
  });

  it("products: updates by sku and creates a new category", async () => {
    const result = await importCsv("PRODUCTS", "ALL_OR_NOTHING", [
      "sku,name,category,tier_rank,tier_name,list_price,unit_cost,replenishment_days,archived",
      "TON-S,Toner Standard XL,Toner & ink,1,Standard,61.00,31.00,30,false",
      "IMP-P1,Label printer,Labels,,,129.90,70,,yes",
    ]);
    expect(result).toMatchObject({ status: "COMPLETED", created: 1, updated: 1 });
    const toner = await db.prisma.product.findUniqueOrThrow({ where: { sku: "TON-S" } });
    expect([toner.name, toner.listPrice.toString(), toner.unitCost.toString()]).toEqual(["Toner Standard XL", "61", "31"]);
    const label = await db.prisma.product.findUniqueOrThrow({ where: { sku: "IMP-P1" }, include: { category: true } });
    expect([label.category.name, label.archived, label.unitCost.toString()]).toEqual(["Labels", true, "70"]);
  });
});

describe("purchase imports", () => {
  const header = "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost";

  it("groups lines into orders with the app's totals, keeps metrics live and skips orders already there", async () => {
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", [
      "external_id,name,owner_email,segment,acquired_at",
      "IMP-O1,Omicron,rep1@fixture.test,SMB,2023-01-01",
      "IMP-O2,Omega,rep2@fixture.test,SMB,2023-01-01",
    ]);
    const rows = [
      header,
      "ORD-1,IMP-O1,2025-03-01,PRN-1,1,499.00,",
      "ORD-1,IMP-O1,2025-03-01,PAP-1,3,24.50,12.00",
      "ORD-2,IMP-O1,2025-06-01T10:30:00Z,TON-S,2,59.90,",
      "ORD-3,IMP-O2,2025-04-01,TON-P,1,79.90,",
    ];
    const first = await importCsv("PURCHASES", "ALL_OR_NOTHING", rows, { chunkRows: 1 });
    expect(first).toMatchObject({ status: "COMPLETED", rowsTotal: 4, rowsCommitted: 4, created: 3, skipped: 0 });
    const order = await db.prisma.purchase.findUniqueOrThrow({
      where: { externalId: "ORD-1" },
      include: { lines: { orderBy: { quantity: "asc" } } },
    });
    // Total 499 + 3 × 24.50; gross profit (499 − 320, the product's cost by default) + 3 × (24.50 − 12.00 given).
    expect([order.total.toString(), order.grossProfit.toString(), order.loggedById]).toEqual(["572.5", "216.5", fx.admin.id]);
    expect(order.lines.map((l) => [l.quantity, l.unitCost.toString(), l.lineTotal.toString()])).toEqual([
      [1, "320", "499"],
      [3, "12", "73.5"],
    ]);
    // The imported orders' accounts equal a full recomputation.
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
    const metrics = await db.prisma.accountMetrics.findFirstOrThrow({ where: { account: { externalId: "IMP-O1" } } });
    expect([metrics.orders, metrics.revenue.toString()]).toEqual([2, "692.3"]);
    // And every measure (LTV, P(alive), flags), not only the rollups, is what a full recompute gives.
    const touched = await db.prisma.account.findMany({ where: { externalId: { in: ["IMP-O1", "IMP-O2"] } }, select: { id: true } });
    await expectFullyRecomputed(
      db,
      touched.map((a) => a.id),
    );
    // Their flags (churn risk: the last order was in 2025) have records, written by the import itself.
    expect(
      (await db.prisma.accountMetrics.findMany({ where: { accountId: { in: touched.map((a) => a.id) } } })).flatMap(
        (m) => m.flags as unknown[],
      ),
    ).not.toEqual([]);
    expect(await flagRecordsOutOfStep(runnerQuery(db))).toEqual([]);

    const again = await importCsv("PURCHASES", "ALL_OR_NOTHING", rows);
    expect(again).toMatchObject({ status: "COMPLETED", created: 0, skipped: 3 });
    expect(await db.prisma.purchase.count({ where: { externalId: { in: ["ORD-1", "ORD-2", "ORD-3"] } } })).toBe(3);
  });

  it("a cost change applied while the import runs: the imported accounts end up on the new inputs", async () => {
    const rows = [
      header,
      "ORD-C1,IMP-O1,2025-07-01,TON-S,1,59.90,",
      "ORD-C2,IMP-O2,2025-07-02,TON-S,2,59.90,",
      "ORD-C3,IMP-O1,2025-08-01,PAP-1,4,24.50,",
    ];
    const started = await startImport(
      fx.admin,
      { entity: "PURCHASES", mode: "ALL_OR_NOTHING", fileName: "orders.csv", content: rows.join("\r\n") + "\r\n" },
      { background: false },
    );
    let applied = false;
    const afterChunk = async () => {
      if (applied) return;
      applied = true;
      // After the first chunk: an admin raises the margin and the change is applied to every account.
      const inForce = (await getCostSettings(fx.admin)).inForce!;
      const body = {
        default: { ...inForce.default, grossMargin: Math.min(0.95, inForce.default.grossMargin + 0.05) },
        segments: {},
        basedOn: inForce.id,
      };
      await applyCostChange(fx.admin, parseWith(costChangeInput, body));
      await whenJobsIdle();
    };
    await runImport(db, started.id, { chunkRows: 1, refit: false, afterChunk });
    expect(applied).toBe(true);
    expect(await getImport(fx.admin, started.id)).toMatchObject({ status: "COMPLETED", created: 3 });
    const touched = await db.prisma.account.findMany({ where: { externalId: { in: ["IMP-O1", "IMP-O2"] } }, select: { id: true } });
    await expectFullyRecomputed(
      db,
      touched.map((a) => a.id),
    );
  });

  it("refuses a whole order when one of its lines is bad, and orders whose lines disagree", async () => {
    const result = await importCsv("PURCHASES", "VALID_ROWS", [
      header,
      "ORD-10,IMP-O1,2025-07-01,PRN-1,1,499.00,",
      "ORD-10,IMP-O1,2025-07-01,NO-SUCH,1,5.00,",
      "ORD-11,IMP-O1,2025-07-02,PAP-1,1,24.50,",
      "ORD-11,IMP-O2,2025-07-02,PAP-1,1,24.50,",
      "ORD-12,IMP-O2,2025-07-03,PAP-1,0,24.50,",
      "ORD-13,IMP-O2,2025-07-04,PAP-1,2,24.50,",
      "ORD-10,IMP-O1,2025-07-01,PAP-1,1,24.50,",
    ]);
    expect(result).toMatchObject({ status: "COMPLETED", rowsTotal: 7, rowsValid: 1, rowsInvalid: 6, created: 1 });
    const byLine = (line: number) => result.errors.filter((e) => e.line === line).map((e) => e.column);
    expect(byLine(2)).toEqual(["order_external_id"]);
    expect(byLine(3)).toEqual(["sku"]);
    expect(byLine(4)).toEqual(["account_external_id"]);
    expect(byLine(5)).toEqual(["account_external_id"]);
    expect(byLine(6)).toEqual(["quantity"]);
    expect(byLine(8)[0]).toBe("order_external_id");
    expect(result.errors.find((e) => e.line === 8)!.reason).toMatch(/consecutive/);
    const imported = await db.prisma.purchase.findMany({
      where: { externalId: { in: ["ORD-10", "ORD-11", "ORD-12", "ORD-13"] } },
      select: { externalId: true },
    });
    expect(imported.map((p) => p.externalId)).toEqual(["ORD-13"]);
    expect(await findMetricsMismatches(runnerQuery(db))).toEqual([]);
  });
});

describe("row reports and counts", () => {
  const PURCHASE_HEADER = "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost";

  beforeAll(async () => {
    const accounts = await importCsv("ACCOUNTS", "ALL_OR_NOTHING", [
      "external_id,name,owner_email,segment",
      "IMP-R1,Rho Supplies,rep1@fixture.test,SMB",
    ]);
    expect(accounts).toMatchObject({ status: "COMPLETED", created: 1 });
  });

  const byLine = (errors: ImportView["errors"]) =>
    [...errors].sort((a, b) => a.line - b.line || a.column.localeCompare(b.column)).map((e) => `${e.line} ${e.column}: ${e.reason}`);

  it("contacts: an unknown account is named on its row even when the row has another error", async () => {
    const result = await importCsv("CONTACTS", "VALID_ROWS", [
      "external_id,account_external_id,name,email",
      "IMP-K1,IMP-NOWHERE,Ann Ash,not-an-email",
      "IMP-K2,IMP-NOWHERE,Bob Birch,bob@birch.test",
      "IMP-K3,IMP-R1,Cid Cedar,cid@cedar.test",
    ]);
    expect(byLine(result.errors)).toEqual([
      "2 account_external_id: no account with external_id IMP-NOWHERE",
      "2 email: must be an email address",
      "3 account_external_id: no account with external_id IMP-NOWHERE",
    ]);
    expect(result).toMatchObject({ status: "COMPLETED", rowsTotal: 3, rowsValid: 1, rowsInvalid: 2, created: 1, updated: 0 });
  });

  it("purchases: every line of an order for an unknown account names it, also when a line has another error", async () => {
    const result = await importCsv("PURCHASES", "VALID_ROWS", [
      PURCHASE_HEADER,
      "ORD-R1,IMP-NOWHERE,2025-07-01,PAP-1,0,24.50,",
      "ORD-R1,IMP-NOWHERE,2025-07-01,PAP-1,1,24.50,",
      "ORD-R2,IMP-R1,2025-07-02,PAP-1,1,24.50,",
      "ORD-R3,IMP-GONE,2025-07-03,PAP-1,2,24.50,",
    ]);
    const unknown = result.errors.filter((e) => e.column === "account_external_id").map((e) => [e.line, e.reason]);
    expect(unknown).toEqual([
      [2, "no account with external_id IMP-NOWHERE"],
      [3, "no account with external_id IMP-NOWHERE"],
      [5, "no account with external_id IMP-GONE"],
    ]);
    // Rows: 4 = 1 valid + 3 with errors; one order written.
    expect(result).toMatchObject({ status: "COMPLETED", rowsTotal: 4, rowsValid: 1, rowsInvalid: 3, created: 1, skipped: 0 });
  });

  it("a row refused while writing (its owner deactivated after the check) moves from valid to with errors, so the counts add up", async () => {
    await db.prisma.user.create({ data: { email: "late@fixture.test", name: "Lee Late", role: "REP", passwordHash: "x" } });
    const lines = [
      "external_id,name,owner_email,segment",
      "IMP-L1,Lambda One,rep1@fixture.test,SMB",
      "IMP-L2,Lambda Two,late@fixture.test,SMB",
      "IMP-L3,Lambda Three,rep2@fixture.test,SMB",
    ];
    const started = await startImport(
      fx.admin,
      { entity: "ACCOUNTS", mode: "VALID_ROWS", fileName: "late.csv", content: lines.join("\r\n") + "\r\n" },
      { background: false },
    );
    let deactivated = false;
    // pace() runs after each chunk; the first one ends the check pass (one chunk of 10 rows).
    const pace = async () => {
      if (deactivated) return;
      deactivated = true;
      await db.prisma.user.update({ where: { email: "late@fixture.test" }, data: { active: false } });
    };
    await runImport(db, started.id, { chunkRows: 10, refit: false, pace });
    const result = await getImport(fx.admin, started.id);
    expect(byLine(result.errors)).toEqual(["3 owner_email: late@fixture.test is deactivated; accounts need an active owner"]);
    expect(result).toMatchObject({ status: "COMPLETED", rowsTotal: 3, rowsValid: 2, rowsInvalid: 1, created: 2, updated: 0 });
    expect(result.rowsValid + result.rowsInvalid).toBe(result.rowsTotal);
    expect(await db.prisma.account.count({ where: { externalId: { in: ["IMP-L1", "IMP-L2", "IMP-L3"] } } })).toBe(2);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { entityId: started.id, action: "import.complete" } });
    expect(audit.after).toMatchObject({ rowsValid: 2, rowsInvalid: 1, created: 2 });
  });
});

describe("exports", () => {
  it("export → import round-trips the accounts, guarding formula cells on the way out", async () => {
    await importCsv("ACCOUNTS", "ALL_OR_NOTHING", [
      "external_id,name,owner_email,segment,industry",
      `IMP-F1,"=HYPERLINK(""http://evil"")",rep1@fixture.test,SMB,+cmd`,
    ]);
    const exported = await readCsv(await exportCsv(fx.admin, "accounts"));
    expect(exported[0]).toEqual(ACCOUNT_HEADER.split(","));
    const evil = exported.find((row) => row[0] === "IMP-F1")!;
    expect(evil[1]).toBe(`'=HYPERLINK("http://evil")`);
    expect(evil[4]).toBe("'+cmd");
    // Every text cell of the export is safe to open in a spreadsheet.
    for (const row of exported.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^\s*[=+@\t\r]|^-\D/);

    const before = await db.prisma.account.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true,
        name: true,
        ownerId: true,
        segment: true,
        industry: true,
        region: true,
        currency: true,
        acquiredAt: true,
        acquisitionChannel: true,
        acquisitionCostOverride: true,
        status: true,
      },
    });
    const text = exported.map((row) => Papa.unparse([row])).join("\r\n");
    const roundTrip = await importCsv("ACCOUNTS", "ALL_OR_NOTHING", text.split("\r\n"), { chunkRows: 500 });
    expect(roundTrip).toMatchObject({ status: "COMPLETED", created: 0, updated: before.length, rowsInvalid: 0 });
    const after = await db.prisma.account.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true,
        name: true,
        ownerId: true,
        segment: true,
        industry: true,
        region: true,
        currency: true,
        acquiredAt: true,
        acquisitionChannel: true,
        acquisitionCostOverride: true,
        status: true,
      },
    });
    expect(after.map((a) => ({ ...a, acquisitionCostOverride: a.acquisitionCostOverride?.toString() ?? null }))).toEqual(
      before.map((a) => ({ ...a, acquisitionCostOverride: a.acquisitionCostOverride?.toString() ?? null })),
    );
  });

  it("a rep's export holds only their own accounts' rows; products go to everyone", async () => {
    const mine = new Set((await db.prisma.account.findMany({ where: { ownerId: fx.rep1.id } })).map((a) => a.externalId ?? a.id));
    const accounts = await readCsv(await exportCsv(fx.rep1, "accounts"));
    expect(accounts.length - 1).toBe(mine.size);
    for (const row of accounts.slice(1)) expect(mine.has(row[0]!)).toBe(true);
    const purchases = await readCsv(await exportCsv(fx.rep1, "purchases"));
    expect(purchases[0]).toEqual([
      "order_external_id",
      "account_external_id",
      "purchased_at",
      "sku",
      "quantity",
      "unit_price",
      "unit_cost",
    ]);
    const lines = await db.prisma.purchaseLine.count({ where: { purchase: { account: { ownerId: fx.rep1.id } } } });
    expect(purchases.length - 1).toBe(lines);
    for (const row of purchases.slice(1)) expect(mine.has(row[1]!)).toBe(true);
    const all = await readCsv(await exportCsv(fx.manager, "purchases"));
    expect(all.length - 1).toBe(await db.prisma.purchaseLine.count());
    expect((await readCsv(await exportCsv(fx.rep1, "products"))).length - 1).toBe(await db.prisma.product.count());
    for (const file of ["contacts", "visits", "deals"] as const) {
      expect((await readCsv(await exportCsv(fx.rep2, file)))[0]!.length).toBeGreaterThan(3);
    }
  });

  it("exported purchases import back as the same orders (skipped: they exist)", async () => {
    const exported = await readCsv(await exportCsv(fx.admin, "purchases"));
    const orders = await db.prisma.purchase.count();
    const result = await importCsv(
      "PURCHASES",
      "ALL_OR_NOTHING",
      exported.map((row) => Papa.unparse([row])),
      { chunkRows: 50 },
    );
    expect(result).toMatchObject({ status: "COMPLETED", rowsInvalid: 0, created: 0, skipped: orders });
  });
});

describe("interrupted imports", () => {
  it("shows an import without a heartbeat as interrupted and resumes it from the checkpoint", async () => {
    const rows = [header(), ...Array.from({ length: 9 }, (_, i) => `RES-${i},${"IMP-O1"},2025-08-0${1 + (i % 9)},PAP-1,1,24.50,`)];
    function header() {
      return "order_external_id,account_external_id,purchased_at,sku,quantity,unit_price,unit_cost";
    }
    const started = await startImport(
      fx.admin,
      { entity: "PURCHASES", mode: "ALL_OR_NOTHING", fileName: "p.csv", content: rows.join("\n") },
      { background: false },
    );
    // Run three chunks of two rows, then "die" (stop without finishing).
    let chunks = 0;
    const run = { chunkRows: 2, refit: false, afterChunk: () => void chunks++, shouldStop: () => chunks >= 3 };
    expect(await runImport(db, started.id, run)).toBe("STOPPED");
    const stopped = await getImport(fx.admin, started.id, { staleAfterMs: 0 });
    expect(stopped).toMatchObject({ status: "INTERRUPTED", rowsCommitted: 6, created: 6, resumable: true });
    await expect(resumeImport(fx.admin, started.id, { staleAfterMs: 60_000 })).rejects.toBeInstanceOf(Conflict);
    const resumed = await resumeImport(fx.admin, started.id, { staleAfterMs: 0, background: false, run: { chunkRows: 4, refit: false } });
    expect(resumed).toMatchObject({ status: "COMPLETED", rowsCommitted: 9, created: 9, skipped: 0 });
    expect(await db.prisma.purchase.count({ where: { externalId: { startsWith: "RES-" } } })).toBe(9);
    await expect(resumeImport(fx.admin, started.id, { staleAfterMs: 0 })).rejects.toBeInstanceOf(Conflict);
  });
});
