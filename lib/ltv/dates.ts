// Calendar-day arithmetic shared by the RFM summary and the purchase metrics. Purchases are dated by
// day, so every date is reduced to a UTC day number; nothing here reads the clock.

/** A calendar day: "YYYY-MM-DD", or a Date whose UTC calendar day is meant. */
export type CalendarDate = string | Date;

const MS_PER_DAY = 86_400_000;
export const DAYS_PER_YEAR = 365.25;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 (UTC). Throws RangeError on a malformed or impossible date such as 2023-02-30. */
export function dayNumber(date: CalendarDate): number {
  if (date instanceof Date) {
    const ms = date.getTime();
    if (!Number.isFinite(ms)) throw new RangeError("Invalid Date");
    return Math.floor(ms / MS_PER_DAY);
  }
  const match = ISO_DAY.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2023-02-30 over to March; a round trip exposes it.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: "${date}"`);
  }
  return ms / MS_PER_DAY;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
