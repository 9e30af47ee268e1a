// An audit entry in plain words: "Anna Admin changed gross margin from 38 % to 34 %",
// "Olga Schmitt moved the deal “Toner refill” (Kranich AG) from Lead to Qualified".
// Ids become names (the server resolves them per page: AuditNames), values are
// formatted the way the rest of the app shows them. Pure, so it is unit-tested.
import type { AuditEntryView, AuditNames } from "@/lib/audit/list-audit";
import { changedFields } from "@/lib/audit/diff";
import { plural } from "@/lib/plural";
import { formatMoney, formatPrice } from "@/components/ui/format";
import { dateFormatter, type DateFormatter } from "@/lib/date-format";
import { LOST_REASON_LABEL, STAGE_LABEL, TYPE_LABEL } from "@/components/deals/labels";
import { MONTH_PATTERN, monthLabel } from "@/lib/business-month";

export interface AuditChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

export interface AuditDescription {
  summary: string;
  changes: AuditChange[];
}

type Kind =
  | "text"
  | "number"
  | "money"
  | "fraction"
  | "percent"
  | "date"
  | "months"
  | "years"
  | "days"
  | "yesNo"
  | "active"
  | "user"
  | "account"
  | "product"
  | "contact"
  | "category"
  | "deal"
  | "stage"
  | "role"
  | "lostReason"
  | "dealType"
  | "status"
  | "lines"
  | "month";

/** Each field a person changes: its name in words and how its value reads. */
const FIELDS: Record<string, [label: string, kind: Kind]> = {
  name: ["name", "text"],
  email: ["email", "text"],
  role: ["role", "role"],
  active: ["status", "active"],
  segment: ["segment", "text"],
  industry: ["industry", "text"],
  region: ["region", "text"],
  currency: ["currency", "text"],
  externalId: ["external id", "text"],
  acquiredAt: ["customer since", "date"],
  acquisitionChannel: ["acquisition channel", "text"],
  acquisitionCostOverride: ["acquisition cost override", "money"],
  status: ["status", "status"],
  ownerId: ["rep", "user"],
  sku: ["SKU", "text"],
  categoryId: ["category", "category"],
  tierRank: ["tier rank", "number"],
  tierName: ["tier name", "text"],
  listPrice: ["list price", "money"],
  unitCost: ["unit cost", "money"],
  replenishmentDays: ["replenishment", "days"],
  archived: ["archived", "yesNo"],
  acquisitionCost: ["acquisition cost", "money"],
  retentionCostPerYear: ["retention cost per year", "money"],
  grossMargin: ["gross margin", "fraction"],
  discountRateYearly: ["discount rate", "fraction"],
  horizonMonths: ["horizon", "months"],
  lifespanCapYears: ["lifespan cap", "years"],
  defaultLifespanYears: ["default lifespan", "years"],
  accountId: ["account", "account"],
  contactId: ["contact", "contact"],
  productId: ["product", "product"],
  dealId: ["deal", "deal"],
  title: ["title", "text"],
  type: ["type", "dealType"],
  stage: ["stage", "stage"],
  amount: ["amount", "money"],
  probability: ["probability", "percent"],
  expectedCloseAt: ["expected close", "date"],
  notes: ["notes", "text"],
  lostReason: ["lost reason", "lostReason"],
  purchasedAt: ["order date", "date"],
  total: ["total", "money"],
  grossProfit: ["gross profit", "money"],
  lines: ["lines", "lines"],
  occurredAt: ["date", "date"],
  outcome: ["outcome", "text"],
  nextStep: ["next step", "text"],
  mustChangePassword: ["must change password", "yesNo"],
  failedLogins: ["failed sign-ins", "number"],
  lockedUntil: ["locked until", "date"],
  goal: ["goal", "money"],
  month: ["month", "month"],
};
// Bookkeeping that says nothing about what the person changed.
const HIDDEN = new Set([
  "id",
  "version",
  "updatedAt",
  "createdAt",
  "jobId",
  "versionId",
  "note",
  "sessionVersion",
  "passwordChangedAt",
  "bytes",
  "sha256",
  "generated",
]);
const ROLE_WORD: Record<string, string> = { REP: "rep", MANAGER: "manager", ADMIN: "admin" };
const VISIT_WORD: Record<string, string> = { VISIT: "a visit", CALL: "a call", EMAIL: "an e-mail", MEETING: "a meeting" };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();

/** Nested settings ("default.grossMargin", "segments.SMB.grossMargin") as one level of leaves. */
function flatten(state: unknown, prefix = ""): Record<string, unknown> | unknown {
  if (!isRecord(state)) return state;
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (isRecord(value)) Object.assign(flat, flatten(value, `${prefix}${key}.`) as Record<string, unknown>);
    else flat[`${prefix}${key}`] = value;
  }
  return flat;
}

/** "default.grossMargin" → "gross margin"; "segments.SMB.grossMargin" → "SMB gross margin"; a stage key → its name. */
function fieldOf(path: string): { label: string; kind: Kind } {
  const parts = path.split(".");
  const key = parts.at(-1)!;
  if (key in STAGE_LABEL) return { label: STAGE_LABEL[key as keyof typeof STAGE_LABEL], kind: "percent" };
  const [label, kind] = FIELDS[key] ?? [words(key), "text"];
  const segment = parts[0] === "segments" && parts.length >= 3 ? parts[1] : null;
  return { label: segment ? `${segment} ${label}` : label, kind };
}

function money(value: unknown): string {
  const amount = Number(value);
  if (!Number.isFinite(amount)) return String(value);
  return Number.isInteger(amount) ? formatMoney(amount) : formatPrice(amount);
}

function show(kind: Kind, value: unknown, names: AuditNames, dates: DateFormatter = dateFormatter()): string {
  if (value === undefined || value === null || value === "") return "empty";
  switch (kind) {
    case "money":
      return money(value);
    case "fraction":
      return `${Number((Number(value) * 100).toFixed(2))} %`;
    case "percent":
      return `${Number(value)} %`;
    case "date":
      return dates.day(String(value));
    case "months":
      return plural(Number(value), "month");
    case "years":
      return plural(Number(value), "year");
    case "days":
      return plural(Number(value), "day");
    case "yesNo":
      return value ? "yes" : "no";
    case "active":
      return value ? "active" : "deactivated";
    case "user":
    case "account":
    case "product":
    case "contact":
    case "category":
    case "deal":
      return names[String(value)] ?? `an unknown ${kind}`;
    case "stage":
      return STAGE_LABEL[value as keyof typeof STAGE_LABEL] ?? String(value);
    case "role":
      return ROLE_WORD[String(value)] ?? String(value).toLowerCase();
    case "lostReason":
      return LOST_REASON_LABEL[value as keyof typeof LOST_REASON_LABEL] ?? String(value);
    case "dealType":
      return TYPE_LABEL[value as keyof typeof TYPE_LABEL] ?? String(value).toLowerCase();
    case "status":
      return String(value).toLowerCase();
    case "lines":
      return Array.isArray(value)
        ? value
            .map((line) =>
              isRecord(line)
                ? `${String(line.productName ?? names[String(line.productId)] ?? "a product")} × ${String(line.quantity)}`
                : String(line),
            )
            .join(", ")
        : String(value);
    case "number":
      return String(value);
    case "month":
      return MONTH_PATTERN.test(String(value)) ? monthLabel(String(value)) : String(value);
    case "text":
      return typeof value === "string" ? `“${value}”` : JSON.stringify(value);
  }
}

/** "Ben" → "Ben's", "Lars" → "Lars's" (names keep their s). */
const possessive = (name: string) => `${name}'s`;

/** The fields that changed, in words, bookkeeping left out. */
export function auditChanges(
  entry: Pick<AuditEntryView, "before" | "after">,
  names: AuditNames,
  dates: DateFormatter = dateFormatter(),
): AuditChange[] {
  return changedFields(flatten(entry.before), flatten(entry.after))
    .filter((change) => !HIDDEN.has(change.field.split(".").at(-1)!))
    .map((change) => {
      const { label, kind } = fieldOf(change.field);
      return {
        field: change.field,
        label,
        before: change.before === undefined ? "—" : show(kind, change.before, names, dates),
        after: change.after === undefined ? "—" : show(kind, change.after, names, dates),
      };
    });
}

/** "gross margin from 38 % to 34 %, horizon from 36 months to 48 months and 2 more". */
function changeList(changes: AuditChange[], most = 3): string {
  const phrases = changes
    .slice(0, most)
    .map((change) =>
      change.before === "—"
        ? `set ${change.label} to ${change.after}`
        : change.after === "—"
          ? `removed ${change.label} (was ${change.before})`
          : `${change.label} from ${change.before} to ${change.after}`,
    );
  const more = changes.length - phrases.length;
  if (more > 0) return `${phrases.join(", ")} and ${more} more`;
  if (phrases.length <= 1) return phrases[0] ?? "";
  return `${phrases.slice(0, -1).join(", ")} and ${phrases.at(-1)}`;
}

export function describeAudit(entry: AuditEntryView, names: AuditNames, dates: DateFormatter = dateFormatter()): AuditDescription {
  const changes = auditChanges(entry, names, dates);
  const who = entry.actor?.name ?? "The system";
  const after = isRecord(entry.after) ? entry.after : {};
  const before = isRecord(entry.before) ? entry.before : {};
  const state = { ...before, ...after };
  const target = (fallback: unknown, what: string) =>
    names[entry.entityId ?? ""] ?? (typeof fallback === "string" && fallback ? fallback : what);
  const account = names[String(state.accountId)] ?? "an unknown account";
  const dealName = `the deal “${target(state.title, "a deal")}” (${account})`;
  const listed = changeList(changes);
  const withChanges = (head: string) => (listed ? `${head}: ${listed}` : head);
  const summary = ((): string => {
    switch (entry.action) {
      case "settings.update": {
        const note = typeof after.note === "string" && after.note ? ` (note: “${after.note}”)` : "";
        return (listed ? `${who} changed ${listed}` : `${who} saved the cost inputs without changes`) + note;
      }
      case "settings.stage_probabilities":
        return listed ? `${who} changed the stage probabilities: ${listed}` : `${who} saved the stage probabilities without changes`;
      case "settings.recompute_failed":
        return `The recompute for ${who}'s new cost inputs failed, and they were not applied: ${String(after.error ?? "unknown error")}`;
      case "user.create":
        return `${who} added the user ${String(after.name)} (${show("role", after.role, names)})`;
      case "user.update":
        return `${who} renamed the user ${show("text", before.name, names)} to ${show("text", after.name, names)}`;
      case "user.role":
        return `${who} made ${target(null, "a user")} ${show("role", after.role, names) === "admin" ? "an" : "a"} ${show("role", after.role, names)} (was ${show("role", before.role, names)})`;
      case "user.activate":
        return `${who} reactivated ${target(null, "a user")}`;
      case "user.deactivate":
        return `${who} deactivated ${target(null, "a user")}`;
      case "user.reset-password":
        return `${who} reset the password of ${target(null, "a user")}`;
      case "user.password-change":
        return entry.actor?.id === entry.entityId
          ? `${who} changed their password`
          : `${who} changed the password of ${target(null, "a user")}`;
      case "account.create":
        return `${who} created the account ${target(after.name, "an account")}${after.ownerId ? ` for ${show("user", after.ownerId, names)}` : ""}`;
      case "account.reassign":
        return `${who} moved the account ${target(state.name, "an account")} ${after.undoOf ? "back " : ""}from ${show("user", before.ownerId, names)} to ${show("user", after.ownerId, names)}${after.undoOf ? " (undoing a reassignment)" : ""}`;
      case "rep_goal.set": {
        const was = before.goal === undefined ? "" : ` (was ${money(before.goal)})`;
        return `${who} set ${possessive(show("user", state.repId, names))} goal for ${show("month", state.month, names)} to ${money(after.goal)}${was}`;
      }
      case "rep_goal.clear":
        return `${who} removed ${possessive(show("user", state.repId, names))} goal for ${show("month", state.month, names)} (was ${money(before.goal)})`;
      case "account.update":
        return withChanges(`${who} changed the account ${target(state.name, "an account")}`);
      case "product.create":
        return `${who} added the product ${target(after.name, "a product")} (${String(after.sku)}) at ${money(after.listPrice)}`;
      case "product.update":
        return withChanges(`${who} changed the product ${target(state.name, "a product")}`);
      case "product.archive":
        return `${who} archived the product ${target(state.name, "a product")}: it stays in past orders but can no longer be ordered`;
      case "product.delete":
        return `${who} deleted the product ${show("text", before.name, names)}`;
      case "category.create":
        return `${who} added the category ${show("text", after.name, names)}`;
      case "purchase.create":
        return `${who} logged an order of ${money(after.total)} for ${account} (${plural(Array.isArray(after.lines) ? after.lines.length : 0, "line")}, ${dates.instant(String(after.purchasedAt))})`;
      case "purchase.update":
        return withChanges(`${who} changed the order of ${dates.instant(String(before.purchasedAt))} for ${account}`);
      case "purchase.delete":
        return `${who} deleted the order of ${dates.instant(String(before.purchasedAt))} for ${account} (${money(before.total)})`;
      case "visit.create": {
        const contact = after.contactId ? ` with ${show("contact", after.contactId, names)}` : "";
        const outcome = typeof after.outcome === "string" && after.outcome ? `: “${after.outcome}”` : "";
        return `${who} logged ${VISIT_WORD[String(after.type)] ?? "a visit"} at ${account}${contact}${outcome}`;
      }
      case "deal.create":
        return `${who} opened ${dealName}: ${money(after.amount)} in ${show("stage", after.stage, names)}`;
      case "deal.stage": {
        const reason = after.stage === "LOST" && after.lostReason ? ` (${show("lostReason", after.lostReason, names)})` : "";
        return `${who} moved ${dealName} from ${show("stage", before.stage, names)} to ${show("stage", after.stage, names)}${reason}`;
      }
      case "deal.update":
        return withChanges(`${who} changed ${dealName}`);
      case "import.start":
        return `${who} started importing ${String(after.fileName)} (${String(after.entity).toLowerCase()})`;
      case "import.complete":
        return `${who}'s import of ${String(after.fileName)} finished: ${Number(after.created)} created, ${Number(after.updated)} updated, ${Number(after.skipped)} already there; ${plural(Number(after.rowsInvalid ?? 0), "row")} with errors`;
      case "import.reject":
        return `${who}'s import of ${target(null, "a file")} was rejected, nothing imported: ${plural(Number(after.errors ?? 0), "error")}`;
      case "import.fail":
        return `${who}'s import of ${target(null, "a file")} stopped: ${String(after.reason ?? "unknown error")}`;
      case "import.resume":
        return `${who} resumed the import of ${target(null, "a file")}`;
      // Exchange rates (decision 0015): stored per 1 EUR, as the ECB quotes them.
      case "fx_rate.set": {
        const [code, day] = String(entry.entityId ?? "").split(":");
        return before.perEur !== undefined
          ? `${who} corrected the ${code} rate of ${day}: ${String(after.perEur)} per EUR (was ${String(before.perEur)})`
          : `${who} entered the ${code} rate of ${day}: ${String(after.perEur)} per EUR`;
      }
      case "fx_rate.import":
        return `${who} imported exchange rates from ${String(after.fileName)}: ${plural(Number(after.rates ?? 0), "rate")} from ${String(after.from)} to ${String(after.to)}, ${Number(after.inserted ?? 0)} new, ${Number(after.corrected ?? 0)} corrected`;
      case "settings.fx":
        return `${who} set the reporting currency to ${String(after.reportingCurrency)} and the rate gap to ${plural(Number(after.maxGapDays), "day")} (was ${String(before.reportingCurrency)}, ${plural(Number(before.maxGapDays), "day")})`;
      default:
        return withChanges(`${who}: ${entry.action.replace(/[._-]/g, " ")} ${entry.entityType}`);
    }
  })();
  return { summary, changes };
}
