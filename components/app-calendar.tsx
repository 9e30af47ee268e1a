"use client";
// The business's time zone (APP_TIME_ZONE) on the client, handed down by the app layout, so
// "today" on a screen is the day the server counts follow-ups and suggestions from, wherever
// the browser is.
import { createContext, useContext } from "react";
import { addDays, dayInZone } from "@/lib/days";

const TimeZone = createContext("UTC");

export function AppCalendarProvider({ timeZone, children }: { timeZone: string; children: React.ReactNode }) {
  return <TimeZone.Provider value={timeZone}>{children}</TimeZone.Provider>;
}

/** Today in the app's time zone (YYYY-MM-DD), and a day so many days from it. */
export function useAppToday(): { today: string; fromToday: (days: number) => string } {
  const timeZone = useContext(TimeZone);
  const today = dayInZone(new Date(), timeZone);
  return { today, fromToday: (days) => addDays(today, days) };
}
