// Dates sent by clients, one set of rules for the API and the CSV import (issue 17):
// - text only: a boolean or a bare number is not a date (z.coerce.date read `true` as 1970);
// - real calendar days and clock times: 2026-02-30 is refused, where Date() shifts it to March 2;
// - a sensible range per field, so a typo does not land in 1970 or the year 20260.
import { z } from "zod";
import { DAY_MS, isCalendarDay } from "@/lib/days";

/** No account, order or visit in this CRM predates 1990. */
export const EARLIEST_DATE = Date.UTC(1990, 0, 1);
/** A day of slack for time zones and clocks: an order or visit dated further ahead is a typo or a plan. */
export const notAfterTomorrow = () => Date.now() + DAY_MS;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/i;

/** The instant a day or date-time text names, or why it names none. */
export function parseDateText(text: string, opts: { time: boolean }): { date: Date } | { problem: string } {
  const shape = opts.time ? "must be a date like 2026-03-15 or a date-time like 2026-03-15T10:30:00Z" : "must be a date like 2026-03-15";
  const day = DAY.exec(text);
  const dateTime = opts.time ? DATE_TIME.exec(text) : null;
  const parts = day ?? dateTime;
  if (!parts) return { problem: shape };
  const [year, month, dayOfMonth] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!isCalendarDay(`${parts[1]}-${parts[2]}-${parts[3]}`))
    return { problem: `is not a real calendar day (${parts[1]}-${parts[2]}-${parts[3]})` };
  if (day) return { date: new Date(Date.UTC(year, month - 1, dayOfMonth)) };
  const [hour, minute, second] = [Number(parts[4]), Number(parts[5]), Number(parts[6] ?? 0)];
  const [offsetHours, offsetMinutes] = [Number(parts[8] ?? 0), Number(parts[9] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) return { problem: "is not a real time of day" };
  return { date: new Date(text) };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function dateSchema(opts: { time: boolean; notBefore: number; notAfter: () => number; futureMessage?: string }) {
  return z
    .string({ error: opts.time ? "must be a date or date-time (ISO 8601 text)" : "must be a date (YYYY-MM-DD text)" })
    .transform((text, ctx) => {
      const parsed = parseDateText(text.trim(), opts);
      if ("problem" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.problem });
        return z.NEVER;
      }
      return parsed.date;
    })
    .refine((date) => date.getTime() >= opts.notBefore, `must not be before ${iso(opts.notBefore)}`)
    .refine((date) => date.getTime() <= opts.notAfter(), opts.futureMessage ?? "must not be in the future");
}

/** A calendar day, YYYY-MM-DD, as UTC midnight. */
export const calendarDay = (opts: { notBefore?: number; notAfter?: () => number; futureMessage?: string } = {}) =>
  dateSchema({
    time: false,
    notBefore: opts.notBefore ?? EARLIEST_DATE,
    notAfter: opts.notAfter ?? notAfterTomorrow,
    futureMessage: opts.futureMessage,
  });

/** A day (UTC midnight) or an ISO 8601 date-time with its offset (Z or ±hh:mm). */
export const dayOrDateTime = (opts: { notBefore?: number; notAfter?: () => number; futureMessage?: string } = {}) =>
  dateSchema({
    time: true,
    notBefore: opts.notBefore ?? EARLIEST_DATE,
    notAfter: opts.notAfter ?? notAfterTomorrow,
    futureMessage: opts.futureMessage,
  });

/** When an account became a customer: 1990 to today (a day of slack). */
export const acquisitionDate = () => dayOrDateTime();
/** When an order was placed: 1990 to today (a day of slack). */
export const purchaseDate = () => dayOrDateTime();
/** When a visit or call happened: 1990 to a day ahead. */
export const visitTime = () => dayOrDateTime({ futureMessage: "must not be more than a day in the future" });
/** An expected close date: a calendar day from 1990 to 2100. */
export const closeDay = () => calendarDay({ notAfter: () => Date.UTC(2100, 11, 31), futureMessage: "must not be after 2100-12-31" });
