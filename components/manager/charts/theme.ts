// Chart colours from the app's one scale (app/globals.css @theme) and compact money for axes.
export const CHART = {
  brand: "#1d5fd1",
  brandLight: "#93b8ef",
  risk: "#c2410c",
  ok: "#15803d",
  grid: "#e2e8f0",
  axis: "#64748b",
} as const;

const compact = new Map<string, Intl.NumberFormat>();
export function compactMoney(value: number, currency = "EUR"): string {
  let format = compact.get(currency);
  if (!format) {
    // minimumFractionDigits: 0 explicitly: left to the default, Node's ICU writes "€999.0" and
    // "€1.0bn" where Chromium's writes "€999" and "€1bn", and the server-rendered chart table
    // then differs from the browser's render (React hydration error #418 on /manager).
    format = new Intl.NumberFormat("en-GB", {
      style: "currency",
      currency,
      notation: "compact",
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    });
    compact.set(currency, format);
  }
  return format.format(value);
}

/** "62 %" with a no-break space (never split across lines). */
export const percent = (fraction: number, digits = 0) => `${(fraction * 100).toFixed(digits)}\u00a0%`;
