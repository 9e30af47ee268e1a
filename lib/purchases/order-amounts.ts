// An order's amounts in integer cents, and whether each fits its numeric(14,2) column:
// the same arithmetic for an order logged in the app (create/change-purchase.ts, and
// its schema) and one imported from CSV (lib/imports/apply.ts). Without the bounds,
// 100,000 × 10,000,000.00 reached the database and failed there with a 500.
import { MAX_MONEY_TEXT, fitsMoneyColumn } from "@/lib/money";

export interface OrderLineAmounts {
  quantity: number;
  unitPriceCents: number;
  unitCostCents: number;
}

export interface AmountProblem {
  /** Index of the line, or null for the order as a whole. */
  line: number | null;
  /** What is too large: a line's total, the order's total, or its gross profit. */
  amount: "lineTotal" | "total" | "grossProfit";
  reason: string;
}

export function orderAmounts(lines: OrderLineAmounts[]) {
  const problems: AmountProblem[] = [];
  let totalCents = 0;
  let grossProfitCents = 0;
  const lineTotals = lines.map((line, index) => {
    const lineTotalCents = line.quantity * line.unitPriceCents;
    if (!fitsMoneyColumn(lineTotalCents))
      problems.push({ line: index, amount: "lineTotal", reason: `quantity × unit price must be at most ${MAX_MONEY_TEXT}` });
    totalCents += lineTotalCents;
    grossProfitCents += line.quantity * (line.unitPriceCents - line.unitCostCents);
    return lineTotalCents;
  });
  if (problems.length === 0 && !fitsMoneyColumn(totalCents))
    problems.push({ line: null, amount: "total", reason: `the order total must be at most ${MAX_MONEY_TEXT}` });
  if (problems.length === 0 && !fitsMoneyColumn(grossProfitCents)) {
    problems.push({
      line: null,
      amount: "grossProfit",
      reason: `the order's gross profit (price − unit cost, times quantity) must be within ±${MAX_MONEY_TEXT}`,
    });
  }
  return { lineTotals, totalCents, grossProfitCents, problems };
}
