// The one authorization helper (docs/reference/style.md §2). Permissions read as
// `verb:entity:scope`; "own" means the record's account is owned by the actor.
// Pure: no database, so every route, page and action asks the same question.
import type { Role } from "@/lib/generated/prisma/enums";

export interface Actor {
  id: string;
  role: Role;
  email: string;
  name: string;
}

export type Entity =
  | "account"
  | "contact"
  | "deal"
  | "purchase"
  | "visit"
  | "flag"
  | "follow_up"
  | "email"
  | "product"
  | "dashboard"
  | "settings"
  | "user"
  | "audit"
  | "import"
  | "backtest";
export type Verb = "read" | "write" | "reassign";
type Scope = "own" | "any";
type Permission = `${Verb}:${Entity}:${Scope}`;

const SALES_RECORDS: Entity[] = ["account", "contact", "deal", "purchase", "visit", "flag", "follow_up", "email"];
const own = (verb: Verb) => SALES_RECORDS.map((e) => `${verb}:${e}:own` as Permission);
const any = (verb: Verb, entities: Entity[]) => entities.map((e) => `${verb}:${e}:any` as Permission);

const PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  REP: new Set([...own("read"), ...own("write"), "read:product:any"]),
  MANAGER: new Set([
    ...own("read"),
    ...own("write"),
    ...any("read", [...SALES_RECORDS, "product", "user", "dashboard", "backtest"]),
    // Running a backtest writes only its own result rows.
    "write:backtest:any",
    "reassign:account:any",
  ]),
  ADMIN: new Set([
    ...any("read", [...SALES_RECORDS, "product", "dashboard", "settings", "user", "audit", "import", "backtest"]),
    ...any("write", [...SALES_RECORDS, "product", "settings", "user", "import", "backtest"]),
    "reassign:account:any",
  ]),
};

/**
 * May `actor` do `verb` on `entity`? Pass the owning rep of the record (the
 * account's owner) when there is one; omit it for a question about the whole
 * entity ("may this user list products?").
 */
export function can(actor: Actor, verb: Verb, entity: Entity, record?: { ownerId: string }): boolean {
  const granted = PERMISSIONS[actor.role];
  if (granted.has(`${verb}:${entity}:any`)) return true;
  if (!granted.has(`${verb}:${entity}:own`)) return false;
  return record === undefined ? true : record.ownerId === actor.id;
}

/** The owner filter for lists: null when the actor may read every account, else their own id. */
export function accountOwnerFilter(actor: Actor): string | null {
  return PERMISSIONS[actor.role].has("read:account:any") ? null : actor.id;
}

/** Where the role lands after sign-in. */
export function homePath(role: Role): string {
  return role === "ADMIN" ? "/admin" : role === "MANAGER" ? "/manager" : "/rep/today";
}
