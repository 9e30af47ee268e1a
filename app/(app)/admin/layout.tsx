import Link from "next/link";

// The admin area's sections. Each page checks the session and role itself;
// this layout only draws the tabs.
const SECTIONS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/settings", label: "Cost inputs" },
  { href: "/admin/pipeline", label: "Pipeline stages" },
  { href: "/admin/catalog", label: "Catalog" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/imports", label: "Import & export" },
  { href: "/admin/audit", label: "Audit log" },
] as const;

export default function AdminLayout({ children }: { children: React.ReactNode }) {
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
