import { expect, expectAccessible, signIn, test } from "./fixtures";

// The 404 page: a real 404 status, the app's navigation for a signed-in user, a way home.
test.describe("page not found", () => {
  test("an unknown address and an unknown account answer 404 with the app's navigation and a link home", async ({ page }) => {
    await signIn(page, "rep1@demo.test");
    for (const path of ["/rep/nope", "/rep/accounts/00000000-0000-4000-8000-000000000000", "/rep/accounts/not-an-id"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "We could not find that page." })).toBeVisible();
      // One header with the rep's navigation: the shell is drawn once, whichever route answered.
      await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(1);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My accounts" })).toBeVisible();
    }
    await expectAccessible(page, "the 404 page");
    await page.getByRole("link", { name: "Go to your start page" }).click();
    await expect(page).toHaveURL(/\/rep\/today/);
    await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
  });

  test("a manager's unknown address keeps the manager's navigation", async ({ page }) => {
    await signIn(page, "manager@demo.test");
    const response = await page.goto("/manager/nope");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We could not find that page." })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
  });
});
