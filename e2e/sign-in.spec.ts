import { expect, signIn, test } from "./fixtures";

test.describe("signing in", () => {
  test("a rep signs in on Today and finds their own accounts", async ({ page }) => {
    await signIn(page, "rep1@demo.test");
    await expect(page).toHaveURL(/\/rep\/today/);
    await expect(page.getByRole("heading", { name: "Today" })).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My accounts" }).click();
    await expect(page.getByRole("heading", { name: "My accounts" })).toBeVisible();
    const rows = page.getByTestId("account-row");
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(5);
  });

  test("a wrong password is refused with a message that does not say which part was wrong", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("rep1@demo.test");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Email or password" })).toHaveText("Email or password is not right.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("pages need a session: an anonymous visit lands on the login page", async ({ page }) => {
    await page.goto("/rep/accounts");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Frep%2Faccounts/);
  });

  test("navigation follows the role", async ({ page }) => {
    await signIn(page, "manager@demo.test");
    await expect(page).toHaveURL(/\/manager/);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
    await page.goto("/admin");
    await expect(page.getByText("You don't have access to this page.")).toBeVisible();
  });

  test("sign-out ends the session", async ({ page }) => {
    await signIn(page, "admin@demo.test");
    await expect(page).toHaveURL(/\/admin/);
    // The admin sees the cost inputs in force: the default row and the seed's Enterprise override.
    await expect(page.getByRole("cell", { name: "Default", exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Enterprise", exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login/);
  });
});
