import type { Metadata } from "next";
import { currentActor } from "@/lib/auth/session";
import { countDueFollowUps } from "@/lib/follow-ups/today";
import { AppShell } from "@/components/app-shell";
import { NotFoundMessage } from "@/components/not-found-message";

export const metadata: Metadata = { title: "Page not found" };

// An address no route matches (/rep/nope). Next.js renders this one outside every route
// group's layout, so a signed-in user gets the app's navigation from here.
export default async function NotFound() {
  const actor = await currentActor();
  if (!actor) {
    return (
      <main className="px-4 py-10">
        <NotFoundMessage home="/login" homeLabel="Sign in" />
      </main>
    );
  }
  return (
    <AppShell
      actor={actor}
      passwordFirst={actor.mustChangePassword}
      dueCount={actor.mustChangePassword ? 0 : await countDueFollowUps(actor)}
    >
      <NotFoundMessage home="/" homeLabel="Go to your start page" />
    </AppShell>
  );
}
