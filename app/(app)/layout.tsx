import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { AppShell } from "@/components/app-shell";

// Every page under (app) needs a signed-in, active user; each page still checks
// its own permission, since layouts do not guard what pages and actions do.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return <AppShell actor={actor}>{children}</AppShell>;
}

// Reads the session on every request.
export const dynamic = "force-dynamic";
