// The checks that need only the file: the header, each row's schema, duplicates
// within the file and (purchases) grouping lines into orders. Pure and streaming:
// records go in one by one, finished "units" come out — one row for accounts,
// contacts and products, one order (its consecutive lines) for purchases.
import { unguardCell } from "@/lib/csv/cell";
import type { ImportEntity } from "@/lib/generated/prisma/enums";
import { formatOf } from "./formats";
import type { CsvRecord } from "./parse";
import { parseRow, type RowError, type RowOf } from "./schema";

export interface ImportUnit<E extends ImportEntity = ImportEntity> {
  /** File lines of the unit's rows, in order. */
  lines: number[];
  rows: Array<RowOf<E>>;
  /** Empty when the unit passed every file check. */
  errors: RowError[];
  /**
   * What each line points to in the database (owner, account, product), read from its cells
   * even when the row has other errors: an unknown reference is reported on its row too, so a
   * fixed file does not come back with a second round of errors.
   */
  references: UnitReference[];
}

/** A unit that passed every file check: at least one row, and rows[i] came from file line lines[i]. */
export type ValidUnit<E extends ImportEntity = ImportEntity> = Omit<ImportUnit<E>, "lines" | "rows"> & {
  lines: [number, ...number[]];
  rows: [RowOf<E>, ...Array<RowOf<E>>];
};

export function isValidUnit<E extends ImportEntity>(unit: ImportUnit<E>): unit is ImportUnit<E> & ValidUnit<E> {
  return unit.errors.length === 0 && unit.rows.length > 0 && unit.rows.length === unit.lines.length;
}

export interface UnitReference {
  line: number;
  column: "owner_email" | "account_external_id" | "sku";
  key: string;
}

const REFERENCE_COLUMNS: Record<ImportEntity, Array<UnitReference["column"]>> = {
  ACCOUNTS: ["owner_email"],
  CONTACTS: ["account_external_id"],
  PRODUCTS: [],
  PURCHASES: ["account_external_id", "sku"],
};

/** The row's references as the row schema would read them (trimmed; emails lower-cased); blank cells are left to the schema's "is required". */
function referencesOf(entity: ImportEntity, line: number, row: Record<string, string>): UnitReference[] {
  return REFERENCE_COLUMNS[entity].flatMap((column) => {
    const raw = (row[column] ?? "").trim();
    if (raw === "") return [];
    return [{ line, column, key: column === "owner_email" ? raw.toLowerCase() : raw }];
  });
}

/** Header problems: every one is file-level (nothing is imported). */
export function checkHeader(entity: ImportEntity, cells: string[]): RowError[] {
  const format = formatOf(entity);
  const known = new Set(format.columns.map((c) => c.name));
  const names = cells.map((cell) => cell.trim().toLowerCase());
  const errors: RowError[] = [];
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name === "") errors.push({ line: 1, column: `column ${index + 1}`, reason: "the header has an empty column name" });
    else if (!known.has(name))
      errors.push({ line: 1, column: name, reason: `unknown column; expected ${format.columns.map((c) => c.name).join(", ")}` });
    else if (seen.has(name)) errors.push({ line: 1, column: name, reason: "the column appears twice in the header" });
    seen.add(name);
  });
  for (const column of format.columns) {
    if (column.required && !seen.has(column.name))
      errors.push({ line: 1, column: column.name, reason: "required column is missing from the header" });
  }
  return errors;
}

export class FileChecker<E extends ImportEntity = ImportEntity> {
  private columns: string[] = [];
  private readonly firstLineOf = new Map<string, number>();
  private order: { id: string; lines: number[]; rows: Array<RowOf<E> | null>; errors: RowError[]; references: UnitReference[] } | null =
    null;

  constructor(readonly entity: E) {}

  /** The header's columns, lower-cased; call before push. Returns file-level errors. */
  header(record: CsvRecord): RowError[] {
    const errors = checkHeader(this.entity, record.cells);
    this.columns = record.cells.map((cell) => cell.trim().toLowerCase());
    return errors;
  }

  /** Columns present in the file (an update leaves absent columns alone). */
  get presentColumns(): ReadonlySet<string> {
    return new Set(this.columns);
  }

  /** Feeds one data record; returns the units it completed (0 or 1, 2 at an order boundary). */
  push(record: CsvRecord): ImportUnit<E>[] {
    const { line } = record;
    const errors: RowError[] = record.problems.map((reason) => ({ line, column: "(row)", reason: `unreadable CSV: ${reason}` }));
    if (record.cells.length !== this.columns.length) {
      errors.push({ line, column: "(row)", reason: `has ${record.cells.length} cells; the header has ${this.columns.length}` });
    }
    const row: Record<string, string> = {};
    this.columns.forEach((name, index) => (row[name] = unguardCell(record.cells[index] ?? "")));
    let value: RowOf<E> | null = null;
    if (errors.length === 0) {
      const parsed = parseRow(this.entity, line, row);
      if (parsed.ok) value = parsed.value;
      else errors.push(...parsed.errors);
    }
    const references = referencesOf(this.entity, line, row);
    if (this.entity === "PURCHASES") return this.pushOrderLine(line, (row.order_external_id ?? "").trim(), value, errors, references);
    if (value) this.checkDuplicates(line, value, errors);
    return [{ lines: [line], rows: value && errors.length === 0 ? [value] : [], errors, references }];
  }

  /** Completes the last order (purchases). */
  finish(): ImportUnit<E>[] {
    return this.closeOrder();
  }

  private claim(key: string, line: number, column: string, what: string, errors: RowError[]): void {
    const first = this.firstLineOf.get(key);
    if (first !== undefined) errors.push({ line, column, reason: `${what} appears again in this file (first on line ${first})` });
    else this.firstLineOf.set(key, line);
  }

  private checkDuplicates(line: number, value: RowOf<E>, errors: RowError[]): void {
    const row = value as Record<string, unknown>;
    if (this.entity === "ACCOUNTS") this.claim(`a:${row.external_id}`, line, "external_id", `external_id ${row.external_id}`, errors);
    if (this.entity === "PRODUCTS") this.claim(`p:${row.sku}`, line, "sku", `sku ${row.sku}`, errors);
    if (this.entity === "CONTACTS") {
      if (row.external_id) this.claim(`c:${row.external_id}`, line, "external_id", `external_id ${row.external_id}`, errors);
      if (row.email)
        this.claim(
          `e:${row.account_external_id}\n${row.email}`,
          line,
          "email",
          `email ${row.email} at account ${row.account_external_id}`,
          errors,
        );
    }
  }

  private pushOrderLine(
    line: number,
    orderId: string,
    value: RowOf<E> | null,
    errors: RowError[],
    references: UnitReference[],
  ): ImportUnit<E>[] {
    const done: ImportUnit<E>[] = [];
    if (!this.order || this.order.id !== orderId || orderId === "") {
      done.push(...this.closeOrder());
      if (orderId !== "") {
        const first = this.firstLineOf.get(`o:${orderId}`);
        if (first !== undefined) {
          errors.push({
            line,
            column: "order_external_id",
            reason: `order ${orderId} already appeared on line ${first}; the lines of one order must be consecutive`,
          });
        } else {
          this.firstLineOf.set(`o:${orderId}`, line);
        }
      }
      this.order = { id: orderId, lines: [], rows: [], errors: [], references: [] };
    }
    this.order.lines.push(line);
    this.order.references.push(...references);
    this.order.rows.push(errors.length === 0 ? value : null);
    this.order.errors.push(...errors);
    if (orderId === "") done.push(...this.closeOrder());
    return done;
  }

  private closeOrder(): ImportUnit<E>[] {
    const order = this.order;
    this.order = null;
    if (!order) return [];
    const errors = [...order.errors];
    const rows = order.rows.filter((row): row is RowOf<E> => row !== null) as Array<RowOf<"PURCHASES">>;
    const [first] = rows;
    if (first && rows.length === order.rows.length && rows.length > 1) {
      const accountDiffers = rows.some((row) => row.account_external_id !== first.account_external_id);
      const dateDiffers = rows.some((row) => row.purchased_at.getTime() !== first.purchased_at.getTime());
      order.lines.forEach((line) => {
        if (accountDiffers)
          errors.push({ line, column: "account_external_id", reason: `the lines of order ${order.id} name different accounts` });
        if (dateDiffers) errors.push({ line, column: "purchased_at", reason: `the lines of order ${order.id} have different dates` });
      });
    }
    if (errors.length > 0) {
      // An order is imported whole or not at all: a bad line makes its other lines errors too.
      const firstBad = Math.min(...errors.map((e) => e.line));
      const flagged = new Set(errors.map((e) => e.line));
      for (const line of order.lines) {
        if (!flagged.has(line))
          errors.push({
            line,
            column: "order_external_id",
            reason: `another line of order ${order.id} has an error (line ${firstBad}); the order is imported whole or not at all`,
          });
      }
      errors.sort((a, b) => a.line - b.line);
      return [{ lines: order.lines, rows: [], errors, references: order.references }];
    }
    return [{ lines: order.lines, rows: rows as Array<RowOf<E>>, errors: [], references: order.references }];
  }
}
