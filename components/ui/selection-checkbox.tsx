"use client";
// The row and "select all" checkbox of a table with bulk actions: a 44 px touch target
// around the box, named for screen readers (the name is not shown).
export function SelectionCheckbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: () => void }) {
  return (
    <label className="inline-flex min-h-11 min-w-11 items-center justify-center">
      <span className="sr-only">{label}</span>
      <input type="checkbox" className="size-5" checked={checked} onChange={onChange} />
    </label>
  );
}
