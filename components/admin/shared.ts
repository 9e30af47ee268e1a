// Small helpers shared by the admin screens.
import { ApiError } from "@/components/account/api";

/** A plain sentence for a failed request, naming the field when the server did. */
export function explainError(error: unknown): string {
  if (error instanceof ApiError && error.status !== 0) {
    if (error.issues.length > 0) return error.issues.map((issue) => `${issue.field}: ${issue.reason}`).join("; ");
    return error.message;
  }
  return "The server could not be reached; nothing was changed.";
}

export const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm";
export const labelClass = "block text-sm font-medium text-slate-700";

const euro = new Intl.NumberFormat("en-GB", { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Catalog prices to the cent (formatMoney rounds large amounts). */
export const formatPrice = (decimal: string) => euro.format(Number(decimal));
