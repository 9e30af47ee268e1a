// What a manager may ask of a backtest: a cutoff whose window has already happened, and a window length.
import { z } from "zod";
import { calendarDay } from "@/lib/dates";
import { DAY_MS } from "@/lib/days";

export const DEFAULT_WINDOW_DAYS = 90;
export const MIN_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 365;

export const isWindowDays = (days: number) => Number.isInteger(days) && days >= MIN_WINDOW_DAYS && days <= MAX_WINDOW_DAYS;

/** The newest cutoff whose window has fully happened: today (UTC) − windowDays, as YYYY-MM-DD. The default cutoff. */
export function latestCutoff(windowDays: number, now = new Date()): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - windowDays * DAY_MS).toISOString().slice(0, 10);
}

export const backtestInput = z
  .object({
    // Default (applied by the caller): today − windowDays, the newest cutoff whose window is complete.
    cutoff: calendarDay({ futureMessage: "must be in the past" }).optional(),
    windowDays: z
      .number({ error: "must be a number of days" })
      .int("must be a whole number of days")
      .min(MIN_WINDOW_DAYS, `must be at least ${MIN_WINDOW_DAYS} days`)
      .max(MAX_WINDOW_DAYS, `must be at most ${MAX_WINDOW_DAYS} days`)
      .default(DEFAULT_WINDOW_DAYS),
  })
  .strict()
  .superRefine((input, ctx) => {
    // zod reports every issue: this runs after a failed windowDays check too, so only a valid window is used.
    if (!input.cutoff || !isWindowDays(input.windowDays)) return;
    const latest = latestCutoff(input.windowDays);
    if (input.cutoff.toISOString().slice(0, 10) > latest) {
      ctx.addIssue({
        code: "custom",
        path: ["cutoff"],
        message: `must be at least ${input.windowDays} days ago, so the window after it has happened (latest ${latest})`,
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
