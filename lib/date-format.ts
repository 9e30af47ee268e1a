// The one way dates are written on screen (issue 19): in the reader's locale (negotiated from the
// browser's Accept-Language on the server and handed to the client by the app layout, so the
// server's HTML and the browser's render agree) and in the business's time zone (APP_TIME_ZONE).
// Two kinds of value, kept apart on purpose:
// - a calendar day (a `date` column such as a due day, or "YYYY-MM-DD"): written as that day, never
//   shifted by a time zone (UTC midnight is how such columns arrive);
// - an instant (a timestamptz such as when an order was placed): written as the day, or the day
//   and time, it was in the business's time zone.
// Plain module (no React, no server code): usable from server components, client components and
// pure helpers alike.
import { dayInZone, daysBetween, isCalendarDay } from "@/lib/days";

export interface DateFormat {
  /** A BCP 47 locale that Intl supports (see preferredLocale). */
  locale: string;
  /** IANA zone of the business. */
  timeZone: string;
}

/** What a page uses when nothing else is known (and what tests and e-mails use). */
export const DEFAULT_DATE_FORMAT: DateFormat = { locale: "en-GB", timeZone: "UTC" };

type DateValue = string | Date | null | undefined;

const cache = new Map<string, Intl.DateTimeFormat>();
function intl(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    cache.set(key, format);
  }
  return format;
}

const DAY_OPTIONS: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", year: "numeric" };
const TIME_OPTIONS: Intl.DateTimeFormatOptions = { ...DAY_OPTIONS, hour: "2-digit", minute: "2-digit" };
const STAMP_OPTIONS: Intl.DateTimeFormatOptions = { ...TIME_OPTIONS, second: "2-digit", timeZoneName: "short" };
const MONTH_OPTIONS: Intl.DateTimeFormatOptions = { month: "short", year: "2-digit" };

function toDate(value: string | Date): Date {
  return typeof value === "string" ? new Date(isCalendarDay(value) ? `${value}T00:00:00Z` : value) : value;
}

export interface DateFormatter {
  readonly format: DateFormat;
  /** A calendar day ("15 Jan 2026" in en-GB, "15.01.2026"-like elsewhere); "—" for none. */
  day(value: DateValue): string;
  /** The day an instant fell on in the business's zone; "—" for none. */
  instant(value: DateValue): string;
  /** Day and time of an instant in the business's zone; "—" for none. */
  dateTime(value: DateValue): string;
  /** Day, time to the second and the zone's name (audit trails): "5 Dec 2026, 00:30:15 CET". */
  timestamp(value: DateValue): string;
  /** A month ("YYYY-MM" or a date in it): "Dec 26". */
  month(value: string | Date): string;
  /** "today", "yesterday", "12 days ago": calendar days in the business's zone from `now`. */
  daysAgo(value: DateValue, now?: Date): string;
  /** The machine-readable form for <time dateTime>: the day for days, the ISO instant for instants. */
  machine(value: string | Date, kind: "day" | "instant" | "dateTime" | "timestamp"): string;
}

/** Every date on screen goes through one of these, built from the page's DateFormat. */
export function dateFormatter(format: DateFormat = DEFAULT_DATE_FORMAT): DateFormatter {
  const { locale, timeZone } = format;
  return {
    format,
    day: (value) => (value ? intl(locale, "UTC", DAY_OPTIONS).format(toDate(value)) : "—"),
    instant: (value) => (value ? intl(locale, timeZone, DAY_OPTIONS).format(toDate(value)) : "—"),
    dateTime: (value) => (value ? intl(locale, timeZone, TIME_OPTIONS).format(toDate(value)) : "—"),
    timestamp: (value) => (value ? intl(locale, timeZone, STAMP_OPTIONS).format(toDate(value)) : "—"),
    month: (value) => {
      const date = typeof value === "string" && /^\d{4}-\d{2}$/.test(value) ? new Date(`${value}-01T00:00:00Z`) : toDate(value);
      return intl(locale, "UTC", MONTH_OPTIONS).format(date);
    },
    daysAgo: (value, now = new Date()) => {
      if (!value) return "never";
      const days = daysBetween(dayInZone(toDate(value), timeZone), dayInZone(now, timeZone));
      if (days <= 0) return "today";
      if (days === 1) return "yesterday";
      return `${days.toLocaleString(locale)} days ago`;
    },
    machine: (value, kind) => {
      const date = toDate(value);
      return kind === "day" ? date.toISOString().slice(0, 10) : date.toISOString();
    },
  };
}

/**
 * The reader's locale from an Accept-Language header: the first tag by weight that Intl
 * supports, else en-GB. Never throws on a malformed header (it is client input).
 */
export function preferredLocale(acceptLanguage: string | null | undefined, fallback = DEFAULT_DATE_FORMAT.locale): string {
  if (!acceptLanguage) return fallback;
  const tags = acceptLanguage
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.q > 0 && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(entry.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of tags) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A structurally valid but unknown tag: try the next one.
    }
  }
  return fallback;
}
