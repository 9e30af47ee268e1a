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
import { FX_SETTINGS_COLUMNS, fxSettingsOf, fxTableFor } from "./fx-context";

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

const DEFAULT_COSTS: MetricsCosts = Object.freeze({
  acquisitionCost: 0,
  retentionCostPerYear: 0,
  grossMargin: 1,
  discountRateYearly: 0.1,
  horizonMonths: 36,
  lifespanCapYears: 10,
  defaultLifespanYears: 3,
  flagThresholds: Object.freeze({}),
});

const num = (value: unknown) => Number(String(value));

/** The cost inputs in force and the current fit, without the catalog: what the account page's LTV sentences use. */
export type InputsContext = Omit<MetricsContext, "catalog">;

export async function loadMetricsContext(query: Query, asOf: Date = new Date()): Promise<MetricsContext> {
  const [inputs, catalog] = await Promise.all([loadInputsContext(query, asOf), loadCatalog(query)]);
  return { ...inputs, catalog };
}

// The fit and the cost version in force are immutable rows (a refit inserts a new fit; a cost
// change inserts a new version and only sets applied_at once), so what is parsed from them is
// kept per process, keyed by their ids. Each call still reads which ids are current (one small
// statement), so a refit, a cost swap or a version coming into force shows on the very next
// read, on every app instance sharing the database.
interface CachedFit {
  id: string;
  model: PredictiveModel;
  portfolio: PortfolioContext;
}
interface CachedCosts {
  key: string;
  defaults: MetricsCosts;
  bySegment: ReadonlyMap<string, MetricsCosts>;
}
const cache = ((globalThis as unknown as { __ltvInputsCache?: { fit: CachedFit | null; costs: CachedCosts | null } }).__ltvInputsCache ??= {
  fit: null,
  costs: null,
});

const COST_VERSION = `applied_at IS NOT NULL
          AND effective_from = (SELECT max(effective_from) FROM cost_settings
                                 WHERE applied_at IS NOT NULL AND segment IS NULL AND effective_from <= $1::timestamptz)`;

/** The cost inputs in force and the current model fit, parsed once per version (see above). */
export async function loadInputsContext(query: Query, asOf: Date = new Date()): Promise<InputsContext> {
  // One statement for every version the inputs hang on: the fit, the cost version, the rates.
  const [current] = await query(
    `SELECT (SELECT id::text FROM model_fits ORDER BY created_at DESC LIMIT 1) AS fit_id,
            -- One version = the default row and the overrides saved with it (same effective_from);
            -- the newest applied version in force wins as a whole, so removing an override sticks.
            (SELECT string_agg(id::text, ',' ORDER BY id) FROM cost_settings WHERE ${COST_VERSION}) AS cost_ids,
            fx.*
       FROM (SELECT 1) AS one
       LEFT JOIN (SELECT ${FX_SETTINGS_COLUMNS} FROM fx_settings WHERE id = 1) AS fx ON true`,
    [asOf.toISOString()],
    { prepare: "input-versions" },
  );
  const fitId = current?.fit_id == null ? null : String(current.fit_id);
  const costIds = current?.cost_ids == null ? "" : String(current.cost_ids);
  const [fit, costs, fx] = await Promise.all([fitById(query, fitId), costsByIds(query, costIds), fxTableFor(query, fxSettingsOf(current))]);
  return {
    costsFor: (segment) => costs.bySegment.get(segment) ?? costs.defaults,
    costDefaults: costs.defaults,
    costsBySegment: costs.bySegment,
    model: fit?.model ?? null,
    portfolio: fit?.portfolio ?? EMPTY_PORTFOLIO,
    fx,
  };
}

async function fitById(query: Query, id: string | null): Promise<CachedFit | null> {
  if (id === null) return null;
  if (cache.fit?.id === id) return cache.fit;
  const [row] = await query(`SELECT id::text AS id, unit, bgnbd, gamma_gamma, portfolio FROM model_fits WHERE id = $1::uuid`, [id]);
  // Deleted between the two reads (a reset): the caller reads again next time.
  if (!row) return null;
  const fit: CachedFit = deepFreeze({
    id,
    model: {
      id,
      unit: String(row.unit) as PredictiveModel["unit"],
      bgnbd: parseJson(row.bgnbd),
      ...gammaGammaOf(parseJson(row.gamma_gamma)),
    },
    portfolio: { ...EMPTY_PORTFOLIO, ...parseJson(row.portfolio) },
  });
  cache.fit = fit;
  return fit;
}

async function costsByIds(query: Query, key: string): Promise<CachedCosts> {
  if (cache.costs?.key === key) return cache.costs;
  const ids = key === "" ? [] : key.split(",");
  // The rows of the version read above, by id: a swap committed meanwhile cannot slip in under this key.
  const rows = ids.length
    ? await query(
        `SELECT DISTINCT ON (coalesce(segment, '')) segment, acquisition_cost::text AS acquisition_cost,
                retention_cost_per_year::text AS retention_cost_per_year, gross_margin::text AS gross_margin,
                discount_rate_yearly::text AS discount_rate_yearly, horizon_months,
                lifespan_cap_years::text AS lifespan_cap_years, default_lifespan_years::text AS default_lifespan_years,
                flag_thresholds
           FROM cost_settings
          WHERE id = ANY($1::uuid[])
          ORDER BY coalesce(segment, ''), created_at DESC`,
        [ids],
      )
    : [];
  const bySegment = new Map<string, MetricsCosts>();
  let defaults = DEFAULT_COSTS;
  for (const row of rows) {
    const costs: MetricsCosts = deepFreeze({
      acquisitionCost: centsFromDecimalString(String(row.acquisition_cost)) / 100,
      retentionCostPerYear: centsFromDecimalString(String(row.retention_cost_per_year)) / 100,
      grossMargin: num(row.gross_margin),
      discountRateYearly: num(row.discount_rate_yearly),
      horizonMonths: Number(row.horizon_months),
      lifespanCapYears: num(row.lifespan_cap_years),
      defaultLifespanYears: num(row.default_lifespan_years),
      flagThresholds: parseJson(row.flag_thresholds) ?? {},
    });
    if (row.segment === null) defaults = costs;
    else bySegment.set(String(row.segment), costs);
  }
  const costs: CachedCosts = { key, defaults, bySegment };
  // Only a complete version is kept (an empty key is the no-settings case, nothing to read).
  if (rows.length > 0 || ids.length === 0) cache.costs = costs;
  return costs;
}

/** Shared between requests: a caller that changed one would change every later request's inputs. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
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
