"use client";
// The audit log: filters, newest first, "Load more" by keyset cursor; each entry
// in plain words (describe.ts) with the fields it changed on request.
import { DateText, useDates } from "@/components/app-calendar";
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { AuditEntryView, AuditNames } from "@/lib/audit/list-audit";
import { describeAudit } from "./describe";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { inputClass, labelClass } from "../shared";
import { explainError } from "@/components/ui/form-errors";
import { plural } from "@/lib/plural";
import { ScrollArea } from "@/components/ui/scroll-area";

interface Filters {
  entityType: string;
  entityId: string;
  actorId: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { entityType: "", entityId: "", actorId: "", action: "", from: "", to: "" };

export function AuditLog({ entityTypes, actors }: { entityTypes: string[]; actors: Array<{ id: string; name: string }> }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const log = useInfiniteQuery({
    queryKey: ["audit", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value.trim() !== ""));
      params.set("limit", "30");
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<{ items: AuditEntryView[]; nextCursor: string | null; names: AuditNames }>(`/api/audit?${params}`);
    },
    getNextPageParam: (page) => page.nextCursor,
    staleTime: 0,
  });
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  const names: AuditNames = Object.assign({}, ...(log.data?.pages.map((page) => page.names) ?? []));
  const set = (field: keyof Filters) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setDraft({ ...draft, [field]: event.target.value });

  return (
    <div className="space-y-4">
      <Card title="Filters">
        <form
          role="search"
          aria-label="Filter the audit log"
          className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          <label className={labelClass}>
            Entity type
            <select className={`${inputClass} mt-1`} value={draft.entityType} onChange={set("entityType")}>
              <option value="">Any</option>
              {entityTypes.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </label>
          <label className={labelClass}>
            Action starts with
            <input
              className={`${inputClass} mt-1`}
              value={draft.action}
              onChange={set("action")}
              placeholder="e.g. user. or product.archive"
              maxLength={100}
            />
          </label>
          <label className={labelClass}>
            Changed by
            <select className={`${inputClass} mt-1`} value={draft.actorId} onChange={set("actorId")}>
              <option value="">Anyone</option>
              {actors.map((actor) => (
                <option key={actor.id} value={actor.id}>
                  {actor.name}
                </option>
              ))}
            </select>
          </label>
          <label className={labelClass}>
            Record id
            <input
              className={`${inputClass} mt-1 font-mono`}
              value={draft.entityId}
              onChange={set("entityId")}
              placeholder="the changed record's id"
              maxLength={100}
            />
          </label>
          <label className={labelClass}>
            From (UTC date)
            <input type="date" className={`${inputClass} mt-1`} value={draft.from} onChange={set("from")} />
          </label>
          <label className={labelClass}>
            To (UTC date, included)
            <input type="date" className={`${inputClass} mt-1`} value={draft.to} onChange={set("to")} />
          </label>
          <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-3">
            <Button type="submit">Apply filters</Button>
            <Button
              type="button"
              variant="secondary"
              onClick={() => {
                setDraft(EMPTY);
                setFilters(EMPTY);
              }}
            >
              Clear
            </Button>
          </div>
        </form>
      </Card>

      <Card title="Entries">
        {log.isPending ? (
          <p role="status" className="text-sm text-slate-600">
            Loading the audit log…
          </p>
        ) : log.isError ? (
          <p role="alert" className="text-sm text-red-700">
            The audit log could not be loaded: {explainError(log.error)}
          </p>
        ) : entries.length === 0 ? (
          <EmptyState title="No entries match these filters." />
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="audit-entries">
            {entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} names={names} />
            ))}
          </ol>
        )}
        {log.hasNextPage ? (
          <div className="mt-3">
            <Button type="button" variant="secondary" onClick={() => log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {log.isFetchingNextPage ? "Loading…" : "Load more"}
            </Button>
          </div>
        ) : null}
        {log.isFetchNextPageError ? (
          <p role="alert" className="mt-2 text-sm text-red-700">
            More entries could not be loaded; try again.
          </p>
        ) : null}
      </Card>
    </div>
  );
}

function AuditRow({ entry, names }: { entry: AuditEntryView; names: AuditNames }) {
  const [open, setOpen] = useState(false);
  const { summary, changes } = describeAudit(entry, names, useDates());
  const detailsId = `audit-${entry.id}`;
  return (
    <li className="py-2" data-testid="audit-entry">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium text-slate-900" data-testid="audit-summary">
            {summary}
          </p>
          <p className="text-xs text-slate-600">
            <DateText value={entry.at} kind="timestamp" />
            {entry.actor ? ` · ${entry.actor.email}` : ""} · <span className="font-mono">{entry.action}</span>
          </p>
        </div>
        {changes.length > 0 || entry.entityId ? (
          <Button type="button" variant="ghost" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
            {open ? "Hide details" : changes.length > 0 ? `Show ${plural(changes.length, "change")}` : "Show details"}
          </Button>
        ) : null}
      </div>
      {open ? (
        <ScrollArea id={detailsId} label="Changed fields" className="mt-2 space-y-1">
          {changes.length > 0 ? (
            <table className="w-full min-w-[420px] text-left text-sm">
              <caption className="sr-only">Changed fields</caption>
              <thead className="text-xs uppercase text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-3">
                    Field
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Before
                  </th>
                  <th scope="col" className="py-1">
                    After
                  </th>
                </tr>
              </thead>
              <tbody>
                {changes.map((change) => (
                  <tr key={change.field} className="border-t border-slate-100 align-top">
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {change.label}
                    </th>
                    <td className="break-words py-1 pr-3 text-red-800">{change.before}</td>
                    <td className="break-words py-1 text-emerald-800">{change.after}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {entry.entityId ? (
            <p className="break-all text-xs text-slate-600">
              Record id <span className="font-mono">{entry.entityId}</span>
            </p>
          ) : null}
        </ScrollArea>
      ) : null}
    </li>
  );
}
