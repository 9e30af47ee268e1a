import { expect, expectAccessible, signIn, signInViaApi, test } from "./fixtures";
import type { RankingPage } from "@/lib/rankings/measures";

// Issue 20: money across currencies. The demo has accounts in EUR, GBP, USD and CHF (lib/seed/currencies.ts).

test("a manager sees a ranking mixing EUR and GBP accounts in EUR, with the GBP amounts on hover and beside the ranked figure", async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, "the ranking's measure columns are for the desktop; the phone shows the ranked value with the name");
  await signIn(page, "manager@demo.test");
  await expect(page.getByRole("heading", { name: "Manager dashboard" })).toBeVisible();
  await expect(page.getByTestId("kpi-currency")).toContainText("Money in EUR");

  // The API: every item in EUR, some of them accounts in GBP with their own figures beside.
  const ranking = (await (await page.request.get("/api/rankings?measure=historical&limit=200")).json()) as RankingPage;
  expect(ranking.reportingCurrency).toBe("EUR");
  expect(ranking.items.every((item) => item.currency === "EUR")).toBe(true);
  const gbp = ranking.items.filter((item) => item.account.currency === "GBP");
  expect(gbp.length).toBeGreaterThan(0);
  expect(ranking.items.some((item) => item.account.currency === "EUR")).toBe(true);
  // Converted, not copied: a GBP account's EUR figure is not its GBP figure.
  expect(gbp.every((item) => item.measures.historical !== item.account.measures.historical)).toBe(true);

  // The screen: the ranked column shows the EUR figure, the GBP amount under it and on hover.
  const rows = page.getByTestId("ranking-row");
  await expect(rows).toHaveCount(50);
  const gbpCell = page.getByTestId("ranking-own-amount").filter({ hasText: "£" }).first();
  await gbpCell.scrollIntoViewIfNeeded();
  await expect(gbpCell).toContainText("€");
  await expect(gbpCell).toHaveAttribute("title", /^£[\d,.-]+ in GBP$/);
  await gbpCell.hover();
  await expect(page.getByText(/Money in EUR, each order at its day's rate/)).toBeVisible();
  await expectAccessible(page, "the dashboard with a mixed-currency ranking");

  // The CSV carries both: the EUR figures and the account's own currency and figures.
  const csv = await (await page.request.get("/api/rankings/export.csv?measure=historical")).text();
  const [header, ...lines] = csv.trim().split("\r\n");
  expect(header).toContain("Account currency");
  expect(lines.some((line) => line.includes(",EUR,") && line.includes(",GBP,"))).toBe(true);

  // The account page keeps GBP and adds the EUR figures.
  await page.goto(`/rep/accounts/${gbp[0]!.accountId}`);
  await expect(page.getByTestId("revenue")).toContainText("£");
  await expect(page.getByTestId("reporting-figures")).toContainText("In EUR");
});

test("an admin reads the rates page, sees the gaps, enters a rate and is told what is wrong with a bad one", async ({ page, isMobile }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/rates");
  await expect(page.getByRole("heading", { name: "Exchange rates", level: 1 })).toBeVisible();
  const table = page.getByTestId("rates-table");
  for (const code of ["CHF", "GBP", "USD"]) await expect(table.getByTestId(`rates-row-${code}`)).toBeVisible();
  // JPY's demo feed stopped ten days ago: its recent days have no rate, and the gap is listed.
  await expect(table.getByTestId("rates-row-JPY").locator('[data-kind="missing"]').first()).toHaveText("no rate");
  await expect(page.getByTestId("rates-gaps")).toContainText("JPY: no rate on");
  await expectAccessible(page, "the exchange rates page");
  if (isMobile) return;

  // A JPY rate (no account buys in yen) for a day in its gap: saved, and the day is quoted.
  const form = page.locator("section").filter({ has: page.getByRole("heading", { name: "Enter a rate" }) });
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await form.getByLabel("Currency").fill("JPY");
  await form.getByLabel("Day").fill(day);
  await form.getByLabel("EUR per 1 unit").fill("0.00625");
  await form.getByRole("button", { name: "Save rate" }).click();
  await expect(form.getByRole("status")).toHaveText(/Saved|already stored|Corrected/);
  const api = await page.request.get(`/api/fx-rates?currency=JPY&on=${day}`);
  expect(((await api.json()) as { rate: string }).rate).toBe("0.00625");

  // The reporting currency itself has no rate to enter: the field says so.
  await form.getByLabel("Currency").fill("EUR");
  await form.getByLabel("EUR per 1 unit").fill("1");
  await form.getByRole("button", { name: "Save rate" }).click();
  await expect(form.getByText("EUR is the reporting currency (its rate is 1).")).toBeVisible();
  await expectAccessible(page, "the rate form showing an error");
});

test("the rates API: 404 without a rate, 400 naming the field, 403 for a manager's PUT", async ({ page }) => {
  await signInViaApi(page.request, "manager@demo.test");
  const missing = await page.request.get("/api/fx-rates?currency=GBP&on=1995-01-02");
  expect(missing.status()).toBe(404);
  const bad = await page.request.get("/api/fx-rates?currency=GBX&on=2026-02-30");
  expect(bad.status()).toBe(400);
  const issues = ((await bad.json()) as { issues: Array<{ field: string }> }).issues.map((issue) => issue.field);
  expect(issues).toEqual(["currency", "on"]);
  const put = await page.request.put("/api/fx-rates", { data: { rates: [{ currency: "GBP", on: "2026-01-05", rate: 1.2 }] } });
  expect(put.status()).toBe(403);
});
