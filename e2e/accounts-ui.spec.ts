import { expect, expectAccessible, signIn, test } from "./fixtures";

// Accounts and contacts are created and edited in the UI, not only by CSV or the API.
test.describe("accounts in the UI", () => {
  test("a rep creates an account after a duplicate warning, then edits it", async ({ page }) => {
    await signIn(page, "rep1@demo.test");
    await page.goto("/rep/accounts");
    // One of rep1's own accounts, named a little differently: one whose name no other account has
    // (the fuzz suite may leave several accounts with the same odd name behind).
    const names = async (query: string) =>
      ((await (await page.request.get(`/api/accounts?${query}`)).json()) as { items: Array<{ name: string }> }).items.map((a) => a.name);
    let existing: string | undefined;
    for (const name of await names("limit=20")) {
      if (
        (await names(`q=${encodeURIComponent(name)}&limit=5`)).filter((other) => other.toLowerCase() === name.toLowerCase()).length === 1
      ) {
        existing = name;
        break;
      }
    }
    if (!existing) throw new Error("no uniquely named account among rep1's first 20");
    await page.getByRole("link", { name: "New account" }).click();
    await expect(page.getByRole("heading", { name: "New account" })).toBeVisible();

    const form = page.getByRole("form", { name: "New account" });
    await form.getByLabel("Account name").fill(`${existing.toLowerCase()} `);
    await form.getByLabel("Phone").fill("call me");
    await form.getByLabel("E-mail").focus();
    await expect(form.getByText("This does not look like a phone number, such as +49 30 1234567.")).toBeVisible();
    await expectAccessible(page, "the new-account form showing an error");
    await form.getByLabel("Phone").fill("+49 30 1234567");
    await expect(form.getByText(/does not look like a phone number/)).toHaveCount(0);
    await form.getByLabel("Name", { exact: true }).fill("Anna Berg");

    await form.getByRole("button", { name: "Create account" }).click();
    const warning = page.getByTestId("duplicate-warning");
    await expect(warning).toContainText("This account may already exist.");
    await expect(warning.getByRole("link", { name: existing, exact: true })).toBeVisible();

    await form.getByLabel("Account name").fill(`${existing} (second site)`);
    await expect(warning).toHaveCount(0);
    await form.getByRole("button", { name: "Create account" }).click();
    await expect(warning).toBeVisible();
    await form.getByRole("button", { name: "Create anyway" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${existing} (second site)` })).toBeVisible();
    await expect(page.getByText("Anna Berg")).toBeVisible();

    await page.getByRole("button", { name: "Edit account" }).click();
    const dialog = page.getByRole("dialog", { name: /^Edit / });
    await dialog.getByLabel("Account name").fill("");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Must not be empty.")).toHaveCount(1);
    await expect(dialog.getByText(/Invalid body/)).toHaveCount(0);
    await dialog.getByLabel("Account name").fill(`${existing} Nord`);
    await dialog.getByLabel("Region").fill("Hamburg");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1, name: `${existing} Nord` })).toBeVisible();
    await expect(page.getByText(/· Hamburg ·/)).toBeVisible();
  });
});
