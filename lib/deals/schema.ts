// Opportunities on an account: validated once, here, at the edge.
import { z } from "zod";
import { recordId, recordVersion } from "@/lib/http/ids";
import { DealStage, DealType } from "@/lib/generated/prisma/enums";
import { moneyInput } from "@/lib/purchases/schema";
import { closeDay } from "@/lib/dates";

export const DEAL_STAGES = ["LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION", "WON", "LOST"] as const satisfies readonly DealStage[];
export const CLOSED_STAGES: ReadonlySet<DealStage> = new Set<DealStage>(["WON", "LOST"]);
/** The usual win probability per stage (as the demo seed uses): used until an admin sets the open stages' (stage-probabilities.ts). */
export const STAGE_PROBABILITY: Readonly<Record<DealStage, number>> = {
  LEAD: 10,
  QUALIFIED: 25,
  PROPOSAL: 50,
  NEGOTIATION: 70,
  WON: 100,
  LOST: 0,
};
/** The stages whose probability an admin sets; a won deal is certain and a lost one is gone. */
export const OPEN_STAGES = ["LEAD", "QUALIFIED", "PROPOSAL", "NEGOTIATION"] as const satisfies readonly DealStage[];

/** Why a deal was lost: asked when it moves to Lost, kept on the deal for the win/loss review. */
export const LOST_REASONS = ["PRICE", "COMPETITOR", "NO_BUDGET", "NO_DECISION", "TIMING", "PRODUCT_FIT", "OTHER"] as const;
export type LostReason = (typeof LOST_REASONS)[number];

const title = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const stage = z.enum(DealStage, { error: "must be one of LEAD, QUALIFIED, PROPOSAL, NEGOTIATION, WON, LOST" });
const type = z.enum(DealType, { error: "must be one of NEW, UPSELL, CROSS_SELL, RENEWAL" });
const probability = z
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 100")
  .max(100, "must be between 0 and 100");
// A calendar day (expected close is a date, not an instant): YYYY-MM-DD, stored at UTC midnight.
const expectedCloseAt = closeDay();

export const createDealInput = z
  .object({
    accountId: recordId("an account id"),
    title,
    type: type.default("NEW"),
    /** Integer cents after parsing. */
    amount: moneyInput,
    probability: probability.default(10),
    expectedCloseAt: expectedCloseAt.nullish().transform((value) => value ?? null),
    stage: stage.default("LEAD"),
    productId: recordId("a product id")
      .nullish()
      .transform((value) => value ?? null),
    /** The upsell or cross-sell flag this deal answers; the flag becomes acted. */
    flagId: recordId("a flag id")
      .nullish()
      .transform((value) => value ?? null),
    contactId: recordId("a contact id")
      .nullish()
      .transform((value) => value ?? null),
  })
  .strict();
export type CreateDealInput = z.infer<typeof createDealInput>;

const lostReason = z.enum(LOST_REASONS, { error: "must be one of the listed reasons" });
const notes = z
  .string()
  .trim()
  .max(4000, "must be at most 4,000 characters")
  .transform((value) => (value === "" ? null : value));

export const updateDealInput = z
  .object({
    title: title.optional(),
    type: type.optional(),
    amount: moneyInput.optional(),
    probability: probability.optional(),
    expectedCloseAt: expectedCloseAt.nullable().optional(),
    stage: stage.optional(),
    productId: recordId("a product id").nullable().optional(),
    contactId: recordId("a contact id").nullable().optional(),
    notes: notes.nullable().optional(),
    /** Required when the deal moves to LOST; allowed only on a lost deal. */
    lostReason: lostReason.nullable().optional(),
    version: recordVersion(),
  })
  .strict();
export type UpdateDealInput = z.infer<typeof updateDealInput>;

export const listDealsQuery = z
  .object({
    /** One account's deals; without it, every deal the actor may read (the pipeline board). */
    accountId: recordId("an account id").optional(),
    stage: stage.optional(),
    /** true: open stages only; false: WON and LOST only. */
    open: z.enum(["true", "false"], { error: "must be true or false" }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListDealsQuery = z.infer<typeof listDealsQuery>;

const stageProbability = probability;
export const stageProbabilitiesInput = z
  .object({
    LEAD: stageProbability,
    QUALIFIED: stageProbability,
    PROPOSAL: stageProbability,
    NEGOTIATION: stageProbability,
  })
  .strict();
export type StageProbabilitiesInput = z.infer<typeof stageProbabilitiesInput>;
