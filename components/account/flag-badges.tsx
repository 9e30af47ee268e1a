// Flag labels and colours in one place, for lists and the account page.
export const FLAG_LABEL: Record<string, string> = {
  churn_risk: "Churn risk",
  upsell: "Upsell",
  cross_sell: "Cross-sell",
  replenishment: "Replenish",
};

export function flagTone(type: string): string {
  return type === "churn_risk"
    ? "bg-orange-100 text-orange-900"
    : type === "replenishment"
      ? "bg-emerald-50 text-emerald-800"
      : "bg-brand-50 text-brand-700";
}

/** One badge per flag type, with a count when the type occurs more than once. */
export function FlagBadges({ flags }: { flags: Array<{ type: string }> }) {
  const counts = new Map<string, number>();
  for (const flag of flags) counts.set(flag.type, (counts.get(flag.type) ?? 0) + 1);
  return (
    <>
      {[...counts].map(([type, count]) => (
        <span key={type} className={`rounded-full px-2 py-0.5 text-xs ${flagTone(type)}`}>
          {FLAG_LABEL[type] ?? type}
          {count > 1 ? ` ×${count}` : ""}
        </span>
      ))}
    </>
  );
}
