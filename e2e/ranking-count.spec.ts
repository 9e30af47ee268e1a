import { expect, expectAccessible, signIn, test } from "./fixtures";

// A first page filtered on single rows that matched more than 1 000 accounts does not count them
// all (decision 0021): the list shows at once with "More than 1,000 accounts", and the exact total
// and the KPI strip's sums follow from GET /api/rankings/count. The demo book has 500 accounts, so
// the server's side (lib/rankings/rank-accounts.db.test.ts) is tested below the cap; here the first
// page's answer is the real one with the count cut, as a book of a million answers a common name
// fragment, and the count request is held back to see the state in between.

test("a big name search shows its first page at once, then its exact count and sums", async ({ page, isMobile }, testInfo) => {
  let releaseCount: () => void = () => {};
  const countHeld = new Promise<void>((resolve) => (releaseCount = resolve));
  const counts: string[] = [];
  await page.route(/\/api\/rankings\?/, async (route) => {
    // Only this search's first page is rewritten; later pages and any other ranking the page
    // asks for (unfiltered) go to the server untouched.
    const asked = new URL(route.request().url()).searchParams;
    if (asked.get("q") !== "a" || asked.has("cursor")) return route.continue();
    const response = await route.fetch();
    const body = (await response.json()) as Record<string, unknown>;
    // The first page of this search: as if it had matched more than the cap.
    await route.fulfill({ response, json: { ...body, total: null, totalAbove: 1000, summary: null } });
  });
  await page.route(/\/api\/rankings\/count\?/, async (route) => {
    counts.push(route.request().url());
    await countHeld;
    const response = await route.fetch();
    const body = (await response.json()) as { total: number; summary: Record<string, number> };
    await route.fulfill({ response, json: { ...body, total: 12_345, summary: { ...body.summary, accounts: 12_345 } } });
  });

  await signIn(page, "manager@demo.test");
  await page.goto("/manager?q=a");
  const rows = page.getByTestId("ranking-row");
  await expect(rows).toHaveCount(50);
  const status = page.getByRole("status").filter({ hasText: "ranked by Historical LTV" });
  await expect(status).toContainText(
    "More than 1,000 accounts ranked by Historical LTV, highest first; the first 50 shown. Counting them all…",
  );
  const filtered = page.getByTestId("kpi-filtered");
  await expect(filtered).toContainText("Summing the filtered accounts…");
  await expect(page.getByTestId("kpi-strip")).toHaveAttribute("aria-busy", "true");
  await page.screenshot({ path: testInfo.outputPath(`kpi-summing-${isMobile ? 390 : 1440}.png`) });
  await status.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath(`ranking-counting-${isMobile ? 390 : 1440}.png`) });

  releaseCount();
  await expect(status).toContainText("12,345 accounts ranked by Historical LTV, highest first; the first 50 shown.");
  await expect(filtered).toContainText("The ranking's filters are on: 12,345 accounts of");
  await expect(page.getByTestId("kpi-strip")).not.toHaveAttribute("aria-busy", "true");
  await expectAccessible(page, "the dashboard with a counted big search");
  await page.screenshot({ path: testInfo.outputPath(`ranking-counted-${isMobile ? 390 : 1440}.png`) });
  await filtered.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath(`kpi-summed-${isMobile ? 390 : 1440}.png`) });

  // One count request for the ranking and the KPI strip together, with the page's filters and no paging.
  expect(counts).toHaveLength(1);
  const asked = new URL(counts[0]!).searchParams;
  expect(asked.get("q")).toBe("a");
  expect(asked.has("cursor") || asked.has("limit")).toBe(false);
  // Paging on keeps the counted total.
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(100);
  await expect(status).toContainText("12,345 accounts ranked by Historical LTV, highest first; the first 100 shown.");
});
