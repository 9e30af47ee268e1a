import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "./fixtures";

// The integration path a script uses: next-auth's CSRF token, then the credentials callback.
async function signInViaApi(request: APIRequestContext, email: string) {
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.ok()).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password: DEMO_PASSWORD, json: "true" },
    maxRedirects: 0,
  });
  expect([200, 302]).toContain(response.status());
}

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
