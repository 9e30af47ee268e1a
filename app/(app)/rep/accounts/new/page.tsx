import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listSegments } from "@/lib/accounts/list-accounts";
import { forbidden } from "next/navigation";
import { NewAccountForm } from "@/components/account/new-account-form";

export const metadata: Metadata = { title: "New account" };

export default async function NewAccountPage() {
  const actor = await requireActor();
  if (!can(actor, "write", "account")) forbidden();
  return (
    <div className="mx-auto max-w-2xl space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/rep/accounts" className="text-brand-700 underline">
          My accounts
        </Link>
      </nav>
      <h1 className="text-xl font-semibold">New account</h1>
      <NewAccountForm segments={await listSegments()} />
    </div>
  );
}
