// Predicted against observed no-order rate per bin, as dots against the diagonal. The table next
// to it carries the same numbers for screen readers and for reading exact values.
import type { CalibrationBin } from "@/lib/ltv/backtest";

const SIZE = 240;
const PAD = 32;

export function CalibrationChart({ bins }: { bins: CalibrationBin[] }) {
  const scale = (v: number) => PAD + v * (SIZE - 2 * PAD);
  const y = (v: number) => SIZE - scale(v);
  const most = Math.max(1, ...bins.map((b) => b.customers));
  return (
    <figure className="mx-auto w-full max-w-xs" aria-hidden="true" data-testid="calibration-chart">
      <svg viewBox={`0 0 ${SIZE} ${SIZE}`} className="w-full">
        <line x1={scale(0)} y1={y(0)} x2={scale(1)} y2={y(1)} stroke="#cbd5e1" strokeDasharray="4 4" />
        <line x1={scale(0)} y1={y(0)} x2={scale(1)} y2={y(0)} stroke="#64748b" />
        <line x1={scale(0)} y1={y(0)} x2={scale(0)} y2={y(1)} stroke="#64748b" />
        {[0, 0.5, 1].map((t) => (
          <g key={t} className="text-[10px]" fill="#475569">
            <text x={scale(t)} y={y(0) + 14} textAnchor="middle">
              {t * 100}%
            </text>
            <text x={scale(0) - 6} y={y(t) + 3} textAnchor="end">
              {t * 100}%
            </text>
          </g>
        ))}
        {bins.map((b) => (
          <circle
            key={b.bin}
            cx={scale(b.predictedNoOrder)}
            cy={y(b.observedNoOrder)}
            r={3 + 7 * Math.sqrt(b.customers / most)}
            fill="#1d4ed8"
            fillOpacity={0.7}
          />
        ))}
      </svg>
      <figcaption className="text-center text-xs text-slate-500">Predicted (across) against observed (up); dot size: accounts</figcaption>
    </figure>
  );
}
