import type { Locator, Page } from "@playwright/test";
import { expect, expectAccessible, signIn, test } from "./fixtures";

// Dashboard charts you can read and click through (issue 18), and the phone's account actions.

async function values(rows: Locator): Promise<number[]> {
  return await rows.evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute("data-value"))));
}

/** The bar with the most accounts (tallest), so it is big enough to hover and click. */
async function tallestBar(chart: Locator): Promise<Locator> {
  const bars = chart.locator(".recharts-bar-rectangle path");
  await expect(bars.first()).toBeVisible();
  const heights = await bars.evaluateAll((paths) => paths.map((path) => path.getBoundingClientRect().height));
  return bars.nth(heights.indexOf(Math.max(...heights)));
}

async function openDashboard(page: Page) {
  await signIn(page, "manager@demo.test");
  await page.goto("/manager");
  await expect(page.getByTestId("ranking-row").first()).toBeVisible();
}

test.describe("desktop", () => {
  test.skip(({ isMobile }) => isMobile, "hover and the wide layout are the desktop project's");

  test("a histogram bar shows its band on hover and opens the ranking filtered to it; back and reload keep the URL's say", async ({
    page,
  }) => {
    await openDashboard(page);
    const histogram = page.getByTestId("chart-ltv-histogram");
    // Every bin labelled, the y-axis titled, the colours explained.
    const ticks = histogram.locator(".recharts-xAxis .recharts-cartesian-axis-tick");
    const bars = histogram.locator(".recharts-bar-rectangle");
    await expect(bars.first()).toBeVisible();
    expect(await ticks.count()).toBe(await bars.count());
    await expect(histogram.locator("svg text", { hasText: /^Accounts$/ })).toBeVisible();
    await expect(histogram.getByText("Below zero: costs exceed the margin")).toBeVisible();

    const bar = await tallestBar(histogram);
    await bar.hover();
    const tooltip = histogram.getByTestId("chart-tooltip");
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toContainText(/Formula LTV (from|under|€)/);
    const count = Number((await tooltip.locator("p").first().innerText()).replace(/[^\d]/g, ""));
    expect(count).toBeGreaterThan(0);

    await bar.click();
    await expect(page).toHaveURL(/measure=formula/);
    const url = new URL(page.url());
    const min = url.searchParams.get("min");
    const max = url.searchParams.get("max");
    expect(min !== null || max !== null).toBe(true);
    await expect(page.getByTestId("ranking-bands")).toContainText("Formula LTV");
    await expect(page.getByTestId("ranking-table")).toHaveAttribute("data-measure", "formula");
    await expect(page.getByRole("status").filter({ hasText: "ranked by Formula LTV" })).toContainText(
      `${count.toLocaleString("en-GB")} account`,
    );
    const rows = page.getByTestId("ranking-row");
    const inBand = await values(rows);
    expect(inBand.length).toBe(Math.min(count, 50));
    for (const value of inBand) {
      if (min !== null) expect(value).toBeGreaterThanOrEqual(Number(min));
      if (max !== null) expect(value).toBeLessThan(Number(max));
    }
    // The KPI strip follows the filter: as many accounts as the bar.
    await expect(page.getByTestId("kpi-filtered")).toBeVisible();
    await expect(page.getByTestId("kpi-accounts")).toContainText(count.toLocaleString("en-GB"));
    await expectAccessible(page, "the dashboard with a band filter");

    // Refresh and a shared link keep the filter; back returns to the whole ranking.
    await page.reload();
    await expect(page.getByTestId("ranking-bands")).toContainText("Formula LTV");
    await expect(page.getByTestId("kpi-accounts")).toContainText(count.toLocaleString("en-GB"));
    await page.goBack();
    await expect(page).not.toHaveURL(/min=|max=/);
    await expect(page.getByTestId("ranking-bands")).toHaveCount(0);
    await expect(page.getByTestId("kpi-filtered")).toHaveCount(0);
    await expect(page.getByTestId("kpi-top20")).toBeVisible();
  });

  test("a rep's revenue-at-risk bar opens that rep's churn-risk accounts; a filter chosen by hand goes into the URL", async ({ page }) => {
    await openDashboard(page);
    const chart = page.getByTestId("chart-risk-by-rep");
    const bar = await tallestBar(chart);
    // A click (or tap) straight on the bar, with no hover before it, opens the ranking.
    await bar.click();
    await expect(page).toHaveURL(/flag=churn_risk/);
    await expect(page).toHaveURL(/ownerId=/);
    await expect(page).toHaveURL(/measure=predicted/);
    await bar.hover();
    await expect(chart.getByTestId("chart-tooltip")).toContainText("at risk");
    const rows = page.getByTestId("ranking-row");
    await expect(rows.first()).toBeVisible();
    const reps = await rows.locator("td:nth-child(3)").allInnerTexts();
    expect(new Set(reps).size).toBe(1);
    for (const flags of await rows.locator("td:last-child").allInnerTexts()) expect(flags).toContain("Churn risk");
    // The strip's churn-risk count is the whole filtered ranking.
    const accounts = await page.getByTestId("kpi-accounts").locator("dd").innerText();
    await expect(page.getByTestId("kpi-churn-risk").locator("dd")).toHaveText(accounts);

    // Choosing a segment by hand adds to the URL; back undoes it.
    const segment = page.getByLabel("Segment");
    const choice = await segment.locator("option").nth(1).getAttribute("value");
    await segment.selectOption(choice!);
    await expect(page).toHaveURL(new RegExp(`segment=${encodeURIComponent(choice!)}`));
    await page.goBack();
    await expect(page).not.toHaveURL(/segment=/);
    await expect(page).toHaveURL(/flag=churn_risk/);
  });

  test("a cohort row opens its customers, as many as the chart says the cohort holds; a revenue month opens its cohort too", async ({
    page,
  }) => {
    await openDashboard(page);
    const chart = page.getByTestId("chart-cohorts");
    await chart.scrollIntoViewIfNeeded();
    // The first row's month-0 cell: the oldest cohort.
    const cell = chart.locator(".recharts-bar-rectangle path").first();
    await cell.hover();
    await expect(chart.getByTestId("chart-tooltip")).toContainText("Click: list these customers");
    await cell.click();
    await expect(page).toHaveURL(/cohort=\d{4}-\d{2}/);
    await expect(page.getByTestId("ranking-bands")).toContainText("First order in");
    // The cohort's size, as the chart's own table (another query) states it: "Show the 23 customers of Dec 24".
    await chart.getByText("Show table").click();
    const name =
      (await chart
        .getByRole("link", { name: /^Show the .* of / })
        .first()
        .getAttribute("aria-label")) ?? "";
    const size = Number(/Show the ([\d,]+) customers? of/.exec(name)?.[1]?.replace(/,/g, ""));
    expect(size).toBeGreaterThan(0);
    await expect(page.getByTestId("kpi-accounts").locator("dd")).toHaveText(size.toLocaleString("en-GB"));
    await expect(page.getByTestId("ranking-row")).toHaveCount(Math.min(size, 50));

    // A month of the revenue chart opens the customers whose first order was that month.
    await page.goBack();
    await expect(page).not.toHaveURL(/cohort=/);
    const revenue = page.getByTestId("chart-revenue-split");
    await revenue.scrollIntoViewIfNeeded();
    const bar = await tallestBar(revenue);
    await bar.click();
    await expect(page).toHaveURL(/cohort=\d{4}-\d{2}/);
    await expect(page.getByTestId("ranking-bands")).toContainText("First order in");
  });

  test("the Pareto curve opens the top customers; the account actions stay above the page on desktop", async ({ page }) => {
    await openDashboard(page);
    const pareto = page.getByTestId("chart-pareto");
    const surface = pareto.locator(".recharts-surface");
    await surface.scrollIntoViewIfNeeded();
    const box = (await surface.boundingBox())!;
    // About a fifth of the way along the customers axis.
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await expect(pareto.getByTestId("chart-tooltip")).toContainText("of customers");
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await expect(page).toHaveURL(/revenueMin=/);
    await expect(page.getByTestId("ranking-bands")).toContainText("Revenue to date");
    await expect(page.getByTestId("ranking-row").first()).toBeVisible();

    await page.getByTestId("ranking-row").first().getByRole("link").click();
    await expect(page).toHaveURL(/\/rep\/accounts\//);
    await expect(page.getByRole("button", { name: "Log order" })).toBeVisible();
    await expect(page.getByTestId("account-action-bar")).toBeHidden();
  });
});

test.describe("phone", () => {
  test.skip(({ isMobile }) => !isMobile, "the phone project's layout");

  test("the header names the user; Log order and Log visit sit in a bar at the bottom and open their forms", async ({ page }) => {
    await signIn(page, "rep1@demo.test");
    await expect(page.getByTestId("signed-in-name")).toBeVisible();
    await expect(page.getByTestId("signed-in-name")).not.toHaveText("");
    await page.goto("/rep/accounts");
    await page.locator("main a[href^='/rep/accounts/']").filter({ hasNotText: "New account" }).first().click();
    await expect(page).toHaveURL(/\/rep\/accounts\/[0-9a-f-]{36}/);
    const bar = page.getByTestId("account-action-bar");
    await expect(bar).toBeVisible();
    // Fixed to the bottom of the screen, even scrolled down (the page has room below its last card).
    await page.mouse.wheel(0, 4000);
    await expect(bar).toBeInViewport({ ratio: 1 });
    const box = (await bar.boundingBox())!;
    // Flush with the screen's bottom edge (a margin from the page's spacing once lifted it 12 px, showing text beneath).
    expect(Math.round(box.y + box.height)).toBe(844);
    // Scrolled to the very end, the page's last card ends above the bar (the page keeps room for it).
    const gap = await page.evaluate(async () => {
      for (let i = 0; i < 3; i++) {
        window.scrollTo(0, document.documentElement.scrollHeight);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const bar = document.querySelector('[data-testid="account-action-bar"]')!;
      return bar.getBoundingClientRect().top - bar.parentElement!.lastElementChild!.getBoundingClientRect().bottom;
    });
    expect(gap).toBeGreaterThanOrEqual(0);
    await expectAccessible(page, "the account page on a phone");

    await bar.getByRole("button", { name: "Log order" }).click();
    await expect(page.getByRole("form", { name: "Log order" })).toBeInViewport();
    await bar.getByRole("button", { name: "Log visit" }).click();
    await expect(page.getByRole("region", { name: "New visit" })).toBeVisible();
  });

  test("the dashboard on a phone is accessible and its charts open the ranking", async ({ page }) => {
    await openDashboard(page);
    await expectAccessible(page, "the manager dashboard on a phone");
    const histogram = page.getByTestId("chart-ltv-histogram");
    await histogram.getByText("Show table").click();
    await histogram
      .getByRole("link", { name: /Show the accounts with formula LTV/ })
      .first()
      .click();
    await expect(page).toHaveURL(/measure=formula/);
    await expect(page.getByTestId("ranking-bands")).toBeVisible();
  });
});
