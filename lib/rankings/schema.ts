// Query of GET /api/rankings and its CSV export. The measure names are the
// public vocabulary; MEASURE_COLUMN is the only way a measure reaches SQL, so
// no client text is ever spliced into a statement.
import { z } from "zod";
import { recordId } from "@/lib/http/ids";
import { MEASURES, RANKING_FLAGS, type Measure } from "./measures";

export { MEASURES, MEASURE_LABEL, type Measure, type RankingItem, type RankingPage } from "./measures";

/**
 * Whitelist: measure → account_metrics column (each has a (col DESC, account_id DESC) index and an
 * owner-prefixed one). Money ranks in the reporting currency (decision 0012): an account without a
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
};

export const rankingsQuery = z
  .object({
    ...rankingFilters,
    limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type RankingsQuery = z.output<typeof rankingsQuery>;
export type RankingsQueryInput = z.input<typeof rankingsQuery>;

export const rankingsExportQuery = z.object(rankingFilters).strict();
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
