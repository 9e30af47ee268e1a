import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { homePath } from "@/lib/auth/permissions";

export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? homePath(actor.role) : "/login");
}

// Reads the session on every request.
export const dynamic = "force-dynamic";
