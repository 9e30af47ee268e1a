import { describe, expect, it } from "vitest";
import { backtestInput } from "./schema";

const DAY = 86_400_000;
const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);

describe("backtest input", () => {
  it("takes a cutoff whose window has happened, and defaults the window to 90 days", () => {
    const parsed = backtestInput.parse({ cutoff: day(100 * DAY) });
    expect(parsed.windowDays).toBe(90);
  });

  it("names the cutoff when its window has not happened yet", () => {
    const result = backtestInput.safeParse({ cutoff: day(10 * DAY), windowDays: 30 });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["cutoff"]);
    expect(result.error!.issues[0]!.message).toMatch(/^must be at least 30 days ago/);
  });

  // Found by the fuzz suite: a window past every limit made the cutoff check build an invalid date (a 500).
  it("names an out-of-range window without failing on the cutoff check", () => {
    for (const windowDays of [2_147_483_648, 1e308, -1, 0.5]) {
      const result = backtestInput.safeParse({ cutoff: day(100 * DAY), windowDays });
      expect(result.success, String(windowDays)).toBe(false);
      expect([...new Set(result.error!.issues.map((i) => i.path.join(".")))]).toEqual(["windowDays"]);
    }
    expect(backtestInput.safeParse({ cutoff: "2999-01-01", windowDays: 2_147_483_648 }).success).toBe(false);
  });
});
