// CSV cells by hand because it is a dozen lines and the two rules must be exact
// (docs/reference/field-notes.md, Security): RFC 4180 quoting, and formula-injection neutralising —
// a text cell starting with = + - @, tab, CR or NUL gets a leading apostrophe so
// a spreadsheet shows it as text instead of evaluating it (OWASP "CSV Injection").
// Leading spaces do not make a formula harmless (some spreadsheets trim them before
// evaluating), so " =1+2" is neutralised too. Numbers we format ourselves are never
// formulas, so -12.5 stays a number. Every CSV the app writes goes through here
// (ranking export, entity exports, import error reports).

const FORMULA_START = /^(?:[\t\r\0]|[ \u00a0]*[=+\-@])/;
const NEEDS_QUOTES = /[",\r\n]/;
const GUARDED = /^'(?:[\t\r\0]|[ \u00a0]*[=+\-@])/;

export type CsvValue = string | number | boolean | null | undefined;

/** True when a spreadsheet could read this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 §2 asks. */
export function csvRow(cells: ReadonlyArray<CsvValue>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * The inverse of the guard, for imports: a cell our export neutralised ('=…) reads
 * back as the original text, so export → import round-trips. Any other cell is untouched.
 */
export function unguardCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
