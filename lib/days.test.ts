import { describe, expect, it } from "vitest";
import {
  addDays,
  addDaysToInstant,
  DAY_MS,
  DAYS_PER_YEAR,
  dayInZone,
  dayNumber,
  daysBetween,
  isCalendarDay,
  isoDay,
  startOfDayInZone,
  YEAR_WINDOW_DAYS,
  zoneDaysBetween,
} from "./days";

describe("calendar days in a time zone", () => {
  it("names the local day, which can differ from the UTC day", () => {
    // 2026-12-04 23:30 UTC is already 5 December in Berlin (UTC+1 in winter) and still the 4th in New York (UTC-5).
    const at = new Date("2026-12-04T23:30:00Z");
    expect(dayInZone(at, "UTC")).toBe("2026-12-04");
    expect(dayInZone(at, "Europe/Berlin")).toBe("2026-12-05");
    expect(dayInZone(at, "America/New_York")).toBe("2026-12-04");
  });

  it("finds the instant a local day begins, across summer time", () => {
    expect(startOfDayInZone("2026-12-05", "Europe/Berlin").toISOString()).toBe("2026-12-04T23:00:00.000Z");
    expect(startOfDayInZone("2026-07-01", "Europe/Berlin").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    // Berlin moves to summer time at 02:00 on 2026-03-29; the day still began at 00:00 CET (23:00 UTC).
    expect(startOfDayInZone("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDayInZone("2026-12-04", "UTC").toISOString()).toBe("2026-12-04T00:00:00.000Z");
    expect(startOfDayInZone("2026-12-04", "Asia/Kolkata").toISOString()).toBe("2026-12-03T18:30:00.000Z");
  });

  it("Los Angeles: 2026-12-04 05:00 UTC is still the evening of 3 December; its day ends at 08:00 UTC (UTC-8 in winter)", () => {
    expect(dayInZone(new Date("2026-12-04T05:00:00Z"), "America/Los_Angeles")).toBe("2026-12-03");
    expect(dayInZone(new Date("2026-12-04T07:59:59Z"), "America/Los_Angeles")).toBe("2026-12-03");
    expect(dayInZone(new Date("2026-12-04T08:00:00Z"), "America/Los_Angeles")).toBe("2026-12-04");
    expect(startOfDayInZone("2026-12-04", "America/Los_Angeles").toISOString()).toBe("2026-12-04T08:00:00.000Z");
  });

  it("adds calendar days across months, years and a leap day", () => {
    // December has 31 days: 3 Dec + 28 = 31 Dec, + 2 more = 2 Jan.
    expect(addDays("2026-12-03", 30)).toBe("2027-01-02");
    expect(addDays("2026-12-03", 0)).toBe("2026-12-03");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

// Hand-worked values for the one day module (issue 19); none is computed by the code under test.
describe("day numbers and leap years", () => {
  it("counts days from 1970-01-01: 2000-01-01 is 30 × 365 + 7 leap days (1972 … 1996) = 10 957", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("2000-01-01")).toBe(10_957);
    expect(dayNumber(new Date("2000-01-01T23:59:59.999Z"))).toBe(10_957);
    expect(dayNumber(new Date("1969-12-31T23:00:00Z"))).toBe(-1);
    expect(isoDay(10_957)).toBe("2000-01-01");
  });

  it("knows which Februaries have a 29th: every 4th year, not every 100th, but every 400th", () => {
    expect(isCalendarDay("2024-02-29")).toBe(true);
    expect(isCalendarDay("2023-02-29")).toBe(false);
    expect(isCalendarDay("2100-02-29")).toBe(false);
    expect(isCalendarDay("2000-02-29")).toBe(true);
    expect(isCalendarDay("2026-04-31")).toBe(false);
    expect(isCalendarDay("2026-4-30")).toBe(false);
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysBetween("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
    expect(daysBetween("2000-02-28", "2000-03-01")).toBe(2);
    expect(addDays("2024-02-28", 366)).toBe("2025-02-28");
    expect(() => dayNumber("2023-02-29")).toThrow(RangeError);
    expect(() => dayNumber("15/01/2026")).toThrow(RangeError);
  });

  it("a year of days: 365 for the trailing-year window, 365.25 on average (four years are 1 461 days)", () => {
    expect(YEAR_WINDOW_DAYS).toBe(365);
    // 2020 (leap) + 2021 + 2022 + 2023 = 366 + 3 × 365.
    expect(daysBetween("2020-01-01", "2024-01-01")).toBe(1461);
    expect(4 * DAYS_PER_YEAR).toBe(1461);
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
  });

  it("moves an instant by whole days of 24 hours", () => {
    expect(addDaysToInstant(new Date("2026-12-04T10:00:00Z"), 3).toISOString()).toBe("2026-12-07T10:00:00.000Z");
    expect(addDaysToInstant(new Date("2026-03-01T00:00:00Z"), -1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
  });
});

describe("the business's days across daylight-saving changes", () => {
  it("New York springs forward on 2026-03-08 (a 23-hour day) and falls back on 2026-11-01 (25 hours)", () => {
    // Second Sunday of March 2026 (1 March is a Sunday): 00:00 EST = 05:00 UTC; the next day begins at 00:00 EDT = 04:00 UTC.
    expect(startOfDayInZone("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayInZone("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    // First Sunday of November 2026: 00:00 EDT = 04:00 UTC; the next day at 00:00 EST = 05:00 UTC.
    expect(startOfDayInZone("2026-11-01", "America/New_York").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfDayInZone("2026-11-02", "America/New_York").toISOString()).toBe("2026-11-02T05:00:00.000Z");
  });

  it("Berlin: the day of an instant either side of midnight on the change days", () => {
    // 2026-03-29 begins at 00:00 CET = 23:00 UTC the day before.
    expect(dayInZone(new Date("2026-03-28T22:59:59Z"), "Europe/Berlin")).toBe("2026-03-28");
    expect(dayInZone(new Date("2026-03-28T23:00:00Z"), "Europe/Berlin")).toBe("2026-03-29");
    // 2026-10-25 (last Sunday of October) begins at 00:00 CEST = 22:00 UTC; the 26th at 00:00 CET = 23:00 UTC.
    expect(startOfDayInZone("2026-10-25", "Europe/Berlin").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDayInZone("2026-10-26", "Europe/Berlin").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(dayInZone(new Date("2026-10-25T22:59:59Z"), "Europe/Berlin")).toBe("2026-10-25");
    expect(dayInZone(new Date("2026-10-25T23:00:00Z"), "Europe/Berlin")).toBe("2026-10-26");
  });

  it("counts calendar days in the zone, not 24-hour periods", () => {
    // 23:30 on the 28th to 00:30 on the 29th, Berlin time (one hour apart, and across the spring change): one day.
    expect(zoneDaysBetween(new Date("2026-03-28T22:30:00Z"), new Date("2026-03-28T23:30:00Z"), "Europe/Berlin")).toBe(1);
    expect(zoneDaysBetween(new Date("2026-03-28T22:30:00Z"), new Date("2026-03-28T23:30:00Z"), "UTC")).toBe(0);
    // 00:00 on 8 March to 00:00 on 9 March in New York is 23 hours but one day.
    expect(zoneDaysBetween(new Date("2026-03-08T05:00:00Z"), new Date("2026-03-09T04:00:00Z"), "America/New_York")).toBe(1);
  });
});
