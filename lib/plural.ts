// Counts in words: "1 admin", "2 admins", "1,250 accounts". Pure (no React or
// Next), so lib/ltv's explanations and the screens share it.

/** The count (en-GB digit grouping) and the noun, singular for exactly 1. Irregular plurals are passed in. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? singular : pluralForm}`;
}
