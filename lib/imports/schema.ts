// Row schemas of the CSV import (one per entity) and the upload's own fields.
// A row arrives as { column: cell text }; an empty cell means "no value".
import { z } from "zod";
import { moneyInput } from "@/lib/purchases/schema";
import { acquisitionDate, purchaseDate } from "@/lib/dates";
import { AccountStatus, DecisionRole, ImportEntity, ImportMode } from "@/lib/generated/prisma/enums";

/** Empty or whitespace-only cells become undefined, so `.optional()` means "may be blank". */
const cell = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : typeof value === "string" ? value.trim() : value),
    schema,
  );

const text = (max: number) => z.string().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => cell(z.string({ error: "is required" }).pipe(text(max)));
const optionalText = (max: number) => cell(text(max).optional());
const enumCell = <T extends Record<string, string>>(values: T, fallback: T[keyof T]) =>
  cell(
    z
      .string()
      .transform((value) => value.toUpperCase().replace(/[\s-]+/g, "_"))
      .pipe(z.enum(values, { error: `must be one of ${Object.values(values).join(", ")}` }))
      .optional(),
  ).transform((value) => (value ?? fallback) as T[keyof T]);
const requiredMoney = () => cell(z.union([z.string(), z.number()], { error: "is required" }).pipe(moneyInput));
const optionalMoney = () => cell(moneyInput.optional());
const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const accountsRow = z.object({
  external_id: requiredText(100),
  name: requiredText(200),
  owner_email: cell(z.string({ error: "is required" }).toLowerCase().pipe(z.email("must be an email address"))),
  segment: requiredText(50),
  industry: optionalText(100),
  region: optionalText(100),
  currency: cell(
    z
      .string()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like EUR")
      .optional(),
  ).transform((value) => value ?? "EUR"),
  acquired_at: cell(acquisitionDate().optional()),
  acquisition_channel: optionalText(100),
  acquisition_cost_override: optionalMoney(),
  status: enumCell(AccountStatus, "ACTIVE"),
});

const contactsRow = z.object({
  external_id: optionalText(100),
  account_external_id: requiredText(100),
  name: requiredText(120),
  title: optionalText(120),
  email: cell(z.string().max(254, "must be at most 254 characters").toLowerCase().pipe(z.email("must be an email address")).optional()),
  phone: optionalText(40),
  decision_role: enumCell(DecisionRole, "OTHER"),
});

const productsRow = z.object({
  sku: requiredText(64),
  name: requiredText(200),
  category: requiredText(100),
  tier_rank: cell(int(1, 100).optional()),
  tier_name: optionalText(50),
  list_price: requiredMoney(),
  unit_cost: requiredMoney(),
  replenishment_days: cell(int(1, 3650).optional()),
  archived: cell(
    z
      .string()
      .toLowerCase()
      .pipe(z.enum(["true", "false", "yes", "no", "1", "0"], { error: "must be true or false" }))
      .optional(),
  ).transform((value) => value === "true" || value === "yes" || value === "1"),
});

// The same rules as an order logged in the app (lib/dates.ts).
const purchasedAt = purchaseDate();

const purchasesRow = z.object({
  order_external_id: requiredText(100),
  account_external_id: requiredText(100),
  purchased_at: cell(z.string({ error: "is required" }).pipe(purchasedAt)),
  sku: requiredText(64),
  quantity: cell(z.string({ error: "is required" }).pipe(int(1, 100_000))),
  unit_price: requiredMoney(),
  unit_cost: optionalMoney(),
});

export const ROW_SCHEMAS = {
  ACCOUNTS: accountsRow,
  CONTACTS: contactsRow,
  PRODUCTS: productsRow,
  PURCHASES: purchasesRow,
} as const;

export type AccountRow = z.infer<typeof accountsRow>;
export type ContactRow = z.infer<typeof contactsRow>;
export type ProductRow = z.infer<typeof productsRow>;
export type PurchaseRow = z.infer<typeof purchasesRow>;
export type RowOf<E extends ImportEntity> = z.infer<(typeof ROW_SCHEMAS)[E]>;

export interface RowError {
  line: number;
  column: string;
  reason: string;
}

/** Validates one row; errors name the CSV column. */
export function parseRow<E extends ImportEntity>(
  entity: E,
  line: number,
  row: Record<string, string>,
): { ok: true; value: RowOf<E> } | { ok: false; errors: RowError[] } {
  const result = (ROW_SCHEMAS[entity] as z.ZodType).safeParse(row);
  if (result.success) return { ok: true, value: result.data as RowOf<E> };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({ line, column: String(issue.path[0] ?? "(row)"), reason: issue.message })),
  };
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const startImportInput = z
  .object({
    entity: z
      .string()
      .transform((value) => value.toUpperCase())
      .pipe(z.enum(ImportEntity, { error: "must be accounts, contacts, products or purchases" })),
    mode: z
      .string()
      .transform((value) => value.toUpperCase().replace(/-/g, "_"))
      .pipe(z.enum(ImportMode, { error: "must be ALL_OR_NOTHING or VALID_ROWS" })),
    fileName: z.string().trim().min(1, "must not be empty").max(255, "must be at most 255 characters"),
    content: z.string().min(1, "the file is empty"),
  })
  .strict();
export type StartImportInput = z.infer<typeof startImportInput>;
