// Every saved version of the cost inputs, newest first.
import { formatMoney, formatPercent } from "@/components/ui/format";
import { DateText } from "@/components/app-calendar";
import type { CostVersionJson } from "./form-state";
import { ScrollArea } from "@/components/ui/scroll-area";

export function HistoryTable({ history }: { history: CostVersionJson[] }) {
  if (history.length === 0) return <p className="text-sm text-slate-600">No versions saved yet.</p>;
  const inForceId = history.find((version) => version.appliedAt !== null && new Date(version.effectiveFrom) <= new Date())?.id;
  return (
    <ScrollArea label="Cost inputs history, scrolls sideways">
      <table className="w-full text-left text-sm" aria-label="Cost inputs history">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-2">
              Effective from
            </th>
            <th scope="col" className="py-2 pr-2">
              Status
            </th>
            <th scope="col" className="py-2 pr-2">
              By
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              Gross margin
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              Acquisition
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              Retention / year
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              Discount / year
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              Horizon
            </th>
            <th scope="col" className="py-2 pr-2">
              Overrides
            </th>
            <th scope="col" className="py-2">
              Note
            </th>
          </tr>
        </thead>
        <tbody>
          {history.map((version) => (
            <tr key={version.id} className="border-t border-slate-100 align-top">
              <td className="whitespace-nowrap py-2 pr-2">
                <DateText value={version.effectiveFrom} kind="timestamp" />
              </td>
              <td className="py-2 pr-2">
                {version.appliedAt === null ? "Pending (recomputing)" : version.id === inForceId ? <strong>In force</strong> : "Superseded"}
              </td>
              <td className="py-2 pr-2">{version.createdBy?.name ?? "—"}</td>
              <td className="py-2 pr-2 text-right">{formatPercent(version.default.grossMargin, 2)}</td>
              <td className="py-2 pr-2 text-right">{formatMoney(version.default.acquisitionCost)}</td>
              <td className="py-2 pr-2 text-right">{formatMoney(version.default.retentionCostPerYear)}</td>
              <td className="py-2 pr-2 text-right">{formatPercent(version.default.discountRateYearly, 1)}</td>
              <td className="py-2 pr-2 text-right">{version.default.horizonMonths} mo</td>
              <td className="py-2 pr-2">
                {Object.keys(version.segments).length === 0
                  ? "—"
                  : Object.entries(version.segments)
                      .map(
                        ([segment, inputs]) =>
                          `${segment}: margin ${formatPercent(inputs.grossMargin, 2)}, acquisition ${formatMoney(inputs.acquisitionCost)}`,
                      )
                      .join("; ")}
              </td>
              <td className="py-2">{version.note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
