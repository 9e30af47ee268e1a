// The one module for day arithmetic (issue 19: there were eleven day constants, two
// day-number functions and years of both 365 and 365.25 days). Pure: no imports, no clock
// reads, so lib/ltv and lib/flags may use it (.dependency-cruiser.cjs).
//
// Two kinds of day:
// - a UTC day number / "YYYY-MM-DD" day: what purchases are counted in for the LTV and flag
//   maths, the same on every server whatever its zone;
// - the business's calendar day in APP_TIME_ZONE (dayInZone, startOfDayInZone): what
//   "today", "due", "as of" mean to people (lib/app-day.ts reads the zone from the env).
// Hand-written on purpose: the zone work is the platform's Intl (its tz database), and the rest
// is integer day arithmetic; a date library would add a dependency for a dozen lines.

/** Milliseconds in a day of UTC (which has no daylight-saving days). */
export const DAY_MS = 86_400_000;

/**
 * The mean length of a calendar year (Julian year; 97 leap days in 400 years is 365.2425, near
 * enough): turns a span of days into years, as in "years as a customer" (lib/ltv/formula).
 */
export const DAYS_PER_YEAR = 365.25;

/**
 * "The last year" as a window of calendar days: yearly spend and orders count the purchases
 * less than 365 days old (lib/flags/history, the refit's SQL). A window, not a mean year: a
 * purchase is in or out, and the figure is annualised with this same 365.
 */
export const YEAR_WINDOW_DAYS = 365;

/** A calendar day: "YYYY-MM-DD", or a Date whose UTC calendar day is meant. */
export type CalendarDate = string | Date;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a "YYYY-MM-DD" day that exists (2023-02-30 does not). */
export function isCalendarDay(text: string): boolean {
  const match = ISO_DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
}

/**
 * Days since 1970-01-01 (UTC): for a Date, the UTC day it falls on; for "YYYY-MM-DD", that day.
 * Throws RangeError on a malformed or impossible date such as 2023-02-30.
 */
export function dayNumber(date: CalendarDate): number {
  if (date instanceof Date) {
    const ms = date.getTime();
    if (!Number.isFinite(ms)) throw new RangeError("Invalid Date");
    return Math.floor(ms / DAY_MS);
  }
  if (!ISO_DAY.test(date)) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);
  if (!isCalendarDay(date)) throw new RangeError(`Not a calendar date: "${date}"`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `day` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return isoDay(dayNumber(day) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The instant `days` whole days (of 24 hours) after `at`; negative for before. */
export function addDaysToInstant(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** A calendar day as a `date` column holds it (UTC midnight), to compare with such columns. */
export function dateOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

// --- The business's calendar day in a time zone -------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

function parts(at: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) if (part.type !== "literal") out[part.type] = Number(part.value);
  return out;
}

/** The calendar day (YYYY-MM-DD) that `at` falls on in `timeZone`. */
export function dayInZone(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** Local time minus UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant `day` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDayInZone(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let at = midnightUtc - offsetMs(new Date(midnightUtc), timeZone);
  // Once more at the candidate: the offset can differ there (a DST change that night).
  at = midnightUtc - offsetMs(new Date(at), timeZone);
  return new Date(at);
}

/** Calendar days in `timeZone` from the day `from` falls on to the day `to` falls on. */
export function zoneDaysBetween(from: Date, to: Date, timeZone: string): number {
  return daysBetween(dayInZone(from, timeZone), dayInZone(to, timeZone));
}
