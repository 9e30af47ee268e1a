// What a change would do: accounts changing, portfolio totals before → after, biggest movers.
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/components/ui/format";
import type { CostPreviewJson, MoverJson } from "./form-state";
import { plural } from "@/lib/plural";
import { ScrollArea } from "@/components/ui/scroll-area";

const MEASURES = [
  ["formulaLtv", "Formula LTV"],
  ["predictedClv", "Predicted CLV"],
  ["revenueLtv", "Revenue LTV"],
  ["historicalLtv", "Historical net value"],
] as const;

const signed = (value: number) => `${value > 0 ? "+" : value < 0 ? "−" : ""}${formatMoney(Math.abs(value))}`;

function MoversTable({ caption, movers }: { caption: string; movers: MoverJson[] }) {
  if (movers.length === 0) return <p className="text-sm text-slate-600">{caption}: none.</p>;
  return (
    <ScrollArea label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left text-sm font-semibold text-slate-800">{caption}</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-2">
              Account
            </th>
            <th scope="col" className="py-2 pr-2">
              Owner
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              Before
            </th>
            <th scope="col" className="py-2 pr-2 text-right">
              After
            </th>
            <th scope="col" className="py-2 text-right">
              Change
            </th>
          </tr>
        </thead>
        <tbody>
          {movers.map((mover) => (
            <tr key={mover.accountId} className="border-t border-slate-100">
              <td className="py-2 pr-2 font-medium">
                {mover.name} <span className="text-xs text-slate-500">{mover.segment}</span>
              </td>
              <td className="py-2 pr-2">{mover.ownerName}</td>
              <td className="py-2 pr-2 text-right">{formatMoney(mover.before)}</td>
              <td className="py-2 pr-2 text-right">{formatMoney(mover.after)}</td>
              <td className="py-2 text-right">{signed(mover.delta)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}

export function PreviewResult({ preview }: { preview: CostPreviewJson }) {
  return (
    <Card title="Impact preview">
      <p className="text-sm text-slate-700" role="status">
        <strong>{preview.changed.formulaLtv.toLocaleString("en-GB")}</strong> of {plural(preview.accounts, "account")}{" "}
        {preview.changed.formulaLtv === 1 ? "changes" : "change"} formula LTV; {preview.changed.predictedClv.toLocaleString("en-GB")}{" "}
        {preview.changed.predictedClv === 1 ? "changes" : "change"} predicted CLV. Nothing is saved until you press Save.
      </p>
      <ScrollArea label="Portfolio totals" className="mt-3">
        <table className="w-full text-left text-sm">
          <caption className="mb-1 text-left text-sm font-semibold text-slate-800">Portfolio totals</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-2">
                Measure
              </th>
              <th scope="col" className="py-2 pr-2 text-right">
                Before
              </th>
              <th scope="col" className="py-2 pr-2 text-right">
                After
              </th>
              <th scope="col" className="py-2 text-right">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {MEASURES.map(([key, label]) => (
              <tr key={key} className="border-t border-slate-100">
                <th scope="row" className="py-2 pr-2 font-medium">
                  {label}
                </th>
                <td className="py-2 pr-2 text-right">{formatMoney(preview.totals[key].before)}</td>
                <td className="py-2 pr-2 text-right">{formatMoney(preview.totals[key].after)}</td>
                <td className="py-2 text-right">{signed(preview.totals[key].after - preview.totals[key].before)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
      <div className="mt-4 space-y-4">
        <MoversTable caption="Biggest rises in formula LTV" movers={preview.movers.up} />
        <MoversTable caption="Biggest falls in formula LTV" movers={preview.movers.down} />
      </div>
    </Card>
  );
}
