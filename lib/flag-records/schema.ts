// Snoozing and dismissing a flag: validated once, here, at the edge.
import { z } from "zod";
import { calendarDay } from "@/lib/follow-ups/schema";
import { DISMISS_REASONS } from "./machine";

export const snoozeFlagInput = z.object({ until: calendarDay }).strict();
export type SnoozeFlagInput = z.infer<typeof snoozeFlagInput>;

export const dismissFlagInput = z
  .object({
    reason: z.enum(DISMISS_REASONS, { error: `must be one of ${DISMISS_REASONS.join(", ")}` }),
    note: z
      .string()
      .trim()
      .max(500, "must be at most 500 characters")
      .nullish()
      .transform((value) => (value ? value : null)),
  })
  .strict();
export type DismissFlagInput = z.infer<typeof dismissFlagInput>;

/** The flag lifecycle's admin setting (lib/flag-records/settings.ts). */
export const flagSettingsInput = z
  .object({
    flagDismissDays: z
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(1, "must be at least 1 day")
      .max(365, "must be at most 365 days"),
  })
  .strict();
export type FlagSettingsInput = z.infer<typeof flagSettingsInput>;
