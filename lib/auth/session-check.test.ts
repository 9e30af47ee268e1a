import { describe, expect, it } from "vitest";
import { sessionRefusal } from "./session-check";

const HOUR = 3_600_000;
const now = Date.UTC(2026, 10, 23, 12);
const user = { active: true, sessionVersion: 3 };

describe("sessionRefusal", () => {
  it("accepts a fresh token of the current session version", () => {
    expect(sessionRefusal({ sessionVersion: 3, signedInAt: now - HOUR }, user, now, 8 * HOUR)).toBeNull();
  });
  it("refuses a token from before the user's last password change (older session version)", () => {
    expect(sessionRefusal({ sessionVersion: 2, signedInAt: now - HOUR }, user, now, 8 * HOUR)).toBe("revoked");
    expect(sessionRefusal({ signedInAt: now - HOUR }, user, now, 8 * HOUR)).toBe("revoked");
  });
  it("refuses an inactive or deleted user", () => {
    expect(sessionRefusal({ sessionVersion: 3, signedInAt: now }, { ...user, active: false }, now, 8 * HOUR)).toBe("inactive");
    expect(sessionRefusal({ sessionVersion: 3, signedInAt: now }, null, now, 8 * HOUR)).toBe("no-user");
  });
  it("ends a session at its absolute lifetime, even one kept alive by activity", () => {
    expect(sessionRefusal({ sessionVersion: 3, signedInAt: now - 8 * HOUR + 1000 }, user, now, 8 * HOUR)).toBeNull();
    expect(sessionRefusal({ sessionVersion: 3, signedInAt: now - 8 * HOUR - 1000 }, user, now, 8 * HOUR)).toBe("expired");
    expect(sessionRefusal({ sessionVersion: 3 }, user, now, 8 * HOUR)).toBe("expired");
    expect(sessionRefusal({ sessionVersion: 3, signedInAt: now + 2 * HOUR }, user, now, 8 * HOUR)).toBe("expired");
  });
});
