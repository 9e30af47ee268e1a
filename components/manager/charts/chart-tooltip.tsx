"use client";
// The dashboard charts' tooltip (the hovered or keyboard-selected part in plain words) and the
// keyboard's way to open the ranking: recharts' accessibility layer moves the selection with the
// arrow keys; Enter then does what a click does.
import { useEffect, useRef } from "react";
import { useActiveTooltipDataPoints } from "recharts";

export function TooltipBox({ title, lines, action }: { title: string; lines: string[]; action?: string }) {
  return (
    <div className="max-w-64 rounded-md bg-white p-2 text-xs text-slate-800 shadow-md ring-1 ring-slate-300" data-testid="chart-tooltip">
      <p className="font-semibold text-slate-900">{title}</p>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
      {action ? <p className="mt-1 text-brand-700">{action}</p> : null}
    </div>
  );
}

/** Inside a chart: keeps `activeRef` pointing at the datum the tooltip shows (hover or arrow keys). */
function TrackActive<T>({ activeRef }: { activeRef: React.RefObject<T | undefined> }) {
  const points = useActiveTooltipDataPoints<T>();
  useEffect(() => {
    activeRef.current = points?.[0];
  }, [points, activeRef]);
  return null;
}

/**
 * For a chart whose parts open the ranking: a child to put inside the chart, and the key
 * handler for its frame (Enter or Space on the selected part calls `open`).
 */
export function useKeyboardOpen<T>(open: (datum: T) => void) {
  const active = useRef<T | undefined>(undefined);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if ((event.key === "Enter" || event.key === " ") && active.current !== undefined) {
      event.preventDefault();
      open(active.current);
    }
  };
  return { tracker: <TrackActive activeRef={active} />, onKeyDown };
}
