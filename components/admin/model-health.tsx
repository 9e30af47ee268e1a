// The fitted model's health: whether an admin can trust P(active) and the churn probability.
import { DateText } from "@/components/app-calendar";
import type { ModelHealth } from "@/lib/metrics/model-health";
import { plural } from "@/lib/plural";

const num = (value: number) => (Math.abs(value) >= 1000 ? value.toExponential(2) : value.toPrecision(3));

export function ModelHealthCard({ model }: { model: ModelHealth | null }) {
  if (!model) {
    return (
      <p className="mb-3 text-sm text-slate-600" data-testid="model-health">
        No model fitted yet: it needs at least a few dozen customers with repeat orders. Until then churn risk comes from how long each
        account has been silent.
      </p>
    );
  }
  const d = model.diagnostics;
  const healthy = d ? d.converged && d.penalizer === 0 : null;
  return (
    <div className="mb-3 space-y-2 text-sm" data-testid="model-health">
      <p>
        <span
          className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-medium ${healthy === null ? "bg-slate-100 text-slate-700" : healthy ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-900"}`}
        >
          {healthy === null ? "Health not recorded" : healthy ? "Healthy" : "Needs a look"}
        </span>
        Fitted <DateText value={model.fittedAt} kind="instant" /> on {plural(model.customers, "customer")}
        {d ? ` (${d.repeatCustomers.toLocaleString("en-GB")} with repeat orders)` : ""}, ages in {model.unit}s.
      </p>
      {d ? (
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>{d.converged ? "The fit converged." : "The fit did not converge: predictions may be off."}</li>
          <li>
            {d.penalizer === 0
              ? "No penalizer was needed."
              : `The plain fit ran off${d.diverged ? ` (a ${num(d.diverged.a)}, b ${num(d.diverged.b)})` : ""}, so it was refitted with penalizer ${d.penalizer}: dropout is poorly identified and P(active) tends to read high.`}
          </li>
          <li>
            {d.gammaGammaSkipped
              ? `Spend model not fitted (${d.gammaGammaSkipped}): predicted CLV shows 0.`
              : "Spend model (Gamma-Gamma) fitted."}
          </li>
        </ul>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-slate-600 sm:grid-cols-4" aria-label="Model parameters">
        {(
          [
            ["r", model.bgnbd.r],
            ["α", model.bgnbd.alpha],
            ["a", model.bgnbd.a],
            ["b", model.bgnbd.b],
          ] as const
        ).map(([name, value]) => (
          <div key={name}>
            <dt className="inline">BG/NBD {name}</dt> <dd className="inline font-mono">{num(value)}</dd>
          </div>
        ))}
        {model.gammaGamma
          ? (
              [
                ["p", model.gammaGamma.p],
                ["q", model.gammaGamma.q],
                ["v", model.gammaGamma.v],
              ] as const
            ).map(([name, value]) => (
              <div key={name}>
                <dt className="inline">Gamma-Gamma {name}</dt> <dd className="inline font-mono">{num(value)}</dd>
              </div>
            ))
          : null}
      </dl>
    </div>
  );
}
