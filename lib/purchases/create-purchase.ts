// Logging an order: one transaction writes the purchase, its lines and the
// account's live metrics. The idempotency key (unique per user) makes a retried
// submission return the first result instead of writing a second order.
import { createHash, randomUUID } from "node:crypto";
import { getPrisma } from "@/lib/db/client";
import { isNumericOverflow, isUniqueViolation } from "@/lib/db/errors";
import type { Actor } from "@/lib/auth/permissions";
import { accountFor } from "@/lib/accounts/access";
import { metricsView, flagsOf, type MetricsView } from "@/lib/accounts/metrics-view";
import { recomputeAccountMetrics } from "@/lib/metrics/recompute";
import { FLAGS_ACTED_BY_CONTACT, markAccountFlagsActed, txQuery } from "@/lib/flag-records/flag-actions";
import { noteMetricsWrite } from "@/lib/metrics/jobs";
import { Invalid, Unprocessable } from "@/lib/errors";
import { MAX_MONEY_TEXT, centsFromDecimalString, decimalStringFromCents } from "@/lib/money";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { CreatePurchaseInput } from "./schema";
import { orderAmounts } from "./order-amounts";
import { at } from "@/lib/ltv/arrays";
import { purchaseAuditState, purchaseView, PURCHASE_INCLUDE, type PurchaseView } from "./purchase-view";
import type { Flag } from "@/lib/flags/types";
import { LIVE_WRITE_TRANSACTION } from "@/lib/db/advisory-locks";
import { closeFollowUpsIn, type FollowUpView } from "@/lib/follow-ups/follow-ups";
import { recordAudit } from "@/lib/audit/record-audit";

export interface LoggedPurchase {
  purchase: PurchaseView;
  metrics: MetricsView | null;
  flags: Flag[];
  /** The follow-ups the order closed (closeFollowUpIds); empty on a replay. */
  closedFollowUps: FollowUpView[];
  replayed: boolean;
}

type Tx = Prisma.TransactionClient;

export function requestHash(input: CreatePurchaseInput): string {
  const { idempotencyKey: _key, ...body } = input;
  return createHash("sha256")
    .update(JSON.stringify({ ...body, purchasedAt: body.purchasedAt.toISOString() }))
    .digest("hex");
}

/** Prices the lines against the catalog: unit cost snapshot, line totals and gross profit, all in cents. */
export async function priceLines(tx: Tx, lines: CreatePurchaseInput["lines"]) {
  const products = await tx.$queryRawUnsafe<
    Array<{ id: string; unitCost: string; archived: boolean; name: string; sku: string; category: string }>
  >(
    `SELECT p.id::text AS id, p.unit_cost::text AS "unitCost", p.archived, p.name, p.sku, c.name AS category
       FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ANY($1::uuid[])`,
    [...new Set(lines.map((line) => line.productId))],
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const issues: Array<{ field: string; reason: string }> = [];
  const costed: Array<(typeof lines)[number] & { unitCostCents: number }> = [];
  lines.forEach((line, index) => {
    const product = byId.get(line.productId);
    if (!product) issues.push({ field: `lines.${index}.productId`, reason: "no such product" });
    else if (product.archived) issues.push({ field: `lines.${index}.productId`, reason: `${product.name} is archived and cannot be sold` });
    else costed.push({ ...line, unitCostCents: centsFromDecimalString(product.unitCost) });
  });
  if (issues.length > 0) throw new Invalid(`Invalid body: ${issues.map((i) => `${i.field}: ${i.reason}`).join("; ")}`, issues);
  const amounts = orderAmounts(
    costed.map((line) => ({ quantity: line.quantity, unitPriceCents: line.unitPrice, unitCostCents: line.unitCostCents })),
  );
  if (amounts.problems.length > 0) {
    const tooLarge = amounts.problems.map((p) => ({ field: p.line === null ? "lines" : `lines.${p.line}.unitPrice`, reason: p.reason }));
    throw new Invalid(`Invalid body: ${tooLarge.map((i) => `${i.field}: ${i.reason}`).join("; ")}`, tooLarge);
  }
  const priced = costed.map((line, index) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPrice: decimalStringFromCents(line.unitPrice),
    unitCost: decimalStringFromCents(line.unitCostCents),
    // orderAmounts gives one total per line, in order.
    lineTotal: decimalStringFromCents(at(amounts.lineTotals, index, "lineTotals")),
  }));
  return { priced, products: byId, totalCents: amounts.totalCents, grossProfitCents: amounts.grossProfitCents };
}

/**
 * The order and its lines in one statement, with ids made here (as Prisma's uuid() does), and
 * its view from what was written: through Prisma's nested create and include the same order
 * took six statements and ~4 ms of query building per order (docs/performance.md, log order).
 */
async function insertOrder(
  tx: Tx,
  order: {
    accountId: string;
    purchasedAt: Date;
    totalCents: number;
    grossProfitCents: number;
    loggedById: string;
    dealId: string | null;
    idempotencyKey: string;
    idempotencyHash: string;
  },
  priced: Awaited<ReturnType<typeof priceLines>>["priced"],
  products: Awaited<ReturnType<typeof priceLines>>["products"],
): Promise<PurchaseView> {
  const id = randomUUID();
  const lineIds = priced.map(() => randomUUID());
  await tx.$executeRawUnsafe(
    `WITH purchase AS (
       INSERT INTO purchases (id, account_id, purchased_at, total, gross_profit, logged_by_id, deal_id, idempotency_key, idempotency_hash, updated_at)
       VALUES ($1::uuid, $2::uuid, $3::timestamptz, $4::numeric, $5::numeric, $6::uuid, $7::uuid, $8, $9, now())
       RETURNING account_id, id)
     INSERT INTO purchase_lines (id, account_id, purchase_id, product_id, quantity, unit_price, unit_cost, line_total)
     SELECT l.id, p.account_id, p.id, l.product_id, l.quantity, l.unit_price, l.unit_cost, l.line_total
       FROM purchase p, unnest($10::uuid[], $11::uuid[], $12::int[], $13::numeric[], $14::numeric[], $15::numeric[])
                        AS l(id, product_id, quantity, unit_price, unit_cost, line_total)`,
    id,
    order.accountId,
    order.purchasedAt.toISOString(),
    decimalStringFromCents(order.totalCents),
    decimalStringFromCents(order.grossProfitCents),
    order.loggedById,
    order.dealId,
    order.idempotencyKey,
    order.idempotencyHash,
    lineIds,
    priced.map((line) => line.productId),
    priced.map((line) => line.quantity),
    priced.map((line) => line.unitPrice),
    priced.map((line) => line.unitCost),
    priced.map((line) => line.lineTotal),
  );
  return {
    id,
    accountId: order.accountId,
    // timestamptz(3) keeps a Date's milliseconds exactly.
    purchasedAt: order.purchasedAt.toISOString(),
    // Cents ÷ 100: the same double as the stored decimal's (one rounding).
    total: order.totalCents / 100,
    grossProfit: order.grossProfitCents / 100,
    loggedById: order.loggedById,
    dealId: order.dealId,
    version: 1,
    lines: priced.map((line, index) => {
      const product = products.get(line.productId)!;
      return {
        id: lineIds[index]!,
        productId: line.productId,
        productName: product.name,
        sku: product.sku,
        category: product.category,
        quantity: line.quantity,
        unitPrice: centsFromDecimalString(line.unitPrice) / 100,
        lineTotal: centsFromDecimalString(line.lineTotal) / 100,
      };
    }),
  };
}

/**
 * The account's metrics after this order, or Invalid on `lines` when a rollup (revenue,
 * LTV) would pass what numeric(14,2) holds: the user's error, not a 500.
 */
export async function recomputeAfterOrder(tx: Tx, accountId: string, opts?: Parameters<typeof recomputeAccountMetrics>[2]) {
  try {
    return await recomputeAccountMetrics(tx, accountId, opts);
  } catch (error) {
    if (!isNumericOverflow(error)) throw error;
    const reason = `this order would take the account's totals past ${MAX_MONEY_TEXT}`;
    throw new Invalid(`Invalid body: lines: ${reason}`, [{ field: "lines", reason }]);
  }
}

/** Has this user used this key on any account? One probe of purchases (logged_by_id, idempotency_key). */
export const REPLAY_PROBE_SQL = `SELECT id::text AS id FROM purchases WHERE logged_by_id = $1::uuid AND idempotency_key = $2`;

async function replay(prisma: PrismaClient, actor: Actor, input: CreatePurchaseInput, hash: string): Promise<LoggedPurchase | null> {
  // Almost every order is new: a cheap raw probe first, the full read only for a replay.
  const [seen] = await prisma.$queryRawUnsafe<Array<{ id: string }>>(REPLAY_PROBE_SQL, actor.id, input.idempotencyKey);
  if (!seen) return null;
  // Unique per account (Citus keys hold account_id): this account's use of the key, else its
  // use on another account (a different order: 422 below).
  const key = { loggedById: actor.id, idempotencyKey: input.idempotencyKey };
  const existing =
    (await prisma.purchase.findFirst({ where: { accountId: input.accountId, ...key }, include: PURCHASE_INCLUDE })) ??
    (await prisma.purchase.findFirst({ where: key, include: PURCHASE_INCLUDE }));
  if (!existing) return null;
  if (existing.idempotencyHash !== hash) {
    throw new Unprocessable("This idempotency key was already used for a different order; generate a new key for a new order.");
  }
  const metrics = await prisma.accountMetrics.findUnique({ where: { accountId: existing.accountId } });
  return {
    purchase: purchaseView(existing),
    metrics: metrics ? metricsView(metrics) : null,
    flags: flagsOf(metrics),
    closedFollowUps: [],
    replayed: true,
  };
}

export async function createPurchase(actor: Actor, input: CreatePurchaseInput): Promise<LoggedPurchase> {
  const prisma = await getPrisma();
  const hash = requestHash(input);
  const previous = await replay(prisma, actor, input, hash);
  if (previous) return previous;
  try {
    const result = await prisma.$transaction(async (tx) => {
      // Lock first: concurrent orders for one account queue here, so each recompute sees the others.
      const account = await accountFor(tx, actor, input.accountId, "write", "purchase", { lock: true });
      if (input.dealId) {
        const deal = await tx.deal.findFirst({ where: { id: input.dealId, accountId: account.id }, select: { id: true } });
        if (!deal)
          throw new Invalid("Invalid body: dealId: no such deal on this account", [
            { field: "dealId", reason: "no such deal on this account" },
          ]);
      }
      const { priced, products, totalCents, grossProfitCents } = await priceLines(tx, input.lines);
      // Before the order is written: a follow-up that is not this account's refuses the whole request.
      const closedFollowUps = await closeFollowUpsIn(tx, account.id, input.closeFollowUpIds ?? [], new Date());
      const purchase = await insertOrder(
        tx,
        {
          accountId: account.id,
          purchasedAt: input.purchasedAt,
          totalCents,
          grossProfitCents,
          loggedById: actor.id,
          dealId: input.dealId ?? null,
          idempotencyKey: input.idempotencyKey,
          idempotencyHash: hash,
        },
        priced,
        products,
      );
      await recomputeAfterOrder(tx, account.id, { accountLocked: true });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "purchase.create",
        entityType: "purchase",
        entityId: purchase.id,
        after: purchaseAuditState(purchase),
      });
      // An order answers the account's open churn-risk and replenishment flags.
      await markAccountFlagsActed(txQuery(tx), account.id, FLAGS_ACTED_BY_CONTACT, new Date(), actor.id, "order");
      const metrics = await tx.accountMetrics.findUnique({ where: { accountId: account.id } });
      return {
        purchase,
        metrics: metrics ? metricsView(metrics) : null,
        flags: flagsOf(metrics),
        closedFollowUps,
        replayed: false,
      };
    }, LIVE_WRITE_TRANSACTION);
    noteMetricsWrite();
    return result;
  } catch (error) {
    // A concurrent retry with the same key won the race: answer with its result.
    if (isUniqueViolation(error)) {
      const winner = await replay(prisma, actor, input, hash);
      if (winner) return winner;
    }
    throw error;
  }
}
