// Time and text helpers of the demo generator (money goes through lib/money).
import type { Rng } from "@/lib/random";
import { DAY_MS } from "@/lib/days";

/** A day in ms (the generator's name for lib/days DAY_MS). */
export const DAY = DAY_MS;
export const HOUR = 3_600_000;

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** A business-hours moment on the same day (or the next Monday for a weekend). */
export function businessTime(rng: Rng, ms: number): number {
  let day = startOfUtcDay(ms);
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day += 2 * DAY;
  else if (weekday === 0) day += DAY;
  return day + 7 * HOUR + Math.floor(rng.range(0, 10.5 * HOUR) / 1000) * 1000;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .replace(/ı/g, "i")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
