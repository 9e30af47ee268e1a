// Snoozing and dismissing a flag: validated once, here, at the edge.
import { z } from "zod";
import { calendarDay } from "@/lib/follow-ups/schema";
import { DISMISS_REASONS } from "./machine";

export const snoozeFlagInput = z.object({ until: calendarDay }).strict();
export type SnoozeFlagInput = z.infer<typeof snoozeFlagInput>;

export const dismissFlagInput = z
  .object({
    reason: z.enum(DISMISS_REASONS, { error: `must be one of ${DISMISS_REASONS.join(", ")}` }),
    note: z.string().trim().max(500, "must be at most 500 characters").nullish().transform((value) => (value ? value : null)),
  })
  .strict();
export type DismissFlagInput = z.infer<typeof dismissFlagInput>;
