import { describe, expect, it } from "vitest";
import { addDays, dayInZone, startOfDayInZone } from "./calendar";

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
