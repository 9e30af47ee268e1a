// Formatting happens only at the edge (style.md §4): one place for money, percent, dates.
const moneyFormatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(value: number, currency = "EUR"): string {
  const key = `${currency}:${Math.abs(value) >= 100 ? 0 : 2}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-GB", {
      style: "currency",
      currency,
      maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2,
      minimumFractionDigits: 0,
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter.format(value);
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
