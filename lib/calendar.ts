// Calendar days in the business's time zone (APP_TIME_ZONE): what "today" and "as of"
// mean for the daily recompute and for the dates the UI shows beside the figures.
export const DAY_MS = 86_400_000;

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

/** `day` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A calendar day as a `date` column holds it (UTC midnight), to compare with such columns. */
export function dateOfDay(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}
