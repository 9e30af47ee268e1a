import { describe, expect, it } from "vitest";
import { dateFormatter, preferredLocale } from "./date-format";

describe("dateFormatter", () => {
  const gb = dateFormatter({ locale: "en-GB", timeZone: "Europe/Berlin" });

  it("writes a calendar day as that day in any zone (a date column arrives as UTC midnight)", () => {
    expect(gb.day("2026-01-15")).toBe("15 Jan 2026");
    expect(gb.day("2026-01-15T00:00:00.000Z")).toBe("15 Jan 2026");
    expect(dateFormatter({ locale: "en-GB", timeZone: "America/Los_Angeles" }).day(new Date("2026-01-15T00:00:00Z"))).toBe("15 Jan 2026");
    expect(gb.day(null)).toBe("—");
  });

  it("writes an instant as the day it was in the business's zone", () => {
    // 23:30 UTC on 4 December is 00:30 on 5 December in Berlin (UTC+1).
    expect(gb.instant("2026-12-04T23:30:00Z")).toBe("5 Dec 2026");
    expect(dateFormatter({ locale: "en-GB", timeZone: "UTC" }).instant("2026-12-04T23:30:00Z")).toBe("4 Dec 2026");
    expect(gb.dateTime("2026-12-04T23:30:00Z")).toBe("5 Dec 2026, 00:30");
  });

  it("follows the reader's locale", () => {
    expect(dateFormatter({ locale: "en-US", timeZone: "UTC" }).day("2026-01-15")).toBe("Jan 15, 2026");
    expect(dateFormatter({ locale: "de-DE", timeZone: "UTC" }).day("2026-01-15")).toBe("15. Jan. 2026");
    expect(dateFormatter({ locale: "en-GB", timeZone: "UTC" }).month("2026-12")).toBe("Dec 26");
  });

  it("counts days ago in the business's calendar", () => {
    const now = new Date("2026-12-04T23:30:00Z"); // 00:30 on the 5th in Berlin
    expect(gb.daysAgo("2026-12-04T22:30:00Z", now)).toBe("yesterday");
    expect(dateFormatter({ locale: "en-GB", timeZone: "UTC" }).daysAgo("2026-12-04T22:30:00Z", now)).toBe("today");
    expect(gb.daysAgo("2026-11-20T12:00:00Z", now)).toBe("15 days ago");
    expect(gb.daysAgo(null, now)).toBe("never");
  });
});

describe("preferredLocale", () => {
  it("takes the first supported tag by weight", () => {
    expect(preferredLocale("de-DE,de;q=0.9,en;q=0.8")).toBe("de-DE");
    expect(preferredLocale("en-US;q=0.1, fr;q=0.9")).toBe("fr");
    expect(preferredLocale("en-GB")).toBe("en-GB");
  });

  it("falls back to en-GB on nothing, a wildcard or garbage, without throwing", () => {
    expect(preferredLocale(null)).toBe("en-GB");
    expect(preferredLocale("*")).toBe("en-GB");
    expect(preferredLocale("!!!,<script>;q=1")).toBe("en-GB");
    expect(preferredLocale("x".repeat(10_000))).toBe("en-GB");
    expect(preferredLocale("de;q=0")).toBe("en-GB");
  });
});
