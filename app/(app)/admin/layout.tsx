import Link from "next/link";
import { forbidden } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";

// The admin area's sections. Each page checks the session and role itself; this
// layout refuses other roles as well, above any streaming boundary, so they get a
// real 403 status (a page's own check alone could run after a loading UI was sent).
const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/settings", label: "Cost inputs" },
  { href: "/admin/pipeline", label: "Pipeline stages" },
  { href: "/admin/rates", label: "Exchange rates" },
  { href: "/admin/catalog", label: "Catalog" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/imports", label: "Import & export" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/outbox", label: "Outbox" },
] as const;

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  // Signed out: the (app) layout sends them to the login page.
  if (actor && !can(actor, "read", "settings")) forbidden();
  return (
    <div className="space-y-4">
      <nav aria-label="Admin sections" className="-mx-1 flex gap-1 overflow-x-auto border-b border-slate-200 pb-2">
        {SECTIONS.map((section) => (
          <Link
            key={section.href}
            href={section.href}
            className="whitespace-nowrap rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100"
          >
            {section.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
