"use client";
// The selected row ids of a table with checkboxes (bulk actions), and its
// "select all" box over the rows on screen.
import { useCallback, useState } from "react";

export function useSelection(visibleIds: readonly string[]) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const toggle = useCallback(
    (id: string) =>
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const allSelected = visibleIds.length > 0 && visibleIds.every((id) => selected.has(id));
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(visibleIds));
  return { selected, setSelected, toggle, allSelected, toggleAll };
}
