"use client";
// The log-visit form with the account's contacts to pick from.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { LogVisitForm } from "./log-visit-form";

export function VisitPanel({ accountId, onDone }: { accountId: string; onDone: (summary?: string) => void }) {
  const contacts = useQuery({
    queryKey: ["contacts", accountId],
    queryFn: () =>
      apiFetch<{ items: Array<{ id: string; name: string; title?: string | null }> }>(`/api/contacts?accountId=${accountId}&limit=100`),
  });
  return (
    <LogVisitForm
      accountId={accountId}
      contacts={contacts.data?.items ?? []}
      onLogged={({ closedFollowUps }) =>
        onDone(
          `Visit saved.${closedFollowUps.length ? ` ${closedFollowUps.length === 1 ? "1 follow-up" : `${closedFollowUps.length} follow-ups`} marked done.` : ""}`,
        )
      }
    />
  );
}
