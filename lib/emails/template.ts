// The reminder template and its placeholders. Pure: the caller supplies the values.
export const PLACEHOLDERS = ["contactName", "product", "lastOrderDate", "signature"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

export const DEFAULT_TEMPLATE_NAME = "reminder";
export const DEFAULT_TEMPLATE = {
  subject: "Time to restock {{product}}?",
  body:
    "Hello {{contactName}},\n\n" +
    "your last order with us was on {{lastOrderDate}}. If your {{product}} is running low, " +
    "reply to this e-mail and I will arrange the next delivery.\n\n" +
    "Best regards,\n{{signature}}",
};

/** Replaces {{name}} (spaces allowed inside the braces) with its value; unknown names are left as written. */
export function renderTemplate(text: string, values: PlaceholderValues): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
  );
}

/** Placeholders written in the text that the template does not know (a typo an admin should see). */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].flatMap(([, name]) => (name === undefined ? [] : [name]));
  return [...new Set(names.filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name)))];
}
