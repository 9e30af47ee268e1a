"use client";
// One set of cost inputs (the default or a segment's override) as labelled fields.
import { THRESHOLD_FIELDS, type CostInputsForm } from "./form-state";

type MainField = Exclude<keyof CostInputsForm, "thresholds">;

const MAIN_FIELDS: Array<{ key: MainField; label: string; step: string; hint?: string }> = [
  { key: "acquisitionCost", label: "Acquisition cost (€ per new account)", step: "0.01" },
  { key: "retentionCostPerYear", label: "Retention cost (€ per account per year)", step: "0.01" },
  { key: "grossMarginPercent", label: "Gross margin (% of revenue)", step: "0.01", hint: "e.g. 38 for 38 %" },
  { key: "discountRatePercent", label: "Discount rate (% per year)", step: "0.01", hint: "e.g. 10 for 10 %" },
  { key: "horizonMonths", label: "Prediction horizon (months)", step: "1" },
  { key: "lifespanCapYears", label: "Lifespan cap (years)", step: "0.01" },
  { key: "defaultLifespanYears", label: "Default lifespan (years)", step: "0.01", hint: "used until the churn rate is known" },
];

const GROUPS = [...new Set(THRESHOLD_FIELDS.map((field) => field.group))];

export function CostInputsFields({
  idPrefix,
  legend,
  value,
  onChange,
  errors,
  errorPrefix,
}: {
  idPrefix: string;
  legend: string;
  value: CostInputsForm;
  onChange: (next: CostInputsForm) => void;
  /** Form-field path ("default.grossMarginPercent") → reason. */
  errors: Record<string, string>;
  errorPrefix: string;
}) {
  const field = (key: string, label: string, text: string, set: (text: string) => void, step: string, hint?: string) => {
    const id = `${idPrefix}-${key.replace(/\./g, "-")}`;
    const error = errors[`${errorPrefix}.${key}`];
    return (
      <div key={key} className="min-w-0">
        <label htmlFor={id} className="block text-sm font-medium text-slate-700">
          {label}
        </label>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          step={step}
          value={text}
          onChange={(event) => set(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
          className="mt-1 block w-full min-w-0 rounded-lg border border-slate-300 px-3 py-2 text-base aria-invalid:border-risk-600"
        />
        {error ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-risk-600">
            {error}
          </p>
        ) : hint ? (
          <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
            {hint}
          </p>
        ) : null}
      </div>
    );
  };
  const thresholdErrors = Object.keys(errors).some((key) => key.startsWith(`${errorPrefix}.thresholds`));
  return (
    <fieldset className="min-w-0 space-y-4">
      <legend className="text-base font-semibold text-slate-900">{legend}</legend>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {MAIN_FIELDS.map(({ key, label, step, hint }) =>
          field(key, label, value[key], (text) => onChange({ ...value, [key]: text }), step, hint),
        )}
      </div>
      <details className="rounded-lg border border-slate-200 p-3" open={thresholdErrors || undefined}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">Flag thresholds</summary>
        {errors[`${errorPrefix}.flagThresholds`] ? (
          <p className="mt-2 text-sm text-risk-600">{errors[`${errorPrefix}.flagThresholds`]}</p>
        ) : null}
        {GROUPS.map((group) => (
          <div key={group} className="mt-3">
            <h4 className="text-sm font-semibold text-slate-700">{group}</h4>
            <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {THRESHOLD_FIELDS.filter((f) => f.group === group).map(({ key, label }) =>
                field(
                  `thresholds.${key}`,
                  label,
                  value.thresholds[key],
                  (text) => onChange({ ...value, thresholds: { ...value.thresholds, [key]: text } }),
                  "any",
                ),
              )}
            </div>
          </div>
        ))}
      </details>
    </fieldset>
  );
}
