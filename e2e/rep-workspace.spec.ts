import { expect, expectAccessible, signIn, test } from "./fixtures";

// The rep's daily loop, on a phone-sized screen: find the account, log an order,
// see the account's measures change without a reload; read why an account is at risk.
test.describe("rep workspace", () => {
  test.skip(({ isMobile }) => !isMobile, "phone-first journeys run on the phone project");

  test("a rep logs an order and sees the account's LTV change without a reload; the order closes the follow-up it answered", async ({
    page,
  }, testInfo) => {
    await signIn(page, "rep1@demo.test");
    await page.goto("/rep/accounts");
    await page.getByTestId("account-row").first().click();
    await expect(page).toHaveURL(/\/rep\/accounts\/[0-9a-f-]{36}/);
    // Two open follow-ups on the account: an overdue one (the form ticks it) and a later one (left unticked).
    const accountId = new URL(page.url()).pathname.split("/").pop()!;
    const stamp = Date.now();
    const overdueTitle = `Take the printer order ${stamp}`;
    const laterTitle = `Quarterly review ${stamp}`;
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    for (const [title, dueOn] of [
      [overdueTitle, "2026-01-15"],
      [laterTitle, inAMonth],
    ]) {
      expect((await page.request.post("/api/follow-ups", { data: { accountId, title, dueOn } })).status()).toBe(201);
    }
    await page.reload();
    const revenue = page.getByTestId("revenue");
    const formulaLtv = page.getByTestId("formula-ltv");
    const ordersBefore = Number(await page.getByTestId("orders").textContent());
    const revenueBefore = await revenue.textContent();
    const ltvBefore = await formulaLtv.textContent();
    const revenueCents = async () => {
      const response = await page.request.get(`/api/accounts/${accountId}`);
      expect(response.status()).toBe(200);
      return Math.round(((await response.json()) as { metrics: { revenue: number } }).metrics.revenue * 100);
    };
    const revenueCentsBefore = await revenueCents();
    await expectAccessible(page, "the account page");

    let navigations = 0;
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    await page.getByRole("button", { name: "Log order" }).click();
    await page.getByLabel("Add a product").fill("printer");
    await page.getByRole("list", { name: "Matching products" }).getByRole("button").first().click();
    await page.getByRole("spinbutton").first().fill("3");
    await expect(page.getByTestId("order-total")).not.toHaveText("€0.00");
    const closing = page.getByTestId("close-follow-ups");
    await expect(closing.getByRole("checkbox", { name: `Also mark done: ${overdueTitle} (due 15 Jan 2026)` })).toBeChecked();
    await expect(closing.getByRole("checkbox", { name: `Also mark done: ${laterTitle} (due ` })).not.toBeChecked();
    // The form's total for 3 of the product, e.g. "€47.80": the amount revenue must grow by.
    const orderTotalCents = Math.round(Number((await page.getByTestId("order-total").textContent())!.replace(/[^\d.]/g, "")) * 100);
    expect(orderTotalCents).toBeGreaterThan(0);
    await page.screenshot({ path: testInfo.outputPath("order-form-390.png"), fullPage: true });
    await expectAccessible(page, "the account page with the order form open");
    await page.getByRole("button", { name: "Save order" }).click();

    await expect(page.getByRole("status").filter({ hasText: "saved" })).toContainText(/\d+ follow-ups? marked done\./);
    // The follow-ups card lists the later one only.
    const followUps = page.getByTestId("account-follow-ups");
    await expect(followUps.getByRole("listitem").filter({ hasText: laterTitle })).toBeVisible();
    await expect(followUps.getByRole("listitem").filter({ hasText: overdueTitle })).toHaveCount(0);
    await expect(page.getByTestId("orders")).toHaveText(String(ordersBefore + 1));
    await expect(revenue).not.toHaveText(revenueBefore ?? "");
    expect(await revenueCents()).toBe(revenueCentsBefore + orderTotalCents);
    await expect(formulaLtv).not.toHaveText(ltvBefore ?? "");
    await expect(page.getByTestId("purchase-list").getByRole("listitem").first()).toBeVisible();
    expect(navigations).toBe(0);
  });

  test("a churn-risk account shows its reason and a suggested action", async ({ page }) => {
    await signIn(page, "rep1@demo.test");
    await page.goto("/rep/accounts");
    await page.getByRole("navigation", { name: "Filter by flag" }).getByRole("link", { name: "Churn risk" }).click();
    await expect(page).toHaveURL(/flag=churn_risk/);
    await page.getByTestId("account-row").first().click();
    const flag = page.getByTestId("flag-churn_risk");
    await expect(flag).toBeVisible();
    await expect(flag).toContainText(/No order for \d+ days|fell|P\(active\)/);
    await expect(flag.getByRole("button", { name: "Log visit or call" })).toBeVisible();
  });
});
