"use client";
// Runs a backtest (a background job) and shows its figures; every count links to its accounts.
import { DateText } from "@/components/app-calendar";
import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { BacktestView } from "@/lib/backtest/backtests";
import type { BacktestSummary } from "@/lib/backtest/run";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { formErrors, sentence } from "@/components/ui/form-errors";
import { formatPercent } from "@/components/ui/format";
import { CalibrationChart } from "./calibration-chart";
import { FLAG_LABEL } from "@/components/account/flag-badges";
import { DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, MIN_WINDOW_DAYS, isWindowDays, latestCutoff } from "@/lib/backtest/schema";
import { plural } from "@/lib/plural";

const KEY = ["backtest"] as const;
const running = (b: BacktestView | null | undefined) => b?.status === "QUEUED" || b?.status === "RUNNING";
/** Whole percent, with one decimal below 10 % so a rate of 0.15 % does not read "0 %". */
const pct = (value: number | null, digits?: number) =>
  value === null ? "—" : formatPercent(value, digits ?? (value > 0 && value < 0.1 ? 1 : 0));
const OUTCOME: Record<string, string> = {
  churn_risk: "no order in the window",
  replenishment: "reordered the product",
  upsell: "bought the next tier (or spent more, for a peer gap)",
  cross_sell: "bought in the suggested category",
};

export function BacktestPanel({ initial }: { initial: BacktestView | null }) {
  const queryClient = useQueryClient();
  const latest = useQuery({
    queryKey: KEY,
    queryFn: () => apiFetch<{ backtest: BacktestView | null }>("/api/backtest").then((r) => r.backtest),
    initialData: initial,
    refetchInterval: (query) => (running(query.state.data) ? 1000 : false),
  });
  const [windowDays, setWindowDays] = useState(String(DEFAULT_WINDOW_DAYS));
  const [cutoff, setCutoff] = useState(() => latestCutoff(DEFAULT_WINDOW_DAYS));
  const start = useMutation({
    mutationFn: () =>
      apiFetch<{ backtest: BacktestView }>("/api/backtest", {
        method: "POST",
        body: JSON.stringify({ cutoff, windowDays: Number(windowDays) }),
      }),
    onSuccess: (data) => queryClient.setQueryData(KEY, data.backtest),
  });
  const errors = formErrors(start.error, { cutoff: "Cutoff", windowDays: "Window" });
  const backtest = latest.data;

  return (
    <div className="space-y-4">
      <Card title="Run a backtest">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          <label className="text-sm">
            <span className="block font-medium">Cutoff</span>
            <input
              type="date"
              value={cutoff}
              onChange={(event) => setCutoff(event.target.value)}
              className="mt-1 block min-h-11 rounded-lg border border-slate-300 px-3"
              aria-invalid={errors.byField.cutoff ? true : undefined}
              aria-describedby={errors.byField.cutoff ? "cutoff-error" : undefined}
            />
          </label>
          <label className="text-sm">
            <span className="block font-medium">Window (days)</span>
            <input
              type="number"
              inputMode="numeric"
              min={MIN_WINDOW_DAYS}
              max={MAX_WINDOW_DAYS}
              value={windowDays}
              onChange={(event) => {
                setWindowDays(event.target.value);
                const days = Number(event.target.value);
                if (isWindowDays(days)) setCutoff(latestCutoff(days));
              }}
              className="mt-1 block min-h-11 w-28 rounded-lg border border-slate-300 px-3"
              aria-invalid={errors.byField.windowDays ? true : undefined}
              aria-describedby={errors.byField.windowDays ? "window-error" : undefined}
            />
          </label>
          <Button type="submit" disabled={running(backtest) || start.isPending}>
            {running(backtest) ? "Backtest running…" : "Run backtest"}
          </Button>
        </form>
        {errors.byField.cutoff ? (
          <p id="cutoff-error" className="mt-2 text-sm text-red-700">
            Cutoff: {sentence(errors.byField.cutoff)}
          </p>
        ) : null}
        {errors.byField.windowDays ? (
          <p id="window-error" className="mt-2 text-sm text-red-700">
            Window: {sentence(errors.byField.windowDays)}
          </p>
        ) : null}
        {errors.general ? (
          <p className="mt-2 text-sm text-red-700" role="alert">
            {errors.general}
          </p>
        ) : null}
        <p className="mt-2 text-sm text-slate-600" role="status" data-testid="backtest-status">
          {!backtest ? (
            "No backtest has run yet. The default cutoff is the newest whose window has fully happened."
          ) : running(backtest) ? (
            `Working through the accounts${backtest.total > 0 ? ` (${Math.round(backtest.done).toLocaleString("en-GB")} of ${backtest.total.toLocaleString("en-GB")})` : ""}; people keep working meanwhile.`
          ) : backtest.status === "FAILED" ? (
            `The backtest failed: ${backtest.error ?? "unknown error"}`
          ) : (
            <>
              Backtest finished <DateText value={backtest.finishedAt} kind="instant" />.
            </>
          )}
        </p>
      </Card>
      {backtest?.status === "SUCCEEDED" && backtest.summary ? <Results id={backtest.id} s={backtest.summary} /> : null}
    </div>
  );
}

function Results({ id, s }: { id: string; s: BacktestSummary }) {
  const link = (group: string, text: string, label: string) => (
    <Link
      href={`/manager/backtest/${id}?group=${encodeURIComponent(group)}`}
      className="font-medium text-brand-700 underline underline-offset-2"
      aria-label={label}
    >
      {text}
    </Link>
  );
  const c = s.churn;
  return (
    <>
      <Card title="Churn risk">
        <p className="text-sm text-slate-800" data-testid="churn-headline">
          As of <DateText value={s.cutoff} />, churn risk (a chance of no order in 90 days of at least {pct(c.threshold)}) was on{" "}
          {link("churn:flagged", c.flagged.toLocaleString("en-GB"), "accounts flagged for churn risk")} of{" "}
          {link("churn:all", c.activeAccounts.toLocaleString("en-GB"), "active accounts")} active accounts ({pct(c.flaggedShare)}).{" "}
          {link("churn:hit", c.truePositives.toLocaleString("en-GB"), "flagged accounts that did not order")} of them did not order in the
          next {s.windowDays} days: a precision of <strong>{pct(c.precision)}</strong>. They were {pct(c.recall)} of the{" "}
          {plural(c.stopped, "account")} that stopped (
          {link(
            "churn:missed",
            `${(c.stopped - c.truePositives).toLocaleString("en-GB")} missed`,
            "stopped accounts that were not flagged",
          )}
          ).
        </p>
      </Card>

      <Card title="Is the churn probability right?">
        <p className="mb-3 text-sm text-slate-600">
          Accounts grouped by their predicted chance of no order in the {s.windowDays} days after the cutoff, against the share that really
          did not order. A calibrated model sits on the diagonal. Brier score {s.brier.toFixed(3)} (0 is perfect; always saying 50 % scores
          0.25).
        </p>
        <div className="grid gap-4 lg:grid-cols-2">
          <CalibrationChart bins={s.calibration} />
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="calibration-table">
              <caption className="sr-only">Predicted against observed no-order rate</caption>
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-2">
                    Predicted
                  </th>
                  <th scope="col" className="py-2 pr-2 text-right">
                    Accounts
                  </th>
                  <th scope="col" className="py-2 pr-2 text-right">
                    Predicted no order
                  </th>
                  <th scope="col" className="py-2 text-right">
                    Did not order
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.calibration.map((bin) => {
                  const k = Math.round(bin.bin * 10);
                  return (
                    <tr key={k} className="border-t border-slate-100">
                      <th scope="row" className="py-2 pr-2 font-normal">
                        {k * 10}–{k === 9 ? 100 : k * 10 + 10} %
                      </th>
                      <td className="py-2 pr-2 text-right">
                        {link(`bin:${k}`, bin.customers.toLocaleString("en-GB"), `accounts predicted ${k * 10} to ${k * 10 + 10} percent`)}
                      </td>
                      <td className="py-2 pr-2 text-right">{pct(bin.predictedNoOrder, 1)}</td>
                      <td className="py-2 text-right">{pct(bin.observedNoOrder, 1)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </div>
      </Card>

      <Card title="Did the other flags come true?">
        <p className="mb-3 text-sm text-slate-600">
          Each flag raised as of the cutoff on an active account, and whether the account then did what it suggested, against similar
          accounts of the same segment without the flag (for a cross-sell, those not buying the category yet; for a reorder, those that
          bought the product before).
        </p>
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="flag-outcomes">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-2">
                  Flag
                </th>
                <th scope="col" className="py-2 pr-2">
                  Came true when the account…
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Flags
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Came true
                </th>
                <th scope="col" className="py-2 text-right">
                  Similar accounts
                </th>
              </tr>
            </thead>
            <tbody>
              {s.flagTypes.map((t) => (
                <tr key={t.type} className="border-t border-slate-100">
                  <th scope="row" className="py-2 pr-2 font-medium">
                    {FLAG_LABEL[t.type] ?? t.type}
                  </th>
                  <td className="py-2 pr-2 text-slate-600">{OUTCOME[t.type]}</td>
                  <td className="py-2 pr-2 text-right">
                    {link(`flag:${t.type}:all`, t.flags.toLocaleString("en-GB"), `${FLAG_LABEL[t.type]} flags`)}
                  </td>
                  <td className="py-2 pr-2 text-right">
                    {link(`flag:${t.type}:hit`, pct(t.hitRate), `${FLAG_LABEL[t.type]} flags that came true`)}{" "}
                    <span className="text-slate-500">({t.hits.toLocaleString("en-GB")})</span>
                  </td>
                  <td className="py-2 text-right">{pct(t.baseRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="Acted on or not">
        {s.acted.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="acted-empty">
            No flag was open at the cutoff yet: flags became owned work (<DateText value={s.cutoff} /> is before that). This comparison
            fills in as reps act on flags; run the backtest again with a later cutoff.
          </p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="acted-table">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-2">
                  Flag
                </th>
                <th scope="col" className="py-2 pr-2 text-right">
                  Acted on: came true
                </th>
                <th scope="col" className="py-2 text-right">
                  Not acted on: came true
                </th>
              </tr>
            </thead>
            <tbody>
              {s.acted.map((row) => (
                <tr key={row.type} className="border-t border-slate-100">
                  <th scope="row" className="py-2 pr-2 font-medium">
                    {FLAG_LABEL[row.type] ?? row.type}
                  </th>
                  <td className="py-2 pr-2 text-right">
                    {row.acted.hits} of {row.acted.flags}
                  </td>
                  <td className="py-2 text-right">
                    {row.notActed.hits} of {row.notActed.flags}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <p className="text-xs text-slate-500" data-testid="backtest-model">
        Model fitted on the {plural(s.customers, "account")} that had bought by <DateText value={s.cutoff} />: BG/NBD r{" "}
        {s.model.r.toFixed(3)}, α {s.model.alpha.toFixed(3)}, a {s.model.a.toFixed(3)}, b {s.model.b.toFixed(3)}
        {s.model.converged ? "" : " (the fit did not converge)"}. The same figures come from{" "}
        <code>npm run --silent analytics -- backtest</code> on the purchase log.
      </p>
    </>
  );
}
