// One frame for every dashboard chart: a heading, the key figure in words, the
// drawing as one image with an accessible name, what its colours mean, and its data
// table one click away (docs/reference/style.md "every chart has its table"). A chart
// whose parts open the ranking links each table row there too: the keyboard's way in.
import Link from "next/link";
import { useId } from "react";
import { EmptyState } from "@/components/ui/card";
import { showRanking } from "@/components/manager/ranking-url";

/** One entry of a chart's colour key. */
export interface LegendEntry {
  label: string;
  /** A CSS background (colour, gradient or pattern). */
  swatch: string;
  /** Wider swatch, for a colour scale. */
  wide?: boolean;
  /** A dashed outline instead of a fill (a marked cell). */
  dashed?: boolean;
}

export function ChartLegend({ entries, caption }: { entries: LegendEntry[]; caption?: string }) {
  return (
    <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
      {caption ? <span className="font-medium text-slate-700">{caption}</span> : null}
      <ul className="contents">
        {entries.map((entry) => (
          <li key={entry.label} className="inline-flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`inline-block h-3 shrink-0 rounded-sm ${entry.dashed ? "border border-dashed border-slate-500" : "ring-1 ring-slate-300"} ${entry.wide ? "w-20" : "w-3"}`}
              style={{ background: entry.swatch }}
            />
            {entry.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ChartFrame({
  title,
  label,
  summary,
  empty,
  table,
  children,
  testId,
  heightClass = "h-64",
  legend,
  rowLinks,
  onKeyDown,
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
  /** What the colours mean, under the drawing. */
  legend?: React.ReactNode;
  /** Per table row: a link to the ranking filtered to that row (null: none). */
  rowLinks?: Array<{ href: string; label: string } | null>;
  /** Keys on the drawing (Enter opens the ranking for the part the keyboard selected). */
  onKeyDown?: React.KeyboardEventHandler<HTMLDivElement>;
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
          <div role="img" aria-label={label} className={`mt-3 w-full ${heightClass}`} onKeyDown={onKeyDown}>
            {children}
          </div>
          {legend}
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
                    {rowLinks ? (
                      <th scope="col" className="py-1">
                        <span className="sr-only">Ranking</span>
                      </th>
                    ) : null}
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
                      {rowLinks ? (
                        <td className="py-1">
                          {rowLinks[i] ? (
                            <Link
                              href={rowLinks[i].href}
                              className="inline-flex min-h-11 items-center whitespace-nowrap text-brand-700 underline"
                              aria-label={rowLinks[i].label}
                              onClick={(event) => {
                                // A plain click stays on the page (no server round trip); a new tab gets the link.
                                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                                event.preventDefault();
                                showRanking(rowLinks[i]!.href);
                              }}
                            >
                              Show accounts
                            </Link>
                          ) : null}
                        </td>
                      ) : null}
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
