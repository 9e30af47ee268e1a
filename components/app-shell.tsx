import Link from "next/link";
import type { Actor } from "@/lib/auth/permissions";
import { SignOutButton } from "./sign-out-button";

interface NavItem {
  href: string;
  label: string;
  /** Follow-ups due today or overdue, shown next to "Today". */
  badge?: number;
}

// Navigation follows the role; the server still checks every page and API call.
function navFor(role: Actor["role"], dueCount: number): NavItem[] {
  const rep: NavItem[] = [
    { href: "/rep/today", label: "Today", badge: dueCount },
    { href: "/rep/accounts", label: "My accounts" },
    { href: "/rep/deals", label: "Deals" },
  ];
  const manager: NavItem[] = [
    { href: "/manager", label: "Dashboard" },
    { href: "/manager/team", label: "Team" },
    { href: "/manager/backtest", label: "Backtest" },
  ];
  const admin: NavItem[] = [{ href: "/admin", label: "Admin" }];
  if (role === "ADMIN") return [...manager, ...admin, ...rep];
  if (role === "MANAGER") return [...manager, ...rep];
  return rep;
}

/**
 * `passwordFirst`: the user must choose a new password before anything else, so the
 * header offers no other page (each would only lead back to the password form).
 */
export function AppShell({
  actor,
  dueCount = 0,
  passwordFirst = false,
  children,
}: {
  actor: Actor;
  dueCount?: number;
  passwordFirst?: boolean;
  children: React.ReactNode;
}) {
  const navigation = passwordFirst ? [] : navFor(actor.role, dueCount);
  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
          {passwordFirst ? (
            <span className="font-semibold text-brand-700">LTV CRM</span>
          ) : (
            <Link href="/" className="font-semibold text-brand-700">
              LTV CRM
            </Link>
          )}
          {navigation.length > 0 ? (
            <nav aria-label="Main" className="order-3 flex w-full gap-1 overflow-x-auto sm:order-none sm:w-auto">
              {navigation.map((item) => (
                <Link
                  key={item.href}
                  href={item.href}
                  className="whitespace-nowrap rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100"
                >
                  {item.label}
                  {item.badge ? (
                    <span
                      className="ml-1 rounded-full bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white"
                      data-testid="due-count"
                      aria-label={`${item.badge} due`}
                    >
                      {item.badge}
                    </span>
                  ) : null}
                </Link>
              ))}
            </nav>
          ) : null}
          <div className="ml-auto flex items-center gap-2 text-sm">
            {/* The signed-in name leads to the password page; on a phone the name alone (the role fits on wider screens). */}
            <Link
              href="/account/password"
              title="Change password"
              className="inline-flex min-h-11 min-w-0 items-center rounded-md px-2 text-slate-600 hover:bg-slate-100"
            >
              <span className="max-w-[9rem] truncate sm:hidden" data-testid="signed-in-name">
                {actor.name}
              </span>
              <span className="hidden sm:inline" data-testid="signed-in-as">
                {actor.name} · {actor.role.toLowerCase()}
              </span>
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-4">{children}</main>
    </div>
  );
}
