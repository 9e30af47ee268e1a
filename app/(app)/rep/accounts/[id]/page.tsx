import Link from "next/link";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { getAccount } from "@/lib/accounts/get-account";
import { NotFound } from "@/lib/errors";
import { recordId } from "@/lib/http/ids";
import { AccountWorkspace } from "@/components/account/account-workspace";
import { DateText } from "@/components/app-calendar";
import { can } from "@/lib/auth/permissions";
import { EditAccountButton } from "@/components/account/edit-account-button";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor();
  const { id } = await params;
  const query = await searchParams;
  if (!recordId().safeParse(id).success) notFound();
  const account = await getAccount(actor, id).catch((error) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const initialPanel = query.logOrder
    ? { kind: "order" as const, dealId: recordId().safeParse(query.dealId).success ? query.dealId : undefined }
    : null;
  return (
    <div className="space-y-3">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/rep/accounts" className="text-brand-700 underline">
          My accounts
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{account.name}</h1>
          <p className="text-sm text-slate-600">
            {account.segment}
            {account.industry ? ` · ${account.industry}` : ""}
            {account.region ? ` · ${account.region}` : ""} · customer since <DateText value={account.acquiredAt} /> · rep{" "}
            {account.ownerName}
          </p>
        </div>
        {/* The server decides on save (updateAccount); this only hides the button. */}
        {can(actor, "write", "account", account) || can(actor, "reassign", "account", account) ? (
          <EditAccountButton account={account} />
        ) : null}
      </header>
      <AccountWorkspace account={account} initialPanel={initialPanel} />
    </div>
  );
}
