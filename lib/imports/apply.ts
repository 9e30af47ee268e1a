// The database side of an import, per entity: reference checks (owner, account,
// sku exist), matching against existing records, and the writes. Plain SQL with
// one array parameter per column (`unnest`, as lib/seed/load.ts does), so a chunk
// of thousands of rows is a handful of statements whatever its size. Every
// function takes a Query so the same code runs in the validation pass (raw
// driver, no writes) and in the chunk's transaction (Prisma transaction client).
import { unnest, type Query } from "@/lib/db/sql";
import { randomUUID } from "node:crypto";
import type { MetricsContext } from "@/lib/metrics/context";
import { centsFromDecimalString, decimalStringFromCents } from "@/lib/money";
import type { ImportEntity, Role } from "@/lib/generated/prisma/enums";
import { ownerRefusal } from "@/lib/accounts/owner-rule";
import { recordAccountMove, type MovedAccount } from "@/lib/accounts/account-moves";
import { moveOpenDeals } from "@/lib/deals/owner";
import { isValidUnit, type ImportUnit, type ValidUnit } from "./check-file";
import {
  accountsByKey,
  iso,
  lockAccounts,
  noAccount,
  noProduct,
  noUser,
  none,
  refreshMetrics,
  uuidsOf,
  type ApplyContext,
  type ChunkOutcome,
} from "./apply-shared";
import { applyPurchases } from "./apply-purchases";

export type { ApplyContext, ChunkOutcome } from "./apply-shared";
import type { AccountRow, ContactRow, ProductRow } from "./schema";

export async function loadApplyContext(
  query: Query,
  entity: ImportEntity,
  columns: ReadonlySet<string>,
  actorId: string,
): Promise<ApplyContext> {
  const users = new Map<string, { id: string; active: boolean; role: Role }>();
  const products = new Map<string, { id: string; unitCostCents: number }>();
  if (entity === "ACCOUNTS") {
    for (const row of await query(`SELECT id, lower(email) AS email, active, role::text AS role FROM users`, [])) {
      users.set(String(row.email), { id: String(row.id), active: Boolean(row.active), role: String(row.role) as Role });
    }
  }
  if (entity === "PURCHASES") {
    for (const row of await query(`SELECT id, sku, unit_cost::text AS unit_cost FROM products`, [])) {
      products.set(String(row.sku), { id: String(row.id), unitCostCents: centsFromDecimalString(String(row.unit_cost)) });
    }
  }
  return { entity, columns, actorId, users, products, metrics: null };
}

/**
 * Checks the units' references and, when `write`, writes the valid ones. Returns units it
 * rejected in `errors`. In the check pass, rows that already failed a file check have their
 * references checked too, so every problem of a row is reported at once.
 */
export async function applyUnits(query: Query, units: ImportUnit[], context: ApplyContext, write: boolean): Promise<ChunkOutcome> {
  const outcome = write
    ? none()
    : await checkReferences(
        query,
        units.filter((unit) => unit.errors.length > 0),
        context,
      );
  const valid = units.filter(isValidUnit);
  if (valid.length === 0) return outcome;
  const applied = await applyValidUnits(query, valid, context, write);
  return { ...applied, errors: [...outcome.errors, ...applied.errors] };
}

/** Unknown owners, accounts and products of rows that have other errors (nothing is written for them). */
async function checkReferences(query: Query, units: ImportUnit[], context: ApplyContext): Promise<ChunkOutcome> {
  const outcome = none();
  const references = units.flatMap((unit) => unit.references);
  if (references.length === 0) return outcome;
  const accountKeys = references.filter((ref) => ref.column === "account_external_id").map((ref) => ref.key);
  const accounts = accountKeys.length > 0 ? await accountsByKey(query, accountKeys) : new Map<string, unknown>();
  for (const ref of references) {
    if (ref.column === "owner_email") {
      const owner = context.users.get(ref.key);
      const refusal = owner ? ownerRefusal(owner) : noUser(ref.key);
      if (refusal) outcome.errors.push({ line: ref.line, column: ref.column, reason: owner ? `${ref.key} ${refusal}` : refusal });
    } else if (ref.column === "account_external_id") {
      if (!accounts.has(ref.key)) outcome.errors.push({ line: ref.line, column: ref.column, reason: noAccount(ref.key) });
    } else if (!context.products.has(ref.key)) {
      outcome.errors.push({ line: ref.line, column: ref.column, reason: noProduct(ref.key) });
    }
  }
  return outcome;
}

async function applyValidUnits(query: Query, valid: ValidUnit[], context: ApplyContext, write: boolean): Promise<ChunkOutcome> {
  switch (context.entity) {
    case "ACCOUNTS":
      return applyAccounts(query, valid as Array<ValidUnit<"ACCOUNTS">>, context, write);
    case "CONTACTS":
      return applyContacts(query, valid as Array<ValidUnit<"CONTACTS">>, context, write);
    case "PRODUCTS":
      return applyProducts(query, valid as Array<ValidUnit<"PRODUCTS">>, context, write);
    case "PURCHASES":
      return applyPurchases(query, valid as Array<ValidUnit<"PURCHASES">>, context, write);
  }
}

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

async function applyAccounts(
  query: Query,
  units: Array<ValidUnit<"ACCOUNTS">>,
  context: ApplyContext,
  write: boolean,
): Promise<ChunkOutcome> {
  const outcome = none();
  const rows: Array<{ line: number; row: AccountRow; ownerId: string }> = [];
  for (const unit of units) {
    const [row] = unit.rows;
    const [line] = unit.lines;
    const owner = context.users.get(row.owner_email);
    const refusal = owner ? ownerRefusal(owner) : noUser(row.owner_email);
    if (refusal) outcome.errors.push({ line, column: "owner_email", reason: owner ? `${row.owner_email} ${refusal}` : refusal });
    else rows.push({ line, row, ownerId: owner!.id });
  }
  if (!write || rows.length === 0) return outcome;

  const existing = await accountsByKey(
    query,
    rows.map((r) => r.row.external_id),
  );
  // The owners as they are under the lock (the lookup above ran before it).
  const owners = await lockAccounts(
    query,
    [...existing.values()].map((a) => a.id),
  );
  const creates = rows.filter((r) => !existing.has(r.row.external_id));
  const updates = rows.filter((r) => existing.has(r.row.external_id));
  const created = creates.map(() => randomUUID());
  const money = (cents: number | undefined) => (cents === undefined ? null : decimalStringFromCents(cents));
  const today = iso(new Date()).slice(0, 10);
  if (creates.length > 0) {
    const params: unknown[] = [];
    const source = unnest(params, [
      ["id", "uuid", created],
      ["external_id", "text", creates.map((r) => r.row.external_id)],
      ["name", "text", creates.map((r) => r.row.name)],
      ["owner_id", "uuid", creates.map((r) => r.ownerId)],
      ["segment", "text", creates.map((r) => r.row.segment)],
      ["industry", "text", creates.map((r) => r.row.industry ?? null)],
      ["region", "text", creates.map((r) => r.row.region ?? null)],
      ["currency", "text", creates.map((r) => r.row.currency)],
      ["acquired_at", "date", creates.map((r) => (r.row.acquired_at ? iso(r.row.acquired_at).slice(0, 10) : today))],
      ["acquisition_channel", "text", creates.map((r) => r.row.acquisition_channel ?? null)],
      ["acquisition_cost_override", "numeric", creates.map((r) => money(r.row.acquisition_cost_override))],
      ["status", "text", creates.map((r) => r.row.status)],
    ]);
    await query(
      `INSERT INTO accounts (id, external_id, name, owner_id, segment, industry, region, currency, acquired_at,
                             acquisition_channel, acquisition_cost_override, status, updated_at)
       SELECT id, external_id, name, owner_id, segment, industry, region, currency, acquired_at,
              acquisition_channel, acquisition_cost_override, status::"AccountStatus", now() FROM ${source}`,
      params,
    );
  }
  if (updates.length > 0) {
    const params: unknown[] = [];
    const has = (column: string) => context.columns.has(column);
    const source = unnest(params, [
      ["id", "uuid", updates.map((r) => existing.get(r.row.external_id)!.id)],
      ["name", "text", updates.map((r) => r.row.name)],
      ["owner_id", "uuid", updates.map((r) => r.ownerId)],
      ["segment", "text", updates.map((r) => r.row.segment)],
      ["industry", "text", updates.map((r) => r.row.industry ?? null)],
      ["region", "text", updates.map((r) => r.row.region ?? null)],
      ["currency", "text", updates.map((r) => r.row.currency)],
      ["acquired_at", "date", updates.map((r) => (r.row.acquired_at ? iso(r.row.acquired_at).slice(0, 10) : null))],
      ["acquisition_channel", "text", updates.map((r) => r.row.acquisition_channel ?? null)],
      ["acquisition_cost_override", "numeric", updates.map((r) => money(r.row.acquisition_cost_override))],
      ["status", "text", updates.map((r) => r.row.status)],
    ]);
    const sets = [
      "name = u.name",
      "owner_id = u.owner_id",
      "segment = u.segment",
      ...["industry", "region", "currency", "acquisition_channel", "acquisition_cost_override"].filter(has).map((c) => `${c} = u.${c}`),
      ...(has("acquired_at") ? ["acquired_at = coalesce(u.acquired_at, a.acquired_at)"] : []),
      ...(has("status") ? [`status = u.status::"AccountStatus"`] : []),
      "version = a.version + 1",
      "updated_at = now()",
    ];
    await query(`UPDATE accounts a SET ${sets.join(", ")} FROM ${source} WHERE a.id = u.id`, params);
    // A new owner in the file is a reassignment like any other: the open deals follow the account
    // and the move is recorded (an Undo of an earlier move then sees the account moved again).
    const moved: MovedAccount[] = updates.flatMap((r) => {
      const accountId = existing.get(r.row.external_id)!.id;
      // Not under the lock: deleted since the lookup, so the UPDATE above did not find it either.
      const fromOwnerId = owners.get(accountId);
      return fromOwnerId === undefined || fromOwnerId === r.ownerId ? [] : [{ accountId, fromOwnerId, toOwnerId: r.ownerId }];
    });
    for (const ownerId of new Set(moved.map((m) => m.toOwnerId))) {
      const accountIds = moved.filter((m) => m.toOwnerId === ownerId).map((m) => m.accountId);
      await moveOpenDeals(query, accountIds, ownerId);
    }
    if (moved.length > 0) await recordAccountMove(query, context.actorId, moved);
  }
  // Every account has a metrics row from the start; an owner or segment change moves its metrics too.
  if (context.metrics)
    await refreshMetrics(query, [...created, ...updates.map((r) => existing.get(r.row.external_id)!.id)], context.metrics);
  outcome.created = creates.length;
  outcome.updated = updates.length;
  return outcome;
}

// ---------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------

async function applyContacts(
  query: Query,
  units: Array<ValidUnit<"CONTACTS">>,
  context: ApplyContext,
  write: boolean,
): Promise<ChunkOutcome> {
  const outcome = none();
  const accounts = await accountsByKey(
    query,
    units.map((u) => u.rows[0].account_external_id),
  );
  const rows: Array<{ row: ContactRow; accountId: string }> = [];
  for (const unit of units) {
    const [row] = unit.rows;
    const account = accounts.get(row.account_external_id);
    if (!account) outcome.errors.push({ line: unit.lines[0], column: "account_external_id", reason: noAccount(row.account_external_id) });
    else rows.push({ row, accountId: account.id });
  }
  if (!write || rows.length === 0) return outcome;

  const externalIds = rows.flatMap((r) => (r.row.external_id ? [r.row.external_id] : []));
  const byExternal = new Map<string, string>();
  if (externalIds.length > 0) {
    const found = await query(
      `SELECT id, external_id FROM contacts WHERE external_id = ANY($1::text[]) OR (external_id IS NULL AND id = ANY($2::uuid[]))`,
      [externalIds, uuidsOf(externalIds)],
    );
    for (const row of found) byExternal.set(row.external_id === null ? String(row.id) : String(row.external_id), String(row.id));
  }
  const byEmail = new Map<string, { id: string; externalId: string | null }>();
  const withEmail = rows.filter((r) => r.row.email);
  if (withEmail.length > 0) {
    const found = await query(
      `SELECT c.id, c.account_id, lower(c.email) AS email, c.external_id FROM contacts c
         JOIN unnest($1::uuid[], $2::text[]) AS k(account_id, email) ON c.account_id = k.account_id AND lower(c.email) = k.email`,
      [withEmail.map((r) => r.accountId), withEmail.map((r) => r.row.email!)],
    );
    for (const row of found)
      byEmail.set(`${row.account_id}\n${row.email}`, {
        id: String(row.id),
        externalId: row.external_id === null ? null : String(row.external_id),
      });
  }
  const creates: Array<{ row: ContactRow; accountId: string; id: string }> = [];
  const updates: Array<{ row: ContactRow; accountId: string; id: string; externalId: string | null }> = [];
  for (const r of rows) {
    const matchedExternal = r.row.external_id ? byExternal.get(r.row.external_id) : undefined;
    if (matchedExternal) {
      updates.push({ ...r, id: matchedExternal, externalId: null });
      continue;
    }
    const matchedEmail = r.row.email ? byEmail.get(`${r.accountId}\n${r.row.email}`) : undefined;
    // A contact found by email keeps its own external id; one without gets the file's.
    if (matchedEmail && (!r.row.external_id || matchedEmail.externalId === null)) {
      updates.push({ ...r, id: matchedEmail.id, externalId: matchedEmail.externalId === null ? (r.row.external_id ?? null) : null });
    } else {
      creates.push({ ...r, id: randomUUID() });
    }
  }
  if (creates.length > 0) {
    const params: unknown[] = [];
    const source = unnest(params, [
      ["id", "uuid", creates.map((c) => c.id)],
      ["account_id", "uuid", creates.map((c) => c.accountId)],
      ["external_id", "text", creates.map((c) => c.row.external_id ?? null)],
      ["name", "text", creates.map((c) => c.row.name)],
      ["title", "text", creates.map((c) => c.row.title ?? null)],
      ["email", "text", creates.map((c) => c.row.email ?? null)],
      ["phone", "text", creates.map((c) => c.row.phone ?? null)],
      ["decision_role", "text", creates.map((c) => c.row.decision_role)],
    ]);
    await query(
      `INSERT INTO contacts (id, account_id, external_id, name, title, email, phone, decision_role, updated_at)
       SELECT id, account_id, external_id, name, title, email, phone, decision_role::"DecisionRole", now() FROM ${source}`,
      params,
    );
  }
  if (updates.length > 0) {
    const params: unknown[] = [];
    const has = (column: string) => context.columns.has(column);
    const source = unnest(params, [
      ["id", "uuid", updates.map((u) => u.id)],
      ["account_id", "uuid", updates.map((u) => u.accountId)],
      ["external_id", "text", updates.map((u) => u.externalId)],
      ["name", "text", updates.map((u) => u.row.name)],
      ["title", "text", updates.map((u) => u.row.title ?? null)],
      ["email", "text", updates.map((u) => u.row.email ?? null)],
      ["phone", "text", updates.map((u) => u.row.phone ?? null)],
      ["decision_role", "text", updates.map((u) => u.row.decision_role)],
    ]);
    const sets = [
      "account_id = u.account_id",
      "name = u.name",
      "external_id = coalesce(c.external_id, u.external_id)",
      ...["title", "email", "phone"].filter(has).map((col) => `${col} = u.${col}`),
      ...(has("decision_role") ? [`decision_role = u.decision_role::"DecisionRole"`] : []),
      "version = c.version + 1",
      "updated_at = now()",
    ];
    await query(`UPDATE contacts c SET ${sets.join(", ")} FROM ${source} WHERE c.id = u.id`, params);
  }
  outcome.created = creates.length;
  outcome.updated = updates.length;
  return outcome;
}

// ---------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------

async function applyProducts(
  query: Query,
  units: Array<ValidUnit<"PRODUCTS">>,
  context: ApplyContext,
  write: boolean,
): Promise<ChunkOutcome> {
  const outcome = none();
  if (!write) return outcome;
  const rows: ProductRow[] = units.map((u) => u.rows[0]);
  const names = [...new Set(rows.map((r) => r.category))];
  await query(
    `INSERT INTO categories (id, name) SELECT gen_random_uuid(), name FROM unnest($1::text[]) AS n(name) ON CONFLICT (name) DO NOTHING`,
    [names],
  );
  const categories = new Map(
    (await query(`SELECT id, name FROM categories WHERE name = ANY($1::text[])`, [names])).map((row) => [String(row.name), String(row.id)]),
  );
  const existing = new Map(
    (await query(`SELECT id, sku FROM products WHERE sku = ANY($1::text[])`, [rows.map((r) => r.sku)])).map((row) => [
      String(row.sku),
      String(row.id),
    ]),
  );
  const creates = rows.filter((r) => !existing.has(r.sku));
  const updates = rows.filter((r) => existing.has(r.sku));
  const columns = (list: ProductRow[], id: (r: ProductRow) => string): Array<[string, string, unknown[]]> => [
    ["id", "uuid", list.map(id)],
    ["sku", "text", list.map((r) => r.sku)],
    ["name", "text", list.map((r) => r.name)],
    ["category_id", "uuid", list.map((r) => categories.get(r.category)!)],
    ["tier_rank", "int4", list.map((r) => r.tier_rank ?? null)],
    ["tier_name", "text", list.map((r) => r.tier_name ?? null)],
    ["list_price", "numeric", list.map((r) => decimalStringFromCents(r.list_price))],
    ["unit_cost", "numeric", list.map((r) => decimalStringFromCents(r.unit_cost))],
    ["replenishment_days", "int4", list.map((r) => r.replenishment_days ?? null)],
    ["archived", "bool", list.map((r) => r.archived)],
  ];
  if (creates.length > 0) {
    const params: unknown[] = [];
    const source = unnest(
      params,
      columns(creates, () => randomUUID()),
    );
    await query(
      `INSERT INTO products (id, sku, name, category_id, tier_rank, tier_name, list_price, unit_cost, replenishment_days, archived, updated_at)
       SELECT id, sku, name, category_id, tier_rank, tier_name, list_price, unit_cost, replenishment_days, archived, now() FROM ${source}`,
      params,
    );
  }
  if (updates.length > 0) {
    const params: unknown[] = [];
    const source = unnest(
      params,
      columns(updates, (r) => existing.get(r.sku)!),
    );
    const optional = ["tier_rank", "tier_name", "replenishment_days", "archived"].filter((c) => context.columns.has(c));
    const sets = [
      "name = u.name",
      "category_id = u.category_id",
      "list_price = u.list_price",
      "unit_cost = u.unit_cost",
      ...optional.map((c) => `${c} = u.${c}`),
      "updated_at = now()",
    ];
    await query(`UPDATE products p SET ${sets.join(", ")} FROM ${source} WHERE p.id = u.id`, params);
  }
  outcome.created = creates.length;
  outcome.updated = updates.length;
  return outcome;
}

/** Account ids for the keys a file used (external ids, or ids of accounts without one). */
export async function accountIdsForKeys(query: Query, keys: Iterable<string>): Promise<string[]> {
  return [...(await accountsByKey(query, keys)).values()].map((account) => account.id);
}

/** The full recompute (model measures and flags included) for accounts an import added orders to; locks them like a live write. */
export async function recomputeImportedAccounts(query: Query, accountIds: string[], context: MetricsContext): Promise<void> {
  const sorted = [...accountIds].sort();
  await lockAccounts(query, sorted);
  await refreshMetrics(query, sorted, context);
}
