// Calendar months of the business (APP_TIME_ZONE): "this month" for revenue goals and the
// Team page's monthly figures. A month is named "YYYY-MM"; its instants run from the start
// of its first day to the start of the next month's first day in the zone. Pure: the caller
// passes the zone (lib/app-day.ts appTimeZone on the server).
import { dayInZone, startOfDayInZone } from "@/lib/days";

export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month `at` falls in, in `timeZone`: "2026-12". */
export function monthAt(at: Date, timeZone: string): string {
  return dayInZone(at, timeZone).slice(0, 7);
}

/** `month` moved by `months` (negative goes back): addMonths("2026-01", -1) = "2025-12". */
export function addMonths(month: string, months: number): string {
  const [year, mm] = parseMonth(month);
  const index = year * 12 + (mm - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** "2026-12" → "2026-12-01", the day a `date` column stores for the month. */
export function firstDayOf(month: string): string {
  parseMonth(month);
  return `${month}-01`;
}

/** The instants the month spans in `timeZone`: [start, end). */
export function monthBounds(month: string, timeZone: string): { start: Date; end: Date } {
  return { start: startOfDayInZone(firstDayOf(month), timeZone), end: startOfDayInZone(firstDayOf(addMonths(month, 1)), timeZone) };
}

/** How far through `month` the instant `at` is, 0..1 (0 before it starts, 1 after it ends). */
export function shareOfMonthElapsed(month: string, at: Date, timeZone: string): number {
  const { start, end } = monthBounds(month, timeZone);
  return Math.min(1, Math.max(0, (at.getTime() - start.getTime()) / (end.getTime() - start.getTime())));
}

const monthNames = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-12" → "December 2026". */
export function monthLabel(month: string): string {
  const [year, mm] = parseMonth(month);
  return monthNames.format(new Date(Date.UTC(year, mm - 1, 1)));
}

function parseMonth(month: string): [number, number] {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`Not a month like 2026-12: "${month}"`);
  return [Number(match[1]), Number(match[2])];
}
