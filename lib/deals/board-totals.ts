// The pipeline board's column headers: count and amount over EVERY deal in each
// stage the actor may read, summed by the database (the board loads cards a page
// at a time, so a sum over loaded cards undercounts any long column).
import { getPrisma } from "@/lib/db/client";
import { accountOwnerFilter, can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { centsFromDecimalString } from "@/lib/money";
import type { DealStage } from "@/lib/generated/prisma/enums";
import { DEAL_STAGES } from "./schema";
import { stageProbabilities, type StageProbabilities } from "./stage-probabilities";

export interface StageTotal {
  stage: DealStage;
  count: number;
  /** One entry per currency the stage's deals are in, largest first; integer cents. */
  amounts: Array<{ currency: string; cents: number }>;
}

export interface BoardSummary {
  stages: StageTotal[];
  /** The probability a deal takes when moved into each stage (admin setting). */
  probabilities: StageProbabilities;
}

export async function boardSummary(actor: Actor): Promise<BoardSummary> {
  if (!can(actor, "read", "deal")) throw new Forbidden("Your role may not read deals.");
  const prisma = await getPrisma();
  // The same scope as listDeals: a rep sees every deal on the accounts they own.
  const ownerId = accountOwnerFilter(actor);
  const rows = await prisma.$queryRawUnsafe<Array<{ stage: DealStage; currency: string; count: number; amount: string }>>(
    `SELECT d.stage::text AS stage, a.currency, count(*)::int AS count, sum(d.amount)::text AS amount
       FROM deals d JOIN accounts a ON a.id = d.account_id
      WHERE ($1::uuid IS NULL OR a.owner_id = $1::uuid)
      GROUP BY d.stage, a.currency`,
    ownerId,
  );
  const stages = DEAL_STAGES.map((stage): StageTotal => {
    const mine = rows.filter((row) => row.stage === stage);
    return {
      stage,
      count: mine.reduce((sum, row) => sum + Number(row.count), 0),
      amounts: mine
        .map((row) => ({ currency: row.currency.trim(), cents: centsFromDecimalString(row.amount) }))
        .sort((a, b) => b.cents - a.cents),
    };
  });
  return { stages, probabilities: await stageProbabilities(prisma) };
}
