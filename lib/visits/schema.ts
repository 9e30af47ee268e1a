// A visit, call, e-mail or meeting a rep logs: validated once, here, at the edge.
import { z } from "zod";
import { visitTime } from "@/lib/dates";
import { recordId } from "@/lib/http/ids";
import { VisitType } from "@/lib/generated/prisma/enums";
import { calendarDay, closeFollowUpIds } from "@/lib/follow-ups/schema";

/** Trimmed free text; blank becomes undefined so "   " never lands in the database. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((value) => (value === "" ? undefined : value))
    .optional();

/** The client's idempotency key (a UUID in practice), unique per user. */
export const idempotencyKey = z
  .string()
  .trim()
  .min(8, "must be at least 8 characters")
  .max(100, "must be at most 100 characters")
  .regex(/^[\w-]+$/, "letters, digits, - and _ only");

export const createVisitInput = z
  .object({
    accountId: recordId("an account id"),
    contactId: recordId("a contact id")
      .nullish()
      .transform((value) => value ?? undefined),
    type: z.enum(VisitType, { error: "must be one of VISIT, CALL, EMAIL, MEETING" }),
    occurredAt: visitTime(),
    outcome: optionalText(200),
    notes: optionalText(4000),
    nextStep: optionalText(500),
    /** When the next step is due: creates a follow-up titled with the next step. */
    nextStepDueOn: calendarDay.nullish().transform((value) => value ?? undefined),
    /** The account's follow-ups this visit answered: marked done in the visit's transaction. */
    closeFollowUpIds,
    idempotencyKey,
  })
  .strict()
  .superRefine((visit, ctx) => {
    if (visit.nextStepDueOn && !visit.nextStep)
      ctx.addIssue({ code: "custom", path: ["nextStep"], message: "is needed when nextStepDueOn is given" });
  });
export type CreateVisitInput = z.infer<typeof createVisitInput>;

export const listVisitsQuery = z
  .object({
    accountId: recordId("an account id"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListVisitsQuery = z.infer<typeof listVisitsQuery>;
