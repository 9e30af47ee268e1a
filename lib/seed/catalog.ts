// Fixed shape of the demo world: product catalog, word lists and segment
// profiles. Prices and margins get seeded jitter in generate.ts; everything
// here is plain data so it can be read (and tuned) in one place.

export const SEGMENTS = ["SMB", "Mid-market", "Enterprise"] as const;
export type Segment = (typeof SEGMENTS)[number];

export const REGIONS = ["North", "South", "East", "West", "Central"] as const;

export const ARCHETYPES = ["steady", "growing", "declining", "churned", "one-off", "new"] as const;
/** How an account behaves over time; not stored, but it shapes the purchase history. */
export type Archetype = (typeof ARCHETYPES)[number];

export const ARCHETYPE_WEIGHTS: ReadonlyArray<readonly [Archetype, number]> = [
  ["steady", 0.4],
  ["growing", 0.13],
  ["declining", 0.13],
  ["churned", 0.14],
  ["one-off", 0.1],
  ["new", 0.1],
];

export interface SegmentProfile {
  share: number;
  /** Median orders per year of a steady account. */
  ordersPerYear: number;
  /** Quantity multiplier for consumables (durables use its square root). */
  quantity: number;
  /** Typical discount off list price, in basis points (the cap is 15 %). */
  discountBp: readonly [number, number];
  /** Probability of buying 1, 2, 3 or 4 lines in one order. */
  lines: readonly [number, number, number, number];
  /** Tier preference weights: basic, standard, premium (premium stays the rarest). */
  tiers: readonly [number, number, number];
  visitsPerYear: number;
  contacts: readonly [number, number];
  printerShare: number;
  coffeeShare: number;
  softwareShare: number;
  /** Mean open deals per active account. */
  openDeals: number;
}

export const SEGMENT_PROFILES: Readonly<Record<Segment, SegmentProfile>> = {
  SMB: {
    share: 0.62,
    ordersPerYear: 8,
    quantity: 1,
    discountBp: [0, 500],
    lines: [0.45, 0.33, 0.16, 0.06],
    tiers: [0.45, 0.45, 0.1],
    visitsPerYear: 3,
    contacts: [1, 2],
    printerShare: 0.38,
    coffeeShare: 0.35,
    softwareShare: 0.2,
    openDeals: 0.6,
  },
  "Mid-market": {
    share: 0.28,
    ordersPerYear: 15,
    quantity: 3.5,
    discountBp: [300, 1000],
    lines: [0.3, 0.35, 0.25, 0.1],
    tiers: [0.3, 0.55, 0.15],
    visitsPerYear: 7,
    contacts: [2, 3],
    printerShare: 0.52,
    coffeeShare: 0.5,
    softwareShare: 0.3,
    openDeals: 1,
  },
  Enterprise: {
    share: 0.1,
    ordersPerYear: 32,
    quantity: 12,
    discountBp: [700, 1500],
    lines: [0.2, 0.3, 0.3, 0.2],
    tiers: [0.2, 0.55, 0.25],
    visitsPerYear: 16,
    contacts: [3, 4],
    printerShare: 0.7,
    coffeeShare: 0.65,
    softwareShare: 0.45,
    openDeals: 1.6,
  },
};

export const TIERS = [
  { rank: 1, name: "Basic", priceFactor: [1, 1] },
  { rank: 2, name: "Standard", priceFactor: [1.45, 1.7] },
  { rank: 3, name: "Premium", priceFactor: [2.2, 2.8] },
] as const;

/** What drives a category's re-buys: its consumption cycle, a yearly renewal, or nothing (durables). */
export type CategoryKind = "consumable" | "renewal" | "durable";

export interface FamilySpec {
  name: string;
  /** List price of the basic tier (or the only product), in euros. */
  basePrice: number;
  /** Units in a typical SMB order line. */
  baseQuantity: number;
}

export interface CategorySpec {
  name: string;
  skuPrefix: string;
  tiered: boolean;
  kind: CategoryKind;
  /** Replenishment cycle range in days (consumables only). */
  cycleDays?: readonly [number, number];
  /** Relative weight as an extra, unplanned line in an order. */
  extraWeight: number;
  families: readonly FamilySpec[];
}

export const PRINTERS = "Printers";
export const TONER = "Toner & ink";
export const PAPER = "Paper";
export const SERVICE_PLANS = "Service plans";
export const SOFTWARE = "Software";
export const FURNITURE = "Furniture";
export const COFFEE = "Coffee & pantry";
export const SUPPLIES = "Office supplies";

export const CATEGORY_SPECS: readonly CategorySpec[] = [
  {
    name: PRINTERS,
    skuPrefix: "PRN",
    tiered: true,
    kind: "durable",
    extraWeight: 0.25,
    families: [
      { name: "Mono laser printer", basePrice: 179, baseQuantity: 1 },
      { name: "Colour laser multifunction printer", basePrice: 429, baseQuantity: 1 },
      { name: "Wide-format printer", basePrice: 1390, baseQuantity: 1 },
    ],
  },
  {
    name: TONER,
    skuPrefix: "TON",
    tiered: true,
    kind: "consumable",
    cycleDays: [30, 60],
    extraWeight: 2,
    families: [
      { name: "Black toner cartridge", basePrice: 44.9, baseQuantity: 3 },
      { name: "Colour toner set", basePrice: 139, baseQuantity: 1 },
      { name: "Ink cartridge pack", basePrice: 29.5, baseQuantity: 2 },
    ],
  },
  {
    name: PAPER,
    skuPrefix: "PAP",
    tiered: true,
    kind: "consumable",
    cycleDays: [14, 45],
    extraWeight: 2.5,
    families: [
      { name: "Copy paper A4, box of 2,500 sheets", basePrice: 21.9, baseQuantity: 4 },
      { name: "Copy paper A3, box of 1,250 sheets", basePrice: 36.5, baseQuantity: 1 },
      { name: "Brochure paper, 250 sheets", basePrice: 18.9, baseQuantity: 2 },
    ],
  },
  {
    name: SERVICE_PLANS,
    skuPrefix: "SVC",
    tiered: true,
    kind: "renewal",
    extraWeight: 0.15,
    families: [
      { name: "Printer care plan, per device and year", basePrice: 119, baseQuantity: 1 },
      { name: "On-site repair plan, per device and year", basePrice: 249, baseQuantity: 1 },
      { name: "Managed print service, per site and year", basePrice: 890, baseQuantity: 1 },
    ],
  },
  {
    name: SOFTWARE,
    skuPrefix: "SFT",
    tiered: true,
    kind: "renewal",
    extraWeight: 0.2,
    families: [
      { name: "Document management licence, per seat and year", basePrice: 89, baseQuantity: 5 },
      { name: "Print management licence, per seat and year", basePrice: 39, baseQuantity: 5 },
      { name: "Endpoint security licence, per seat and year", basePrice: 54, baseQuantity: 5 },
    ],
  },
  {
    name: FURNITURE,
    skuPrefix: "FUR",
    tiered: true,
    kind: "durable",
    extraWeight: 0.3,
    families: [
      { name: "Office chair", basePrice: 159, baseQuantity: 2 },
      { name: "Height-adjustable desk", basePrice: 329, baseQuantity: 1 },
      { name: "Storage cabinet", basePrice: 209, baseQuantity: 1 },
    ],
  },
  {
    name: COFFEE,
    skuPrefix: "COF",
    tiered: true,
    kind: "consumable",
    cycleDays: [14, 30],
    extraWeight: 1.5,
    families: [
      { name: "Coffee beans, 1 kg", basePrice: 15.9, baseQuantity: 4 },
      { name: "Tea and biscuit box", basePrice: 27.5, baseQuantity: 1 },
      { name: "Kitchen supplies pack", basePrice: 23.9, baseQuantity: 1 },
    ],
  },
  {
    // Deliberately without tiers: the schema allows tierRank null, and the app must cope.
    name: SUPPLIES,
    skuPrefix: "SUP",
    tiered: false,
    kind: "consumable",
    cycleDays: [30, 90],
    extraWeight: 1.5,
    families: [
      { name: "Ballpoint pens, box of 50", basePrice: 11.9, baseQuantity: 2 },
      { name: "Ring binders, pack of 10", basePrice: 17.5, baseQuantity: 2 },
      { name: "Sticky notes, pack of 24", basePrice: 13.9, baseQuantity: 2 },
      { name: "Envelopes C4, box of 250", basePrice: 25.9, baseQuantity: 1 },
      { name: "Stapler and staples kit", basePrice: 14.5, baseQuantity: 1 },
    ],
  },
];

export const INDUSTRIES: ReadonlyArray<{ name: string; cores: readonly string[]; forms: readonly string[] }> = [
  {
    name: "Manufacturing",
    cores: ["Metallbau", "Precision Parts", "Fertigung", "Tooling", "Plastics", "Machinery"],
    forms: ["GmbH", "AG", "GmbH & Co. KG", "Ltd"],
  },
  { name: "Logistics", cores: ["Logistics", "Spedition", "Freight", "Transport", "Warehousing"], forms: ["GmbH", "KG", "B.V.", "Ltd"] },
  {
    name: "Healthcare",
    cores: ["Dental Practice", "Medical Centre", "Pharmacy", "Care Home", "Physiotherapy"],
    forms: ["", "GmbH", "MVZ GmbH"],
  },
  { name: "Legal", cores: ["Law Office", "Notaries", "Legal Partners", "Rechtsanwälte"], forms: ["", "LLP", "PartG mbB"] },
  { name: "Education", cores: ["Academy", "Language School", "Training Centre", "Montessori School"], forms: ["", "gGmbH", "e.V."] },
  { name: "Retail", cores: ["Fashion", "Home Store", "Bikes", "Books", "Garden Centre"], forms: ["e.K.", "GmbH", "OHG", "Ltd"] },
  { name: "Hospitality", cores: ["Hotel", "Restaurants", "Catering", "Guesthouse"], forms: ["GmbH", "KG", ""] },
  { name: "Public sector", cores: ["Municipal Services", "City Library", "Water Authority", "District Office"], forms: [""] },
  {
    name: "Finance",
    cores: ["Tax Advisors", "Insurance Brokers", "Accounting", "Wealth Partners"],
    forms: ["GmbH", "AG", "PartG mbB", "LLP"],
  },
  {
    name: "Construction",
    cores: ["Construction", "Bau", "Roofing", "Architects", "Building Services"],
    forms: ["GmbH", "GmbH & Co. KG", "Ltd"],
  },
  { name: "IT services", cores: ["IT Solutions", "Software", "Systems", "Digital", "Networks"], forms: ["GmbH", "AG", "S.A.", "Ltd"] },
];

export const NAME_PREFIXES = [
  "Hartmann",
  "Keller",
  "Becker",
  "Schneider",
  "Fischer",
  "Weber",
  "Wagner",
  "Brandt",
  "Vogel",
  "Krüger",
  "Lehmann",
  "Schulte",
  "Hoffmann",
  "Zimmermann",
  "Richter",
  "Wolf",
  "Neumann",
  "Schwarz",
  "Braun",
  "Lange",
  "Carter",
  "Holloway",
  "Moreau",
  "Dubois",
  "Janssen",
  "Visser",
  "Novak",
  "Lindqvist",
  "Rossi",
  "Bianchi",
  "Kowalski",
  "Larsen",
  "Andersen",
  "Ortega",
  "Nordwind",
  "Alpen",
  "Rhein",
  "Elbe",
  "Harbour",
  "Lakeside",
  "Summit",
  "Meridian",
  "Granite",
  "Silverline",
  "Bluebird",
  "Oakridge",
  "Riverside",
  "Northgate",
  "Westpark",
  "Sonnenhof",
  "Falkenberg",
  "Lindenhof",
  "Eichwald",
  "Kranich",
  "Bergmann",
  "Sommer",
  "Winter",
  "Albrecht",
  "Seidel",
  "Arnold",
];

export const CITIES = [
  "Berlin",
  "Hamburg",
  "Munich",
  "Cologne",
  "Frankfurt",
  "Stuttgart",
  "Düsseldorf",
  "Leipzig",
  "Dresden",
  "Hanover",
  "Nuremberg",
  "Bremen",
  "Essen",
  "Dortmund",
  "Bonn",
  "Münster",
  "Freiburg",
  "Mainz",
  "Kiel",
  "Rostock",
  "Augsburg",
  "Regensburg",
  "Potsdam",
  "Erfurt",
  "Magdeburg",
  "Kassel",
  "Ulm",
  "Lübeck",
  "Würzburg",
  "Heidelberg",
];

export const FIRST_NAMES = [
  "Anna",
  "Lukas",
  "Sophie",
  "Jonas",
  "Marie",
  "Felix",
  "Laura",
  "Paul",
  "Lea",
  "Max",
  "Emma",
  "Leon",
  "Mia",
  "Noah",
  "Hannah",
  "Elias",
  "Clara",
  "Ben",
  "Lina",
  "Tim",
  "Julia",
  "David",
  "Sara",
  "Jan",
  "Nina",
  "Tobias",
  "Eva",
  "Florian",
  "Katrin",
  "Stefan",
  "Aylin",
  "Mehmet",
  "Olga",
  "Piotr",
  "Chiara",
  "Luca",
  "Ines",
  "João",
  "Fatima",
  "Omar",
  "Ingrid",
  "Henrik",
  "Sanne",
  "Pieter",
  "Claire",
  "Hugo",
  "Emily",
  "James",
  "Grace",
  "Oliver",
];

export const LAST_NAMES = [
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Meyer",
  "Wagner",
  "Becker",
  "Schulz",
  "Hoffmann",
  "Koch",
  "Richter",
  "Klein",
  "Wolf",
  "Schröder",
  "Neumann",
  "Schwarz",
  "Zimmermann",
  "Braun",
  "Krüger",
  "Hofmann",
  "Hartmann",
  "Lange",
  "Schmitt",
  "Werner",
  "Krause",
  "Meier",
  "Lehmann",
  "Köhler",
  "Maier",
  "Yılmaz",
  "Kaya",
  "Nowak",
  "Kowalczyk",
  "Rossi",
  "Ferrari",
  "Silva",
  "Santos",
  "Dubois",
  "Martin",
  "Jensen",
  "Nilsen",
  "de Vries",
  "Bakker",
  "Smith",
  "Brown",
  "Taylor",
  "Walsh",
  "Novak",
  "Horvat",
];

export const ACQUISITION_CHANNELS: ReadonlyArray<readonly [string, number]> = [
  ["Referral", 0.24],
  ["Inbound web", 0.22],
  ["Outbound call", 0.2],
  ["Trade show", 0.14],
  ["Partner", 0.12],
  ["Tender", 0.08],
];

export const PHONE_AREAS = ["30", "40", "89", "221", "69", "711", "211", "341", "351", "511", "911", "421"];

export const CONTACT_ROLES: ReadonlyArray<{ title: string; role: "DECISION_MAKER" | "INFLUENCER" | "USER" | "GATEKEEPER" | "OTHER" }> = [
  { title: "Office Manager", role: "INFLUENCER" },
  { title: "IT Administrator", role: "INFLUENCER" },
  { title: "Purchasing Assistant", role: "USER" },
  { title: "Facility Manager", role: "INFLUENCER" },
  { title: "Executive Assistant", role: "GATEKEEPER" },
  { title: "Finance Controller", role: "OTHER" },
  { title: "Team Lead Back Office", role: "USER" },
];

export const VISIT_OUTCOMES: Readonly<Record<"VISIT" | "CALL" | "EMAIL" | "MEETING", readonly string[]>> = {
  VISIT: ["Order taken", "Demo given", "Stock checked, reorder planned", "Follow-up needed", "No need right now"],
  CALL: ["Reached, order confirmed", "Voicemail left", "Call back requested", "Price question answered", "Complaint resolved"],
  EMAIL: ["Offer sent", "Replied with questions", "No reply yet", "Catalogue sent"],
  MEETING: ["Quarterly review held", "Contract terms discussed", "Budget planning for next year", "New site requirements gathered"],
};

export const NEXT_STEPS = [
  "Send quote",
  "Call back in two weeks",
  "Schedule a demo",
  "Check stock levels next visit",
  "Send the Premium tier comparison",
  "Invite to the spring trade show",
  "Confirm delivery date",
  "Prepare renewal offer",
];
