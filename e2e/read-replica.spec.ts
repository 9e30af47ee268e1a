import { expect, expectAccessible, signIn, signInViaApi, test } from "./fixtures";

// The manager's ranking and dashboard with the heavy reads on a PostgreSQL streaming replica
// (issue 21 §1). Needs the app on a server with DATABASE_READ_URL: scripts/e2e-replica.sh seeds
// a database on the primary, waits for the replica to replay it and runs this spec with
// E2E_DATABASE_URL / E2E_DATABASE_READ_URL (playwright.config.ts passes them to the app). The
// ordinary e2e run (embedded database, no replica) skips it.
test.skip(!process.env.E2E_DATABASE_READ_URL, "needs a read replica: run scripts/e2e-replica.sh (CI does)");
test.skip(({ isMobile }) => isMobile, "the manager dashboard journey runs on the desktop project");

const descending = (list: number[]) => list.every((v, i) => i === 0 || list[i - 1]! >= v);

test("a manager's ranking and dashboard read from the replica and say so; a rep's own order shows at once", async ({
  page,
  playwright,
  baseURL,
}) => {
  await signIn(page, "manager@demo.test");
  await expect(page).toHaveURL(/\/manager/);
  await expect(page.getByRole("heading", { name: "Manager dashboard" })).toBeVisible();

  // The notice names the replica and its lag (a first check right after start may still have
  // found it catching up: the figures then came from the primary, and a reload asks again).
  const notice = page.getByTestId("read-source");
  await expect(async () => {
    await page.reload();
    await expect(notice).toHaveAttribute("data-source", "replica", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(notice).toContainText(/Figures from the read replica, \d+(\.\d)? s behind the primary \(limit 5\.0 s\)\./);
  await expect(page.getByTestId("kpi-strip")).toContainText("Revenue at risk");
  await expectAccessible(page, "the manager dashboard on the replica");

  const rows = page.getByTestId("ranking-row");
  await expect(rows).toHaveCount(50);
  const historical = await rows.evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute("data-value"))));
  expect(descending(historical)).toBe(true);
  const total = ((await (await page.request.get("/api/rankings?measure=historical&limit=1")).json()) as { total: number }).total;
  expect(total).toBeGreaterThanOrEqual(500);
  await expect(page.getByText(`${total.toLocaleString("en-GB")} accounts ranked by Historical LTV`)).toBeVisible();
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(rows).toHaveCount(100);

  // A rep logs an order; their account page, read right after, has it (the primary), whatever the replica's lag.
  const rep = await playwright.request.newContext({ baseURL });
  await signInViaApi(rep, "rep1@demo.test");
  const account = (await (await rep.get("/api/accounts?limit=1")).json()).items[0];
  const before = await (await rep.get(`/api/accounts/${account.id}`)).json();
  const product = (await (await rep.get("/api/products")).json()).items[0];
  const logged = await rep.post("/api/purchases", {
    data: {
      accountId: account.id,
      purchasedAt: new Date().toISOString(),
      lines: [{ productId: product.id, quantity: 3, unitPrice: 12.5 }],
      idempotencyKey: `e2e-replica-${Date.now()}`,
    },
  });
  expect(logged.status()).toBe(201);
  const after = await (await rep.get(`/api/accounts/${account.id}`)).json();
  expect(after.metrics.orders).toBe(before.metrics.orders + 1);
  expect(after.metrics.revenue).toBeCloseTo(before.metrics.revenue + 37.5, 2);
  await rep.dispose();

  // The replica replays the order within seconds: the manager's ranking shows the new revenue.
  await expect(async () => {
    const ranking = await (
      await page.request.get(`/api/rankings?measure=historical&limit=200&q=${encodeURIComponent(account.name)}`)
    ).json();
    const item = (ranking.items as Array<{ accountId: string; revenue: number }>).find((row) => row.accountId === account.id);
    expect(item?.revenue).toBeCloseTo(after.metrics.revenue, 2);
  }).toPass({ timeout: 10_000 });
});
