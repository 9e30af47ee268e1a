import type { Locator } from "@playwright/test";
import { expect, expectAccessible, signIn, signInViaApi, test } from "./fixtures";

// The manager's dashboard journey, and the ranking API's scope for a rep.
test.skip(({ isMobile }) => isMobile, "the manager dashboard journey runs on the desktop project");

async function values(rows: Locator): Promise<number[]> {
  return await rows.evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute("data-value"))));
}

const descending = (list: number[]) => list.every((v, i) => i === 0 || list[i - 1]! >= v);

test("a manager ranks accounts, switches to P(active), loads more and opens a chart's table", async ({ page }) => {
  await signIn(page, "manager@demo.test");
  await expect(page).toHaveURL(/\/manager/);
  await expect(page.getByRole("heading", { name: "Manager dashboard" })).toBeVisible();
  await expect(page.getByTestId("kpi-strip")).toContainText("Revenue at risk");
  await expectAccessible(page, "the manager dashboard");

  const table = page.getByTestId("ranking-table");
  const rows = page.getByTestId("ranking-row");
  await expect(table).toHaveAttribute("data-measure", "historical");
  await expect(rows).toHaveCount(50);
  const historical = await values(rows);
  expect(descending(historical)).toBe(true);
  expect(historical[0]).toBeGreaterThan(historical.at(-1)!);
  await expect(rows.first().locator("td").first()).toHaveText("1");
  // The real total (a count on the server), not "50+".
  const total = ((await (await page.request.get("/api/rankings?measure=historical&limit=1")).json()) as { total: number }).total;
  expect(total).toBeGreaterThanOrEqual(500);
  await expect(
    page.getByText(`${total.toLocaleString("en-GB")} accounts ranked by Historical LTV, highest first; the first 50 shown.`),
  ).toBeVisible();

  await page.getByLabel("Rank by").selectOption("palive");
  await expect(table).toHaveAttribute("data-measure", "palive");
  await expect(table.getByRole("columnheader", { name: /P\(active\)/ })).toHaveAttribute("aria-sort", "descending");
  await expect(rows).toHaveCount(50);
  const pAlive = await values(rows);
  expect(descending(pAlive)).toBe(true);
  expect(pAlive.every((v) => v >= 0 && v <= 1)).toBe(true);

  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(100);
  const more = await values(rows);
  expect(descending(more)).toBe(true);
  await expect(rows.nth(50).locator("td").first()).toHaveText("51");

  // A column header switches the measure too.
  await table.getByRole("button", { name: /Formula LTV/ }).click();
  await expect(table).toHaveAttribute("data-measure", "formula");
  expect(descending(await values(rows))).toBe(true);

  // The export link carries the current view.
  await expect(page.getByTestId("ranking-export")).toHaveAttribute("href", /export\.csv\?measure=formula/);
  // The export: money in whole units, P(active) rounded to two decimals, one row per account of the total.
  const csv = (await (await page.request.get("/api/rankings/export.csv?measure=formula")).text())
    .trim()
    .split("\r\n")
    .map((line) => line.split(","));
  const header = csv[0]!;
  const at = (name: string) => header.indexOf(name);
  expect(csv.length - 1).toBe(total);
  const sample = csv.slice(1, 200).filter((row) => row.length === header.length);
  expect(sample.length).toBeGreaterThan(100);
  for (const name of ["Revenue", "Historical LTV", "Formula LTV", "Predicted CLV"])
    expect(
      sample.every((row) => /^-?\d+$/.test(row[at(name)]!)),
      name,
    ).toBe(true);
  expect(sample.every((row) => /^(0(\.\d{1,2})?|1)$/.test(row[at("P(active)")]!))).toBe(true);

  const pareto = page.getByTestId("chart-pareto");
  await expect(pareto.getByRole("img", { name: /Top 20 % of customers bring \d+ % of revenue/ })).toBeVisible();
  await pareto.getByText("Show table").click();
  await expect(pareto.getByRole("table")).toBeVisible();
  await expect(pareto.getByRole("row", { name: /^20 %/ })).toBeVisible();
});

test("a rep's GET /api/rankings holds only their own accounts, whatever ownerId they send", async ({ playwright, baseURL }) => {
  const rep = await playwright.request.newContext({ baseURL });
  await signInViaApi(rep, "rep1@demo.test");
  const repId = (await (await rep.get("/api/auth/session")).json()).user.id as string;
  const manager = await playwright.request.newContext({ baseURL });
  await signInViaApi(manager, "manager@demo.test");
  const all = await (await manager.get("/api/rankings?measure=formula&limit=200")).json();
  const otherOwner = all.items.map((item: { ownerId: string }) => item.ownerId).find((id: string) => id !== repId) as string;
  expect(otherOwner).toBeTruthy();

  for (const query of ["measure=formula&limit=200", `measure=formula&limit=200&ownerId=${otherOwner}`]) {
    const response = await rep.get(`/api/rankings?${query}`);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { items: Array<{ ownerId: string; value: number; rank: number }>; nextCursor: string | null };
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) expect(item.ownerId).toBe(repId);
    expect(body.items.map((item) => item.rank)).toEqual(body.items.map((_, i) => i + 1));
  }

  const bad = await rep.get("/api/rankings?measure=revenue");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).issues[0].field).toBe("measure");
  expect((await rep.get("/api/rankings?limit=500")).status()).toBe(400);
  expect((await rep.get("/api/rankings?cursor=nope")).status()).toBe(400);
  // The count that follows a big first page (decision 0021) names the bad field the same way.
  for (const [query, field] of [
    ["measure=revenue", "measure"],
    ["min=abc", "min"],
    ["min=10&max=5", "max"],
    ["cohort=2026-13", "cohort"],
    ["limit=10", "limit"],
  ] as const) {
    const response = await rep.get(`/api/rankings/count?${query}`);
    expect(response.status(), query).toBe(400);
    expect((await response.json()).issues[0].field, query).toBe(field);
  }
  // A rep's count is their own book, whatever ownerId they send (other tests may add accounts
  // meanwhile: the count asked for another rep's book lies between two counts of their own).
  const countOf = async (query: string) => ((await (await rep.get(`/api/rankings/count?${query}`)).json()) as { total: number }).total;
  const ownBefore = await countOf("measure=formula");
  const askedOther = await countOf(`measure=formula&ownerId=${otherOwner}`);
  const ownAfter = await countOf("measure=formula");
  expect(ownBefore).toBeGreaterThan(0);
  expect(askedOther).toBeGreaterThanOrEqual(ownBefore);
  expect(askedOther).toBeLessThanOrEqual(ownAfter);
  const managerTotal = ((await (await manager.get("/api/rankings/count?measure=formula")).json()) as { total: number }).total;
  expect(managerTotal).toBeGreaterThan(ownAfter);

  const csv = await rep.get(`/api/rankings/export.csv?measure=predicted&ownerId=${otherOwner}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toMatch(/^Rank,Account ID,Account,Rep/);
  expect(lines.length).toBeGreaterThan(1);
  await rep.dispose();
  await manager.dispose();
});
