// A progress bar on stderr for the long steps of a big benchmark run (seeding, the
// metrics passes): done / total, rate, ETA. On a terminal it redraws one line; when
// stderr is not a TTY (nohup, a log file) it prints a plain line every 5 % or 30 s.
import os from "node:os";

const fmt = (v: number) => Math.round(v).toLocaleString("en-US");

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
      : `${s}s`;
}

export interface Progress {
  /** `done` of `total` units; `rows` (optional) is a second count shown with its own rate, e.g. rows for accounts. */
  update(done: number, extra?: { rows?: number; rowsTotal?: number }): void;
  finish(note?: string): void;
}

export function progressBar(label: string, total: number, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  const tty = Boolean(stream.isTTY);
  let lastPrint = 0;
  let lastStep = -1;
  let line = "";
  const render = (done: number, extra?: { rows?: number; rowsTotal?: number }) => {
    const seconds = (performance.now() - started) / 1000;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const eta = fraction > 0 ? (seconds * (1 - fraction)) / fraction : Number.NaN;
    const rows =
      extra?.rows !== undefined
        ? ` · ${fmt(extra.rows)}${extra.rowsTotal ? ` / ~${fmt(extra.rowsTotal)}` : ""} rows, ${fmt(extra.rows / Math.max(seconds, 1e-3))} rows/s`
        : "";
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = tty ? `[${"#".repeat(filled)}${".".repeat(width - filled)}] ` : "";
    return `${label} ${bar}${fmt(done)} / ${fmt(total)} ${unit} (${(fraction * 100).toFixed(1)} %), ${fmt(done / Math.max(seconds, 1e-3))} ${unit}/s${rows} · ${duration(seconds)} elapsed, ETA ${duration(eta)} · load ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`;
  };
  return {
    update(done, extra) {
      line = render(done, extra);
      const now = performance.now();
      if (tty) {
        if (now - lastPrint < 200) return;
        lastPrint = now;
        stream.write(`\r${line}\x1b[K`);
        return;
      }
      const step = total > 0 ? Math.floor((done / total) * 20) : 0;
      if (step > lastStep || now - lastPrint > 30_000) {
        lastStep = step;
        lastPrint = now;
        stream.write(`${line}\n`);
      }
    },
    finish(note) {
      const seconds = (performance.now() - started) / 1000;
      const end = `${label} done in ${duration(seconds)}${note ? `: ${note}` : ""}`;
      stream.write(tty ? `\r${line}\x1b[K\n${end}\n` : `${end}\n`);
    },
  };
}
