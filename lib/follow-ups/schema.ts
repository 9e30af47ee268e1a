// Follow-ups: dated to-dos on an account. Validated once, here, at the edge.
import { z } from "zod";
import { recordId, recordVersion } from "@/lib/http/ids";

/** A calendar day, YYYY-MM-DD, stored at UTC midnight. */
export const calendarDay = z.iso
  .date("must be a date (YYYY-MM-DD)")
  .transform((day) => new Date(`${day}T00:00:00.000Z`))
  .refine((date) => date.getUTCFullYear() >= 1990 && date.getUTCFullYear() <= 2100, "must be between 1990 and 2100");

/**
 * Follow-ups an order or visit answered, closed in its transaction (the form offers the
 * account's open ones). Duplicates count once; an empty list is no list, so a request
 * without any hashes as before for its idempotency key.
 */
export const closeFollowUpIds = z
  .array(recordId("a follow-up id"), { error: "must be a list of follow-up ids" })
  .max(50, "at most 50 follow-ups at once")
  .transform((ids) => (ids.length > 0 ? [...new Set(ids)] : undefined))
  .optional();

export const followUpTitle = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");

export const createFollowUpInput = z
  .object({
    accountId: recordId("an account id"),
    title: followUpTitle,
    dueOn: calendarDay,
    contactId: recordId("a contact id")
      .nullish()
      .transform((value) => value ?? null),
    flagId: recordId("a flag id")
      .nullish()
      .transform((value) => value ?? null),
  })
  .strict();
export type CreateFollowUpInput = z.infer<typeof createFollowUpInput>;

export const updateFollowUpInput = z
  .object({
    status: z.enum(["open", "done"], { error: "must be open or done" }),
    dueOn: calendarDay.optional(),
    title: followUpTitle.optional(),
    version: recordVersion(),
  })
  .strict();
export type UpdateFollowUpInput = z.infer<typeof updateFollowUpInput>;

export const listFollowUpsQuery = z
  .object({
    /** overdue: before today; today: today; week: today and the 6 days after. Without it: every open follow-up. */
    due: z.enum(["overdue", "today", "week"], { error: "must be overdue, today or week" }).optional(),
    /** A manager's or admin's view of one rep; a rep only ever sees their own. */
    ownerId: recordId("a user id").optional(),
    accountId: recordId("an account id").optional(),
    status: z.enum(["open", "done"], { error: "must be open or done" }).default("open"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListFollowUpsQuery = z.infer<typeof listFollowUpsQuery>;

/** Days from today to the due date a follow-up made from a flag gets: urgent risk today, opportunities within a week or two. */
export const FOLLOW_UP_DAYS_BY_FLAG: Readonly<Record<string, number>> = { churn_risk: 0, replenishment: 2, upsell: 7, cross_sell: 14 };
