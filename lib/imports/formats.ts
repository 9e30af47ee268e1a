// The CSV formats of the import (and of the export, which writes the same columns
// so a file exported here imports back). Pure data: the UI, docs/import-formats.md,
// the header check and the export all read it.
import type { ImportEntity, ImportMode } from "@/lib/generated/prisma/enums";

export const IMPORT_ENTITY_NAMES = ["accounts", "contacts", "products", "purchases"] as const;
export type ImportEntityName = (typeof IMPORT_ENTITY_NAMES)[number];

export interface ColumnSpec {
  name: string;
  /** The header must have it and every row must fill it. */
  required: boolean;
  description: string;
  example: string;
}

export interface ImportFormat {
  entity: ImportEntity;
  name: ImportEntityName;
  label: string;
  /** How a row finds the record it updates. */
  matching: string;
  columns: ColumnSpec[];
}

const col = (name: string, required: boolean, description: string, example: string): ColumnSpec => ({
  name,
  required,
  description,
  example,
});

export const IMPORT_FORMATS: Record<ImportEntityName, ImportFormat> = {
  accounts: {
    entity: "ACCOUNTS",
    name: "accounts",
    label: "Accounts",
    matching: "A row whose external_id matches an account updates it; otherwise a new account is created.",
    columns: [
      col("external_id", true, "Your system's id for the account (unique).", "ACC-000123"),
      col("name", true, "Company or person name.", "Müller Bürobedarf GmbH"),
      col("owner_email", true, "Email of the active user who owns the account.", "rep1@demo.test"),
      col("segment", true, "Customer segment.", "SMB"),
      col("industry", false, "Industry.", "Retail"),
      col("region", false, "Region.", "North"),
      col("currency", false, "ISO 4217 code; EUR when empty.", "EUR"),
      col("acquired_at", false, "Date the account became a customer, YYYY-MM-DD; today when empty.", "2024-03-15"),
      col("acquisition_channel", false, "How the account was won.", "Referral"),
      col("acquisition_cost_override", false, "Acquisition cost for this account instead of the default, e.g. 1200.00.", "1200.00"),
      col("status", false, "ACTIVE, PROSPECT, CHURNED or ARCHIVED; ACTIVE when empty.", "ACTIVE"),
    ],
  },
  contacts: {
    entity: "CONTACTS",
    name: "contacts",
    label: "Contacts",
    matching:
      "A row whose external_id matches a contact updates it; else a contact with the same email at the same account is updated; otherwise a new contact is created.",
    columns: [
      col("external_id", false, "Your system's id for the contact (unique).", "CON-000123-1"),
      col("account_external_id", true, "external_id of the contact's account (it must exist).", "ACC-000123"),
      col("name", true, "Full name.", "Anna Schmidt"),
      col("title", false, "Job title.", "Head of purchasing"),
      col("email", false, "Email address.", "anna@example.com"),
      col("phone", false, "Phone number, any format.", "+49 30 1234567"),
      col("decision_role", false, "DECISION_MAKER, INFLUENCER, USER, GATEKEEPER or OTHER; OTHER when empty.", "DECISION_MAKER"),
    ],
  },
  products: {
    entity: "PRODUCTS",
    name: "products",
    label: "Products",
    matching: "A row whose sku matches a product updates it; otherwise a new product is created. A new category name creates the category.",
    columns: [
      col("sku", true, "Stock-keeping unit (unique).", "TON-S"),
      col("name", true, "Product name.", "Toner Standard"),
      col("category", true, "Category name; created when new.", "Toner & ink"),
      col("tier_rank", false, "Position on the category's price ladder, 1 = basic.", "1"),
      col("tier_name", false, "Tier name.", "Standard"),
      col("list_price", true, "List price, e.g. 59.90.", "59.90"),
      col("unit_cost", true, "Unit cost, e.g. 30.00.", "30.00"),
      col("replenishment_days", false, "Days a unit usually lasts (consumables).", "30"),
      col("archived", false, "true or false; false when empty.", "false"),
    ],
  },
  purchases: {
    entity: "PURCHASES",
    name: "purchases",
    label: "Purchases",
    matching:
      "One row per order line; consecutive rows with the same order_external_id form one order and must agree on account and date. An order whose order_external_id already exists is skipped, so importing a file twice is harmless.",
    columns: [
      col("order_external_id", true, "Your system's order number; rows of one order must be consecutive.", "ORD-2026-0001"),
      col("account_external_id", true, "external_id of the buying account (it must exist).", "ACC-000123"),
      col("purchased_at", true, "Order date, YYYY-MM-DD or an ISO date-time such as 2026-03-15T10:30:00Z.", "2026-03-15"),
      col("sku", true, "sku of the product (it must exist).", "TON-S"),
      col("quantity", true, "Whole number of units, 1 to 100,000.", "3"),
      col("unit_price", true, "Price per unit, e.g. 59.90.", "59.90"),
      col("unit_cost", false, "Cost per unit at the time of sale; the product's current unit cost when empty.", "30.00"),
    ],
  },
};

export const IMPORT_MODES: Record<ImportMode, { label: string; explanation: string }> = {
  ALL_OR_NOTHING: {
    label: "All or nothing",
    explanation: "If any row has an error, nothing is imported and you get the list of errors to fix.",
  },
  VALID_ROWS: {
    label: "Import the valid rows",
    explanation: "Rows without errors are imported; rows with errors are skipped and listed so you can fix and re-import them.",
  },
};

export function formatOf(entity: ImportEntity): ImportFormat {
  return Object.values(IMPORT_FORMATS).find((format) => format.entity === entity)!;
}

export function entityName(entity: ImportEntity): ImportEntityName {
  return formatOf(entity).name;
}

/** Exports: the four importable entities plus visits and deals (export only). */
export const EXPORT_FILES = ["accounts", "contacts", "products", "purchases", "visits", "deals"] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

export const EXPORT_ONLY_COLUMNS: Record<"visits" | "deals", string[]> = {
  visits: ["account_external_id", "occurred_at", "type", "rep_email", "contact_external_id", "outcome", "notes", "next_step"],
  deals: ["account_external_id", "title", "stage", "type", "amount", "probability", "expected_close_at", "closed_at", "owner_email", "sku"],
};

export function exportColumns(file: ExportFile): string[] {
  return file === "visits" || file === "deals" ? EXPORT_ONLY_COLUMNS[file] : IMPORT_FORMATS[file].columns.map((c) => c.name);
}
