// Exact money conversion between numeric strings (as PostgreSQL returns them) and
// integer cents. Written by hand because it is four lines and must never round
// through binary floating point on the way in.

/** "1234.5" → 123450, "-0.07" → -7. Throws on anything that is not a plain decimal. */
export function centsFromDecimalString(value: string | number | { toString(): string }): number {
  const text = String(value).trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`Not a decimal amount: "${text}"`);
  const [, sign, whole, fraction = ""] = match;
  const cents = Number(whole) * 100 + Number((fraction + "00").slice(0, 2)) + (Number(fraction[2] ?? "0") >= 5 ? 1 : 0);
  return sign ? -cents : cents;
}

/** 123450 → "1234.50" (integer cents in, exact text out). */
export function decimalStringFromCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A computed money value (LTV, CLV) rounded to the cent as numeric text. */
export function moneyString(value: number): string {
  return decimalStringFromCents(Math.round(value * 100));
}

/** The largest amount a numeric(14,2) column holds, 999,999,999,999.99, in cents (well inside 2^53). */
export const MAX_MONEY_CENTS = 99_999_999_999_999;
export const MAX_MONEY_TEXT = "999,999,999,999.99";

/** Whether `cents` can be stored in a numeric(14,2) money column. */
export function fitsMoneyColumn(cents: number): boolean {
  return Number.isSafeInteger(cents) && Math.abs(cents) <= MAX_MONEY_CENTS;
}
