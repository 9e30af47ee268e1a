// The pipeline board's column headers: count and amount over EVERY deal in each
// stage the actor may read, summed by the database (the board loads cards a page
// at a time, so a sum over loaded cards undercounts any long column).
// Amounts are converted into the reporting currency (decision 0015): an open deal at today's
// rate, a won or lost one at the rate of the day it closed. A deal without a rate is left out of
// the total and counted apart, never added 1:1; the per-currency sums stay for the breakdown.
import { database, getPrisma } from "@/lib/db/client";
import { runnerQuery } from "@/lib/db/sql";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { centsFromDecimalString } from "@/lib/money";
import type { DealStage } from "@/lib/generated/prisma/client";
import { dayNumberOf, rateText, reportingRate } from "@/lib/fx/rates";
import { loadFxTable } from "@/lib/metrics/fx-context";
import { DEAL_STAGES } from "./schema";
import { DEAL_CLOSED_DAY_SQL, dealAmountInReporting } from "./deal-money";
import { stageProbabilities, type StageProbabilities } from "./stage-probabilities";

export interface StageTotal {
  stage: DealStage;
  count: number;
  /** One entry per currency the stage's deals are in, largest first; integer cents, unconverted. */
  amounts: Array<{ currency: string; cents: number }>;
  /** Σ of the converted amounts, in the reporting currency (cents). */
  cents: number;
  /** Deals left out of `cents` for lack of a rate, per currency. */
  missing: Array<{ currency: string; deals: number; cents: number }>;
}

export interface BoardSummary {
  stages: StageTotal[];
  /** The probability a deal takes when moved into each stage (admin setting). */
  probabilities: StageProbabilities;
  reportingCurrency: string;
  /** Today's rate into the reporting currency per currency on the board (null = none): a moved card's total follows at once. */
  todayRates: Record<string, string | null>;
}

const CLOSED: readonly DealStage[] = ["WON", "LOST"];

export async function boardSummary(actor: Actor, now = new Date()): Promise<BoardSummary> {
  if (!can(actor, "read", "deal")) throw new Forbidden("Your role may not read deals.");
  const prisma = await getPrisma();
  // The same scope as listDeals: a rep sees every deal on the accounts they own.
  const ownerId = accountOwnerFilter(actor);
  const rows = await prisma.$queryRawUnsafe<
    Array<{ stage: DealStage; currency: string; day: number | null; count: number; amount: string }>
  >(
    `SELECT d.stage::text AS stage, trim(a.currency) AS currency,
            CASE WHEN d.stage IN ('WON', 'LOST')
                 THEN ${DEAL_CLOSED_DAY_SQL} END AS day,
            count(*)::int AS count, sum(d.amount)::text AS amount
       FROM deals d JOIN accounts a ON a.id = d.account_id
      WHERE ($1::uuid IS NULL OR a.owner_id = $1::uuid)
      GROUP BY 1, 2, 3`,
    ownerId,
  );
  const fx = await loadFxTable(runnerQuery(await database()));
  const today = dayNumberOf(now);
  const stages = DEAL_STAGES.map((stage): StageTotal => {
    const mine = rows.filter((row) => row.stage === stage);
    const byCurrency = new Map<string, number>();
    const missing = new Map<string, { deals: number; cents: number }>();
    let converted = 0;
    for (const row of mine) {
      const cents = centsFromDecimalString(row.amount);
      byCurrency.set(row.currency, (byCurrency.get(row.currency) ?? 0) + cents);
      const closedDay = CLOSED.includes(stage) && row.day !== null ? Number(row.day) : null;
      const inReporting = dealAmountInReporting(fx, row.currency, cents, closedDay, today);
      if (inReporting !== null) converted += inReporting;
      else {
        const entry = missing.get(row.currency) ?? { deals: 0, cents: 0 };
        entry.deals += Number(row.count);
        entry.cents += cents;
        missing.set(row.currency, entry);
      }
    }
    return {
      stage,
      count: mine.reduce((sum, row) => sum + Number(row.count), 0),
      amounts: [...byCurrency].map(([currency, cents]) => ({ currency, cents })).sort((a, b) => b.cents - a.cents),
      cents: converted,
      missing: [...missing].map(([currency, entry]) => ({ currency, ...entry })),
    };
  });
  const currencies = new Set(rows.map((row) => row.currency));
  const todayRates = Object.fromEntries(
    [...currencies].map((currency) => {
      const rate = reportingRate(fx, currency, today);
      return [currency, rate.ok ? rateText(rate) : null];
    }),
  );
  return { stages, probabilities: await stageProbabilities(prisma), reportingCurrency: fx.reportingCurrency, todayRates };
}
