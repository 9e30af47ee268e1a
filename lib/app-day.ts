// "Today" for the business: the calendar day it is in APP_TIME_ZONE, not in UTC. What the
// Today list calls overdue or due today, the follow-up filters, and the due and close dates
// the app suggests all count days from here. (The client gets the zone from the app layout.)
import { env } from "@/lib/env";
import { dayInZone } from "@/lib/days";

export function appTimeZone(): string {
  return env().APP_TIME_ZONE;
}

/** The day (YYYY-MM-DD) `now` falls on in APP_TIME_ZONE. */
export function appToday(now: Date = new Date()): string {
  return dayInZone(now, appTimeZone());
}
