// The cost-inputs form: what the API sends and takes (fractions, currency units)
// and what a person types (percent for shares). Conversion happens only here.
import type { JobView } from "@/lib/jobs/job-view";
import type { FlagThresholds } from "@/lib/flags/thresholds";
import type { CostInputsView } from "@/lib/settings/versions";

export type CostInputsJson = CostInputsView;

export interface CostVersionJson {
  id: string;
  effectiveFrom: string;
  appliedAt: string | null;
  note: string | null;
  createdBy: { id: string; name: string } | null;
  default: CostInputsJson;
  segments: Record<string, CostInputsJson>;
  pending?: boolean;
}

/** A job as GET /api/jobs/{id} sends it (dates as ISO strings). */
export type JobJson = Omit<JobView, "startedAt" | "finishedAt"> & { startedAt: string | null; finishedAt: string | null };

export const jobFinished = (job: JobJson | undefined) => job?.status === "SUCCEEDED" || job?.status === "FAILED";

export interface CostSettingsJson {
  inForce: CostVersionJson | null;
  history: CostVersionJson[];
  segments: string[];
  job: JobJson | null;
  flagThresholdDefaults: FlagThresholds;
}

export interface CostPreviewJson {
  accounts: number;
  changed: { formulaLtv: number; predictedClv: number; anyLtv: number };
  totals: Record<"historicalLtv" | "revenueLtv" | "formulaLtv" | "predictedClv", { before: number; after: number }>;
  movers: { up: MoverJson[]; down: MoverJson[] };
  ms: number;
}

export interface MoverJson {
  accountId: string;
  name: string;
  ownerName: string;
  segment: string;
  before: number;
  after: number;
  delta: number;
}

type ThresholdKey = keyof FlagThresholds;

/** How each threshold is typed in the form: shares as percent, the rest as plain numbers. */
export const THRESHOLD_FIELDS: Array<{ key: ThresholdKey; label: string; percent?: boolean; group: string }> = [
  {
    key: "churnProbabilityThreshold",
    label: "Churn risk when the chance of no order in 90 days is at least (%)",
    percent: true,
    group: "Churn risk",
  },
  { key: "churnProbabilityHighThreshold", label: "High churn risk from a chance of no order of (%)", percent: true, group: "Churn risk" },
  { key: "overdueRatio", label: "Without a fitted model: overdue after this many usual gaps (×)", group: "Churn risk" },
  { key: "overdueRatioHigh", label: "Without a fitted model: badly overdue after this many usual gaps (×)", group: "Churn risk" },
  { key: "minOrdersForGap", label: "Orders needed to trust an account's own gap", group: "Churn risk" },
  { key: "trendPeriodDays", label: "Trend period (days)", group: "Churn risk" },
  {
    key: "trendDropRatio",
    label: "Falling when the last period is below this share of the one before (%)",
    percent: true,
    group: "Churn risk",
  },
  { key: "trendMinPreviousOrders", label: "Orders needed in the previous period for a trend", group: "Churn risk" },
  { key: "tierLadderMinPurchases", label: "Purchases of a category in a year before suggesting the next tier", group: "Upsell" },
  { key: "upsellMaxTierFlags", label: "Tier suggestions per account at most", group: "Upsell" },
  { key: "upsellPeerPercentile", label: "Peer spend percentile compared with (%)", percent: true, group: "Upsell" },
  { key: "upsellMinGapShare", label: "Flag when spend is below peers by at least (% of peer spend)", percent: true, group: "Upsell" },
  { key: "upsellMinOrdersPerYear", label: "Orders per year needed for a peer-gap upsell", group: "Upsell" },
  { key: "upsellMinPeers", label: "Peers needed for a benchmark", group: "Upsell" },
  { key: "crossSellMinLift", label: "Cross-sell rule lift above (×)", group: "Cross-sell" },
  { key: "crossSellMinSupport", label: "Cross-sell rule support at least (% of accounts)", percent: true, group: "Cross-sell" },
  { key: "crossSellMinAccounts", label: "Accounts buying the first category at least", group: "Cross-sell" },
  { key: "crossSellMinConfidence", label: "Cross-sell rule confidence at least (%)", percent: true, group: "Cross-sell" },
  { key: "crossSellMaxFlags", label: "Cross-sell suggestions per account at most", group: "Cross-sell" },
  { key: "replenishmentGraceDays", label: "Replenishment due this many days after the cycle (negative = early)", group: "Replenishment" },
  { key: "replenishmentMaxCycles", label: "Stop reminding after this many missed cycles", group: "Replenishment" },
];

/** What the person types: text, so a half-typed value stays as typed. */
export interface CostInputsForm {
  acquisitionCost: string;
  retentionCostPerYear: string;
  grossMarginPercent: string;
  discountRatePercent: string;
  horizonMonths: string;
  lifespanCapYears: string;
  defaultLifespanYears: string;
  thresholds: Record<ThresholdKey, string>;
}

// Percent ↔ fraction without binary noise (38.25 % ↔ 0.3825).
const toPercent = (fraction: number) => String(Number((fraction * 100).toFixed(6)));
const toFraction = (percent: string) =>
  percent.trim() === "" || !Number.isFinite(Number(percent)) ? percent : Number((Number(percent) / 100).toFixed(8));
const toNumber = (text: string) => (text.trim() === "" || !Number.isFinite(Number(text)) ? text : Number(text));

export function formOf(inputs: CostInputsJson, defaults: FlagThresholds): CostInputsForm {
  const effective = { ...defaults, ...inputs.flagThresholds };
  const thresholds = Object.fromEntries(
    THRESHOLD_FIELDS.map(({ key, percent }) => [key, percent ? toPercent(effective[key]) : String(effective[key])]),
  ) as Record<ThresholdKey, string>;
  return {
    acquisitionCost: inputs.acquisitionCost.toFixed(2),
    retentionCostPerYear: inputs.retentionCostPerYear.toFixed(2),
    grossMarginPercent: toPercent(inputs.grossMargin),
    discountRatePercent: toPercent(inputs.discountRateYearly),
    horizonMonths: String(inputs.horizonMonths),
    lifespanCapYears: String(inputs.lifespanCapYears),
    defaultLifespanYears: String(inputs.defaultLifespanYears),
    thresholds,
  };
}

/** The API body for one set of inputs; what does not parse is sent as typed so the server names the field. */
export function inputsOf(form: CostInputsForm) {
  return {
    acquisitionCost: form.acquisitionCost.trim(),
    retentionCostPerYear: form.retentionCostPerYear.trim(),
    grossMargin: toFraction(form.grossMarginPercent),
    discountRateYearly: toFraction(form.discountRatePercent),
    horizonMonths: toNumber(form.horizonMonths),
    lifespanCapYears: toNumber(form.lifespanCapYears),
    defaultLifespanYears: toNumber(form.defaultLifespanYears),
    flagThresholds: Object.fromEntries(
      THRESHOLD_FIELDS.map(({ key, percent }) => [key, percent ? toFraction(form.thresholds[key]) : toNumber(form.thresholds[key])]),
    ),
  };
}

/** Server field paths ("default.grossMargin") → the form field they belong to. */
export function formFieldOf(apiField: string): string {
  return apiField
    .replace(/\.grossMargin$/, ".grossMarginPercent")
    .replace(/\.discountRateYearly$/, ".discountRatePercent")
    .replace(/\.flagThresholds\./, ".thresholds.");
}

const PERCENT_API_FIELDS = new Set(["grossMargin", "discountRateYearly", ...THRESHOLD_FIELDS.filter((f) => f.percent).map((f) => f.key)]);

/** The server checks fractions ("must be at most 1"); a field typed in percent reads "must be at most 100 %". */
export function formReasonOf(apiField: string, reason: string): string {
  const last = apiField.split(".").pop() ?? "";
  if (!PERCENT_API_FIELDS.has(last)) return reason;
  return reason.replace(
    /(at most|at least|more than|less than|in) (-?\d+(?:\.\d+)?)\b(?! decimals)/g,
    (_m, words: string, n: string) => `${words} ${Number((Number(n) * 100).toFixed(6))} %`,
  );
}
