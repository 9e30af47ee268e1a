// CSV cells by hand because it is a dozen lines and the two rules must be exact
// (field-notes, Security): RFC 4180 quoting, and formula-injection neutralising —
// a text cell starting with = + - @, tab, CR or NUL gets a leading apostrophe so
// a spreadsheet shows it as text instead of evaluating it (OWASP "CSV Injection").
// Numbers we format ourselves are never formulas, so -12.5 stays a number.

const FORMULA_START = /^[=+\-@\t\r\0]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 §2 asks. */
export function csvRow(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
