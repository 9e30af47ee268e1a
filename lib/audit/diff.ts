// The fields an audit entry changed: for an update only those whose value differs,
// for a creation every field of "after", for a deletion every field of "before".
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
// Timestamps that change on every write say nothing about what the person changed.
const NOISE = new Set(["updatedAt", "version"]);

export function changedFields(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: "(value)", before, after }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const both = isRecord(before) && isRecord(after);
  return keys
    .filter((key) => !(both && NOISE.has(key)))
    .filter((key) => !both || JSON.stringify(b[key]) !== JSON.stringify(a[key]))
    .map((key) => ({ field: key, before: b[key], after: a[key] }));
}

export function showValue(value: unknown): string {
  if (value === undefined) return "—";
  if (value === null) return "empty";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
