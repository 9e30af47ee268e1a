import AxeBuilder from "@axe-core/playwright";
import { expect, signIn, test } from "./fixtures";

// Issue 16: a manager asks "do the flags work?": runs a backtest as a background job, reads the
// churn headline, the calibration and the flag outcomes, and opens the accounts behind a figure.
test("a manager runs a backtest and opens the accounts behind a figure", async ({ page, isMobile }, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page, "manager@demo.test");
  await page.goto("/manager/backtest");
  await expect(page.getByRole("heading", { name: "Do the flags work?" })).toBeVisible();

  // A cutoff whose window has not happened yet is refused, naming the field.
  const cutoff = page.getByLabel("Cutoff");
  const defaultCutoff = await cutoff.inputValue();
  await cutoff.fill(new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Run backtest" }).click();
  await expect(page.getByText(/Cutoff: Must be at least 90 days ago/)).toBeVisible();

  await cutoff.fill(defaultCutoff);
  // Wait for the new job's answer: an earlier run's "finished" must not count.
  const started = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/backtest" && r.request().method() === "POST");
  await page.getByRole("button", { name: "Run backtest" }).click();
  expect((await started).status()).toBe(202);
  await expect(page.getByTestId("backtest-status")).toContainText("Backtest finished", { timeout: 150_000 });

  const headline = page.getByTestId("churn-headline");
  await expect(headline).toContainText("precision of");
  const calibration = page.getByTestId("calibration-table");
  await expect(calibration.getByRole("row")).not.toHaveCount(1);
  await expect(page.getByTestId("flag-outcomes").getByRole("rowheader", { name: "Cross-sell" })).toBeVisible();
  await expect(page.getByTestId("acted-empty").or(page.getByTestId("acted-table"))).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath(`backtest-${isMobile ? 390 : 1440}.png`), fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // The first calibration row's count opens exactly that many accounts (at most 500 listed).
  const firstRow = calibration.getByRole("row").nth(1);
  const count = Number((await firstRow.getByRole("link").textContent())!.replace(/\D/g, ""));
  await firstRow.getByRole("link").click();
  await expect(page).toHaveURL(/\/manager\/backtest\/[0-9a-f-]{36}\?group=bin%3A\d/);
  await expect(page.getByText(new RegExp(`${count.toLocaleString("en-GB")} accounts?`))).toBeVisible();
  await expect(page.getByTestId("backtest-account")).toHaveCount(Math.min(count, 500));
  await page.screenshot({ path: testInfo.outputPath(`backtest-accounts-${isMobile ? 390 : 1440}.png`), fullPage: true });

  // Churn hits: flagged accounts that then placed no order.
  await page.goto("/manager/backtest");
  await page.getByRole("link", { name: "flagged accounts that did not order" }).click();
  await expect(page.getByRole("heading", { name: "Flagged for churn risk, and did not order" })).toBeVisible();
  const rows = page.getByTestId("backtest-account");
  await expect(rows.first()).toBeVisible();
  for (const cell of await rows.locator("td:nth-child(4)").allTextContents()) expect(cell.trim()).toBe("0");
});

test("a rep cannot open the backtest", async ({ page }) => {
  await signIn(page, "rep1@demo.test");
  const response = await page.goto("/manager/backtest");
  expect(response?.status()).toBe(403);
});

test("an admin sees the model's health: the demo data fit without a penalizer", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin");
  const health = page.getByTestId("model-health");
  await expect(health).toContainText("Healthy");
  await expect(health).toContainText("The fit converged.");
  await expect(health).toContainText("No penalizer was needed.");
  await expect(health.getByRole("group", { name: "Model parameters" }).or(health.getByLabel("Model parameters"))).toContainText("BG/NBD r");
});
