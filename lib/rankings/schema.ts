// Query of GET /api/rankings and its CSV export. The measure names are the
// public vocabulary; MEASURE_COLUMN is the only way a measure reaches SQL, so
// no client text is ever spliced into a statement.
import { z } from "zod";
import { recordId } from "@/lib/http/ids";
import { MEASURES, RANKING_FLAGS, type Measure } from "./measures";

export { MEASURES, MEASURE_LABEL, type Measure, type RankingItem, type RankingPage } from "./measures";

/**
 * Whitelist: measure → account_metrics column (each has a (col DESC, account_id DESC) index and an
 * owner-prefixed one). Money ranks in the reporting currency (decision 0015): an account without a
 * rate has null there and is left out of a money ranking, counted in the page's `missing`.
 */
export const MEASURE_COLUMN: Readonly<Record<Measure, string>> = {
  historical: "reporting_historical_ltv",
  formula: "reporting_formula_ltv",
  predicted: "reporting_predicted_clv",
  palive: "p_alive",
};

/** numeric(14,2) columns compare as numeric; p_alive is double precision. */
export const MEASURE_SQL_TYPE: Readonly<Record<Measure, "numeric" | "float8">> = {
  historical: "numeric",
  formula: "numeric",
  predicted: "numeric",
  palive: "float8",
};

// An empty form field ("segment=") means "no filter", not "segment is empty".
const blankToUndefined = <T>(value: T | "" | undefined): T | undefined => (value === "" ? undefined : value);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => value || undefined);

// Plain decimal text only (Number() would read " " as 0 and "1e400" as Infinity), at most the
// 12 whole digits a numeric(14,2) column holds, so a bound never fails in SQL.
const DECIMAL = /^-?\d{1,12}(\.\d{1,12})?$/;
function optionalBound(field: string) {
  return z
    .string({ error: `${field} must be a number` })
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      if (!DECIMAL.test(text)) {
        ctx.addIssue({ code: "custom", message: "must be a number like 1000 or -250.50" });
        return z.NEVER;
      }
      return Number(text);
    });
}

export const rankingFilters = {
  measure: z.enum(MEASURES, { error: `must be one of ${MEASURES.join(", ")}` }).default("historical"),
  ownerId: z
    .union([z.literal(""), recordId("a user id")])
    .optional()
    .transform(blankToUndefined),
  segment: optionalText(50),
  region: optionalText(100),
  flag: z
    .union([z.literal(""), z.enum(RANKING_FLAGS, { error: `must be one of ${RANKING_FLAGS.join(", ")}` })])
    .optional()
    .transform(blankToUndefined),
  q: optionalText(100),
  // A band of the ranked measure's values, min inclusive and max exclusive (a histogram bar's
  // edges), and a floor on revenue to date (the Pareto chart's "top customers").
  min: optionalBound("min"),
  max: optionalBound("max"),
  revenueMin: optionalBound("revenueMin"),
  // The cohort: customers whose first order fell in this month (UTC, as the cohort chart groups them).
  cohort: z
    .union([z.literal(""), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month like 2026-03")])
    .optional()
    .transform(blankToUndefined),
};

/** The UTC instants a cohort month runs between: [from, to). */
export function cohortBounds(month: string): { from: string; to: string } {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return { from: new Date(Date.UTC(year, m - 1, 1)).toISOString(), to: new Date(Date.UTC(year, m, 1)).toISOString() };
}

/** min < max when both are given: an empty band is a mistake in the link, named on `max`. */
function bandIsOrdered(filter: { min?: number; max?: number }, ctx: z.RefinementCtx): void {
  if (filter.min !== undefined && filter.max !== undefined && !(filter.min < filter.max)) {
    ctx.addIssue({ code: "custom", path: ["max"], message: "must be greater than min" });
  }
}

export const rankingsQuery = z
  .object({
    ...rankingFilters,
    limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
    // summary=1: the first page of a filtered ranking also carries its KPI sums (the dashboard's strip).
    summary: z
      .enum(["0", "1"], { error: "must be 1 or 0" })
      .optional()
      .transform((value) => (value === "1" ? true : undefined)),
  })
  .strict()
  .superRefine(bandIsOrdered);
export type RankingsQuery = z.output<typeof rankingsQuery>;
export type RankingsQueryInput = z.input<typeof rankingsQuery>;

export const rankingsExportQuery = z.object(rankingFilters).strict().superRefine(bandIsOrdered);
export type RankingsFilter = z.output<typeof rankingsExportQuery>;

/** What a page cursor carries: the last row's key, the measure it belongs to and the rows before the next page (for `rank`). */
export const rankingCursor = z
  .object({
    m: z.enum(MEASURES),
    // The sort key as PostgreSQL prints it (numeric text, or float8's shortest exact form).
    v: z
      .string()
      .max(40)
      .regex(/^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i),
    id: recordId(),
    r: z.number().int().min(0).max(1_000_000_000),
  })
  .strict();
export type RankingCursor = z.infer<typeof rankingCursor>;
