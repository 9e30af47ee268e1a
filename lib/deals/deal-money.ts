// The one rule for a deal's amount across currencies (decision 0015), used by the pipeline board,
// the Team page's pipeline and won revenue, and the Team KPIs' expansion revenue: an open deal
// converts at today's rate (its value if it closed now), a won or lost one at the rate of the day
// it closed. Without a rate the amount is left out and counted apart by the caller, never 1:1.
import { convertHundredths, reportingRate, type FxTable } from "@/lib/fx/rates";

/** SQL: the UTC day number a closed deal (alias `d`) converts on; deals closed before closed_at existed use updated_at. */
export const DEAL_CLOSED_DAY_SQL = "((coalesce(d.closed_at, d.updated_at) AT TIME ZONE 'UTC')::date - DATE '1970-01-01')";

/**
 * A deal amount (integer hundredths of the account's currency) in the reporting currency, or null
 * when there is no rate on its day. `closedDay` is the day a won or lost deal closed (null = open).
 */
export function dealAmountInReporting(
  fx: FxTable,
  currency: string,
  hundredths: number,
  closedDay: number | null,
  today: number,
): number | null {
  const rate = reportingRate(fx, currency, closedDay ?? today);
  return rate.ok ? convertHundredths(hundredths, rate, fx.reportingCurrency) : null;
}
