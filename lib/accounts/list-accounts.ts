// Account lists: "My accounts" ordered by attention (flags weighted by the value
// at stake) and the API list ordered by name. Keyset-paged, filtered by the
// actor's scope (reps see only their own accounts), by segment, flag and name.
import { z } from "zod";
import { getPrisma } from "@/lib/db/client";
import { accountOwnerFilter, type Actor } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor, encodeCursor } from "@/lib/http/cursor";
import { recordId } from "@/lib/http/ids";
import { flagsOf } from "./metrics-view";
import { effectiveState, flagSubject } from "@/lib/flag-records/machine";
import { dateOfDay, startOfDayInZone } from "@/lib/days";
import { appTimeZone, appToday } from "@/lib/app-day";

export const FLAG_TYPES = ["churn_risk", "upsell", "cross_sell", "replenishment"] as const;

export const listAccountsQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    segment: z.string().trim().max(50).optional(),
    flag: z.enum(FLAG_TYPES).optional(),
    sort: z.enum(["name", "attention"]).default("name"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();
export type ListAccountsQuery = z.input<typeof listAccountsQuery>;

const nameCursor = z.object({ name: z.string(), id: recordId() });
const attentionCursor = z.object({ attention: z.number(), id: recordId() });

export interface AccountListItem {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  segment: string;
  region: string | null;
  industry: string | null;
  status: string;
  currency: string;
  metrics: {
    revenue: number;
    orders: number;
    formulaLtv: number;
    predictedClv: number;
    pAlive: number;
    /** Chance of no order in the next 90 days; null without a model. */
    pNoOrder90: number | null;
    lastPurchaseAt: string | null;
    attentionScore: number;
    /** The day these figures are as of (the account's last recompute: a write, or the daily as-of job). */
    asOf: string;
  } | null;
  flags: Array<{ type: string; score: number; reason: string }>;
}

export async function listAccounts(
  actor: Actor,
  rawQuery: ListAccountsQuery,
  opts: { onlyOwn?: boolean } = {},
): Promise<{ items: AccountListItem[]; nextCursor: string | null }> {
  const query = listAccountsQuery.parse(rawQuery);
  const prisma = await getPrisma();
  // "My accounts" narrows a manager's or admin's view to their own book too.
  const ownerId = opts.onlyOwn ? actor.id : accountOwnerFilter(actor);
  const filters: Prisma.AccountWhereInput[] = [];
  if (ownerId) filters.push({ ownerId });
  if (query.segment) filters.push({ segment: query.segment });
  if (query.q) filters.push({ name: { contains: query.q, mode: "insensitive" } });
  if (query.flag) filters.push(openFlagFilter(query.flag, new Date()));

  let orderBy: Prisma.AccountOrderByWithRelationInput[];
  if (query.sort === "attention") {
    orderBy = [{ metrics: { attentionScore: "desc" } }, { id: "desc" }];
    if (query.cursor) {
      const after = decodeCursor(query.cursor, attentionCursor);
      filters.push({
        OR: [
          { metrics: { attentionScore: { lt: after.attention } } },
          { metrics: { attentionScore: after.attention }, id: { lt: after.id } },
        ],
      });
    }
  } else {
    orderBy = [{ name: "asc" }, { id: "asc" }];
    if (query.cursor) {
      const after = decodeCursor(query.cursor, nameCursor);
      filters.push({ OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] });
    }
  }

  const rows = await prisma.account.findMany({
    where: { AND: filters },
    orderBy,
    take: query.limit + 1,
    include: {
      owner: { select: { name: true } },
      metrics: true,
      // Dismissed and snoozed flags are set aside: the list's badges show the rest.
      flagRecords: {
        where: { closedAt: null, state: { in: ["dismissed", "snoozed"] } },
        select: { type: true, subject: true, state: true, snoozedUntil: true },
      },
    },
  });
  const now = new Date();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > query.limit && last) {
    nextCursor =
      query.sort === "attention"
        ? encodeCursor({ attention: last.metrics?.attentionScore ?? 0, id: last.id })
        : encodeCursor({ name: last.name, id: last.id });
  }
  return {
    items: page.map((account) => ({
      id: account.id,
      name: account.name,
      ownerId: account.ownerId,
      ownerName: account.owner.name,
      segment: account.segment,
      region: account.region,
      industry: account.industry,
      status: account.status,
      currency: account.currency,
      metrics: account.metrics
        ? {
            revenue: account.metrics.revenue.toNumber(),
            orders: account.metrics.orders,
            formulaLtv: account.metrics.formulaLtv.toNumber(),
            predictedClv: account.metrics.predictedClv.toNumber(),
            pAlive: account.metrics.pAlive,
            pNoOrder90: account.metrics.pNoOrder90,
            lastPurchaseAt: account.metrics.lastPurchaseAt?.toISOString() ?? null,
            attentionScore: account.metrics.attentionScore,
            asOf: account.metrics.computedAt.toISOString(),
          }
        : null,
      flags: flagsOf(account.metrics)
        .filter(
          (flag) =>
            !account.flagRecords.some(
              (r) => r.type === flag.type && r.subject === flagSubject(flag) && effectiveState(snoozeEnding(r), now) !== "open",
            ),
        )
        .map((flag) => ({ type: flag.type, score: flag.score, reason: flag.reason })),
    })),
    nextCursor,
  };
}

/** A record as the state machine reads it: the snooze ends when its day begins in APP_TIME_ZONE. */
function snoozeEnding<R extends { snoozedUntil: Date | null }>(record: R): R {
  return record.snoozedUntil
    ? { ...record, snoozedUntil: startOfDayInZone(record.snoozedUntil.toISOString().slice(0, 10), appTimeZone()) }
    : record;
}

/**
 * Accounts with an open flag of this type: a current record that is open (or whose snooze
 * ran out), or a computed flag no sync has recorded yet. Acted, snoozed and dismissed flags
 * do not match (issue 15: `?flag=TYPE` matches open flags only).
 */
function openFlagFilter(type: (typeof FLAG_TYPES)[number], now: Date): Prisma.AccountWhereInput {
  const computed: Prisma.AccountWhereInput = { metrics: { flags: { array_contains: [{ type }] } } };
  // A snooze ends when its day begins in APP_TIME_ZONE: on or before today there, it has run out.
  const today = dateOfDay(appToday(now));
  return {
    AND: [
      computed,
      {
        OR: [
          { flagRecords: { some: { type, closedAt: null, OR: [{ state: "open" }, { state: "snoozed", snoozedUntil: { lte: today } }] } } },
          { flagRecords: { none: { type, closedAt: null } } },
        ],
      },
    ],
  };
}

/** Segments for the filter chips. */
export async function listSegments(): Promise<string[]> {
  const prisma = await getPrisma();
  const rows = await prisma.account.findMany({ distinct: ["segment"], select: { segment: true }, orderBy: { segment: "asc" } });
  return rows.map((row) => row.segment);
}
