// What the rates API takes, validated once at the edge (decision 0015).
import { z } from "zod";
import { calendarDay } from "@/lib/dates";
import { isKnownCurrency } from "@/lib/fx/minor-units";

export const currencyCode = z
  .string({ error: "must be an ISO 4217 code like GBP" })
  .trim()
  .transform((code) => code.toUpperCase())
  // One reason per field: the shape first, then whether the code exists.
  .superRefine((code, ctx) => {
    if (!/^[A-Z]{3}$/.test(code)) ctx.addIssue({ code: "custom", message: "must be an ISO 4217 code like GBP" });
    else if (!isKnownCurrency(code)) ctx.addIssue({ code: "custom", message: "is not an ISO 4217 currency" });
  });

/** A rate's day: 1990 to tomorrow (rates are facts about the past; a day of slack for time zones). */
export const rateDay = () => calendarDay();

/** A rate: a positive decimal with at most 10 decimals, as text or a number. */
export const rateValue = z
  .union([z.number(), z.string().trim()], { error: "must be a positive number" })
  .transform((value) => (typeof value === "number" ? value.toString() : value))
  .refine((text) => /^\d+(\.\d+)?$/.test(text) && Number(text) > 0, "must be a positive number")
  .refine((text) => !/\.\d{11,}$/.test(text.replace(/0+$/, "")), "must have at most 10 decimals")
  .refine((text) => Number(text) < 1e10, "must be below 10,000,000,000");

export const fxRateQuery = z
  .object({
    currency: currencyCode,
    on: rateDay(),
  })
  .strict();
export type FxRateQuery = z.infer<typeof fxRateQuery>;

export const MAX_RATES_PER_REQUEST = 5000;

export const putRatesInput = z
  .object({
    rates: z
      .array(
        z
          .object({
            currency: currencyCode,
            on: rateDay(),
            /** Reporting-currency units per 1 unit of `currency` (what GET answers). */
            rate: rateValue,
          })
          .strict(),
      )
      .min(1, "send at least one rate")
      .max(MAX_RATES_PER_REQUEST, `at most ${MAX_RATES_PER_REQUEST} rates per request`),
  })
  .strict();
export type PutRatesInput = z.infer<typeof putRatesInput>;

export const fxSettingsInput = z
  .object({
    reportingCurrency: currencyCode,
    maxGapDays: z.number({ error: "must be a whole number of days" }).int("must be a whole number of days").min(0).max(366),
  })
  .strict();
export type FxSettingsInput = z.infer<typeof fxSettingsInput>;

export const MAX_RATES_FILE_BYTES = 5 * 1024 * 1024;
