import { forbidden, notFound } from "next/navigation";
import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { recordId } from "@/lib/http/ids";
import { NotFound } from "@/lib/errors";
import { backtestGroup } from "@/lib/backtest/schema";
import { backtestAccounts, getBacktest } from "@/lib/backtest/backtests";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { formatPercent } from "@/components/ui/format";
import { DateText } from "@/components/app-calendar";
import { FLAG_LABEL } from "@/components/account/flag-badges";

export const metadata: Metadata = { title: "Backtest accounts" };

function describe(group: string): string {
  const [kind, a, b] = group.split(":");
  if (kind === "bin") return `Predicted ${Number(a) * 10}–${Number(a) === 9 ? 100 : Number(a) * 10 + 10} % chance of no order`;
  if (kind === "churn") {
    return (
      {
        flagged: "Flagged for churn risk",
        hit: "Flagged for churn risk, and did not order",
        missed: "Did not order, but were not flagged",
        all: "Active accounts",
      }[a!] ?? group
    );
  }
  return `${FLAG_LABEL[a!] ?? a} flags${b === "hit" ? " that came true" : ""}`;
}

export default async function BacktestAccountsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await requireActor();
  if (!can(actor, "read", "backtest")) forbidden();
  const id = recordId().safeParse((await params).id);
  const group = backtestGroup.safeParse((await searchParams).group);
  if (!id.success || !group.success) notFound();
  let backtest;
  let accounts;
  try {
    backtest = await getBacktest(actor, id.data);
    accounts = await backtestAccounts(actor, id.data, group.data, 500);
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
  const cutoff = backtest.summary?.cutoff;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{describe(group.data)}</h1>
          <p className="text-sm text-slate-600">
            Backtest with cutoff <DateText value={cutoff} /> and a {backtest.summary?.windowDays ?? "—"}-day window:{" "}
            {accounts.total.toLocaleString("en-GB")} {accounts.total === 1 ? "account" : "accounts"}
            {accounts.total > accounts.items.length ? `, the ${accounts.items.length} most likely not to order shown` : ""}.
          </p>
        </div>
        <Link href="/manager/backtest" className={buttonClass("secondary")}>
          Back to the backtest
        </Link>
      </div>
      <Card>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="backtest-accounts">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-2">
                  Account
                </th>
                <th scope="col" className="hidden py-2 pr-2 sm:table-cell">
                  Rep
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Predicted no order
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Orders in window
                </th>
                <th scope="col" className="hidden py-2 md:table-cell">
                  Flags at the cutoff
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.items.map((item) => (
                <tr key={item.accountId} className="border-t border-slate-100" data-testid="backtest-account">
                  <td className="py-2 pr-2">
                    <Link
                      href={`/rep/accounts/${item.accountId}`}
                      className="font-medium text-slate-900 underline-offset-2 hover:underline"
                    >
                      {item.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{item.segment}</span>
                  </td>
                  <td className="hidden py-2 pr-2 sm:table-cell">{item.ownerName}</td>
                  <td className="py-2 pr-2 text-right">{formatPercent(item.pNoOrder)}</td>
                  <td className="py-2 pr-2 text-right">{item.observedOrders}</td>
                  <td className="hidden py-2 text-xs md:table-cell">
                    {item.flags.length === 0
                      ? "—"
                      : item.flags.map((f) => `${FLAG_LABEL[f.type] ?? f.type}${f.hit ? " ✓" : ""}`).join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
