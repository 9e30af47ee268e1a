// Throw-away records on a new account, so the authorization and fuzz specs never
// change the demo accounts other specs rely on. The deal is LOST (off the board's
// open columns) and the account has no flags, so it sorts last in "My accounts".
import { expect, type APIRequestContext } from "@playwright/test";
import type { ProbeIds } from "./route-access";

export async function createProbeRecords(api: APIRequestContext, label: string): Promise<ProbeIds> {
  const stamp = `${label} ${Date.now().toString(36)}`;
  const session = await (await api.get("/api/auth/session")).json();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ok = async (response: Awaited<ReturnType<APIRequestContext["post"]>>): Promise<any> => {
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  };
  const accountName = `Authz probe ${stamp}`;
  const account = await ok(await api.post("/api/accounts", { data: { name: accountName, segment: "SMB", region: "Probe" } }));
  const contact = await ok(
    await api.post("/api/contacts", {
      data: { accountId: account.id, name: `Probe Contact ${stamp}`, email: `probe-${Date.now()}@authz.test` },
    }),
  );
  const deal = await ok(
    await api.post("/api/deals", { data: { accountId: account.id, title: `Probe deal ${stamp}`, amount: 12.5, stage: "LOST" } }),
  );
  const product = (await (await api.get("/api/products")).json()).items[0];
  const category = (await (await api.get("/api/categories")).json()).items[0];
  const purchase = await ok(
    await api.post("/api/purchases", {
      data: {
        accountId: account.id,
        purchasedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        lines: [{ productId: product.id, quantity: 1, unitPrice: 3.5 }],
        idempotencyKey: `probe-${Date.now()}`,
      },
    }),
  );
  const visit = await ok(
    await api.post("/api/visits", {
      data: {
        accountId: account.id,
        type: "CALL",
        occurredAt: new Date().toISOString(),
        notes: `Probe visit ${stamp}`,
        idempotencyKey: `probe-visit-${Date.now()}`,
      },
    }),
  );
  const followUp = await ok(
    await api.post("/api/follow-ups", { data: { accountId: account.id, title: `Probe follow-up ${stamp}`, dueOn: "2099-01-01" } }),
  );
  return {
    rep1: session.user.id,
    account: account.id,
    contact: contact.contact.id,
    deal: deal.deal.id,
    purchase: purchase.purchase.id,
    visit: visit.visit.id,
    followUp: followUp.followUp.id,
    product: product.id,
    productSku: product.sku,
    category: category.id,
    categoryName: category.name,
    accountName,
  };
}
