"use client";
// An account's visits, calls, e-mails and meetings, newest first, paged by cursor.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import type { VisitType } from "@/lib/generated/prisma/enums";
import type { VisitView } from "@/lib/visits/list-visits";
import { apiFetch } from "@/components/api-client";
import { DateText } from "@/components/app-calendar";
import { LoadError } from "@/components/ui/form-errors";

const TYPE_LABEL: Record<VisitType, string> = { VISIT: "Visit", CALL: "Call", EMAIL: "E-mail", MEETING: "Meeting" };
const TYPE_STYLE: Record<VisitType, string> = {
  VISIT: "bg-brand-50 text-brand-700",
  CALL: "bg-emerald-50 text-emerald-800",
  EMAIL: "bg-slate-100 text-slate-700",
  MEETING: "bg-amber-50 text-amber-800",
};

export function VisitTimeline({ accountId }: { accountId: string }) {
  const visits = useInfiniteQuery({
    queryKey: ["visits", accountId],
    queryFn: ({ pageParam }) =>
      apiFetch<{ items: VisitView[]; nextCursor: string | null }>(
        `/api/visits?${new URLSearchParams({ accountId, limit: "20", ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  if (visits.isPending) {
    return (
      <div role="status" aria-live="polite" className="space-y-2">
        <span className="sr-only">Loading visits…</span>
        {[0, 1, 2].map((n) => (
          <div key={n} className="h-16 animate-pulse rounded-lg bg-slate-100" />
        ))}
      </div>
    );
  }
  if (visits.isError) {
    return <LoadError what="the visits" error={visits.error} onRetry={() => void visits.refetch()} />;
  }
  const items = visits.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return <EmptyState title="No visits logged yet.">Log a visit or call to start this account&apos;s timeline.</EmptyState>;
  }
  return (
    <div>
      <ol className="space-y-3 border-l-2 border-slate-200 pl-4" aria-label="Visits, newest first" data-testid="visit-timeline">
        {items.map((visit) => (
          <li key={visit.id} className="relative">
            <span className="absolute -left-[1.4rem] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-600" aria-hidden="true" />
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${TYPE_STYLE[visit.type]}`}>{TYPE_LABEL[visit.type]}</span>
              {/* Date and time together in the business's zone: a visit at 00:30 must not show as the previous day. */}
              <DateText value={visit.occurredAt} kind="dateTime" className="font-medium" />
              <span className="text-slate-600">
                {visit.contactName ? `with ${visit.contactName} · ` : ""}by {visit.repName}
              </span>
            </div>
            {visit.outcome ? <p className="mt-1 text-sm font-medium break-words text-slate-900">{visit.outcome}</p> : null}
            {visit.notes ? <p className="mt-1 whitespace-pre-line text-sm break-words text-slate-700">{visit.notes}</p> : null}
            {visit.nextStep ? (
              <p className="mt-1 text-sm text-slate-700">
                <span className="font-medium">Next step:</span> {visit.nextStep}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {visits.hasNextPage ? (
        <Button
          variant="secondary"
          className="mt-3 w-full sm:w-auto"
          disabled={visits.isFetchingNextPage}
          onClick={() => void visits.fetchNextPage()}
        >
          {visits.isFetchingNextPage ? "Loading…" : "Older visits"}
        </Button>
      ) : null}
    </div>
  );
}
