import { forbidden } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";

// The manager area: each page checks the role itself, and this layout refuses other
// roles above the pages' loading boundaries, so the answer carries a real 403 status
// (once a loading UI has streamed, the status is already 200).
export default async function ManagerLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  // Signed out: the (app) layout sends them to the login page.
  if (actor && !can(actor, "read", "dashboard")) forbidden();
  return children;
}
