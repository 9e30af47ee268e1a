// Purchases import: one unit = one order with its lines, priced like a live order, and
// the chunk's orders added to their accounts' rollups.
import { unnest, type Query } from "@/lib/db/sql";
import { randomUUID } from "node:crypto";
import { decimalStringFromCents } from "@/lib/money";
import { orderAmounts } from "@/lib/purchases/order-amounts";
import type { ValidUnit } from "./check-file";
import { at } from "@/lib/ltv/arrays";
import { addOrdersToRollups } from "@/lib/metrics/rollups";
import {
  accountsByKey,
  iso,
  lockAccounts,
  noAccount,
  noProduct,
  none,
  uuidsOf,
  type ApplyContext,
  type ChunkOutcome,
} from "./apply-shared";

import type { RowError } from "./schema";

// ---------------------------------------------------------------------------
// Purchases: one unit = one order
// ---------------------------------------------------------------------------

export async function applyPurchases(
  query: Query,
  units: Array<ValidUnit<"PURCHASES">>,
  context: ApplyContext,
  write: boolean,
): Promise<ChunkOutcome> {
  const outcome = none();
  const accounts = await accountsByKey(
    query,
    units.map((u) => u.rows[0].account_external_id),
  );
  const orders: Array<{ unit: ValidUnit<"PURCHASES">; accountId: string }> = [];
  for (const unit of units) {
    const errors: RowError[] = [];
    const [first] = unit.rows;
    const account = accounts.get(first.account_external_id);
    unit.rows.forEach((row, index) => {
      const line = at(unit.lines, index, "lines");
      if (!account) errors.push({ line, column: "account_external_id", reason: noAccount(row.account_external_id) });
      if (!context.products.has(row.sku)) errors.push({ line, column: "sku", reason: noProduct(row.sku) });
    });
    if (errors.length === 0) {
      // The same bounds as an order logged in the app: every amount must fit numeric(14,2).
      const amounts = orderAmounts(
        unit.rows.map((row) => ({
          quantity: row.quantity,
          unitPriceCents: row.unit_price,
          unitCostCents: row.unit_cost ?? context.products.get(row.sku)!.unitCostCents,
        })),
      );
      for (const problem of amounts.problems) {
        const column = problem.amount === "lineTotal" ? "unit_price" : problem.amount === "grossProfit" ? "unit_cost" : "order_external_id";
        errors.push({ line: at(unit.lines, problem.line ?? 0, "lines"), column, reason: problem.reason });
      }
    }
    if (errors.length > 0) {
      const flagged = new Set(errors.map((e) => e.line));
      for (const line of unit.lines) {
        if (!flagged.has(line))
          errors.push({
            line,
            column: "order_external_id",
            reason: `another line of order ${first.order_external_id} has an error (line ${Math.min(...flagged)}); the order is imported whole or not at all`,
          });
      }
      outcome.errors.push(...errors.sort((a, b) => a.line - b.line));
    } else {
      orders.push({ unit, accountId: account!.id });
    }
  }
  if (!write || orders.length === 0) return outcome;

  // Lock first, like a live order: a rep's order for the same account waits, and each recompute sees the other's rows.
  const accountIds = [...new Set(orders.map((o) => o.accountId))];
  await lockAccounts(query, accountIds);
  const keys = orders.map((o) => o.unit.rows[0].order_external_id);
  const already = new Set(
    (
      await query(
        `SELECT coalesce(external_id, id::text) AS key FROM purchases WHERE external_id = ANY($1::text[]) OR (external_id IS NULL AND id = ANY($2::uuid[]))`,
        [keys, uuidsOf(keys)],
      )
    ).map((row) => String(row.key)),
  );
  const purchases = {
    id: [] as string[],
    account: [] as string[],
    external: [] as string[],
    at: [] as string[],
    total: [] as string[],
    profit: [] as string[],
  };
  const lines = {
    id: [] as string[],
    account: [] as string[],
    purchase: [] as string[],
    product: [] as string[],
    quantity: [] as number[],
    price: [] as string[],
    cost: [] as string[],
    total: [] as string[],
  };
  for (const { unit, accountId } of orders) {
    const [first] = unit.rows;
    if (already.has(first.order_external_id)) {
      outcome.skipped++;
      continue;
    }
    // The same arithmetic as a logged order (lib/purchases/create-purchase.ts priceLines): integer cents,
    // line total = quantity × unit price, gross profit = Σ quantity × (unit price − unit cost snapshot).
    const purchaseId = randomUUID();
    let totalCents = 0;
    let profitCents = 0;
    for (const row of unit.rows) {
      const product = context.products.get(row.sku)!;
      const unitCostCents = row.unit_cost ?? product.unitCostCents;
      const lineTotalCents = row.quantity * row.unit_price;
      totalCents += lineTotalCents;
      profitCents += row.quantity * (row.unit_price - unitCostCents);
      lines.id.push(randomUUID());
      lines.account.push(accountId);
      lines.purchase.push(purchaseId);
      lines.product.push(product.id);
      lines.quantity.push(row.quantity);
      lines.price.push(decimalStringFromCents(row.unit_price));
      lines.cost.push(decimalStringFromCents(unitCostCents));
      lines.total.push(decimalStringFromCents(lineTotalCents));
    }
    purchases.id.push(purchaseId);
    purchases.account.push(accountId);
    purchases.external.push(first.order_external_id);
    purchases.at.push(iso(first.purchased_at));
    purchases.total.push(decimalStringFromCents(totalCents));
    purchases.profit.push(decimalStringFromCents(profitCents));
    // The file's own duplicates were refused by the file check; this guards a re-run chunk.
    already.add(first.order_external_id);
  }
  if (purchases.id.length > 0) {
    // One statement for orders and lines: atomic on its own, foreign keys checked at its end.
    const params: unknown[] = [];
    const orderSource = unnest(params, [
      ["id", "uuid", purchases.id],
      ["account_id", "uuid", purchases.account],
      ["external_id", "text", purchases.external],
      ["purchased_at", "timestamptz", purchases.at],
      ["total", "numeric", purchases.total],
      ["gross_profit", "numeric", purchases.profit],
    ]);
    params.push(context.actorId);
    const loggedBy = `$${params.length}::uuid`;
    const lineSource = unnest(params, [
      ["id", "uuid", lines.id],
      ["account_id", "uuid", lines.account],
      ["purchase_id", "uuid", lines.purchase],
      ["product_id", "uuid", lines.product],
      ["quantity", "int4", lines.quantity],
      ["unit_price", "numeric", lines.price],
      ["unit_cost", "numeric", lines.cost],
      ["line_total", "numeric", lines.total],
    ]);
    await query(
      `WITH inserted AS (
         INSERT INTO purchases (id, account_id, external_id, purchased_at, total, gross_profit, logged_by_id, updated_at)
         SELECT id, account_id, external_id, purchased_at, total, gross_profit, ${loggedBy}, now() FROM ${orderSource}
         RETURNING id)
       INSERT INTO purchase_lines (id, account_id, purchase_id, product_id, quantity, unit_price, unit_cost, line_total)
       SELECT id, account_id, purchase_id, product_id, quantity, unit_price, unit_cost, line_total FROM ${lineSource}`,
      params,
    );
  }
  await addOrdersToRollups(query, purchases);
  outcome.created = purchases.id.length;
  return outcome;
}
