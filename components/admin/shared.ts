// Small helpers shared by the admin screens.
import { formatPrice as formatPriceOf } from "@/components/ui/format";

export const inputClass = "block min-h-11 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm";
export const labelClass = "block text-sm font-medium text-slate-700";

/** Catalog prices (numeric text from the API) to the cent, as everywhere else (components/ui/format.ts). */
export const formatPrice = (decimal: string) => formatPriceOf(Number(decimal));
