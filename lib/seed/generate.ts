// Deterministic demo-data generator: the same (seed, accounts, asOf) gives the
// same rows, ids included, on every machine. Pure: no database, no clock, no
// Math.random. Accounts are produced one at a time (a generator), so a loader can
// stream 100 000 accounts (~2 M purchases) in batches without holding them all.
//
// Money is integer cents inside and a decimal string ("123.45") outside, never a
// float. Each account is generated from its own random stream (random.ts), so
// its data does not depend on how many numbers the accounts before it used.
import { at } from "@/lib/ltv/arrays";
import { Rng } from "@/lib/random";
import { localizeBundle, seedCurrency, seedFxTable, seedRates } from "./currencies";
import {
  ACQUISITION_CHANNELS,
  ARCHETYPE_WEIGHTS,
  CATEGORY_SPECS,
  CONTACT_ROLES,
  FIRST_NAMES,
  LAST_NAMES,
  NEXT_STEPS,
  PHONE_AREAS,
  PRINTERS,
  PAPER,
  FURNITURE,
  COFFEE,
  SUPPLIES,
  REGIONS,
  SEGMENT_PROFILES,
  SERVICE_PLANS,
  SOFTWARE,
  TONER,
  TIERS,
  VISIT_OUTCOMES,
  type Segment,
} from "./catalog";

export type { Archetype, Segment } from "./catalog";

/** fx_settings.rates_version the seeded rates carry. */
export const SEED_RATES_VERSION = 1;
export type * from "./shapes";
import { centsFromDecimalString, decimalStringFromCents } from "@/lib/money";
import { DAY, HOUR, businessTime, clamp, pad, slug, startOfUtcDay } from "./helpers";
import { generateDeals } from "./deals";
import { uniqueAccountName, visitNote } from "./text";
import type {
  CatalogIndex,
  CategoryHabit,
  InternalProduct,
  SeedAccount,
  SeedAccountBundle,
  SeedContact,
  SeedCostSettings,
  SeedProduct,
  SeedPurchase,
  SeedPurchaseLine,
  SeedReference,
  SeedUser,
  SeedVisit,
  SeedCategory,
} from "./shapes";

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

/** Fixed default "now" of the demo world, so the demo data is identical on every run. */
export const DEFAULT_AS_OF = new Date("2026-11-01T00:00:00.000Z");
export const DEFAULT_ACCOUNTS = 500;
export const DEFAULT_SEED = 42;
export const DEMO_PASSWORD = "demo1234";
export const DEMO_LOGINS = ["admin@demo.test", "manager@demo.test", "rep1@demo.test", "rep2@demo.test", "rep3@demo.test"] as const;

export interface GenerateOptions {
  accounts: number;
  seed: number;
  asOf: Date;
}

export function resolveGenerateOptions(opts: Partial<GenerateOptions> = {}): GenerateOptions {
  const accounts = opts.accounts ?? DEFAULT_ACCOUNTS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 5_000_000)
    throw new Error(`accounts must be an integer from 1 to 5,000,000 (got ${accounts})`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer (got ${seed})`);
  if (Number.isNaN(asOf.getTime())) throw new Error("asOf is not a valid date");
  return { accounts, seed, asOf: new Date(asOf.getTime()) };
}

/** Sales reps for a data set: 3 up to 500 accounts, then about one per 150 accounts, at most 50. */
export function repCount(accounts: number): number {
  if (accounts <= 500) return 3;
  return Math.max(3, Math.min(50, Math.round(accounts / 150)));
}

// ---------------------------------------------------------------------------
// Reference data: catalog, users, cost settings
// ---------------------------------------------------------------------------

// Stream tags: each part of the data draws from its own stream.
const TAG_CATALOG = 1;
const TAG_USERS = 2;
const TAG_SETTINGS = 3;
const TAG_ACCOUNT = 4;
const TAG_DROPOUT = 5;

/**
 * The demo world's lapse process, BG/NBD's own story (Fader, Hardie & Lee 2005 §3): each account that
 * orders again and again has a dropout probability p ~ Beta(a, b), and after each repeat order it stops
 * ordering for good with probability p. Steady, growing and declining accounts draw p from
 * DEMO_DROPOUT: mean 0.8 %, and E[(1−p)^36] = B(a, b+36)/B(a, b) ≈ 0.79, so about a fifth of the
 * monthly buyers lapse within three years (low-p accounts almost never, high-p ones early).
 * "Churned" accounts draw from CHURNED_DROPOUT (mean 9 %: gone within about ten orders) and stop on
 * their schedule (4–12 months before "now") at the latest.
 *
 * Why: with churn only on a schedule (a hazard constant in time, not falling with the orders survived
 * as heterogeneous p makes it), the BG/NBD fit of a and b ran off to infinity and needed a penalizer,
 * after which P(active) said nobody leaves (issue 16).
 */
export const DEMO_DROPOUT = Object.freeze({ a: 0.5, b: 60 });
export const CHURNED_DROPOUT = Object.freeze({ a: 2, b: 20 });

/** Beta(a, b) as X/(X+Y) of two Gammas. */
function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = rng.gamma(a, 1);
  return x / (x + rng.gamma(b, 1));
}

export function generateReference(input: Partial<GenerateOptions> = {}): SeedReference {
  const opts = resolveGenerateOptions(input);
  const asOfMs = opts.asOf.getTime();
  const epoch = new Date(startOfUtcDay(asOfMs - (3 * 365 + 45) * DAY));

  // Catalog first, from its own stream: it does not depend on the number of accounts.
  const catalogRng = Rng.stream(opts.seed, TAG_CATALOG);
  const categories: SeedCategory[] = [];
  const products: SeedProduct[] = [];
  for (const spec of CATEGORY_SPECS) {
    const category = { id: catalogRng.uuid(), name: spec.name };
    categories.push(category);
    spec.families.forEach((family, familyIndex) => {
      const tiers = spec.tiered ? TIERS : [null];
      for (const tier of tiers) {
        const factor = tier ? catalogRng.range(tier.priceFactor[0], tier.priceFactor[1]) : 1;
        const jitter = catalogRng.range(0.93, 1.07);
        // Prices end in .90 or .00 like a real price list.
        const listEuros = family.basePrice * factor * jitter;
        const listCents = listEuros < 100 ? Math.round(listEuros * 10) * 10 : Math.round(listEuros) * 100;
        // Margins 20–60 %; premium tiers earn a little more.
        const margin = clamp(catalogRng.range(0.2, 0.55) + (tier ? (tier.rank - 1) * 0.025 : 0), 0.2, 0.6);
        const unitCostCents = Math.round(listCents * (1 - margin));
        let replenishmentDays: number | null = null;
        if (spec.kind === "consumable" && spec.cycleDays) {
          // Higher tiers last a little longer (high-yield toner, bigger packs).
          const base = catalogRng.int(spec.cycleDays[0], spec.cycleDays[1]);
          replenishmentDays = clamp(Math.round(base * (tier ? 1 + (tier.rank - 1) * 0.1 : 1)), 14, 90);
        }
        const familyCode = pad(familyIndex + 1, 2);
        products.push({
          id: catalogRng.uuid(),
          sku: tier ? `${spec.skuPrefix}-${familyCode}-${tier.name[0]}` : `${spec.skuPrefix}-${familyCode}`,
          name: tier ? `${tier.name} ${family.name.charAt(0).toLowerCase()}${family.name.slice(1)}` : family.name,
          categoryId: category.id,
          categoryName: spec.name,
          tierRank: tier ? tier.rank : null,
          tierName: tier ? tier.name : null,
          listPrice: decimalStringFromCents(listCents),
          unitCost: decimalStringFromCents(unitCostCents),
          replenishmentDays,
          createdAt: epoch,
        });
      }
    });
  }

  const usersRng = Rng.stream(opts.seed, TAG_USERS);
  const admin: SeedUser = { id: usersRng.uuid(), email: "admin@demo.test", name: "Alex Admin", role: "ADMIN", createdAt: epoch };
  const users: SeedUser[] = [
    admin,
    { id: usersRng.uuid(), email: "manager@demo.test", name: "Morgan Manager", role: "MANAGER", createdAt: epoch },
  ];
  const repNames = new Set<string>();
  const reps = repCount(opts.accounts);
  for (let k = 1; k <= reps; k++) {
    let name: string;
    do name = `${usersRng.pick(FIRST_NAMES)} ${usersRng.pick(LAST_NAMES)}`;
    while (repNames.has(name));
    repNames.add(name);
    users.push({ id: usersRng.uuid(), email: `rep${k}@demo.test`, name, role: "REP", createdAt: epoch });
  }

  const settingsRng = Rng.stream(opts.seed, TAG_SETTINGS);
  const shared = {
    effectiveFrom: epoch,
    grossMargin: "0.3800",
    discountRateYearly: "0.1000",
    horizonMonths: 36,
    lifespanCapYears: "10.00",
    defaultLifespanYears: "3.00",
    flagThresholds: {},
    createdById: admin.id,
    createdAt: epoch,
  };
  const costSettings: SeedCostSettings[] = [
    { id: settingsRng.uuid(), segment: null, acquisitionCost: "900.00", retentionCostPerYear: "150.00", ...shared },
    { id: settingsRng.uuid(), segment: "Enterprise", acquisitionCost: "5000.00", retentionCostPerYear: "1200.00", ...shared },
  ];

  return { users, categories, products, costSettings };
}

// ---------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------

function indexCatalog(reference: SeedReference): CatalogIndex {
  const byCategory: CatalogIndex["byCategory"] = new Map();
  for (const spec of CATEGORY_SPECS) {
    const products = reference.products.filter((p) => p.categoryName === spec.name);
    const perFamily = spec.tiered ? TIERS.length : 1;
    const families: InternalProduct[][] = spec.families.map((family, f) =>
      products.slice(f * perFamily, (f + 1) * perFamily).map((p) => ({
        id: p.id,
        name: p.name,
        categoryName: spec.name,
        tierRank: p.tierRank,
        listCents: centsFromDecimalString(p.listPrice),
        costCents: centsFromDecimalString(p.unitCost),
        cycleDays: p.replenishmentDays,
        baseQuantity: family.baseQuantity,
      })),
    );
    byCategory.set(spec.name, { kind: spec.kind, extraWeight: spec.extraWeight, families });
  }
  return { byCategory, categoryNames: CATEGORY_SPECS.map((c) => c.name) };
}

const SEGMENT_WEIGHTS = Object.entries(SEGMENT_PROFILES).map(([name, p]) => [name as Segment, p.share] as const);

/**
 * Streams the accounts, one bundle at a time. Pass the reference produced by
 * generateReference with the same options (it holds the ids the accounts point to).
 */
export function* generateAccounts(input: Partial<GenerateOptions>, reference: SeedReference): Generator<SeedAccountBundle> {
  const opts = resolveGenerateOptions(input);
  const catalog = indexCatalog(reference);
  const reps = reference.users.filter((u) => u.role === "REP");
  if (reps.length === 0) throw new Error("the reference has no sales reps");
  // Some reps carry more accounts than others.
  const repWeightsRng = Rng.stream(opts.seed, TAG_USERS, 1);
  const repWeights = reps.map((rep) => [rep, repWeightsRng.lognormal(0, 0.3)] as const);
  const takenNames = new Map<string, number>();
  // The accounts' currencies and the orders' EUR amounts at their day's rate (lib/seed/currencies.ts).
  const fx = seedFxTable(seedRates(opts.seed, opts.asOf), SEED_RATES_VERSION);

  for (let index = 0; index < opts.accounts; index++) {
    const rng = Rng.stream(opts.seed, TAG_ACCOUNT, index);
    // A stream of its own, so the accounts that do not lapse are exactly as before the lapse process.
    const dropoutRng = Rng.stream(opts.seed, TAG_DROPOUT, index);
    const bundle = generateAccount(rng, dropoutRng, index, opts.asOf.getTime(), catalog, repWeights, takenNames);
    yield localizeBundle(bundle, seedCurrency(opts.seed, index), fx);
  }
}

/** Reference plus the account stream in one call. */
export function generateSeed(input: Partial<GenerateOptions> = {}): {
  options: GenerateOptions;
  reference: SeedReference;
  accounts: Generator<SeedAccountBundle>;
} {
  const options = resolveGenerateOptions(input);
  const reference = generateReference(options);
  return { options, reference, accounts: generateAccounts(options, reference) };
}

function generateAccount(
  rng: Rng,
  dropoutRng: Rng,
  index: number,
  asOfMs: number,
  catalog: CatalogIndex,
  repWeights: ReadonlyArray<readonly [SeedUser, number]>,
  takenNames: Map<string, number>,
): SeedAccountBundle {
  const number = index + 1;
  const archetype = rng.weighted(ARCHETYPE_WEIGHTS);
  const segment = rng.weighted(SEGMENT_WEIGHTS);
  const profile = SEGMENT_PROFILES[segment];
  const owner = rng.weighted(repWeights);
  const { name, industry, domainStem } = uniqueAccountName(rng, takenNames);
  const domain = `${slug(domainStem)}.example`;

  // --- timeline --------------------------------------------------------------
  const windowStart = asOfMs - 3 * 365 * DAY;
  let acquiredMs: number;
  let stopMs = asOfMs; // orders happen in [first order, stopMs]
  switch (archetype) {
    case "new":
      acquiredMs = asOfMs - rng.range(20, 120) * DAY;
      break;
    case "one-off":
      acquiredMs = rng.range(windowStart, asOfMs - 90 * DAY);
      break;
    case "growing":
      acquiredMs = rng.range(windowStart, asOfMs - 365 * DAY);
      break;
    case "declining":
      acquiredMs = rng.range(windowStart, asOfMs - 450 * DAY);
      break;
    case "churned":
      // Stops ordering 4–12 months before "now" at the latest (CHURNED_DROPOUT may end it sooner), after at
      // least three months as a customer.
      stopMs = asOfMs - rng.range(122, 365) * DAY;
      acquiredMs = rng.range(windowStart, stopMs - 90 * DAY);
      break;
    default:
      acquiredMs = rng.range(windowStart, asOfMs - 60 * DAY);
  }
  const acquiredDay = startOfUtcDay(acquiredMs);
  const acquiredAt = new Date(acquiredDay);

  // Size within the segment: a long tail of big spenders.
  const size = rng.lognormal(0, 0.45);
  const discountBp = rng.int(profile.discountBp[0], profile.discountBp[1]);

  const account: SeedAccount = {
    id: rng.uuid(),
    externalId: `ACC-${pad(number, 6)}`,
    name,
    ownerId: owner.id,
    segment,
    industry,
    region: rng.pick(REGIONS),
    currency: "EUR",
    acquiredAt,
    acquisitionChannel: rng.weighted(ACQUISITION_CHANNELS),
    acquisitionCostOverride: null,
    status: archetype === "churned" && rng.chance(0.3) ? "CHURNED" : "ACTIVE",
    createdAt: new Date(acquiredDay + 9 * HOUR),
  };
  if (account.acquisitionChannel === "Tender" ? rng.chance(0.35) : rng.chance(0.015)) {
    account.acquisitionCostOverride = decimalStringFromCents(rng.int(15, 120) * 10_000);
  }

  // --- contacts -----------------------------------------------------------------
  const contacts: SeedContact[] = [];
  const contactCount = rng.int(profile.contacts[0], profile.contacts[1]) + (rng.chance(0.15) ? 1 : 0);
  const emails = new Set<string>();
  const roles = rng.shuffle([...CONTACT_ROLES]);
  for (let c = 0; c < Math.min(4, contactCount); c++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let email = `${slug(first)}.${slug(last)}@${domain}`;
    for (let k = 2; emails.has(email); k++) email = `${slug(first)}.${slug(last)}${k}@${domain}`;
    emails.add(email);
    const lead =
      c === 0
        ? {
            title:
              segment === "SMB"
                ? rng.pick(["Owner", "Managing Director", "Practice Manager"])
                : rng.pick(["Head of Procurement", "Chief Operating Officer", "Purchasing Director"]),
            role: "DECISION_MAKER" as const,
          }
        : at(roles, c % roles.length, "roles");
    contacts.push({
      id: rng.uuid(),
      accountId: account.id,
      externalId: `CON-${pad(number, 6)}-${c + 1}`,
      name: `${first} ${last}`,
      title: lead.title,
      email,
      phone: rng.chance(0.85) ? `+49 ${rng.pick(PHONE_AREAS)} ${rng.int(1_000_000, 9_999_999)}` : null,
      decisionRole: lead.role,
      createdAt: account.createdAt,
    });
  }

  // --- what this account buys (category affinity drives the cross-sell rules) --------
  const hasPrinters = rng.chance(profile.printerShare);
  const shares: Array<readonly [string, number]> = [
    [PRINTERS, hasPrinters ? 1 : 0],
    [TONER, hasPrinters ? 0.92 : 0.3],
    [PAPER, 0.85],
    [SERVICE_PLANS, hasPrinters ? 0.65 : 0.06],
    [SOFTWARE, profile.softwareShare],
    [FURNITURE, 0.2],
    [COFFEE, profile.coffeeShare],
    [SUPPLIES, 0.7],
  ];
  const habits: CategoryHabit[] = [];
  for (const [category, share] of shares) {
    if (!rng.chance(share)) continue;
    const entry = catalog.byCategory.get(category)!;
    const tiers = at(entry.families, rng.int(0, entry.families.length - 1), "families");
    const tier = tiers.length === 1 ? 0 : rng.weighted(profile.tiers.map((w, i) => [i, w] as const));
    const product = at(tiers, tier, "tiers");
    habits.push({
      category,
      kind: entry.kind,
      extraWeight: entry.extraWeight,
      tiers,
      tier,
      cycleDays: entry.kind === "consumable" ? product.cycleDays : entry.kind === "renewal" ? 365 : null,
      lastBoughtAt: Number.NEGATIVE_INFINITY,
    });
  }
  if (habits.length === 0) {
    const entry = catalog.byCategory.get(PAPER)!;
    const tiers = at(entry.families, 0, "families");
    habits.push({
      category: PAPER,
      kind: "consumable",
      extraWeight: entry.extraWeight,
      tiers,
      tier: 1,
      cycleDays: at(tiers, 1, "tiers").cycleDays,
      lastBoughtAt: Number.NEGATIVE_INFINITY,
    });
  }

  // --- purchase times by archetype -------------------------------------------------
  const ordersPerYear = clamp(profile.ordersPerYear * rng.lognormal(0, 0.55) * Math.sqrt(size), 1.5, 120);
  const meanGapDays = 365 / ordersPerYear;
  const firstMs = businessTime(rng, acquiredDay + rng.range(0, 10) * DAY);
  const declineFrom = asOfMs - rng.range(150, 200) * DAY;
  const declineGap = rng.range(2, 3.5);
  const declineValue = rng.range(0.45, 0.7);
  const maxNew = rng.int(1, 3);
  const times: number[] = [];
  const valueFactors: number[] = [];
  const shape = archetype === "steady" ? 4 : 2.5; // gap CV 0.5 / 0.63
  // The lapse process (DEMO_DROPOUT) for accounts that order again and again.
  const dropoutPrior = archetype === "churned" ? CHURNED_DROPOUT : archetype === "one-off" || archetype === "new" ? null : DEMO_DROPOUT;
  const dropout = dropoutPrior ? sampleBeta(dropoutRng, dropoutPrior.a, dropoutPrior.b) : 0;
  let lapsedAfterMs: number | null = null;
  for (let t = firstMs; t <= stopMs && t <= asOfMs && times.length < 600;) {
    const progress = (t - firstMs) / Math.max(DAY, asOfMs - firstMs);
    let gapFactor = 1;
    let valueFactor = 1;
    if (archetype === "growing") {
      gapFactor = 1.7 - 1.1 * progress;
      valueFactor = 0.7 + 0.9 * progress;
    } else if (archetype === "declining" && t >= declineFrom) {
      gapFactor = declineGap;
      valueFactor = declineValue;
    } else if (archetype === "churned") {
      valueFactor = 1 - 0.35 * ((t - firstMs) / Math.max(DAY, stopMs - firstMs)) ** 2;
    }
    times.push(t);
    valueFactors.push(valueFactor);
    if (archetype === "one-off" || (archetype === "new" && times.length >= maxNew)) break;
    if (times.length >= 2 && dropoutRng.float() < dropout) {
      lapsedAfterMs = t;
      break;
    }
    const gapDays = Math.max(1, rng.gamma(shape, (meanGapDays * gapFactor) / shape));
    t = businessTime(rng, t + gapDays * DAY);
  }

  // --- purchases with lines ---------------------------------------------------------
  const purchases: SeedPurchase[] = [];
  const lineWeights = profile.lines.map((w, i) => [i + 1, w] as const);
  const quantityScale = profile.quantity * Math.pow(size, 0.7);
  for (const [p, orderedMs] of times.entries()) {
    // Growing accounts move up a tier in some categories in the second half of their history.
    if (archetype === "growing" && p === Math.floor(times.length / 2)) {
      for (const habit of habits) if (habit.tier < habit.tiers.length - 1 && rng.chance(0.4)) habit.tier++;
    }
    const maxLines = rng.weighted(lineWeights);
    const chosen: CategoryHabit[] = [];
    // The first order of a printer account includes the printer.
    if (p === 0 && hasPrinters) chosen.push(habits.find((h) => h.category === PRINTERS)!);
    // Then whatever is due: consumables on their cycle, renewals once a year.
    const due = rng.shuffle(
      habits.filter(
        (h) => h.cycleDays !== null && !chosen.includes(h) && orderedMs - h.lastBoughtAt >= h.cycleDays * rng.range(0.85, 1.15) * DAY,
      ),
    );
    for (const habit of due) if (chosen.length < maxLines) chosen.push(habit);
    // Fill up with an occasional extra item.
    for (let tries = 0; chosen.length < maxLines && tries < 3; tries++) {
      if (!rng.chance(0.7)) break;
      const candidates = habits.filter((h) => !chosen.includes(h));
      if (candidates.length === 0) break;
      chosen.push(rng.weighted(candidates.map((h) => [h, h.extraWeight] as const)));
    }
    if (chosen.length === 0) chosen.push(rng.weighted(habits.map((h) => [h, h.extraWeight] as const)));

    const purchaseId = rng.uuid();
    let totalCents = 0;
    let profitCents = 0;
    const lines: SeedPurchaseLine[] = [];
    for (const habit of chosen) {
      habit.lastBoughtAt = orderedMs;
      // Mostly the usual product; sometimes another tier of it.
      const { tiers } = habit;
      const tier = tiers.length > 1 && rng.chance(0.08) ? rng.int(0, tiers.length - 1) : habit.tier;
      const product = at(tiers, tier, "tiers");
      const scale = habit.kind === "consumable" || habit.category === SOFTWARE ? quantityScale : Math.sqrt(quantityScale);
      const quantity = Math.max(1, Math.round(product.baseQuantity * scale * at(valueFactors, p, "valueFactors") * rng.lognormal(0, 0.35)));
      const lineDiscountBp = clamp(discountBp + rng.int(-100, 100), 0, 1500);
      const unitPriceCents = Math.round((product.listCents * (10_000 - lineDiscountBp)) / 10_000);
      const lineTotalCents = quantity * unitPriceCents;
      totalCents += lineTotalCents;
      profitCents += quantity * (unitPriceCents - product.costCents);
      lines.push({
        id: rng.uuid(),
        purchaseId,
        productId: product.id,
        quantity,
        unitPrice: decimalStringFromCents(unitPriceCents),
        unitCost: decimalStringFromCents(product.costCents),
        lineTotal: decimalStringFromCents(lineTotalCents),
      });
    }
    purchases.push({
      id: purchaseId,
      accountId: account.id,
      externalId: `ORD-${pad(number, 6)}-${pad(p + 1, 4)}`,
      purchasedAt: new Date(orderedMs),
      total: decimalStringFromCents(totalCents),
      grossProfit: decimalStringFromCents(profitCents),
      loggedById: owner.id,
      dealId: null,
      lines,
    });
  }

  // --- visits, calls, e-mails, meetings ----------------------------------------------
  const visits: SeedVisit[] = [];
  const visitEnd = archetype === "churned" ? Math.min(asOfMs, stopMs + rng.range(30, 120) * DAY) : asOfMs;
  const visitRate = profile.visitsPerYear * Math.sqrt(size) * (archetype === "new" ? 2 : archetype === "churned" ? 0.8 : 1);
  const visitCount = rng.poisson((visitRate * (visitEnd - acquiredDay)) / (365 * DAY));
  const visitTimes: number[] = [];
  for (let v = 0; v < visitCount; v++) {
    const at = businessTime(rng, rng.range(acquiredDay, visitEnd));
    if (at <= asOfMs) visitTimes.push(at);
  }
  visitTimes.sort((a, b) => a - b);
  const visitTypes =
    segment === "SMB"
      ? ([
          ["VISIT", 0.3],
          ["CALL", 0.4],
          ["EMAIL", 0.25],
          ["MEETING", 0.05],
        ] as const)
      : ([
          ["VISIT", 0.3],
          ["CALL", 0.3],
          ["EMAIL", 0.2],
          ["MEETING", 0.2],
        ] as const);
  for (const at of visitTimes) {
    const type = rng.weighted(visitTypes);
    const habit = rng.pick(habits);
    const contact = contacts.length > 0 && rng.chance(0.85) ? rng.pick(contacts) : null;
    visits.push({
      id: rng.uuid(),
      accountId: account.id,
      contactId: contact ? contact.id : null,
      repId: owner.id,
      type,
      occurredAt: new Date(at),
      outcome: rng.pick(VISIT_OUTCOMES[type]),
      notes: visitNote(rng, habit.category, contact?.name ?? null),
      nextStep: rng.chance(0.6) ? rng.pick(NEXT_STEPS) : null,
    });
  }

  // --- deals ----------------------------------------------------------------------------
  const deals = generateDeals(rng, { account, archetype, profile, owner, habits, catalog, purchases, asOfMs, acquiredDay, quantityScale });

  // A churned account that outlived its dropout draws stopped on its schedule: lapsed all the same.
  if (archetype === "churned") lapsedAfterMs = at(times, times.length - 1, "times");
  return {
    index,
    archetype,
    lapsedAt: lapsedAfterMs === null ? null : new Date(lapsedAfterMs),
    account,
    contacts,
    purchases,
    visits,
    deals,
  };
}
