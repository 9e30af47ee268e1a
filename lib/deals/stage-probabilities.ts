// The win probability each stage gives a deal moved into it. Admins set the open
// stages' (a small table, one row per stage); Won is 100 % and Lost 0 % always.
import { getPrisma } from "@/lib/db/client";
import { can, type Actor } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DealStage } from "@/lib/generated/prisma/enums";
import { OPEN_STAGES, STAGE_PROBABILITY, type StageProbabilitiesInput } from "./schema";

export type StageProbabilities = Record<DealStage, number>;

/** The probabilities in force: the admin's where set, else the defaults. */
export async function stageProbabilities(db?: Pick<Prisma.TransactionClient, "stageProbability">): Promise<StageProbabilities> {
  const reader = db ?? (await getPrisma());
  const rows = await reader.stageProbability.findMany({ where: { stage: { in: [...OPEN_STAGES] } } });
  const result: StageProbabilities = { ...STAGE_PROBABILITY };
  for (const row of rows) result[row.stage] = row.probability;
  return result;
}

export async function readStageProbabilities(actor: Actor): Promise<StageProbabilities> {
  if (!can(actor, "read", "deal")) throw new Forbidden("Your role may not read deals.");
  return stageProbabilities();
}

/** Admins only; audited with before and after. Deals already in a stage keep their probability. */
export async function setStageProbabilities(actor: Actor, input: StageProbabilitiesInput): Promise<StageProbabilities> {
  if (!can(actor, "write", "settings")) throw new Forbidden("Only admins set stage probabilities.");
  const prisma = await getPrisma();
  return prisma.$transaction(async (tx) => {
    const before = await stageProbabilities(tx);
    for (const stage of OPEN_STAGES) {
      await tx.stageProbability.upsert({
        where: { stage },
        create: { stage, probability: input[stage], updatedById: actor.id },
        update: { probability: input[stage], updatedById: actor.id },
      });
    }
    const after = await stageProbabilities(tx);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "settings.stage_probabilities",
      entityType: "settings",
      entityId: "stage-probabilities",
      before,
      after,
    });
    return after;
  });
}
