// A monthly revenue goal as an admin sends it, validated once at the edge. The amount is a
// plain decimal (the form turns "40.000,50" into "40000.50", components/ui/number-input.ts);
// null clears the month's goal.
import { z } from "zod";
import { recordId } from "@/lib/http/ids";
import { moneyInput } from "@/lib/purchases/schema";
import { MONTH_PATTERN } from "@/lib/business-month";

/** Goals can be set from 2000 to 2100: a typo does not land in the year 20261. */
export const goalMonth = () =>
  z
    .string({ error: "must be a month like 2026-12" })
    .trim()
    .regex(MONTH_PATTERN, { error: "must be a month like 2026-12", abort: true })
    .refine((month) => month >= "2000-01" && month <= "2100-12", "must be between 2000-01 and 2100-12");

export const setRepGoalInput = z
  .object({
    repId: recordId("a user id"),
    month: goalMonth(),
    // Integer cents after parsing (moneyInput: ≥ 0, at most two decimals, at most 10,000,000).
    goal: moneyInput.nullable().optional(),
  })
  .strict()
  .transform((input, ctx) => {
    // Required, but said in words (zod's own word for a missing union value is "Invalid input").
    if (input.goal === undefined) {
      ctx.addIssue({ code: "custom", path: ["goal"], message: "must be an amount, or null to clear the goal" });
      return z.NEVER;
    }
    return { ...input, goal: input.goal };
  });
export type SetRepGoalInput = z.infer<typeof setRepGoalInput>;
