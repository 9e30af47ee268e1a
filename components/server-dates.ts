// The page's date formatter on the server, for text a server component builds itself (a title
// attribute, a sentence): the same locale (Accept-Language) and zone (APP_TIME_ZONE) as the app
// layout hands to the client's useDates/DateText.
import "server-only";
import { headers } from "next/headers";
import { appTimeZone } from "@/lib/app-day";
import { dateFormatter, preferredLocale, type DateFormatter } from "@/lib/date-format";

export async function serverDates(): Promise<DateFormatter> {
  return dateFormatter({ locale: preferredLocale((await headers()).get("accept-language")), timeZone: appTimeZone() });
}
