// The current predictive model's health for /admin (issue 16): when and on how many customers it
// was fitted, whether the fit converged, whether it needed a penalizer, and its parameters.
// Read-only; the refit (refit.ts) writes model_fits.
import type { Query } from "@/lib/db/sql";
import type { FitDiagnostics } from "./refit";

export interface ModelHealth {
  fittedAt: string;
  asOf: string;
  customers: number;
  unit: string;
  bgnbd: { r: number; alpha: number; a: number; b: number };
  /** With the reporting currency its v is in (stored since decision 0015). */
  gammaGamma: { p: number; q: number; v: number; currency?: string } | null;
  logLikelihood: number;
  /** null for fits stored before diagnostics were kept. */
  diagnostics: FitDiagnostics | null;
}

const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

export async function currentModelHealth(query: Query): Promise<ModelHealth | null> {
  const [row] = await query(
    `SELECT created_at, as_of, customers, unit, bgnbd, gamma_gamma, log_likelihood, diagnostics
       FROM model_fits ORDER BY created_at DESC LIMIT 1`,
    [],
  );
  if (!row) return null;
  const diagnostics = json(row.diagnostics) as Partial<FitDiagnostics> | null;
  return {
    fittedAt: new Date(row.created_at as string).toISOString(),
    asOf: new Date(row.as_of as string).toISOString(),
    customers: Number(row.customers),
    unit: String(row.unit),
    bgnbd: json(row.bgnbd) as ModelHealth["bgnbd"],
    gammaGamma: row.gamma_gamma === null ? null : (json(row.gamma_gamma) as ModelHealth["gammaGamma"]),
    logLikelihood: Number(row.log_likelihood),
    diagnostics: diagnostics && typeof diagnostics.converged === "boolean" ? (diagnostics as FitDiagnostics) : null,
  };
}
