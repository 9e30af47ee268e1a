import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Papa from "papaparse";
import { openTestDatabase } from "@/lib/db/testing";
import { closeDatabase, useDatabase, type Database } from "@/lib/db/client";
import { addPurchaseHistory, createSalesFixture, type SalesFixture } from "@/lib/testing/fixtures";
import { recomputeAllMetrics } from "@/lib/metrics/recompute";
import { Invalid } from "@/lib/errors";
import { encodeCursor } from "@/lib/http/cursor";
import type { Actor } from "@/lib/auth/permissions";
import { rankingsExportQuery, rankingsQuery, MEASURES, type Measure, type RankingsQueryInput } from "./schema";
import { countRankedAccounts, iterateRanking, rankAccounts } from "./rank-accounts";
import { rankingCsv } from "./export";
import type { RankingItem } from "./measures";

let db: Database;
let fx: SalesFixture;
let allIds: string[];
// Money ranks in the reporting currency (decision 0015); the fixture is all EUR, the reporting currency.
const COLUMN = {
  historical: "reportingHistoricalLtv",
  formula: "reportingFormulaLtv",
  predicted: "reportingPredictedClv",
  palive: "pAlive",
} as const;

beforeAll(async () => {
  db = await openTestDatabase();
  useDatabase(db);
  fx = await createSalesFixture(db.prisma, { accountsPerRep: 7 });
  await addPurchaseHistory(db.prisma, fx);
  // No model fit: predicted CLV is 0 and P(alive) 1 everywhere, so those rankings are all ties.
  await recomputeAllMetrics(db, { refit: false });
  allIds = [...fx.accounts.rep1, ...fx.accounts.rep2];
  // Filters to find: a second region, a flag, a name with LIKE wildcards in it.
  await db.prisma.account.updateMany({ where: { id: { in: [fx.accounts.rep1[0]!, fx.accounts.rep2[1]!] } }, data: { region: "South" } });
  await db.prisma.account.update({ where: { id: fx.accounts.rep1[2]! }, data: { name: "100% Office_Supplies" } });
  await db.prisma.account.update({ where: { id: fx.accounts.rep1[3]! }, data: { name: "1000 Offices Ltd" } });
  await db.prisma.accountMetrics.update({
    where: { accountId: fx.accounts.rep2[2]! },
    data: { flags: [{ type: "upsell", score: 0.5, reason: "r", action: "a", valueAtStake: 10 }] },
  });
  // A tie on historical LTV between two accounts: the id decides.
  const [a, b] = [fx.accounts.rep1[4]!, fx.accounts.rep2[4]!];
  await db.prisma.accountMetrics.updateMany({
    where: { accountId: { in: [a, b] } },
    data: { historicalLtv: "1234.56", reportingHistoricalLtv: "1234.56" },
  });
});
afterAll(async () => {
  await db?.close();
  await closeDatabase();
});

const page = (actor: Actor, input: RankingsQueryInput) => rankAccounts(actor, rankingsQuery.parse(input));

async function everyPage(actor: Actor, input: RankingsQueryInput): Promise<{ items: RankingItem[]; pages: number }> {
  const items: RankingItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await page(actor, { ...input, cursor });
    items.push(...result.items);
    cursor = result.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

/** The expected order straight from the table: value desc, account id desc. */
async function expectedOrder(measure: Measure, where: { ownerId?: string } = {}) {
  const rows = await db.prisma.accountMetrics.findMany({
    where,
    select: { accountId: true, reportingHistoricalLtv: true, reportingFormulaLtv: true, reportingPredictedClv: true, pAlive: true },
  });
  const value = (row: (typeof rows)[number]) => {
    const v = row[COLUMN[measure]];
    return typeof v === "number" ? v : v!.toNumber();
  };
  return rows
    .map((row) => ({ id: row.accountId, value: value(row) }))
    .sort((x, y) => y.value - x.value || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
}

describe("rankAccounts", () => {
  it.each(MEASURES)(
    "ranks every account by %s descending, ties by id descending, paged by keyset with continuing ranks",
    async (measure) => {
      const { items, pages } = await everyPage(fx.manager, { measure, limit: 4 });
      expect(pages).toBe(Math.ceil(allIds.length / 4));
      const expected = await expectedOrder(measure);
      expect(items.map((item) => item.accountId)).toEqual(expected.map((row) => row.id));
      expect(items.map((item) => item.value)).toEqual(expected.map((row) => row.value));
      expect(items.map((item) => item.rank)).toEqual(expected.map((_, index) => index + 1));
      for (const item of items) expect(item.measures[measure]).toBe(item.value);
    },
  );

  it("one big page equals the paged walk", async () => {
    const whole = await page(fx.manager, { measure: "formula", limit: 200 });
    const paged = await everyPage(fx.manager, { measure: "formula", limit: 3 });
    expect(whole.nextCursor).toBeNull();
    expect(paged.items).toEqual(whole.items);
    expect(whole.items[0]).toMatchObject({ ownerName: expect.any(String), segment: expect.any(String), currency: "EUR" });
  });

  it("a rep gets only their own accounts, even when asking for another rep's", async () => {
    const own = await everyPage(fx.rep1, { measure: "historical", limit: 5 });
    expect(new Set(own.items.map((item) => item.ownerId))).toEqual(new Set([fx.rep1.id]));
    expect(own.items.map((item) => item.accountId).sort()).toEqual([...fx.accounts.rep1].sort());
    const sneaky = await everyPage(fx.rep1, { measure: "historical", limit: 5, ownerId: fx.rep2.id });
    expect(sneaky.items).toEqual(own.items);
    const expected = await expectedOrder("historical", { ownerId: fx.rep1.id });
    expect(own.items.map((item) => item.accountId)).toEqual(expected.map((row) => row.id));
  });

  it("a manager narrows to one rep", async () => {
    const { items } = await everyPage(fx.manager, { measure: "predicted", ownerId: fx.rep2.id, limit: 3 });
    expect(items.map((item) => item.accountId).sort()).toEqual([...fx.accounts.rep2].sort());
    expect(items.map((item) => item.rank)).toEqual(items.map((_, index) => index + 1));
  });

  it("filters by segment, region, flag and name (wildcards are literal)", async () => {
    const smb = (await page(fx.manager, { segment: "SMB", limit: 200 })).items;
    expect(smb.length).toBeGreaterThan(0);
    expect(smb.every((item) => item.segment === "SMB")).toBe(true);
    const south = (await page(fx.manager, { region: "South", limit: 200 })).items;
    expect(south.map((item) => item.accountId).sort()).toEqual([fx.accounts.rep1[0]!, fx.accounts.rep2[1]!].sort());
    const upsell = (await page(fx.manager, { flag: "upsell", limit: 200 })).items;
    expect(upsell.map((item) => item.accountId)).toContain(fx.accounts.rep2[2]!);
    expect(upsell.every((item) => item.flags.includes("upsell"))).toBe(true);
    const percent = (await page(fx.manager, { q: "100%", limit: 200 })).items;
    expect(percent.map((item) => item.name)).toEqual(["100% Office_Supplies"]);
    const underscore = (await page(fx.manager, { q: "e_S", limit: 200 })).items;
    expect(underscore.map((item) => item.name)).toEqual(["100% Office_Supplies"]);
    const caseless = (await page(fx.manager, { q: "OFFICE", limit: 200 })).items;
    expect(caseless.map((item) => item.name).sort()).toEqual(["100% Office_Supplies", "1000 Offices Ltd"]);
    const nothing = await page(fx.manager, { q: "' OR 1=1 --", limit: 200 });
    expect(nothing).toEqual({
      items: [],
      nextCursor: null,
      total: 0,
      totalAbove: null,
      missing: { accounts: 0, currencies: [] },
      reportingCurrency: "EUR",
    });
  });

  it("an account whose segment changes moves to the other segment's ranking at once, whoever changed it", async () => {
    const accountId = fx.accounts.rep1[1]!;
    const inSegment = async (segment: string) => (await page(fx.manager, { segment, limit: 200 })).items.map((item) => item.accountId);
    expect(await inSegment("SMB")).toContain(accountId);
    // A plain UPDATE (as an import writes it), not the app's account edit: the copy on the metrics row follows anyway.
    await db.prisma.$executeRawUnsafe(`UPDATE accounts SET segment = 'Public sector' WHERE id = $1::uuid`, accountId);
    try {
      expect(await inSegment("Public sector")).toEqual([accountId]);
      expect(await inSegment("SMB")).not.toContain(accountId);
      // A metrics row written afresh (the bulk recompute's upsert) keeps the account's segment.
      await recomputeAllMetrics(db, { refit: false });
      expect(await inSegment("Public sector")).toEqual([accountId]);
    } finally {
      await db.prisma.$executeRawUnsafe(`UPDATE accounts SET segment = 'SMB' WHERE id = $1::uuid`, accountId);
    }
    expect(await inSegment("SMB")).toContain(accountId);
  });

  it("name search follows a renamed account at once and folds case as ILIKE does, umlauts included", async () => {
    const accountId = fx.accounts.rep2[0]!;
    const [{ name: before }] = await db.prisma.$queryRawUnsafe<[{ name: string }]>(
      `SELECT name FROM accounts WHERE id = $1::uuid`,
      accountId,
    );
    const found = async (q: string) => (await page(fx.manager, { q, limit: 200 })).items.map((item) => item.accountId);
    // A plain UPDATE (as an import writes it): the trigger-kept search_name follows in the same transaction.
    await db.prisma.$executeRawUnsafe(`UPDATE accounts SET name = 'Ölmühle Süd GmbH' WHERE id = $1::uuid`, accountId);
    try {
      expect(await found("ÖLMÜHLE")).toEqual([accountId]);
      expect(await found("mühle süd")).toEqual([accountId]);
      expect(await found(before)).not.toContain(accountId);
      // Rewritten by the bulk recompute's upsert, the metrics row keeps the new name.
      await recomputeAllMetrics(db, { refit: false });
      expect(await found("ölmühle")).toEqual([accountId]);
      // Every term gives exactly what ILIKE over accounts gives.
      for (const q of ["o", "LTD", "ü", "100%", "e_s"]) {
        const expected = await db.prisma.$queryRawUnsafe<Array<{ id: string }>>(
          `SELECT id::text AS id FROM accounts WHERE name ILIKE $1 ORDER BY id`,
          `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        );
        expect((await found(q)).sort(), q).toEqual(expected.map((row) => row.id));
      }
    } finally {
      await db.prisma.$executeRawUnsafe(`UPDATE accounts SET name = $2 WHERE id = $1::uuid`, accountId, before);
    }
    expect(await found(before)).toContain(accountId);
  });

  it("filtered paging keeps the filter and the ranks", async () => {
    const { items } = await everyPage(fx.manager, { measure: "formula", segment: "SMB", limit: 2 });
    const all = (await page(fx.manager, { measure: "formula", segment: "SMB", limit: 200 })).items;
    expect(items).toEqual(all);
  });

  it("refuses a cursor it did not make, or one from another measure, naming the field", async () => {
    const bad = await page(fx.manager, { cursor: "not-a-cursor" }).catch((error) => error);
    expect(bad).toBeInstanceOf(Invalid);
    expect((bad as Invalid).issues[0]!.field).toBe("cursor");
    const forged = encodeCursor({ m: "historical", v: "1; DROP TABLE accounts", id: allIds[0], r: 0 });
    expect(((await page(fx.manager, { cursor: forged }).catch((error) => error)) as Invalid).issues[0]!.field).toBe("cursor");
    const first = await page(fx.manager, { measure: "historical", limit: 2 });
    const crossed = await page(fx.manager, { measure: "palive", cursor: first.nextCursor! }).catch((error) => error);
    expect(crossed).toBeInstanceOf(Invalid);
    expect((crossed as Invalid).issues[0]!.field).toBe("cursor");
  });
});

describe("the ranking's total", () => {
  it("counts the whole filtered ranking with the first page, whatever the page size, and not again on later pages", async () => {
    // The fixture: 7 accounts for each of two reps; two of them in region South; one named "100% Office_Supplies".
    const first = await page(fx.manager, { measure: "historical", limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.total).toBe(14);
    expect((await page(fx.manager, { measure: "historical", limit: 5, cursor: first.nextCursor! })).total).toBeNull();
    expect((await page(fx.manager, { measure: "palive", ownerId: fx.rep1.id })).total).toBe(7);
    expect((await page(fx.manager, { measure: "formula", region: "South" })).total).toBe(2);
    expect((await page(fx.manager, { measure: "predicted", q: "office_" })).total).toBe(1);
    // A rep's total is their own book, whatever ownerId they send.
    expect((await page(fx.rep2, { measure: "historical", ownerId: fx.rep1.id })).total).toBe(7);
  });

  it("past the cap, a first page filtered on single rows says 'more than' and the count request gives the exact total and sums (decision 0021)", async () => {
    const capped = (actor: Actor, input: RankingsQueryInput, countCap: number) =>
      rankAccounts(actor, rankingsQuery.parse(input), { countCap });
    // Every account's historical LTV is above −1 000 000 (some are negative): the band matches all 14, a single-row filter.
    const big = await capped(fx.manager, { measure: "historical", min: "-1000000", limit: 5, summary: "1" }, 3);
    expect(big.items).toHaveLength(5);
    expect(big).toMatchObject({ total: null, totalAbove: 3, summary: null });
    // At the cap itself the count is exact: region South holds 2 accounts.
    expect(await capped(fx.manager, { measure: "formula", region: "South" }, 2)).toMatchObject({ total: 2, totalAbove: null });
    // Cells (owner, segment, flag) sum the tallies: exact at any size.
    expect(await capped(fx.manager, { measure: "historical", ownerId: fx.rep1.id }, 3)).toMatchObject({ total: 7, totalAbove: null });

    // The exact figures, against account_metrics read here.
    const rows = await db.prisma.accountMetrics.findMany({ where: { accountId: { in: allIds } } });
    const cents = (value: unknown) => Math.round(Number(value) * 100);
    const sumCents = (values: unknown[]) => values.reduce<number>((sum, value) => sum + cents(value ?? 0), 0);
    const atRisk = rows.filter((row) => row.churnRisk);
    const exact = await countRankedAccounts(fx.manager, rankingsExportQuery.parse({ measure: "historical", min: "-1000000" }));
    expect(exact).toEqual({
      total: 14,
      summary: {
        accounts: 14,
        customers: rows.filter((row) => row.orders > 0).length,
        revenue: sumCents(rows.map((row) => row.reportingRevenue)) / 100,
        averageFormulaLtv: sumCents(rows.map((row) => row.reportingFormulaLtv)) / 14 / 100,
        churnRiskAccounts: atRisk.length,
        revenueAtRisk: sumCents(atRisk.map((row) => row.reportingPredictedClv)) / 100,
      },
    });
    // Unfiltered: no summary. A rep's count is their own book, whatever ownerId they send.
    expect(await countRankedAccounts(fx.manager, rankingsExportQuery.parse({}))).toEqual({ total: 14, summary: null });
    expect((await countRankedAccounts(fx.rep2, rankingsExportQuery.parse({ ownerId: fx.rep1.id, min: "-1000000" }))).total).toBe(7);
  });
});

describe("export", () => {
  it("iterates the whole filtered view in order, across batches", async () => {
    const iterated: RankingItem[] = [];
    for await (const item of iterateRanking(fx.manager, rankingsExportQuery.parse({ measure: "formula" }), 3)) iterated.push(item);
    expect(iterated).toEqual((await page(fx.manager, { measure: "formula", limit: 200 })).items);
  });

  it("streams a CSV a spreadsheet reads back, names neutralised, a rep's export only their own", async () => {
    await db.prisma.account.update({ where: { id: fx.accounts.rep2[3]! }, data: { name: '=HYPERLINK("http://evil","x"), Inc' } });
    const text = await new Response(await rankingCsv(fx.manager, rankingsExportQuery.parse({ measure: "historical" }))).text();
    const rows = Papa.parse<string[]>(text, { newline: "\r\n", skipEmptyLines: true }).data;
    expect(rows[0]!.slice(0, 3)).toEqual(["Rank", "Account ID", "Account"]);
    expect(rows.length).toBe(allIds.length + 1);
    expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(allIds.map((_, index) => index + 1));
    expect(rows.map((row) => row[2])).toContain('\'=HYPERLINK("http://evil","x"), Inc');
    const ranked = (await page(fx.manager, { measure: "historical", limit: 200 })).items;
    expect(rows.slice(1).map((row) => row[1])).toEqual(ranked.map((item) => item.accountId));
    // Money in whole units, as on the screen (e.g. 1 234.56 → 1235, −152.5 → −153).
    const halfAwayFromZero = (value: number) => Math.sign(value) * Math.round(Math.abs(value)) + 0;
    expect(rows.slice(1).map((row) => Number(row[8]))).toEqual(ranked.map((item) => halfAwayFromZero(item.value)));
    for (const column of [8, 9, 10, 11, 12])
      expect(
        rows.slice(1).every((row) => /^-?\d+$/.test(row[column]!)),
        `column ${column}`,
      ).toBe(true);
    // No model fit in this fixture: P(active) is 1 everywhere, exported as a plain 1.
    expect(new Set(rows.slice(1).map((row) => row[13]))).toEqual(new Set(["1"]));

    const repText = await new Response(
      await rankingCsv(fx.rep2, rankingsExportQuery.parse({ measure: "formula", ownerId: fx.rep1.id })),
    ).text();
    const repRows = Papa.parse<string[]>(repText, { newline: "\r\n", skipEmptyLines: true }).data.slice(1);
    expect(repRows.map((row) => row[1]).sort()).toEqual([...fx.accounts.rep2].sort());
  });
});
