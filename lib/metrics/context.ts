// Everything an account's metrics depend on besides its own rows: cost inputs,
// the current model fit, the portfolio context and the catalog. Read once per
// write (a handful of small queries), so a settings change or refit shows at once.
import { type Query } from "@/lib/db/sql";
import { loadCatalog } from "./store";
import { EMPTY_PORTFOLIO, type MetricsCosts, type PortfolioContext, type PredictiveModel } from "./compute";
import { centsFromDecimalString } from "@/lib/money";
import type { CatalogProduct } from "@/lib/flags/types";
import type { FxTable } from "@/lib/fx/rates";
import type { GammaGammaParams } from "@/lib/ltv/gamma-gamma";
import { loadFxTable } from "./fx-context";

export interface MetricsContext {
  costsFor(segment: string): MetricsCosts;
  /** The cost inputs in force: the default row and the per-segment overrides (admin page). */
  costDefaults: MetricsCosts;
  costsBySegment: ReadonlyMap<string, MetricsCosts>;
  model: PredictiveModel | null;
  portfolio: PortfolioContext;
  catalog: CatalogProduct[];
  /** The reporting currency, the gap setting and every rate (decision 0015). */
  fx: FxTable;
}

const DEFAULT_COSTS: MetricsCosts = {
  acquisitionCost: 0,
  retentionCostPerYear: 0,
  grossMargin: 1,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
  flagThresholds: {},
};

const num = (value: unknown) => Number(String(value));

export async function loadMetricsContext(query: Query, asOf: Date = new Date()): Promise<MetricsContext> {
  const [settings, fits, catalog, fx] = await Promise.all([
    query(
      `SELECT DISTINCT ON (coalesce(segment, '')) segment, acquisition_cost::text AS acquisition_cost,
              retention_cost_per_year::text AS retention_cost_per_year, gross_margin::text AS gross_margin,
              discount_rate_yearly::text AS discount_rate_yearly, horizon_months,
              lifespan_cap_years::text AS lifespan_cap_years, default_lifespan_years::text AS default_lifespan_years,
              flag_thresholds
         FROM cost_settings
        -- One version = the default row and the overrides saved with it (same effective_from);
        -- the newest applied version in force wins as a whole, so removing an override sticks.
        WHERE applied_at IS NOT NULL
          AND effective_from = (SELECT max(effective_from) FROM cost_settings
                                 WHERE applied_at IS NOT NULL AND segment IS NULL AND effective_from <= $1::timestamptz)
        ORDER BY coalesce(segment, ''), created_at DESC`,
      [asOf.toISOString()],
    ),
    query(`SELECT id, unit, bgnbd, gamma_gamma, portfolio FROM model_fits ORDER BY created_at DESC LIMIT 1`, []),
    loadCatalog(query),
    loadFxTable(query),
  ]);
  const bySegment = new Map<string, MetricsCosts>();
  let defaults = DEFAULT_COSTS;
  for (const row of settings) {
    const costs: MetricsCosts = {
      acquisitionCost: centsFromDecimalString(String(row.acquisition_cost)) / 100,
      retentionCostPerYear: centsFromDecimalString(String(row.retention_cost_per_year)) / 100,
      grossMargin: num(row.gross_margin),
      discountRateYearly: num(row.discount_rate_yearly),
      horizonMonths: Number(row.horizon_months),
      lifespanCapYears: num(row.lifespan_cap_years),
      defaultLifespanYears: num(row.default_lifespan_years),
      flagThresholds: parseJson(row.flag_thresholds) ?? {},
    };
    if (row.segment === null) defaults = costs;
    else bySegment.set(String(row.segment), costs);
  }
  const fit = fits[0];
  const model: PredictiveModel | null = fit
    ? {
        id: String(fit.id),
        unit: String(fit.unit) as PredictiveModel["unit"],
        bgnbd: parseJson(fit.bgnbd),
        ...gammaGammaOf(parseJson(fit.gamma_gamma)),
      }
    : null;
  return {
    costsFor: (segment) => bySegment.get(segment) ?? defaults,
    costDefaults: defaults,
    costsBySegment: bySegment,
    model,
    portfolio: fit ? { ...EMPTY_PORTFOLIO, ...parseJson(fit.portfolio) } : EMPTY_PORTFOLIO,
    catalog,
    fx,
  };
}

/** model_fits.gamma_gamma: { p, q, v } and, since decision 0015's refit change, the currency v is in. */
function gammaGammaOf(stored: (GammaGammaParams & { currency?: string }) | null): Pick<PredictiveModel, "gammaGamma" | "spendCurrency"> {
  if (!stored) return { gammaGamma: null };
  const { currency, ...params } = stored;
  return currency ? { gammaGamma: params, spendCurrency: currency } : { gammaGamma: params };
}

// pg parses json columns; PGlite and Prisma's raw queries may hand back text.
function parseJson<T = unknown>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
