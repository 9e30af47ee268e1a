// Catalog inputs, validated once at the edge. Money is a decimal string (never a
// float) with at most two decimals; tiers are a rank (1 = basic) with its name.
import { z } from "zod";
import { recordId, recordTimestamp } from "@/lib/http/ids";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

export const moneyInput = z
  .string()
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, "must be an amount ≥ 0 with at most two decimals, like 12.50");

const sku = z
  .string()
  .trim()
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, "must start with a letter or digit and contain only letters, digits and . _ - /");
const tierRank = z.number().int("must be a whole number").min(1, "must be 1 or more").max(100, "must be at most 100");
const replenishmentDays = z
  .number()
  .int("must be a whole number")
  .min(1, "must be between 1 and 3650 days")
  .max(3650, "must be between 1 and 3650 days");

export const createProductInput = z
  .object({
    sku,
    name: text(200),
    categoryId: recordId("a category id"),
    tierRank: tierRank.nullable().optional(),
    tierName: text(50).nullable().optional(),
    listPrice: moneyInput,
    unitCost: moneyInput,
    replenishmentDays: replenishmentDays.nullable().optional(),
  })
  .strict();
export type CreateProductInput = z.infer<typeof createProductInput>;

export const updateProductInput = z
  .object({
    // Optimistic concurrency: the updatedAt the editor loaded (ISO 8601).
    expectedUpdatedAt: recordTimestamp("must be the product's updatedAt (ISO 8601)"),
    sku: sku.optional(),
    name: text(200).optional(),
    categoryId: recordId("a category id").optional(),
    tierRank: tierRank.nullable().optional(),
    tierName: text(50).nullable().optional(),
    listPrice: moneyInput.optional(),
    unitCost: moneyInput.optional(),
    replenishmentDays: replenishmentDays.nullable().optional(),
    // false unarchives; archiving goes through DELETE (which archives when the product is in use).
    archived: z.boolean().optional(),
  })
  .strict();
export type UpdateProductInput = z.infer<typeof updateProductInput>;

export const createCategoryInput = z.object({ name: text(100) }).strict();
export type CreateCategoryInput = z.infer<typeof createCategoryInput>;
