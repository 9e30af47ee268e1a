// Exact decimal arithmetic for exchange rates: a rate is kept as an integer scaled by 10^10 (the
// database column is numeric(20,10)) and an amount as integer hundredths (numeric(14,2)), so a
// conversion is one integer division, rounded once. Hand-written because it is a few lines of
// BigInt and a decimal library would still need the same rounding rule spelled out.

/** Decimal places of a stored rate (fx_rates.per_eur numeric(20,10)). */
export const RATE_SCALE = 10;
export const RATE_ONE = 10n ** BigInt(RATE_SCALE);

/** "0.85" → 8500000000n (scaled by 10^10); more than 10 decimals is an error, not a silent rounding. */
export function parseScaledRate(text: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a decimal rate: "${text}"`);
  const fraction = match[2] ?? "";
  if (fraction.length > RATE_SCALE) {
    if (/[1-9]/.test(fraction.slice(RATE_SCALE))) throw new RangeError(`More than ${RATE_SCALE} decimals: "${text}"`);
  }
  return BigInt(match[1]!) * RATE_ONE + BigInt((fraction.slice(0, RATE_SCALE) + "0".repeat(RATE_SCALE)).slice(0, RATE_SCALE));
}

/** 8500000000n → "0.85" (trailing zeros dropped, at least one digit after the point kept off when whole: "2"). */
export function formatScaled(value: bigint, scale = RATE_SCALE): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(scale);
  const whole = abs / unit;
  const fraction = (abs % unit).toString().padStart(scale, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** num / den rounded half away from zero to an integer (den > 0). */
export function divideRounded(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError("divisor must be positive");
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const quotient = (2n * abs + den) / (2n * den);
  return negative ? -quotient : quotient;
}

/** The ratio num/den as a decimal rate scaled by 10^10 (rounded half away from zero): what GET /api/fx-rates shows. */
export function ratioToScaled(num: bigint, den: bigint, scale = RATE_SCALE): bigint {
  return divideRounded(num * 10n ** BigInt(scale), den);
}
