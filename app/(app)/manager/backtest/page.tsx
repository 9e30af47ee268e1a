import { forbidden } from "next/navigation";
import Link from "next/link";
import type { Metadata } from "next";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { latestBacktest } from "@/lib/backtest/backtests";
import { buttonClass } from "@/components/ui/button";
import { BacktestPanel } from "@/components/backtest/backtest-panel";

export const metadata: Metadata = { title: "Do the flags work?" };

export default async function BacktestPage() {
  const actor = await requireActor();
  if (!can(actor, "read", "backtest")) forbidden();
  const latest = await latestBacktest(actor);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">Do the flags work?</h1>
          <p className="max-w-3xl text-sm text-slate-600">
            A backtest cuts the history at a date, works out every probability and flag as of that date with the same code the accounts use
            today, and compares them with what the accounts did in the window after.
          </p>
        </div>
        <Link href="/manager" className={buttonClass("secondary")}>
          Back to the dashboard
        </Link>
      </div>
      <BacktestPanel initial={JSON.parse(JSON.stringify(latest))} />
    </div>
  );
}
