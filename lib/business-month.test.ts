// Business months in a time zone; every instant below is worked out by hand from the zone's
// offset that day (Berlin: UTC+1 in winter, UTC+2 from 29 March 2026; New York: UTC-4 until
// 1 November 2026, then UTC-5).
import { describe, expect, it } from "vitest";
import { addMonths, firstDayOf, monthAt, monthBounds, monthLabel, shareOfMonthElapsed } from "./business-month";

describe("business months", () => {
  it("the month an instant falls in depends on the zone", () => {
    expect(monthAt(new Date("2026-11-30T23:30:00Z"), "Europe/Berlin")).toBe("2026-12"); // 00:30 on 1 Dec
    expect(monthAt(new Date("2026-11-30T23:30:00Z"), "UTC")).toBe("2026-11");
    expect(monthAt(new Date("2026-12-01T03:00:00Z"), "America/New_York")).toBe("2026-11"); // 22:00 on 30 Nov
  });

  it("bounds run from the first day's start to the next month's, across summer time", () => {
    expect(monthBounds("2026-12", "Europe/Berlin")).toEqual({
      start: new Date("2026-11-30T23:00:00Z"),
      end: new Date("2026-12-31T23:00:00Z"),
    });
    // March 2026 in Berlin starts in winter time and ends in summer time.
    expect(monthBounds("2026-03", "Europe/Berlin")).toEqual({
      start: new Date("2026-02-28T23:00:00Z"),
      end: new Date("2026-03-31T22:00:00Z"),
    });
    expect(monthBounds("2026-11", "America/New_York")).toEqual({
      start: new Date("2026-11-01T04:00:00Z"),
      end: new Date("2026-12-01T05:00:00Z"),
    });
  });

  it("moves by months across years, names months and their first days", () => {
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-05", -17)).toBe("2024-12"); // May 2025 is 12 back, then 5 more
    expect(firstDayOf("2026-12")).toBe("2026-12-01");
    expect(monthLabel("2026-12")).toBe("December 2026");
    expect(() => monthLabel("2026-13")).toThrow(RangeError);
  });

  it("the share of the month elapsed, clamped to 0..1", () => {
    // 16 Dec 00:00 in Berlin is 15 days into a 31-day month.
    expect(shareOfMonthElapsed("2026-12", new Date("2026-12-15T23:00:00Z"), "Europe/Berlin")).toBe(15 / 31);
    expect(shareOfMonthElapsed("2026-12", new Date("2026-11-01T00:00:00Z"), "Europe/Berlin")).toBe(0);
    expect(shareOfMonthElapsed("2026-12", new Date("2027-02-01T00:00:00Z"), "Europe/Berlin")).toBe(1);
  });
});
