// The order a rep logs: validated once, here, at the edge.
import { z } from "zod";
import { recordId, recordVersion } from "@/lib/http/ids";
import { orderAmounts } from "./order-amounts";
import { purchaseDate } from "@/lib/dates";
import { closeFollowUpIds } from "@/lib/follow-ups/schema";

/** A money amount with at most two decimals, as a number or numeric string; becomes integer cents. */
export const moneyInput = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, "must be a number"),
  ])
  .transform((value) => Number(value))
  .refine((value) => Number.isFinite(value), "must be a finite number")
  .refine((value) => value >= 0, "must not be negative")
  .refine((value) => value <= 10_000_000, "must be at most 10,000,000")
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, "must have at most two decimals")
  .transform((value) => Math.round(value * 100));

export const purchaseLineInput = z
  .object({
    productId: recordId("a product id"),
    quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(100_000, "must be at most 100,000"),
    unitPrice: moneyInput,
  })
  .strict();

/** An order's lines: at most 200, and every line total and the order total fit numeric(14,2). */
const orderLines = z
  .array(purchaseLineInput)
  .min(1, "an order needs at least one line")
  .max(200, "at most 200 lines")
  .superRefine((lines, ctx) => {
    // Unit costs come from the catalog later (priceLines checks the gross profit); here the price side.
    for (const problem of orderAmounts(lines.map((line) => ({ quantity: line.quantity, unitPriceCents: line.unitPrice, unitCostCents: 0 })))
      .problems) {
      ctx.addIssue({ code: "custom", path: problem.line === null ? [] : [problem.line, "unitPrice"], message: problem.reason });
    }
  });

const purchasedAt = purchaseDate();

export const createPurchaseInput = z
  .object({
    accountId: recordId("an account id"),
    purchasedAt,
    lines: orderLines,
    idempotencyKey: z
      .string()
      .trim()
      .min(8, "must be at least 8 characters")
      .max(100)
      .regex(/^[\w-]+$/, "letters, digits, - and _ only"),
    dealId: recordId("a deal id").optional(),
    /** The account's follow-ups this order answered: marked done in the order's transaction. */
    closeFollowUpIds,
  })
  .strict();
export type CreatePurchaseInput = z.infer<typeof createPurchaseInput>;

export const updatePurchaseInput = z
  .object({
    purchasedAt: purchasedAt.optional(),
    lines: orderLines.optional(),
    version: recordVersion(),
  })
  .strict();
export type UpdatePurchaseInput = z.infer<typeof updatePurchaseInput>;

export const listPurchasesQuery = z
  .object({
    accountId: recordId("an account id"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
