"use client";
// The admin's exchange-rates page (issue 20): the reporting currency and the gap, recent rates per
// currency with the days without one highlighted, a rate entered by hand, and an ECB-layout CSV import.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { apiFetch } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FieldError, FormAlert, formErrors } from "@/components/ui/form-errors";
import { ScrollArea } from "@/components/ui/scroll-area";
import type { RatesOverview } from "@/lib/fx-rates/overview";

const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 px-3 aria-[invalid=true]:border-red-600";
import { plural } from "@/lib/plural";
const shortDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function RatesAdmin({ overview }: { overview: RatesOverview }) {
  return (
    <div className="space-y-4">
      {overview.waiting > 0 ? (
        <p role="status" className="rounded-lg bg-sky-50 p-3 text-sm text-sky-900">
          Re-converting {plural(overview.waiting, "account")} with the latest rates; totals follow within a minute or so.
        </p>
      ) : null}
      <RatesTable overview={overview} />
      <div className="grid gap-4 lg:grid-cols-3">
        <EnterRate
          reportingCurrency={overview.reportingCurrency}
          currencies={overview.currencies.map((c) => c.currency)}
          today={overview.today}
        />
        <ImportRates />
        <FxSettingsForm reportingCurrency={overview.reportingCurrency} maxGapDays={overview.maxGapDays} />
      </div>
    </div>
  );
}

// Five significant digits: 1.2105 for GBP, 0.0061234 for JPY.
const rateFormat = new Intl.NumberFormat("en-GB", { maximumSignificantDigits: 5, minimumSignificantDigits: 5 });

function RatesTable({ overview }: { overview: RatesOverview }) {
  const { reportingCurrency, currencies } = overview;
  // Newest first: on a phone the days that matter most are the ones on screen.
  const days = [...overview.days].reverse();
  return (
    <Card title={`Rates into ${reportingCurrency}, last ${days.length} days`}>
      <p className="mb-2 text-sm text-slate-700">
        {reportingCurrency} per 1 unit of each currency, newest day first. <span className="font-semibold">Bold</span>: quoted that day;
        plain: the latest earlier quote (within {plural(overview.maxGapDays, "day")});{" "}
        <span className="rounded bg-red-100 px-1 text-red-900">no rate</span>: past the gap.
      </p>
      {currencies.length === 0 ? (
        <p className="text-sm text-slate-700">Every account is in {reportingCurrency}: nothing to convert.</p>
      ) : (
        <ScrollArea label="Recent exchange rates">
          <table className="w-full min-w-[720px] text-left text-sm tabular-nums" data-testid="rates-table">
            <caption className="sr-only">Rates into {reportingCurrency} per day and currency</caption>
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="sticky left-0 bg-white py-2 pr-3">
                  Currency
                </th>
                {days.map((day) => (
                  <th key={day} scope="col" className="px-1 py-2 text-right font-normal">
                    {shortDay(day)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {currencies.map((row) => (
                <tr key={row.currency} className="border-t border-slate-100" data-testid={`rates-row-${row.currency}`}>
                  <th scope="row" className="sticky left-0 whitespace-nowrap bg-white py-2 pr-3 text-left font-medium">
                    {row.currency}
                    <span className="block text-xs font-normal text-slate-600">{plural(row.accounts, "account")}</span>
                  </th>
                  {[...row.cells].reverse().map((cell) => (
                    <td
                      key={cell.day}
                      className={`px-1 py-2 text-right ${cell.kind === "missing" ? "bg-red-100 text-red-900" : cell.kind === "quoted" ? "font-semibold" : "text-slate-700"}`}
                      data-kind={cell.kind}
                    >
                      {cell.rate === null ? "no rate" : rateFormat.format(Number(cell.rate))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <ul className="mt-3 space-y-1 text-sm" data-testid="rates-gaps">
        {currencies.map((row) => {
          const gaps = row.gaps;
          const left = row.accountsWithoutFigures;
          if (gaps.length === 0 && left === 0) return null;
          return (
            <li key={row.currency} className="rounded-md bg-amber-50 px-2 py-1 text-amber-950">
              <span className="font-medium">{row.currency}</span>:{" "}
              {gaps.length > 0
                ? `no rate on ${gaps.map(([from, to]) => (from === to ? from : `${from} to ${to}`)).join(", ")}`
                : "rates complete this year"}
              {left > 0
                ? ` — ${plural(left, "account")} left out of the totals (${plural(row.ordersWithoutRate, "order")} without a rate)`
                : ""}
              . Last quote: {row.lastQuoteDay ?? "none"}.
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function EnterRate({ reportingCurrency, currencies, today }: { reportingCurrency: string; currencies: string[]; today: string }) {
  const id = useId();
  const router = useRouter();
  const [form, setForm] = useState({ currency: currencies[0] ?? "", on: today, rate: "" });
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<{ changed: number; corrected: number }>("/api/fx-rates", {
        method: "PUT",
        body: JSON.stringify({ rates: [{ currency: form.currency.trim(), on: form.on, rate: form.rate.trim() }] }),
      }),
    onSuccess: (result) => {
      setSaved(
        result.changed === 0
          ? "That rate was already stored."
          : result.corrected > 0
            ? "Corrected; the orders of the days it covers are re-converted."
            : "Saved.",
      );
      setForm((current) => ({ ...current, rate: "" }));
      router.refresh();
    },
  });
  const errors = formErrors(save.error, {
    "rates.0.currency": "Currency",
    "rates.0.on": "Day",
    "rates.0.rate": "Rate",
    "rates.0": "Rate",
  });
  const field = (name: "currency" | "on" | "rate") =>
    errors.byField[`rates.0.${name}`] ?? (name === "rate" ? errors.byField["rates.0"] : undefined);
  return (
    <Card title="Enter a rate">
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          save.mutate();
        }}
      >
        {(["currency", "on", "rate"] as const).map((name) => (
          <div key={name}>
            <label htmlFor={`${id}-${name}`} className="mb-1 block text-sm font-medium">
              {name === "currency" ? "Currency" : name === "on" ? "Day" : `${reportingCurrency} per 1 unit`}
            </label>
            <input
              id={`${id}-${name}`}
              className={inputClass}
              type={name === "on" ? "date" : "text"}
              inputMode={name === "rate" ? "decimal" : undefined}
              list={name === "currency" ? `${id}-codes` : undefined}
              maxLength={name === "currency" ? 3 : 30}
              value={form[name]}
              aria-invalid={field(name) ? true : undefined}
              aria-describedby={field(name) ? `${id}-${name}-error` : undefined}
              onChange={(event) => {
                setSaved(null);
                if (save.error) save.reset();
                setForm((current) => ({ ...current, [name]: name === "currency" ? event.target.value.toUpperCase() : event.target.value }));
              }}
            />
            <FieldError id={`${id}-${name}-error`} message={field(name)} />
          </div>
        ))}
        <datalist id={`${id}-codes`}>
          {currencies.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <FormAlert message={errors.general} />
        <p role="status" className="text-sm text-emerald-800">
          {saved}
        </p>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save rate"}
        </Button>
      </form>
    </Card>
  );
}

function ImportRates() {
  const id = useId();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("Choose a CSV file first.");
      return apiFetch<{ rates: number; inserted: number; corrected: number; unchanged: number; from: string; to: string }>(
        "/api/fx-rates/import",
        { method: "POST", body: await file.text(), headers: { "Content-Type": "text/csv" } },
      );
    },
    onSuccess: (r) => {
      setResult(
        `${plural(r.rates, "rate")} from ${r.from} to ${r.to}: ${r.inserted.toLocaleString("en-GB")} new, ${r.corrected.toLocaleString("en-GB")} corrected, ${r.unchanged.toLocaleString("en-GB")} unchanged.`,
      );
      router.refresh();
    },
  });
  const errors = formErrors(upload.error, { file: "File" });
  const problem = errors.byField.file ?? errors.general;
  return (
    <Card title="Import the ECB's file">
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          setResult(null);
          upload.mutate();
        }}
      >
        <p className="text-sm text-slate-700">
          A CSV in the European Central Bank&apos;s reference-rate layout: <code>Date,USD,JPY,GBP,…</code>, each figure per 1 EUR. Rates
          into another reporting currency are derived.
        </p>
        <div>
          <label htmlFor={`${id}-file`} className="mb-1 block text-sm font-medium">
            CSV file
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            className="block w-full text-sm"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-file-error` : undefined}
            onChange={(event) => {
              setResult(null);
              if (upload.error) upload.reset();
              setFile(event.target.files?.[0] ?? null);
            }}
          />
          <FieldError id={`${id}-file-error`} message={problem ?? undefined} />
        </div>
        <p role="status" className="text-sm text-emerald-800">
          {result}
        </p>
        <Button type="submit" disabled={upload.isPending || !file}>
          {upload.isPending ? "Importing…" : "Import rates"}
        </Button>
      </form>
    </Card>
  );
}

function FxSettingsForm({ reportingCurrency, maxGapDays }: { reportingCurrency: string; maxGapDays: number }) {
  const id = useId();
  const router = useRouter();
  const [form, setForm] = useState({ reportingCurrency, maxGapDays: String(maxGapDays) });
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      apiFetch("/api/fx-rates/settings", {
        method: "PUT",
        body: JSON.stringify({ reportingCurrency: form.reportingCurrency.trim(), maxGapDays: Number(form.maxGapDays) }),
      }),
    onSuccess: () => {
      setSaved("Saved. Every account is re-converted in the background.");
      router.refresh();
    },
  });
  const errors = formErrors(save.error, { reportingCurrency: "Reporting currency", maxGapDays: "Gap" });
  return (
    <Card title="Reporting currency">
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(null);
          save.mutate();
        }}
      >
        <div>
          <label htmlFor={`${id}-currency`} className="mb-1 block text-sm font-medium">
            Reporting currency
          </label>
          <input
            id={`${id}-currency`}
            className={inputClass}
            maxLength={3}
            value={form.reportingCurrency}
            aria-invalid={errors.byField.reportingCurrency ? true : undefined}
            aria-describedby={errors.byField.reportingCurrency ? `${id}-currency-error` : undefined}
            onChange={(event) => setForm((current) => ({ ...current, reportingCurrency: event.target.value.toUpperCase() }))}
          />
          <FieldError id={`${id}-currency-error`} message={errors.byField.reportingCurrency} />
        </div>
        <div>
          <label htmlFor={`${id}-gap`} className="mb-1 block text-sm font-medium">
            Days an earlier rate stands in
          </label>
          <input
            id={`${id}-gap`}
            className={inputClass}
            inputMode="numeric"
            value={form.maxGapDays}
            aria-invalid={errors.byField.maxGapDays ? true : undefined}
            aria-describedby={errors.byField.maxGapDays ? `${id}-gap-error` : undefined}
            onChange={(event) => setForm((current) => ({ ...current, maxGapDays: event.target.value }))}
          />
          <FieldError id={`${id}-gap-error`} message={errors.byField.maxGapDays} />
        </div>
        <p className="text-sm text-slate-700">Cost inputs are in the reporting currency.</p>
        <FormAlert message={errors.general} />
        <p role="status" className="text-sm text-emerald-800">
          {saved}
        </p>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </form>
    </Card>
  );
}
