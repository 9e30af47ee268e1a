// One frame for every dashboard chart: a heading, the key figure in words, the
// drawing as one image with an accessible name, and its data table one click
// away (docs/reference/style.md "every chart has its table").
import { useId } from "react";
import { EmptyState } from "@/components/ui/card";

export function ChartFrame({
  title,
  label,
  summary,
  empty,
  table,
  children,
  testId,
  heightClass = "h-64",
}: {
  title: string;
  /** The accessible name of the drawing: the key figure in one sentence. */
  label: string;
  /** Visible line under the title (defaults to the label). */
  summary?: React.ReactNode;
  /** Message when there is nothing to draw. */
  empty?: string | null;
  /** The chart's data as table rows: header cells and body rows. */
  table: { head: string[]; rows: Array<Array<string | number>>; caption?: string };
  children: React.ReactNode;
  testId?: string;
  /** Tailwind height of the drawing (default h-64). */
  heightClass?: string;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="min-w-0 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {empty ? (
        <div className="mt-3">
          <EmptyState title={empty} />
        </div>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600">{summary ?? label}</p>
          <div role="img" aria-label={label} className={`mt-3 w-full ${heightClass}`}>
            {children}
          </div>
          <details className="group mt-2">
            <summary className="inline-flex min-h-11 cursor-pointer items-center rounded-md px-2 text-sm font-medium text-brand-700 hover:bg-brand-50">
              <span className="group-open:hidden">Show table</span>
              <span className="hidden group-open:inline">Hide table</span>
            </summary>
            <div className="relative mt-2 max-h-80 overflow-auto">
              <table className="w-full text-left text-sm tabular-nums">
                <caption className="sr-only">{table.caption ?? title}</caption>
                <thead className="sticky top-0 bg-white text-xs uppercase text-slate-500">
                  <tr>
                    {table.head.map((cell) => (
                      <th key={cell} scope="col" className="whitespace-nowrap py-1 pr-3">
                        {cell}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((row, i) => (
                    <tr key={i} className="border-t border-slate-100">
                      {row.map((cell, j) =>
                        j === 0 ? (
                          <th key={j} scope="row" className="whitespace-nowrap py-1 pr-3 font-normal">
                            {cell}
                          </th>
                        ) : (
                          <td key={j} className="whitespace-nowrap py-1 pr-3">
                            {cell}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}

/** Placeholder while a chart's data loads. */
export function ChartSkeleton({ title }: { title: string }) {
  return (
    <section aria-busy="true" className="min-w-0 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <p className="mt-1 text-sm text-slate-500">Loading…</p>
      <div className="mt-3 h-64 w-full animate-pulse rounded-lg bg-slate-100" />
    </section>
  );
}
