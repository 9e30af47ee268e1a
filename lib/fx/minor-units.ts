// How many decimals each currency's amounts have (ISO 4217 minor units: JPY none, EUR two),
// as the runtime's Intl data knows them. Amounts are stored as numeric(14,2), so three-decimal
// currencies (BHD, KWD, …) are kept to two; nothing rounds finer than the column holds.

const cache = new Map<string, number>();

/** 0, 1 or 2: the decimals an amount in `currency` is rounded to. */
export function minorUnits(currency: string): number {
  let digits = cache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digits = Math.min(2, Math.max(0, digits));
    cache.set(currency, digits);
  }
  return digits;
}

/** Whether the runtime knows `code` as an ISO 4217 currency (a typo like "EUX" is refused). */
export function isKnownCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  if (supported) return supported("currency").includes(code);
  return true;
}

/** A money value (plain number) rounded to the currency's minor units, half away from zero. */
export function roundToMinorUnits(value: number, currency: string): number {
  const factor = 10 ** minorUnits(currency);
  // Through cents first (the stored figure's own rounding), so 2.675 € stays 2.68 as moneyString makes it.
  const cents = Math.sign(value) * Math.round(Math.abs(value) * 100);
  if (factor === 100) return cents / 100 + 0;
  const step = 100 / factor;
  return (Math.sign(cents) * Math.round(Math.abs(cents) / step) * step) / 100 + 0;
}
