import fs from "node:fs";
import Papa from "papaparse";
import { expect, expectAccessible, signIn, signInViaApi, test } from "./fixtures";

// An admin imports accounts from CSV (all-or-nothing, then valid rows), follows the
// progress, reads the row errors and downloads the accounts export. Each project
// uses its own external ids; the accounts belong to rep3 so rep1's screens keep their data.

const HEADER =
  "external_id,name,owner_email,segment,industry,region,currency,acquired_at,acquisition_channel,acquisition_cost_override,status";

function accountsCsv(tag: string): string {
  return (
    [
      HEADER,
      `E2E-IMP-${tag}-1,E2E Import ${tag} Alpha,rep3@demo.test,SMB,Retail,North,EUR,2024-02-01,Referral,,ACTIVE`,
      `E2E-IMP-${tag}-2,E2E Import ${tag} Broken,rep3@demo.test,SMB,,,EUR,2024-02-30,,,ACTIVE`,
      `E2E-IMP-${tag}-3,"=1+2 E2E Import ${tag} Formula",rep3@demo.test,SMB,,,EUR,2024-03-01,,,ACTIVE`,
    ].join("\r\n") + "\r\n"
  );
}

test("an admin imports accounts: all-or-nothing refuses a bad file, valid rows imports the rest, export is guarded", async ({
  page,
}, testInfo) => {
  const tag = testInfo.project.name;
  const file = { name: `accounts-${tag}.csv`, mimeType: "text/csv", buffer: Buffer.from(accountsCsv(tag)) };
  const search = async () =>
    (
      (await (await page.request.get(`/api/accounts?q=${encodeURIComponent(`E2E Import ${tag}`)}`)).json()) as {
        items: Array<{ name: string }>;
      }
    ).items
      .map((item) => item.name)
      .sort();

  await signIn(page, "admin@demo.test");
  await page.goto("/admin/imports");
  await expect(page.getByRole("heading", { name: "Import & export" })).toBeVisible();
  await page.getByLabel("What to import").selectOption("accounts");
  await expect(page.getByText("Columns of an accounts file")).toBeVisible();
  await expect(page.getByRole("radio", { name: /All or nothing/ })).toBeChecked();
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and import" }).click();

  const current = page.locator("section").filter({ has: page.getByRole("heading", { name: "This import" }) });
  await expect(current.getByRole("status")).toHaveText("Rejected: nothing was imported", { timeout: 30_000 });
  const errors = current.getByRole("table", { name: "Rows with errors" });
  await expect(errors.getByRole("row")).toHaveCount(2);
  await expect(errors.getByRole("row").nth(1)).toContainText("3");
  await expect(errors.getByRole("row").nth(1)).toContainText("acquired_at");
  // 2024 is a leap year, but February still has 29 days: refused, not shifted to 1 March.
  await expect(errors.getByRole("row").nth(1)).toContainText("is not a real calendar day (2024-02-30)");
  await expectAccessible(page, "the import page listing a file's errors");
  expect(await search()).toEqual([]);

  await page.getByRole("radio", { name: /Import the valid rows/ }).check();
  await page.getByLabel("CSV file").setInputFiles(file);
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(current.getByRole("status")).toHaveText("Done", { timeout: 30_000 });
  await expect(current.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
  await expect(errors.getByRole("row")).toHaveCount(2);
  expect(await search()).toEqual([`=1+2 E2E Import ${tag} Formula`, `E2E Import ${tag} Alpha`].sort());
  // The counts add up: 3 rows = 2 valid + 1 with errors, and the 2 valid rows are the 2 accounts created.
  const counts = current.getByTestId("import-counts");
  const count = (label: string) =>
    counts
      .locator("div")
      .filter({ has: page.getByText(label, { exact: true }) })
      .locator("dd");
  await expect(count("Rows in the file")).toHaveText("3");
  await expect(count("Valid rows")).toHaveText("2");
  await expect(count("Rows with errors")).toHaveText("1");
  await expect(count("Records created")).toHaveText("2");
  await expect(counts).not.toContainText("Written");
  await expect(current.getByRole("heading", { name: "1 error", exact: true })).toBeVisible();

  // The history lists both imports.
  await expect(page.getByText(`accounts-${tag}.csv`).first()).toBeVisible();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "accounts.csv" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^accounts-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = Papa.parse<string[]>(fs.readFileSync((await download.path())!, "utf8"), { skipEmptyLines: true }).data;
  expect(rows[0]!.join(",")).toBe(HEADER);
  const formula = rows.find((row) => row[0] === `E2E-IMP-${tag}-3`)!;
  expect(formula[1]).toBe(`'=1+2 E2E Import ${tag} Formula`);
  expect(rows.find((row) => row[0] === `E2E-IMP-${tag}-1`)).toBeTruthy();
  expect(rows.find((row) => row[0] === `E2E-IMP-${tag}-2`)).toBeUndefined();
});

test.describe("API", () => {
  test.skip(({ isMobile }) => isMobile, "API checks run on the desktop project");

  test("a rep may not import (403) and exports only their own accounts", async ({ request }) => {
    await signInViaApi(request, "rep1@demo.test");
    const refused = await request.post("/api/imports", {
      multipart: {
        entity: "accounts",
        mode: "VALID_ROWS",
        file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from(`${HEADER}\r\n`) },
      },
    });
    expect(refused.status()).toBe(403);
    expect((await request.get("/api/imports")).status()).toBe(403);
    const exported = await request.get("/api/export/accounts.csv");
    expect(exported.status()).toBe(200);
    expect(exported.headers()["content-disposition"]).toMatch(/^attachment; filename="accounts-/);
    const rows = Papa.parse<string[]>(await exported.text(), { skipEmptyLines: true }).data;
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.some((row) => row[2] !== "rep1@demo.test" && row[0] !== "external_id")).toBe(false);
    expect((await request.get("/api/export/secrets.csv")).status()).toBe(404);
  });

  test("an admin's bad uploads answer 400 naming the field; nothing is stored", async ({ request, baseURL }) => {
    await signInViaApi(request, "admin@demo.test");
    const headers = { origin: baseURL! };
    const before = ((await (await request.get("/api/imports")).json()) as { items: unknown[] }).items.length;
    const upload = (file: { name: string; mimeType: string; buffer: Buffer }, entity = "accounts") =>
      request.post("/api/imports", { headers, multipart: { entity, mode: "VALID_ROWS", file } });
    const empty = await upload({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) });
    expect(empty.status()).toBe(400);
    expect((await empty.json()).issues).toEqual([{ field: "file", reason: "the file is empty" }]);
    const binary = await upload({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) });
    expect(binary.status()).toBe(400);
    expect((await binary.json()).issues[0].field).toBe("file");
    const entity = await upload({ name: "a.csv", mimeType: "text/csv", buffer: Buffer.from(`${HEADER}\r\n`) }, "invoices");
    expect(entity.status()).toBe(400);
    expect((await entity.json()).issues[0].field).toBe("entity");
    expect(((await (await request.get("/api/imports")).json()) as { items: unknown[] }).items.length).toBe(before);
    expect((await request.get("/api/imports/not-an-id")).status()).toBe(400);
    expect((await request.get("/api/imports/00000000-0000-4000-8000-000000000000")).status()).toBe(404);
  });

  test("signed out: 401", async ({ request }) => {
    expect((await request.get("/api/imports")).status()).toBe(401);
    expect((await request.get("/api/export/accounts.csv")).status()).toBe(401);
  });
});
