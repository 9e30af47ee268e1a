"use client";
// One import's progress, counts and row-level errors, polled while it runs.
import { useQuery } from "@tanstack/react-query";
import { csvRow } from "@/lib/csv/cell";
import type { ImportView } from "@/lib/imports/view";
import { buttonClass } from "@/components/ui/button";
import { fetchImport, importKey, isRunning, STATUS_LABEL } from "./api";
import { plural } from "@/lib/plural";

function errorsCsvUrl(view: ImportView): string {
  const text = csvRow(["line", "column", "reason"]) + view.errors.map((e) => csvRow([e.line, e.column, e.reason])).join("");
  return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`;
}

function countsOf(view: ImportView): Array<[string, number]> {
  const record = view.entity === "purchases" ? "Orders" : "Records";
  return [
    ["Rows in the file", view.rowsTotal],
    ["Valid rows", view.rowsValid],
    ["Rows with errors", view.rowsInvalid],
    [`${record} created`, view.created],
    ...(view.entity === "purchases" ? [] : ([[`${record} updated`, view.updated]] as Array<[string, number]>)),
    [`${record} skipped (already there)`, view.skipped],
  ];
}

export function ImportProgress({ id, initial }: { id: string; initial?: ImportView }) {
  const query = useQuery({
    queryKey: importKey(id),
    queryFn: () => fetchImport(id),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (q) => (isRunning(q.state.data?.status) ? 1000 : false),
  });
  const view = query.data;
  if (query.isError)
    return (
      <p role="alert" className="text-sm text-risk-600">
        Could not load the import: {query.error.message}
      </p>
    );
  if (!view) return <p className="text-sm text-slate-600">Loading the import…</p>;
  const percent = Math.round(view.progress * 100);
  const phase = view.status === "VALIDATING" ? "Checking rows" : "Importing rows";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-slate-900">
          {view.fileName} <span className="text-sm font-normal text-slate-500">({view.entity})</span>
        </p>
        <p role="status" aria-live="polite" className="text-sm font-medium text-slate-800">
          {view.status === "IMPORTING" && view.rowsCommitted >= view.rowsTotal ? "Updating account metrics…" : STATUS_LABEL[view.status]}
        </p>
      </div>
      <div
        role="progressbar"
        aria-label={`${phase}: import progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={`h-full rounded-full transition-all ${view.status === "REJECTED" || view.status === "FAILED" ? "bg-risk-600" : "bg-brand-600"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      {/* Rows = valid + with errors; what was written is counted in records (orders for purchases), never as
          the checkpoint, which also passes over the rows with errors. */}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3" data-testid="import-counts">
        {countsOf(view).map(([label, value]) => (
          <div key={label} className="flex justify-between gap-2 border-b border-slate-100 py-1">
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-medium tabular-nums">{Number(value).toLocaleString("en-GB")}</dd>
          </div>
        ))}
      </dl>
      {view.status === "REJECTED" ? (
        <p className="text-sm text-slate-700">Fix the rows below and upload the file again; nothing from this file was saved.</p>
      ) : null}
      {view.errors.length > 0 ? (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-sm font-semibold text-slate-900">
              {plural(view.errorCount, "error")}
              {view.errorCount > view.errors.length ? ` (the first ${view.errors.length} are listed)` : ""}
            </h3>
            <a href={errorsCsvUrl(view)} download={`import-errors-${view.id}.csv`} className={buttonClass("secondary", "min-h-9 text-xs")}>
              Download errors (CSV)
            </a>
          </div>
          <div className="max-h-96 overflow-auto rounded-lg ring-1 ring-slate-200">
            <table className="w-full text-left text-sm" aria-label="Rows with errors">
              <thead className="sticky top-0 bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="px-2 py-2">
                    Line
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Column
                  </th>
                  <th scope="col" className="px-2 py-2">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {view.errors.map((error, index) => (
                  <tr key={`${error.line}-${error.column}-${index}`} className="border-t border-slate-100 align-top">
                    <td className="px-2 py-1.5 tabular-nums">{error.line}</td>
                    <td className="px-2 py-1.5 font-mono text-xs">{error.column}</td>
                    <td className="px-2 py-1.5 break-words">{error.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
    </div>
  );
}
