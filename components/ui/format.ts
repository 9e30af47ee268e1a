// Formatting happens only at the edge (docs/reference/style.md §4): one place for money, percent, dates.
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

export function formatPercent(fraction: number, digits = 0): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

const dateFormatter = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return dateFormatter.format(typeof value === "string" ? new Date(value) : value);
}

const DAY_MS = 86_400_000;

/** "today", "yesterday", "12 days ago": counted in calendar days (UTC) from `now`, not from when the figures were stored. */
export function formatDaysAgo(value: string | Date | null | undefined, now: Date = new Date()): string {
  if (!value) return "never";
  const then = typeof value === "string" ? new Date(value) : value;
  const days = Math.floor(now.getTime() / DAY_MS) - Math.floor(then.getTime() / DAY_MS);
  if (days <= 0) return "today";
  if (days === 1) return "yesterday";
  return `${days.toLocaleString("en-GB")} days ago`;
}
