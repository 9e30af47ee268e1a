// Small helpers shared by the admin screens.
import { ApiError } from "@/components/api-client";
import { formatPrice as formatPriceOf } from "@/components/ui/format";
import { fieldLabel, sentence } from "@/components/ui/form-errors";

/** A plain sentence for a failed request, naming the field when the server did. */
export function explainError(error: unknown): string {
  if (error instanceof ApiError && error.status !== 0) {
    if (error.issues.length > 0) return error.issues.map((issue) => sentence(`${fieldLabel(issue.field)}: ${issue.reason}`)).join(" ");
    return error.message;
  }
  return "The server could not be reached; nothing was changed.";
}

export const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm";
export const labelClass = "block text-sm font-medium text-slate-700";

/** Catalog prices (numeric text from the API) to the cent, as everywhere else (components/ui/format.ts). */
export const formatPrice = (decimal: string) => formatPriceOf(Number(decimal));
