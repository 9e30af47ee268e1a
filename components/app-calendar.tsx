"use client";
// The business's time zone (APP_TIME_ZONE) and the reader's locale on the client, handed down by
// the app layout, so "today" on a screen is the day the server counts follow-ups and suggestions
// from, wherever the browser is, and a date reads the same in the server's HTML and the
// browser's render (no hydration mismatch: both format with this one locale and zone).
import { createContext, useContext, useMemo } from "react";
import { addDays, dayInZone } from "@/lib/days";
import { DEFAULT_DATE_FORMAT, dateFormatter, type DateFormat, type DateFormatter } from "@/lib/date-format";

const Calendar = createContext<DateFormat>(DEFAULT_DATE_FORMAT);

export function AppCalendarProvider({
  timeZone,
  locale = DEFAULT_DATE_FORMAT.locale,
  children,
}: {
  timeZone: string;
  locale?: string;
  children: React.ReactNode;
}) {
  const value = useMemo(() => ({ timeZone, locale }), [timeZone, locale]);
  return <Calendar.Provider value={value}>{children}</Calendar.Provider>;
}

/** Today in the app's time zone (YYYY-MM-DD), and a day so many days from it. */
export function useAppToday(): { today: string; fromToday: (days: number) => string } {
  const { timeZone } = useContext(Calendar);
  const today = dayInZone(new Date(), timeZone);
  return { today, fromToday: (days) => addDays(today, days) };
}

/** The page's one date formatter: the reader's locale, the business's zone. */
export function useDates(): DateFormatter {
  const format = useContext(Calendar);
  return useMemo(() => dateFormatter(format), [format]);
}

/**
 * A date on screen as <time dateTime>: `day` for a calendar day (a date column), `instant` for the
 * day a moment fell on in the business's zone, `dateTime` for its day and time, `timestamp` to
 * the second with the zone's name. Usable from
 * server components too (it renders on the server with the same locale and zone).
 */
export function DateText({
  value,
  kind = "day",
  empty = "—",
  className,
}: {
  value: string | Date | null | undefined;
  kind?: "day" | "instant" | "dateTime" | "timestamp";
  empty?: string;
  className?: string;
}) {
  const dates = useDates();
  if (!value) return <>{empty}</>;
  return (
    <time dateTime={dates.machine(value, kind)} className={className}>
      {dates[kind](value)}
    </time>
  );
}
