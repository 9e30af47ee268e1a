import { expect, expectAccessible, signIn, signInViaApi, test } from "./fixtures";

// Issue 15 acceptance, on a phone: a rep works the Today list. A follow-up made from a flag
// lands under today and closes in one tap; a call logged on a churn-risk account leaves the
// flag acted; an upsell flag becomes a linked deal and stops offering another.
test.describe("Today", () => {
  test.skip(({ isMobile }) => !isMobile, "phone-first journeys run on the phone project");

  test("a rep works the Today list", async ({ page, playwright, baseURL }, testInfo) => {
    // The reminder template is shared state (the fuzz suite stores odd but valid ones):
    // this journey starts from a known template.
    const admin = await playwright.request.newContext({ baseURL });
    await signInViaApi(admin, "admin@demo.test");
    const saved = await admin.put("/api/settings/email-template", {
      data: { subject: "Time to restock {{product}}?", body: "Hello {{contactName}},\n\nShall I send more {{product}}?\n\n{{signature}}" },
    });
    expect(saved.status()).toBe(200);
    await admin.dispose();

    await signIn(page, "rep1@demo.test");
    await expect(page).toHaveURL(/\/rep\/today/);
    await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("today-390.png"), fullPage: true });
    await expectAccessible(page, "Today on a phone");

    // A follow-up from a churn-risk flag is due today; it shows under "Follow-ups due" and closes in one tap.
    const flags = page.getByTestId("today-flags");
    const firstChurn = flags.getByTestId("flag-churn_risk").first();
    await expect(firstChurn).toBeVisible();
    const accountName = (await firstChurn.getByRole("link").first().textContent())!.trim();
    await firstChurn.getByRole("button", { name: "Follow up" }).click();
    const due = page.getByTestId("follow-ups-due").getByTestId("follow-up").filter({ hasText: accountName });
    await expect(due).toBeVisible();
    await expect(due).toContainText("due today");
    await expect(page.getByTestId("due-count").first()).toBeVisible();
    await due.getByRole("button", { name: "Done" }).click();
    await expect(page.getByTestId("follow-up").filter({ hasText: accountName })).toHaveCount(0);

    // Logging a call on a churn-risk account, in place: the flag leaves Today and reads "Acted" on the account.
    const churn = flags.getByTestId("flag-churn_risk").first();
    const callName = (await churn.getByRole("link").first().textContent())!.trim();
    await churn.getByRole("button", { name: "Log visit or call" }).click();
    await churn.getByRole("button", { name: "Save call" }).click();
    await expect(flags.getByTestId("flag-churn_risk").filter({ hasText: callName })).toHaveCount(0);
    await page.goto(`/rep/accounts?q=${encodeURIComponent(callName)}`);
    await page.getByTestId("account-row").first().click();
    await expect(page.getByTestId("flag-churn_risk")).toHaveAttribute("data-state", "acted");
    await expect(page.getByTestId("flag-churn_risk").getByTestId("flag-state")).toContainText("Acted");
    await expect(page.getByTestId("flag-churn_risk").getByRole("button", { name: "Log visit or call" })).toHaveCount(0);

    // An upsell flag becomes a linked deal, pre-filled with a short title, and offers no second deal.
    await page.goto("/rep/accounts?flag=upsell");
    await page.getByTestId("account-row").first().click();
    const upsell = page
      .getByTestId("flag-upsell")
      .filter({ has: page.getByRole("button", { name: "Open an upsell deal" }) })
      .first();
    await upsell.getByRole("button", { name: "Open an upsell deal" }).click();
    const form = page.getByRole("form", { name: "Open a deal" });
    const title = await form.getByLabel("Title").inputValue();
    expect(title.length).toBeLessThanOrEqual(60);
    expect(await form.getByLabel("Expected close").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await form.getByRole("button", { name: "Open deal" }).click();
    const linked = page.getByTestId("flag-deal").filter({ hasText: `Deal: ${title}` });
    await expect(linked).toBeVisible();
    await expect(linked).toHaveAttribute("href", /\/rep\/deals#deal-/);
    await page.screenshot({ path: testInfo.outputPath("account-flags-390.png"), fullPage: true });

    // A follow-up by hand on the account page, closed in one tap.
    const followUps = page.getByRole("region", { name: "Follow-ups" });
    await followUps.getByLabel("To do").fill("Bring paper samples");
    await followUps.getByRole("button", { name: "Add" }).click();
    const item = followUps.getByTestId("account-follow-ups").getByRole("listitem").filter({ hasText: "Bring paper samples" });
    await expect(item).toBeVisible();
    await item.getByRole("button", { name: "Done" }).click();
    await expect(item).toHaveCount(0);

    // A reminder e-mail with its preview; without SMTP_URL it is kept in the outbox.
    const email = page.getByTestId("email-card");
    await email.getByRole("button", { name: "Preview" }).click();
    const preview = email.getByRole("form", { name: "E-mail preview" });
    await expect(preview.getByLabel("Message")).toHaveValue(/^Hello /);
    await preview.getByRole("button", { name: /^Send to / }).click();
    await expect(email.getByRole("status")).toContainText("kept in the outbox");
    await expect(email.getByTestId("account-emails")).toContainText("In the outbox");
    await email.screenshot({ path: testInfo.outputPath("email-card-390.png") });

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/rep/today");
    await page.screenshot({ path: testInfo.outputPath("today-1440.png"), fullPage: true });
    await expectAccessible(page, "Today on a desktop");
  });
});

test.describe("follow-through and the outbox", () => {
  test.skip(({ isMobile }) => !isMobile, "phone-first journeys run on the phone project");

  test("a manager sees follow-through per rep; an admin edits the reminder template with a preview", async ({ page }, testInfo) => {
    await signIn(page, "manager@demo.test");
    await page.goto("/manager");
    await expect(page.getByTestId("kpi-strip")).toBeVisible();
    await expectAccessible(page, "the manager dashboard on a phone");
    await page.goto("/manager/team");
    const table = page.getByTestId("follow-through");
    await expect(table).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "Flags acted (7 days)" })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("team-390.png"), fullPage: true });
    await expectAccessible(page, "the team page on a phone");
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: testInfo.outputPath("team-1440.png"), fullPage: true });
    await page.context().clearCookies();

    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "admin@demo.test");
    await page.goto("/admin/outbox");
    await page.getByLabel("Subject").fill("Running low on {{product}}, {{contactName}}?");
    await expect(page.getByTestId("template-preview")).toContainText("Running low on Toner Standard, Dana Buyer?");
    await expectAccessible(page, "the outbox and its template form on a phone");
    await page.getByRole("button", { name: "Save template" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Template saved." })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath("outbox-390.png"), fullPage: true });
  });
});
