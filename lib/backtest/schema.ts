// What a manager may ask of a backtest: a cutoff whose window has already happened, and a window length.
import { z } from "zod";
import { calendarDay } from "@/lib/dates";

const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 90;

export const backtestInput = z
  .object({
    // Default (applied by the caller): today − windowDays, the newest cutoff whose window is complete.
    cutoff: calendarDay({ futureMessage: "must be in the past" }).optional(),
    windowDays: z
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(7, "must be at least 7 days")
      .max(365, "must be at most 365 days")
      .default(DEFAULT_WINDOW_DAYS),
  })
  .strict()
  .superRefine((input, ctx) => {
    // zod reports every issue: this runs after a failed windowDays check too, so only a valid window is used.
    if (!input.cutoff || !(Number.isInteger(input.windowDays) && input.windowDays >= 7 && input.windowDays <= 365)) return;
    const windowEnd = input.cutoff.getTime() + input.windowDays * DAY_MS;
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    if (windowEnd > today) {
      ctx.addIssue({
        code: "custom",
        path: ["cutoff"],
        message: `must be at least ${input.windowDays} days ago, so the window after it has happened (latest ${new Date(today - input.windowDays * DAY_MS).toISOString().slice(0, 10)})`,
      });
    }
  });
export type BacktestRequest = z.infer<typeof backtestInput>;

export const backtestGroup = z
  .string()
  .regex(
    /^(bin:[0-9]|churn:(flagged|hit|missed|all)|flag:(churn_risk|replenishment|upsell|cross_sell):(all|hit))$/,
    "must be a group such as bin:3, churn:hit or flag:upsell:hit",
  );
