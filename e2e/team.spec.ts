import type { Page } from "@playwright/test";
import { expect, expectAccessible, signIn, test } from "./fixtures";

// The Team page as a sales manager uses it: this month against each rep's goal, the pipeline
// and win rate; an admin setting a goal; a manager reassigning accounts with a confirmation and
// undoing it. Each project works on its own rep, so desktop and phone can share one database,
// and every change is put back (goals are set to a value of the project's own).

test.describe.configure({ timeout: 180_000 });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function noPageOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

/** A demo rep (by login; each project its own, so desktop and phone never touch the same book). */
async function demoRep(page: Page, email: string): Promise<{ id: string; name: string }> {
  const { items } = (await (await page.request.get("/api/users")).json()) as { items: Array<{ id: string; name: string; email: string }> };
  const user = items.find((item) => item.email === email);
  expect(user, email).toBeTruthy();
  return user!;
}

/** The number in the book table's Accounts column for a rep. */
async function accountsOf(page: Page, name: string): Promise<number> {
  const row = page.getByTestId("team-row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  return Number((await row.locator("td").first().innerText()).replace(/\D/g, ""));
}

test("a manager reads this month against each rep's goal, the pipeline and win rate, and a rep's name opens their book", async ({
  page,
}) => {
  await signIn(page, "manager@demo.test");
  await page.goto("/manager/team");
  const sales = page.getByTestId("team-sales");
  await expect(page.getByRole("heading", { name: /^This month: [A-Z][a-z]+ \d{4}$/ })).toBeVisible();
  const rows = sales.getByTestId("sales-row");
  const rep = await demoRep(page, "rep1@demo.test");
  const repRow = rows.filter({ has: page.getByRole("rowheader", { name: rep.name, exact: true }) });
  // Every demo rep has a goal this month (lib/team-goals/seed-goals.ts): revenue of goal, and the share.
  await expect(repRow.getByTestId("goal-progress")).toBeVisible();
  const progress = sales.getByTestId("goal-progress");
  expect(await progress.count()).toBeGreaterThanOrEqual(3);
  for (const cell of await progress.all()) {
    await expect(cell).toHaveText(/^€[\d,]+ of €[\d,]+\s*\d+\s%$/);
    // Neither line wraps, on a phone either: each is one line high.
    const lines = await cell.evaluate((element) =>
      [...element.children].map((child) => {
        const box = child.getBoundingClientRect();
        return box.height / parseFloat(getComputedStyle(child.querySelector("span") ?? child).lineHeight || "20");
      }),
    );
    for (const height of lines) expect(height).toBeLessThan(1.6);
  }
  await expect(sales.getByRole("columnheader", { name: "Win rate (90 d)" })).toBeVisible();
  await expect(page.getByText(/the win rate is over the deals closed since \d{1,2} [A-Z][a-z]+ \d{4}\./)).toBeVisible();
  await expect(repRow).toContainText(/\d+ open deals?/);
  await expect(repRow).toContainText(/(\d+ of \d+ won|none closed)/);
  await noPageOverflow(page);
  await expectAccessible(page, "the team page");

  // The name opens the rep's accounts.
  await repRow.getByRole("link", { name: rep.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/manager/team\\?rep=${rep.id}#reassign$`));
  await expect(page.getByRole("heading", { name: new RegExp(`^Accounts of ${escape(rep.name)} \\(\\d+\\)$`) })).toBeVisible();
  await expect(page.getByTestId("reassign-row").first()).toBeVisible();
  // Managers read goals but do not set them.
  await expect(page.getByTestId("goals-editor")).toHaveCount(0);
});

test("an admin sets a rep's goal with a decimal comma after a refused amount, and the audit log says it in words", async ({
  page,
}, testInfo) => {
  // Each project its own rep and amount.
  const phone = testInfo.project.name === "phone";
  const typed = phone ? "36500,00" : "38500,00";
  const shown = phone ? "€36,500" : "€38,500";
  await signIn(page, "admin@demo.test");
  const { name: rep } = await demoRep(page, phone ? "rep2@demo.test" : "rep1@demo.test");
  await page.goto("/manager/team");
  const month = (await page.getByRole("heading", { name: /^This month: / }).innerText()).replace("This month: ", "").trim();
  const editor = page.getByTestId("goals-editor");
  const row = editor.getByTestId("goal-row").filter({ has: page.getByRole("rowheader", { name: rep, exact: true }) });
  const box = row.getByLabel(`Goal for ${rep}, ${month}, in euros`);

  await box.fill("forty thousand");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText("Must be a number.")).toBeVisible();
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "the goals editor showing an error");

  await box.fill(typed);
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText(`Saved: ${shown}.`);
  await expect(box).toHaveValue(typed.replace(",00", ""));
  const salesRow = page.getByTestId("sales-row").filter({ has: page.getByRole("rowheader", { name: rep, exact: true }) });
  await expect(salesRow.getByTestId("goal-progress")).toContainText(`of ${shown}`);

  // Another month: its own goals.
  await page.getByRole("navigation", { name: "Goal month" }).getByRole("link").last().click();
  await expect(page).toHaveURL(/goalMonth=\d{4}-\d{2}#goals$/);
  await expect(editor.getByRole("columnheader", { name: /^Goal for / })).not.toHaveText(`Goal for ${month}`);

  await page.goto("/admin/audit");
  await page.getByLabel("Action starts with").fill("rep_goal.set");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("audit-summary").first()).toHaveText(
    new RegExp(`^Alex Admin set ${escape(rep)}'s goal for ${escape(month)} to ${escape(shown)}( \\(was €[\\d,.]+\\))?$`),
  );
});

test("a manager reassigns two accounts after confirming, undoes it, and an account moved again since stays where it is", async ({
  page,
}, testInfo) => {
  await signIn(page, "manager@demo.test");
  const managerId = ((await (await page.request.get("/api/auth/session")).json()) as { user: { id: string } }).user.id;
  const from = await demoRep(page, testInfo.project.name === "phone" ? "rep2@demo.test" : "rep1@demo.test");
  const fromName = from.name;
  await page.goto("/manager/team");
  const fromBefore = await accountsOf(page, fromName);

  await page
    .getByTestId("team-row")
    .filter({ has: page.getByRole("rowheader", { name: fromName, exact: true }) })
    .getByRole("link", { name: fromName, exact: true })
    .click();
  const form = page.getByTestId("reassign-form");
  // Two accounts whose names are unique in the book (other journeys, the fuzz suite among them, may
  // have added accounts with the same odd name), so each checkbox is named by one account.
  await expect(form.getByTestId("reassign-row").first()).toBeVisible();
  const all = (await form.getByTestId("reassign-row").locator("td:nth-child(2)").allInnerTexts()).map((name) => name.trim());
  const names = all.filter((name) => all.indexOf(name) === all.lastIndexOf(name)).slice(0, 2);
  expect(names).toHaveLength(2);
  for (const name of names) await form.getByRole("checkbox", { name: `Select ${name}`, exact: true }).check();
  const target = form.getByLabel("Move selected accounts to");
  await target.selectOption({ index: 1 });
  const toName = (await target.locator("option:checked").innerText()).trim();
  await form.getByRole("button", { name: "Reassign 2 accounts" }).click();

  // The confirmation says how many move from whom to whom, and keeps the focus inside.
  const dialog = page.getByRole("dialog", { name: `Move 2 accounts to ${toName}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`2 accounts move from ${fromName} to ${toName}`);
  await expect(dialog.getByRole("button", { name: "Move 2 accounts" })).toBeFocused();
  await expectAccessible(page, "the reassignment confirmation");
  for (let n = 0; n < 4; n++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  }
  // Escape cancels: nothing moved.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(form.getByRole("checkbox", { name: `Select ${names[0]}`, exact: true })).toBeChecked();
  await form.getByRole("button", { name: "Reassign 2 accounts" }).click();
  await dialog.getByRole("button", { name: "Move 2 accounts" }).click();

  const banner = page.getByTestId("reassign-banner");
  await expect(banner).toContainText(`Moved 2 accounts from ${fromName} to ${toName}.`);
  await expect(form.getByRole("checkbox", { name: `Select ${names[0]}`, exact: true })).toHaveCount(0);
  await expectAccessible(page, "the team page after a reassignment");

  // Meanwhile someone moves the first of them again (to the manager): the undo leaves it there.
  const found = (await (await page.request.get(`/api/accounts?q=${encodeURIComponent(names[0]!)}&limit=20`)).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const movedAgain = found.items.find((item) => item.name === names[0])!.id;
  expect((await page.request.post("/api/accounts/reassign", { data: { accountIds: [movedAgain], toOwnerId: managerId } })).ok()).toBe(true);

  await banner.getByRole("button", { name: "Undo" }).click();
  await expect(banner).toContainText(`Moved 1 account back to ${fromName}.`);
  await expect(banner).toContainText(`${names[0]} stayed with Morgan Manager: it was reassigned again since.`);
  await expect(form.getByRole("checkbox", { name: `Select ${names[1]}`, exact: true })).toBeVisible();

  // Put the demo book back as it was.
  expect((await page.request.post("/api/accounts/reassign", { data: { accountIds: [movedAgain], toOwnerId: from.id } })).ok()).toBe(true);
  await page.goto("/manager/team");
  await expect.poll(() => accountsOf(page, fromName)).toBe(fromBefore);
});
