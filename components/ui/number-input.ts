// Amounts as people type them: "47,80" in Germany, "1,234.50" in the UK, "1.234,50"
// in Germany again. Turned into plain "1234.50" before it is sent; anything that is
// not a number is passed through so the server's reason names the field.

/** The decimal separator of `locale` ("," for de-DE, "." for en-GB). */
export function decimalSeparator(locale?: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal");
  return part?.value ?? ".";
}

/**
 * "47,80" → "47.80"; "1.234,5" → "1234.5"; "1,234.50" → "1234.50". A lone separator
 * with three digits after it ("1,234") is read the way `locale` writes it: grouping
 * in en (1234), decimal in de (1.234). Grouping always has three digits, so one
 * or two after a comma is a decimal comma in any locale.
 */
export function normalizeDecimal(text: string, locale?: string): string {
  const compact = text.trim().replace(/[\s\u00a0\u202f'’]/g, "");
  if (!/^-?[\d.,]+$/.test(compact)) return text.trim();
  const lastComma = compact.lastIndexOf(",");
  const lastDot = compact.lastIndexOf(".");
  let decimal: "," | "." | null;
  if (lastComma >= 0 && lastDot >= 0) decimal = lastComma > lastDot ? "," : ".";
  else if (lastComma < 0 && lastDot < 0) decimal = null;
  else {
    const sep = lastComma >= 0 ? "," : ".";
    const count = compact.split(sep).length - 1;
    const after = compact.length - compact.lastIndexOf(sep) - 1;
    if (count > 1) decimal = null;
    else if (after !== 3) decimal = sep;
    else decimal = decimalSeparator(locale) === sep ? sep : null;
  }
  const group = decimal === "," ? "." : decimal === "." ? "," : null;
  let result = compact;
  if (group) result = result.split(group).join("");
  if (decimal === null) result = result.replace(/[.,]/g, "");
  else result = result.replace(decimal, ".");
  if (!/^-?\d+(\.\d+)?$/.test(result) && !/^-?\d*\.\d+$/.test(result)) return text.trim();
  return result.startsWith(".") ? `0${result}` : result.replace(/^-\./, "-0.");
}
