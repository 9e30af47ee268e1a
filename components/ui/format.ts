// Formatting happens only at the edge (docs/reference/style.md §4): one place for money and percent.
// Money has two forms, each rounded one way (half away from zero) everywhere:
// formatMoney for figures read at a glance (LTV, revenue, pipeline totals) in whole
// units, formatPrice where cents matter (prices, order lines, order totals) with both digits.
const moneyFormatters = new Map<string, Intl.NumberFormat>();

function moneyFormatter(currency: string, digits: 0 | 2): Intl.NumberFormat {
  const key = `${currency}:${digits}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-GB", {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      roundingMode: "halfExpand",
      // No "-€0" for a value that rounds to zero.
      signDisplay: "negative",
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter;
}

/** Whole units: "€1,235" for 1234.5. */
export function formatMoney(value: number, currency = "EUR"): string {
  return moneyFormatter(currency, 0).format(value);
}

/** To the cent: "€47.80" for 47.8. */
export function formatPrice(value: number, currency = "EUR"): string {
  return moneyFormatter(currency, 2).format(value);
}

/** "83 %" with a no-break space, so a percentage never breaks across lines. */
export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)}\u00a0%`;
}

/** Text written elsewhere (a flag's reason) with its "83 %" kept on one line. */
export function keepPercentsTogether(text: string): string {
  return text.replace(/(\d) %/g, "$1\u00a0%");
}

// Dates: lib/date-format.ts (useDates / DateText on screen), in the reader's locale and the business's zone.
