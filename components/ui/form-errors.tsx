// Server answers turned into words a rep reads next to the field they typed in:
// a 400 names each field (lib/http/route.ts issuesOf); a form shows each reason
// once, under its field, without the "Invalid body: lines.1.unitPrice" plumbing.
import { ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";

export interface FormErrors {
  /** Keyed by the server's field path ("amount", "lines.1.unitPrice"). */
  byField: Record<string, string>;
  /** What no field on the form can show: a conflict, a lost connection, an unknown field. */
  general: string | null;
}

/**
 * A plain sentence for a failed request that no field shows: the server's reasons with their
 * field's name, else its message; `refused` words a 403 where the screen knows better. One
 * explainer for every screen (the admin tables, the reassign flow).
 */
export function explainError(error: unknown, opts: { refused?: string } = {}): string {
  if (error instanceof ApiError && error.status !== 0) {
    if (error.status === 403 && opts.refused) return opts.refused;
    if (error.issues.length > 0) return error.issues.map((issue) => sentence(`${fieldLabel(issue.field)}: ${issue.reason}`)).join(" ");
    return error.message;
  }
  return "The server could not be reached; nothing was changed.";
}

/** "unit price" → "Unit price"; "" stays "". */
function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "must be a number" → "Must be a number." */
export function sentence(reason: string): string {
  const text = reason.trim();
  if (!text) return text;
  const first = capitalized(text);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** A field path in words, for a reason no field on the form can show: "lines.1.unitPrice" → "Unit price (line 2)". */
export function fieldLabel(path: string): string {
  const parts = path.split(".");
  const name = [...parts].reverse().find((part) => !/^\d+$/.test(part)) ?? path;
  const words = name
    .replace(/Id$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  const index = parts.find((part) => /^\d+$/.test(part));
  const label = words === "(body)" ? "The request" : capitalized(words);
  return index !== undefined ? `${label} (line ${Number(index) + 1})` : label;
}

/**
 * Splits an error by the fields the form shows. `labels` names each field the form
 * has (by path, or by a path prefix ending in "."), so a reason for a field the form
 * does not show still reads in words: "Amount: must be a number."
 */
export function formErrors(error: unknown, labels: Record<string, string>): FormErrors {
  if (!error) return { byField: {}, general: null };
  if (!(error instanceof ApiError)) return { byField: {}, general: error instanceof Error ? error.message : String(error) };
  const issues = error.issues;
  if (issues.length === 0) return { byField: {}, general: error.message };
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const issue of issues) {
    const shown = Object.hasOwn(labels, issue.field);
    if (shown) {
      if (!byField[issue.field]) byField[issue.field] = sentence(issue.reason);
    } else {
      const [top = issue.field] = issue.field.split(".");
      const label = labels[top] ?? fieldLabel(issue.field);
      const text = `${label}: ${issue.reason}`;
      if (!rest.includes(text)) rest.push(text);
    }
  }
  return { byField, general: rest.length > 0 ? rest.map(sentence).join(" ") : null };
}

/** The message under a field; give the input aria-describedby={id} and aria-invalid when shown. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  );
}

const alertClass = "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800";

/** What no field on a form shows (a conflict, a lost connection), once, above its buttons; nothing when empty. */
export function FormAlert({ message, className = "" }: { message: string | null | undefined | false; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`${className} ${alertClass}`.trim()}>
      {message}
    </p>
  );
}

/** A list that did not load: why, and a way to try again. */
export function LoadError({ what, error, onRetry }: { what: string; error: Error; onRetry: () => void }) {
  return (
    <div role="alert" className={alertClass}>
      <p>
        Could not load {what}: {error.message}
      </p>
      <Button variant="secondary" className="mt-2" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
