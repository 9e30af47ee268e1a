import { expect, signInViaApi, test } from "./fixtures";

test.describe("JSON API", () => {
  test.skip(({ isMobile }) => isMobile, "API checks run once, on the desktop project");

  test("GET /api/accounts without a session answers 401 JSON", async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const response = await anonymous.get("/api/accounts");
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect(await response.json()).toHaveProperty("error");
    await anonymous.dispose();
  });

  test("a rep's GET /api/accounts holds only that rep's accounts, paged by cursor", async ({ playwright, baseURL }) => {
    const rep = await playwright.request.newContext({ baseURL });
    await signInViaApi(rep, "rep1@demo.test");
    const session = await (await rep.get("/api/auth/session")).json();
    const repId = session.user.id as string;
    expect(session.user.role).toBe("REP");

    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await rep.get(`/api/accounts?limit=40${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status()).toBe(200);
      const body = (await response.json()) as { items: Array<{ id: string; name: string; ownerId: string }>; nextCursor: string | null };
      for (const item of body.items) {
        expect(item.ownerId).toBe(repId);
        expect(typeof item.name).toBe("string");
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBeGreaterThan(40);

    const manager = await playwright.request.newContext({ baseURL });
    await signInViaApi(manager, "manager@demo.test");
    const all = await (await manager.get("/api/accounts?limit=200")).json();
    const owners = new Set(all.items.map((item: { ownerId: string }) => item.ownerId));
    expect(owners.size).toBeGreaterThan(1);
    await rep.dispose();
    await manager.dispose();
  });

  test("bad query parameters answer 400 naming the field", async ({ playwright, baseURL }) => {
    const rep = await playwright.request.newContext({ baseURL });
    await signInViaApi(rep, "rep1@demo.test");
    const response = await rep.get("/api/accounts?limit=0");
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.issues[0].field).toBe("limit");
    const badCursor = await rep.get("/api/accounts?cursor=not-a-cursor");
    expect(badCursor.status()).toBe(400);
    await rep.dispose();
  });
});

test.describe("accounts and orders API", () => {
  test.skip(({ isMobile }) => isMobile, "API checks run once, on the desktop project");

  test("GET /api/accounts/{id} returns live metrics and explained flags; another rep's account is 404", async ({ playwright, baseURL }) => {
    const rep1 = await playwright.request.newContext({ baseURL });
    await signInViaApi(rep1, "rep1@demo.test");
    const rep2 = await playwright.request.newContext({ baseURL });
    await signInViaApi(rep2, "rep2@demo.test");
    const mine = (await (await rep1.get("/api/accounts?limit=5")).json()).items[0];
    const response = await rep1.get(`/api/accounts/${mine.id}`);
    expect(response.status()).toBe(200);
    const account = await response.json();
    expect(account).toMatchObject({ id: mine.id, name: mine.name, ownerId: mine.ownerId });
    for (const key of ["revenue", "orders", "averageOrderValue", "historicalLtv", "formulaLtv", "predictedClv", "pAlive"]) {
      expect(typeof account.metrics[key]).toBe("number");
    }
    for (const flag of account.flags) {
      expect(["churn_risk", "upsell", "cross_sell", "replenishment"]).toContain(flag.type);
      expect(flag.reason.length).toBeGreaterThan(10);
      expect(flag.action.length).toBeGreaterThan(5);
    }
    const foreign = await rep2.get(`/api/accounts/${mine.id}`);
    expect(foreign.status()).toBe(404);
    expect(JSON.stringify(await foreign.json())).not.toContain(mine.name);
    await rep1.dispose();
    await rep2.dispose();
  });

  test("POST /api/purchases answers 201 with updated metrics, replays a retried key, and names bad fields", async ({
    playwright,
    baseURL,
  }) => {
    const rep = await playwright.request.newContext({ baseURL });
    await signInViaApi(rep, "rep1@demo.test");
    const account = (await (await rep.get("/api/accounts?limit=1")).json()).items[0];
    const before = await (await rep.get(`/api/accounts/${account.id}`)).json();
    const product = (await (await rep.get("/api/products")).json()).items[0];
    expect(product).toMatchObject({
      id: expect.any(String),
      name: expect.any(String),
      category: expect.any(String),
      listPrice: expect.any(Number),
    });
    const body = {
      accountId: account.id,
      purchasedAt: new Date().toISOString(),
      lines: [{ productId: product.id, quantity: 2, unitPrice: 10.5 }],
      idempotencyKey: `e2e-${Date.now()}`,
    };
    const first = await rep.post("/api/purchases", { data: body });
    expect(first.status()).toBe(201);
    const created = await first.json();
    expect(created.purchase.total).toBe(21);
    expect(created.metrics.orders).toBe(before.metrics.orders + 1);
    expect(created.metrics.revenue).toBeCloseTo(before.metrics.revenue + 21, 2);

    const again = await rep.post("/api/purchases", { data: body });
    expect(again.status()).toBe(201);
    expect(again.headers()["idempotent-replayed"]).toBe("true");
    expect((await again.json()).purchase.id).toBe(created.purchase.id);
    const after = await (await rep.get(`/api/accounts/${account.id}`)).json();
    expect(after.metrics.orders).toBe(before.metrics.orders + 1);

    const bad = await rep.post("/api/purchases", {
      data: { ...body, idempotencyKey: `e2e-bad-${Date.now()}`, lines: [{ productId: product.id, quantity: -1, unitPrice: 1 }] },
    });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).issues).toEqual(expect.arrayContaining([expect.objectContaining({ field: "lines.0.quantity" })]));
    const notJson = await rep.post("/api/purchases", { data: "{not json", headers: { "content-type": "application/json" } });
    expect(notJson.status()).toBe(400);
    await rep.dispose();
  });
});
