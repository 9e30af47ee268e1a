import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo1234";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * Console lines that are not faults: a request the test makes fail on purpose (a 4xx answer,
 * e.g. a refused form or a 403 page) is logged by Chromium as an error.
 */
const EXPECTED_CONSOLE_ERRORS = [/^Failed to load resource: the server responded with a status of 4\d\d\b/];

/**
 * Every test fails on a console error or an uncaught page error in its page (a hydration
 * mismatch, a CSP violation, an exception in a handler), unless it is listed above.
 */
export const test = base.extend<{ failOnConsoleErrors: void }>({
  failOnConsoleErrors: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && !EXPECTED_CONSOLE_ERRORS.some((pattern) => pattern.test(message.text()))) {
          problems.push(`console error on ${page.url()}: ${message.text()}`);
        }
      });
      page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
      await use();
      expect(problems, "console errors and page errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The integration path a script uses: next-auth's CSRF token, then the credentials callback. */
export async function signInViaApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(response.status());
}

/**
 * axe-core on the page as it is now (an open dialog or menu, a form showing errors):
 * no serious or critical violation.
 */
export async function expectAccessible(page: Page, what = page.url()) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes
          .map((node) => node.target.join(" "))
          .slice(0, 3)
          .join("; ")})`,
    );
  expect(serious, `axe on ${what}`).toEqual([]);
}
