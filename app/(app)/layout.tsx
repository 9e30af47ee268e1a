import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { AppShell } from "@/components/app-shell";
import { countDueFollowUps } from "@/lib/follow-ups/today";
import { appTimeZone } from "@/lib/app-day";
import { AppCalendarProvider } from "@/components/app-calendar";
import { preferredLocale } from "@/lib/date-format";

const PASSWORD_PAGE = "/account/password";

// Every page under (app) needs a signed-in, active user; each page still checks
// its own permission, since layouts do not guard what pages and actions do.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  // After an admin's reset the user must pick a new password before anything else
  // (the API and every page's requireActor refuse them too). proxy.ts sets x-pathname
  // on page requests; prefetches skip the proxy and need no redirect.
  const requestHeaders = await headers();
  const pathname = requestHeaders.get("x-pathname");
  if (actor.mustChangePassword && pathname !== null && pathname !== PASSWORD_PAGE) redirect(PASSWORD_PAGE);
  return (
    <AppCalendarProvider timeZone={appTimeZone()} locale={preferredLocale(requestHeaders.get("accept-language"))}>
      {actor.mustChangePassword ? (
        <AppShell actor={actor} passwordFirst>
          {children}
        </AppShell>
      ) : (
        <AppShell actor={actor} dueCount={await countDueFollowUps(actor)}>
          {children}
        </AppShell>
      )}
    </AppCalendarProvider>
  );
}

// Reads the session on every request.
export const dynamic = "force-dynamic";
