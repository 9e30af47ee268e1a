"use client";
// A set of selected row ids for tables with checkboxes (bulk actions).
import { useCallback, useState } from "react";

export function useSelection(initial: Iterable<string> = []) {
  const [selected, setSelected] = useState<Set<string>>(() => new Set(initial));
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
  return { selected, setSelected, toggle };
}
