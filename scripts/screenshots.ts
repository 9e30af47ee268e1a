// Regenerates docs/screenshots/: each main page at 390 px (a phone) and 1440 px (a desktop),
// signed in as the role that uses it, on the demo data.
//
//   npm start                          # or any running instance with the demo logins
//   npm run screenshots                # BASE_URL=http://localhost:3000 by default
//   BASE_URL=http://localhost:3721 npm run screenshots -- today deals   # only pages whose name matches
//
// Uses Playwright's Chromium (CHROMIUM_PATH, default /usr/bin/chromium, as the e2e tests do).
// Read-only: it opens pages and menus, never saves anything.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";

const BASE_URL = process.env.BASE_URL ?? "http://localhost:3000";
const OUT = path.resolve(import.meta.dirname, "..", "docs", "screenshots");
const PASSWORD = process.env.DEMO_PASSWORD ?? "demo1234";
const WIDTHS = [390, 1440] as const;

type Role = "rep" | "manager" | "admin" | null;
const LOGIN: Record<Exclude<Role, null>, string> = { rep: "rep1@demo.test", manager: "manager@demo.test", admin: "admin@demo.test" };

interface Shot {
  name: string;
  role: Role;
  path: string | ((page: Page) => Promise<string>);
  /** What must be on screen before the picture (charts and lists load after the page). */
  ready: (page: Page) => Promise<void>;
  /** A state to show, e.g. an open menu. */
  then?: (page: Page) => Promise<void>;
}

const heading = (name: string) => async (page: Page) => {
  await page.getByRole("heading", { name, exact: true }).first().waitFor();
};

const SHOTS: Shot[] = [
  { name: "login", role: null, path: "/login", ready: heading("Sign in to LTV CRM") },
  {
    name: "today",
    role: "rep",
    path: "/rep/today",
    ready: async (page) => {
      await heading("Today")(page);
      await page.getByTestId("today-flags").waitFor();
    },
  },
  {
    name: "accounts",
    role: "rep",
    path: "/rep/accounts",
    ready: async (page) => void (await page.getByTestId("account-row").first().waitFor()),
  },
  {
    name: "account",
    role: "rep",
    path: async (page) => {
      const response = await page.request.get(`${BASE_URL}/api/accounts?limit=1`);
      const { items } = (await response.json()) as { items: Array<{ id: string }> };
      const [first] = items;
      if (!first) throw new Error("the rep has no account to show");
      return `/rep/accounts/${first.id}`;
    },
    ready: async (page) => void (await page.getByTestId("formula-ltv").waitFor()),
  },
  {
    name: "deals",
    role: "rep",
    path: "/rep/deals",
    ready: async (page) => void (await page.getByTestId("column-LEAD").getByTestId("deal-card").first().waitFor()),
    then: async (page) => {
      const card = page.getByTestId("column-PROPOSAL").getByTestId("deal-card").first();
      await card.getByRole("button", { name: /to…$/ }).click();
      await page.getByRole("menu").waitFor();
    },
  },
  { name: "new-account", role: "rep", path: "/rep/accounts/new", ready: heading("New account") },
  {
    name: "manager",
    role: "manager",
    path: "/manager",
    ready: async (page) => {
      await page.getByTestId("kpi-strip").waitFor();
      await page.getByTestId("ranking-row").first().waitFor();
    },
  },
  {
    name: "team",
    role: "manager",
    path: "/manager/team",
    ready: async (page) => void (await page.getByTestId("sales-row").first().waitFor()),
  },
  { name: "backtest", role: "manager", path: "/manager/backtest", ready: heading("Do the flags work?") },
  {
    name: "admin",
    role: "admin",
    path: "/admin",
    ready: async (page) => void (await page.getByRole("row", { name: /^Default/ }).waitFor()),
  },
  {
    name: "cost-inputs",
    role: "admin",
    path: "/admin/settings",
    ready: async (page) => void (await page.getByRole("table", { name: "Cost inputs history" }).waitFor()),
  },
  {
    name: "rates",
    role: "admin",
    path: "/admin/rates",
    ready: async (page) => void (await page.getByTestId("rates-table").waitFor()),
  },
  { name: "catalog", role: "admin", path: "/admin/catalog", ready: heading("Catalog") },
  {
    name: "users",
    role: "admin",
    path: "/admin/users",
    ready: async (page) => void (await page.getByTestId("user-row").first().waitFor()),
  },
  {
    // Moving two of a rep's accounts: the confirmation (opened, never confirmed).
    name: "reassign",
    role: "admin",
    path: async (page) => {
      const response = await page.request.get(`${BASE_URL}/api/users`);
      const { items } = (await response.json()) as { items: Array<{ id: string; email: string }> };
      const rep = items.find((user) => user.email === "rep3@demo.test");
      if (!rep) throw new Error("no rep3 in the demo data");
      return `/admin/users?from=${rep.id}#reassign`;
    },
    ready: async (page) => void (await page.getByTestId("bulk-reassign-row").first().waitFor()),
    then: async (page) => {
      const form = page.getByTestId("bulk-reassign-form");
      for (const n of [0, 1]) await form.getByTestId("bulk-reassign-row").nth(n).getByRole("checkbox").check();
      await form.getByLabel("New owner").selectOption({ index: 1 });
      await form.getByRole("button", { name: "Move 2 accounts" }).click();
      await page.getByRole("dialog").waitFor();
    },
  },
  { name: "imports", role: "admin", path: "/admin/imports", ready: heading("Import & export") },
  {
    name: "audit",
    role: "admin",
    path: "/admin/audit",
    // The demo seed writes no audit entries: an empty log is a valid picture too.
    ready: async (page) =>
      void (await page.getByTestId("audit-entry").first().or(page.getByText("No entries match these filters.")).waitFor()),
  },
  { name: "not-found", role: "rep", path: "/rep/no-such-page", ready: heading("We could not find that page.") },
];

async function signIn(page: Page, email: string): Promise<void> {
  const csrf = (await (await page.request.get(`${BASE_URL}/api/auth/csrf`)).json()) as { csrfToken: string };
  const response = await page.request.post(`${BASE_URL}/api/auth/callback/credentials`, {
    form: { csrfToken: csrf.csrfToken, email, password: PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  if (response.status() >= 400) throw new Error(`signing in as ${email} failed (${response.status()})`);
}

async function shoot(browser: Browser, shot: Shot, width: (typeof WIDTHS)[number]): Promise<string> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width, height: width === 390 ? 844 : 900 },
    deviceScaleFactor: 1,
    isMobile: width === 390,
    hasTouch: width === 390,
    reducedMotion: "reduce",
    // Dates follow the reader's locale (Accept-Language): the docs show British ones, as the e2e specs read.
    locale: "en-GB",
  });
  try {
    const page = await context.newPage();
    if (shot.role) await signIn(page, LOGIN[shot.role]);
    const target = typeof shot.path === "string" ? shot.path : await shot.path(page);
    await page.goto(target);
    await shot.ready(page);
    await page.waitForLoadState("networkidle");
    await shot.then?.(page);
    const file = path.join(OUT, `${shot.name}-${width}.png`);
    // What the screen shows (not the whole page): what a person sees first, and files that stay small.
    await page.screenshot({ path: file, animations: "disabled" });
    return file;
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const shots = only.length > 0 ? SHOTS.filter((shot) => only.some((name) => shot.name.includes(name))) : SHOTS;
  const health = await fetch(`${BASE_URL}/api/health`).catch(() => null);
  if (!health?.ok) throw new Error(`no app answers at ${BASE_URL} (start one with \`npm start\`, or set BASE_URL)`);
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    for (const shot of shots) {
      for (const width of WIDTHS) console.log(path.relative(process.cwd(), await shoot(browser, shot, width)));
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
