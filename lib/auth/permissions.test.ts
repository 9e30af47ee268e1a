import { describe, expect, it } from "vitest";
import { accountOwnerFilter, can, homePath, type Actor } from "./permissions";

const rep: Actor = { id: "rep-1", role: "REP", email: "r@x", name: "R" };
const manager: Actor = { id: "mgr", role: "MANAGER", email: "m@x", name: "M" };
const admin: Actor = { id: "adm", role: "ADMIN", email: "a@x", name: "A" };

describe("can", () => {
  it("lets a rep read and write only accounts they own", () => {
    expect(can(rep, "read", "account", { ownerId: "rep-1" })).toBe(true);
    expect(can(rep, "write", "purchase", { ownerId: "rep-1" })).toBe(true);
    expect(can(rep, "read", "account", { ownerId: "rep-2" })).toBe(false);
    expect(can(rep, "write", "visit", { ownerId: "rep-2" })).toBe(false);
  });
  it("keeps reps out of settings, users, reassignment and the audit log", () => {
    expect(can(rep, "read", "settings")).toBe(false);
    expect(can(rep, "write", "user")).toBe(false);
    expect(can(rep, "reassign", "account", { ownerId: "rep-1" })).toBe(false);
    expect(can(rep, "read", "audit")).toBe(false);
    expect(can(rep, "read", "dashboard")).toBe(false);
  });
  it("lets managers read every account and reassign, but not change settings", () => {
    expect(can(manager, "read", "account", { ownerId: "rep-2" })).toBe(true);
    expect(can(manager, "reassign", "account", { ownerId: "rep-2" })).toBe(true);
    expect(can(manager, "write", "purchase", { ownerId: "rep-2" })).toBe(false);
    expect(can(manager, "write", "settings")).toBe(false);
  });
  it("lets admins do everything", () => {
    for (const entity of ["account", "settings", "user", "import", "product"] as const) {
      expect(can(admin, "write", entity, { ownerId: "someone" })).toBe(true);
    }
  });
});

describe("accountOwnerFilter", () => {
  it("limits reps to their own accounts and opens all to managers and admins", () => {
    expect(accountOwnerFilter(rep)).toBe("rep-1");
    expect(accountOwnerFilter(manager)).toBeNull();
    expect(accountOwnerFilter(admin)).toBeNull();
  });
});

describe("homePath", () => {
  it("sends each role to its workspace", () => {
    expect(homePath("REP")).toBe("/rep/today");
    expect(homePath("MANAGER")).toBe("/manager");
    expect(homePath("ADMIN")).toBe("/admin");
  });
});
