// Number formatting for the sentences reps read: days as integers, P(active) with two
// decimals, percentages whole, lift with one decimal, money in the account's currency
// without cents from 100 up (nobody reads "€1,234.56" on a phone as a reason to call).

const DEFAULT_LOCALE = "en-US";
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, locale: string, fractionDigits: number): Intl.NumberFormat | null {
  const key = `${locale}|${currency}|${fractionDigits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      });
    } catch {
      // A bad currency code in settings must not abort saving a purchase (flags run in that transaction).
      return null;
    }
    moneyFormats.set(key, format);
  }
  return format;
}

export function formatMoney(amount: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  const value = Number.isFinite(amount) ? amount : 0;
  const fractionDigits = Math.abs(value) >= 100 ? 0 : 2;
  const format = moneyFormat(currency, locale, fractionDigits) ?? moneyFormat(currency, DEFAULT_LOCALE, fractionDigits);
  if (format) return format.format(value);
  return `${value.toFixed(fractionDigits)} ${currency}`;
}

/** 0.8412 → "84 %" (the spacing of the product examples). */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** 2.349 → "2.3". */
export function formatLift(lift: number): string {
  return lift.toFixed(1);
}

/** 94.4 → "94 days", 1 → "1 day". */
export function formatDays(days: number): string {
  const n = Math.round(days);
  return n === 1 ? "1 day" : `${n} days`;
}

/** 0 → "today", 1 → "1 day ago", 47 → "47 days ago". */
export function formatDaysAgo(days: number): string {
  return Math.round(days) === 0 ? "today" : `${formatDays(days)} ago`;
}

/** "every 31 days", "every day". */
export function formatEveryDays(days: number): string {
  return Math.round(days) <= 1 ? "every day" : `every ${formatDays(days)}`;
}

/** How a rep says a buying rhythm: "monthly", "every two weeks", else "every 40 days". */
export function formatCadence(gapDays: number): string {
  if (gapDays < 1.5) return "daily";
  if (gapDays >= 5 && gapDays <= 9) return "weekly";
  if (gapDays >= 12 && gapDays <= 17) return "every two weeks";
  if (gapDays >= 26 && gapDays <= 35) return "monthly";
  if (gapDays >= 80 && gapDays <= 100) return "quarterly";
  if (gapDays >= 330 && gapDays <= 400) return "yearly";
  return formatEveryDays(gapDays);
}
