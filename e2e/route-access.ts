// Who may call which API route: the table e2e/authorization.spec.ts walks with every
// caller, and e2e/fuzz.spec.ts uses for its mutating routes. The spec reads app/api
// from disk: a route file or exported method missing here fails the suite, and so
// does an entry that is no longer on disk.
//
// ADDING A ROUTE (one entry per exported method):
//   {
//     route: "/api/things/[id]",        // the folder under app/ as on disk, brackets kept
//     method: "PATCH",
//     allowed: ["rep", "manager", "admin"],   // who passes; the others must get 403 (or 404)
//     foreign: "deny",                  // rep2 on rep1's record: "deny" (403/404) | "no-leak" (lists) | "none"
//     probe: ({ ids }) => ({ url: `/api/things/${ids.account}`, body: { version: 999_999 }, ok: [409] }),
//   },
// - `probe` builds a request that would succeed for an allowed caller. Prefer one that
//   proves authorization passed without changing the demo data: a stale version (409
//   with the current record), a body that fails validation only after the permission
//   check, or a new throw-away record on the probe account. `ok` lists the statuses
//   that count as "allowed" (default 200/201/202/204).
// - Anonymous callers always get 401. Callers not in `allowed` get 403 or 404.
// - `skip: "reason"` leaves a route out on purpose (say why).
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Role = "rep" | "manager" | "admin";
/** "foreign" is rep2 acting on rep1's records; "anonymous" has no session. */
export type Caller = Role | "foreign" | "anonymous";

export interface ProbeIds {
  rep1: string;
  account: string;
  contact: string;
  deal: string;
  purchase: string;
  visit: string;
  followUp: string;
  product: string;
  productSku: string;
  category: string;
  categoryName: string;
  /** The probe account's name: list probes search for it, so a leak would show. */
  accountName: string;
}

export interface ProbeContext {
  ids: ProbeIds;
  caller: Caller;
  /** A fresh string for idempotency keys and names. */
  unique: () => string;
}

export interface Probe {
  url: string;
  body?: unknown;
  ok?: number[];
}

export interface RouteAccess {
  route: string;
  method: Method;
  skip?: string;
  allowed?: Role[];
  foreign?: "deny" | "no-leak" | "none";
  probe?: (context: ProbeContext) => Probe;
}

const ALL: Role[] = ["rep", "manager", "admin"];
// Managers read every record and reassign accounts (which lets them edit an account's
// fields too), but they do not write other reps' contacts, deals, orders or visits.
const OWNER_OR_ADMIN: Role[] = ["rep", "admin"];
const STALE = 999_999; // a version no record reaches: passes authorization, then 409 with the current record
// An id no record has: an allowed caller passes the permission check and then gets 404.
const NO_SUCH_ID = "00000000-0000-4000-8000-000000000000";
const ADMIN: Role[] = ["admin"];
const MANAGER_OR_ADMIN: Role[] = ["manager", "admin"];
// Valid cost inputs (the demo defaults' shape); with a stale basedOn the save answers 409 and writes nothing.
const COST_INPUTS = {
  acquisitionCost: "900.00",
  retentionCostPerYear: "150.00",
  grossMargin: 0.38,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
};
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

export const ROUTE_ACCESS: RouteAccess[] = [
  {
    route: "/api/auth/[...nextauth]",
    method: "GET",
    skip: "next-auth's own endpoints (csrf, session, providers); sign-in is covered by e2e/sign-in.spec.ts and e2e/security.spec.ts",
  },
  {
    route: "/api/auth/[...nextauth]",
    method: "POST",
    skip: "next-auth's sign-in/sign-out with its own CSRF token; covered by e2e/security.spec.ts",
  },
  { route: "/api/health", method: "GET", skip: "public readiness probe for load balancers; says only whether the database answers" },

  // Accounts
  {
    route: "/api/accounts",
    method: "GET",
    allowed: ALL,
    foreign: "no-leak",
    probe: ({ ids }) => ({ url: `/api/accounts?q=${encodeURIComponent(ids.accountName)}&limit=200` }),
  },
  {
    route: "/api/accounts",
    method: "POST",
    allowed: ALL,
    foreign: "deny",
    // Every probe account belongs to rep1 (managers and admins may create for a rep, rep2
    // may not), so no manager or admin gains a book that other specs would see on the team page.
    probe: ({ ids, caller, unique }) => ({
      url: "/api/accounts",
      body: { name: `Authz probe by ${caller} ${unique()}`, segment: "SMB", ownerId: ids.rep1 },
    }),
  },
  // Other reps' lookalikes are only counted, never named: rep2 must not see the probe account's name.
  {
    route: "/api/accounts/similar",
    method: "GET",
    allowed: ALL,
    foreign: "no-leak",
    probe: ({ ids }) => ({ url: `/api/accounts/similar?name=${encodeURIComponent(ids.accountName)}` }),
  },
  {
    route: "/api/accounts/[id]",
    method: "GET",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/accounts/${ids.account}` }),
  },
  {
    route: "/api/accounts/[id]",
    method: "PATCH",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/accounts/${ids.account}`, body: { version: STALE, name: "Renamed by probe" }, ok: [409] }),
  },

  // Contacts
  {
    route: "/api/contacts",
    method: "GET",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/contacts?accountId=${ids.account}` }),
  },
  {
    route: "/api/contacts",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids, caller }) => ({ url: "/api/contacts", body: { accountId: ids.account, name: `Probe contact by ${caller}` } }),
  },
  {
    route: "/api/contacts/[id]",
    method: "PATCH",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/contacts/${ids.contact}`, body: { version: STALE, name: "Renamed" }, ok: [409] }),
  },
  {
    route: "/api/contacts/[id]",
    method: "DELETE",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/contacts/${ids.contact}?version=${STALE}`, ok: [409] }),
  },

  // Deals
  {
    route: "/api/deals",
    method: "GET",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/deals?accountId=${ids.account}` }),
  },
  {
    route: "/api/deals",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids, caller }) => ({
      url: "/api/deals",
      body: { accountId: ids.account, title: `Probe deal by ${caller}`, amount: 10, stage: "LOST" },
    }),
  },
  // Column totals carry no names; a rep's are over their own accounts (lib/deals/deals.db.test.ts).
  { route: "/api/deals/summary", method: "GET", allowed: ALL, foreign: "none", probe: () => ({ url: "/api/deals/summary" }) },
  {
    route: "/api/deals/[id]",
    method: "PATCH",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/deals/${ids.deal}`, body: { version: STALE, title: "Renamed" }, ok: [409] }),
  },

  // Purchases (orders)
  {
    route: "/api/purchases",
    method: "GET",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/purchases?accountId=${ids.account}` }),
  },
  {
    route: "/api/purchases",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids, unique }) => ({
      url: "/api/purchases",
      body: {
        accountId: ids.account,
        purchasedAt: daysAgo(2),
        lines: [{ productId: ids.product, quantity: 1, unitPrice: 1 }],
        idempotencyKey: `authz-${unique()}`,
      },
    }),
  },
  {
    route: "/api/purchases/[id]",
    method: "PATCH",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/purchases/${ids.purchase}`, body: { version: STALE }, ok: [409] }),
  },
  {
    route: "/api/purchases/[id]",
    method: "DELETE",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/purchases/${ids.purchase}?version=${STALE}`, ok: [409] }),
  },

  // Visits
  {
    route: "/api/visits",
    method: "GET",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/visits?accountId=${ids.account}` }),
  },
  {
    route: "/api/visits",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids, unique }) => ({
      url: "/api/visits",
      body: { accountId: ids.account, type: "CALL", occurredAt: daysAgo(1), idempotencyKey: `authz-${unique()}` },
    }),
  },

  // Flags (issue 15). The probe account has no flags: an id no flag has passes the
  // permission check and answers 404 for every caller; lib/flag-records/flag-lifecycle.db.test.ts
  // covers another rep's flag (404) and the states.
  {
    route: "/api/flags/[id]/snooze",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: () => ({ url: `/api/flags/${NO_SUCH_ID}/snooze`, body: { until: "2099-01-01" }, ok: [404] }),
  },
  {
    route: "/api/flags/[id]/dismiss",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: () => ({ url: `/api/flags/${NO_SUCH_ID}/dismiss`, body: { reason: "other" }, ok: [404] }),
  },

  // Follow-ups: a rep asking for rep1's follow-ups gets their own, never rep1's.
  {
    route: "/api/follow-ups",
    method: "GET",
    allowed: ALL,
    foreign: "no-leak",
    probe: ({ ids }) => ({ url: `/api/follow-ups?ownerId=${ids.rep1}` }),
  },
  {
    route: "/api/follow-ups",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids, caller }) => ({
      url: "/api/follow-ups",
      body: { accountId: ids.account, title: `Probe follow-up by ${caller}`, dueOn: "2099-01-01" },
    }),
  },
  {
    route: "/api/follow-ups/[id]",
    method: "PATCH",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/follow-ups/${ids.followUp}`, body: { status: "done", version: STALE }, ok: [409] }),
  },

  // Reminder e-mails. The probe contact's address gets the message; without SMTP_URL (the e2e server) it stays in the outbox.
  {
    route: "/api/emails",
    method: "GET",
    allowed: ALL,
    foreign: "deny",
    probe: ({ ids }) => ({ url: `/api/emails?accountId=${ids.account}` }),
  },
  {
    route: "/api/emails",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids, caller }) => ({
      url: "/api/emails",
      body: { accountId: ids.account, contactId: ids.contact, subject: `Probe by ${caller}`, body: "Probe" },
    }),
  },
  {
    route: "/api/emails/preview",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: "/api/emails/preview", body: { accountId: ids.account, contactId: ids.contact } }),
  },
  // No e-mail id on the probe records: an id no e-mail has answers 404 after the permission check.
  {
    route: "/api/emails/[id]/retry",
    method: "POST",
    allowed: OWNER_OR_ADMIN,
    foreign: "deny",
    probe: () => ({ url: `/api/emails/${NO_SUCH_ID}/retry`, ok: [404] }),
  },
  {
    route: "/api/settings/email-template",
    method: "GET",
    allowed: ALL,
    foreign: "none",
    probe: () => ({ url: "/api/settings/email-template" }),
  },
  {
    route: "/api/settings/email-template",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({
      url: "/api/settings/email-template",
      body: { subject: "Time to restock {{product}}?", body: "Hello {{contactName}},\n\n{{signature}}" },
    }),
  },

  // Catalog, rankings, model, admin
  { route: "/api/products", method: "GET", allowed: ALL, foreign: "none", probe: () => ({ url: "/api/products" }) },
  // A rep asking for rep1's book gets their own (or a refusal): never rep1's accounts.
  ...["/api/rankings", "/api/rankings/count", "/api/rankings/export.csv"].map((route): RouteAccess => ({
    route,
    method: "GET",
    allowed: ALL,
    foreign: "no-leak",
    probe: ({ ids }) => ({ url: `${route}?ownerId=${ids.rep1}&q=${encodeURIComponent(ids.accountName)}` }),
  })),
  { route: "/api/model/refit", method: "GET", allowed: ["admin"], foreign: "none", probe: () => ({ url: "/api/model/refit" }) },
  // A real refit rewrites every account's metrics in the background; a body it refuses
  // (after the permission check) proves the admin got through without starting one.
  {
    route: "/api/model/refit",
    method: "POST",
    allowed: ["admin"],
    foreign: "none",
    probe: () => ({ url: "/api/model/refit", body: { probe: true }, ok: [400] }),
  },
  { route: "/api/admin/counts", method: "GET", allowed: ["admin"], foreign: "none", probe: () => ({ url: "/api/admin/counts" }) },

  // Admin area: cost inputs and their recompute jobs
  { route: "/api/settings/costs", method: "GET", allowed: ADMIN, foreign: "none", probe: () => ({ url: "/api/settings/costs" }) },
  {
    route: "/api/settings/costs",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/settings/costs", body: { default: COST_INPUTS, basedOn: NO_SUCH_ID }, ok: [409] }),
  },
  {
    route: "/api/settings/costs/preview",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/settings/costs/preview", body: { default: COST_INPUTS, basedOn: NO_SUCH_ID } }),
  },
  // Everyone reads the stage probabilities (a move applies them); the admin's probe writes the demo defaults back.
  {
    route: "/api/settings/stage-probabilities",
    method: "GET",
    allowed: ALL,
    foreign: "none",
    probe: () => ({ url: "/api/settings/stage-probabilities" }),
  },
  {
    route: "/api/settings/stage-probabilities",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/settings/stage-probabilities", body: { LEAD: 10, QUALIFIED: 25, PROPOSAL: 50, NEGOTIATION: 70 } }),
  },
  // The flag lifecycle setting: admins only; the admin's probe writes the default back.
  { route: "/api/settings/flags", method: "GET", allowed: ADMIN, foreign: "none", probe: () => ({ url: "/api/settings/flags" }) },
  {
    route: "/api/settings/flags",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/settings/flags", body: { flagDismissDays: 60 } }),
  },
  // Exchange rates (issue 20): everyone reads a rate; admins write. Every write probe fails validation after the
  // permission check (400, nothing written): the PUT names the reporting currency, the import is not a CSV, and the
  // settings carry an unknown field, so no single fuzzed leaf (a gap of 0 days is valid) can turn them into a write.
  {
    route: "/api/fx-rates",
    method: "GET",
    allowed: ALL,
    foreign: "none",
    probe: () => ({ url: "/api/fx-rates?currency=EUR&on=2026-01-05" }),
  },
  {
    route: "/api/fx-rates",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/fx-rates", body: { rates: [{ currency: "EUR", on: "2026-01-05", rate: 1 }] }, ok: [400] }),
  },
  {
    route: "/api/fx-rates/import",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/fx-rates/import", body: { file: "not a csv" }, ok: [400] }),
  },
  { route: "/api/fx-rates/settings", method: "GET", allowed: ADMIN, foreign: "none", probe: () => ({ url: "/api/fx-rates/settings" }) },
  {
    route: "/api/fx-rates/settings",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/fx-rates/settings", body: { reportingCurrency: "EUR", maxGapDays: 7, probe: true }, ok: [400] }),
  },
  { route: "/api/jobs/[id]", method: "GET", allowed: ADMIN, foreign: "none", probe: () => ({ url: `/api/jobs/${NO_SUCH_ID}`, ok: [404] }) },
  // Backtests (issue 16): managers and admins. The POST probe's cutoff lies in the future, so an allowed caller gets 400 and no job starts.
  { route: "/api/backtest", method: "GET", allowed: MANAGER_OR_ADMIN, foreign: "none", probe: () => ({ url: "/api/backtest" }) },
  {
    route: "/api/backtest",
    method: "POST",
    allowed: MANAGER_OR_ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/backtest", body: { cutoff: "2999-01-01", windowDays: 90 }, ok: [400] }),
  },
  {
    route: "/api/backtest/[id]",
    method: "GET",
    allowed: MANAGER_OR_ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/backtest/${NO_SUCH_ID}`, ok: [404] }),
  },
  {
    route: "/api/backtest/[id]/accounts",
    method: "GET",
    allowed: MANAGER_OR_ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/backtest/${NO_SUCH_ID}/accounts?group=bin:0`, ok: [404] }),
  },

  // Admin area: catalog (everyone reads, admins write; a duplicate SKU or name answers 409 and writes nothing)
  { route: "/api/categories", method: "GET", allowed: ALL, foreign: "none", probe: () => ({ url: "/api/categories" }) },
  {
    route: "/api/categories",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: ({ ids }) => ({ url: "/api/categories", body: { name: ids.categoryName }, ok: [409] }),
  },
  {
    route: "/api/products",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: ({ ids }) => ({
      url: "/api/products",
      body: { sku: ids.productSku, name: "Probe product", categoryId: ids.category, listPrice: "1.00", unitCost: "0.50" },
      ok: [409],
    }),
  },
  {
    route: "/api/products/[id]",
    method: "PATCH",
    allowed: ADMIN,
    foreign: "none",
    probe: ({ ids }) => ({
      url: `/api/products/${ids.product}`,
      body: { expectedUpdatedAt: "2000-01-01T00:00:00.000Z", name: "Renamed" },
      ok: [409],
    }),
  },
  {
    route: "/api/products/[id]",
    method: "DELETE",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/products/${NO_SUCH_ID}`, ok: [404] }),
  },

  // Admin area: users and reassignment
  { route: "/api/users", method: "GET", allowed: MANAGER_OR_ADMIN, foreign: "none", probe: () => ({ url: "/api/users" }) },
  {
    route: "/api/users",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/users", body: { email: "rep1@demo.test", name: "Duplicate", role: "REP" }, ok: [409] }),
  },
  {
    route: "/api/users/[id]",
    method: "PATCH",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/users/${NO_SUCH_ID}`, body: { name: "Nobody" }, ok: [404] }),
  },
  {
    route: "/api/users/[id]/reset-password",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/users/${NO_SUCH_ID}/reset-password`, body: {}, ok: [404] }),
  },
  // Moving rep1's probe account to rep1 changes nothing; reps (rep1 included) may not reassign.
  {
    route: "/api/accounts/reassign",
    method: "POST",
    allowed: MANAGER_OR_ADMIN,
    foreign: "deny",
    probe: ({ ids }) => ({ url: "/api/accounts/reassign", body: { accountIds: [ids.account], toOwnerId: ids.rep1 } }),
  },
  // Undo of a move no one made: past the permission check, then 404.
  {
    route: "/api/accounts/reassign/undo",
    method: "POST",
    allowed: MANAGER_OR_ADMIN,
    foreign: "deny",
    probe: () => ({ url: "/api/accounts/reassign/undo", body: { moveId: NO_SUCH_ID }, ok: [404] }),
  },
  // A goal for a user no one is: past the permission check, then 400 naming repId; nothing is stored.
  {
    route: "/api/rep-goals",
    method: "PUT",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/rep-goals", body: { repId: NO_SUCH_ID, month: "2026-12", goal: "1.00" }, ok: [400] }),
  },
  { route: "/api/audit", method: "GET", allowed: ADMIN, foreign: "none", probe: () => ({ url: "/api/audit?limit=5" }) },

  // Admin area: imports (multipart; a JSON body passes the permission check, then 400) and exports
  { route: "/api/imports", method: "GET", allowed: ADMIN, foreign: "none", probe: () => ({ url: "/api/imports" }) },
  {
    route: "/api/imports",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: "/api/imports", body: { entity: "ACCOUNTS" }, ok: [400] }),
  },
  {
    route: "/api/imports/[id]",
    method: "GET",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/imports/${NO_SUCH_ID}`, ok: [404] }),
  },
  {
    route: "/api/imports/[id]/resume",
    method: "POST",
    allowed: ADMIN,
    foreign: "none",
    probe: () => ({ url: `/api/imports/${NO_SUCH_ID}/resume`, ok: [404] }),
  },
  // Everyone exports what they may read: rep2's file must not hold rep1's probe account.
  { route: "/api/export/[file]", method: "GET", allowed: ALL, foreign: "no-leak", probe: () => ({ url: "/api/export/accounts.csv" }) },

  // Everyone may change their own password; a too-short new one fails after sign-in is checked, without counting as a wrong password.
  {
    route: "/api/me/password",
    method: "POST",
    allowed: ALL,
    foreign: "none",
    probe: () => ({ url: "/api/me/password", body: { currentPassword: "not checked", newPassword: "short" }, ok: [400] }),
  },
];
