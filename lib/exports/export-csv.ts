// Exports of every entity as CSV, streamed: keyset pages of 500 rows by primary
// key, so two million purchase lines never sit in memory. The columns are the
// import formats' (lib/imports/formats.ts), so an exported file imports back.
// Reps get only what hangs off their own accounts; every cell passes the
// formula-injection guard (lib/csv/cell.ts).
import { type Query } from "@/lib/db/sql";
import { readDatabase } from "@/lib/db/read-database";
import { accountOwnerFilter, can, type Actor, type Entity } from "@/lib/auth/permissions";
import { Forbidden } from "@/lib/errors";
import { csvRow, type CsvValue } from "@/lib/csv/cell";
import { exportColumns, type ExportFile } from "@/lib/imports/formats";

const ENTITY: Record<ExportFile, Entity> = {
  accounts: "account",
  contacts: "contact",
  products: "product",
  purchases: "purchase",
  visits: "visit",
  deals: "deal",
};
const PAGE = 500;
const FIRST_ID = "00000000-0000-0000-0000-000000000000";
// Timestamps as ISO 8601 UTC text, dates as YYYY-MM-DD: the same on both drivers and in any server time zone.
const ts = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
/** The key an import uses for a record: its external id, or its id when it has none. */
const key = (alias: string) => `coalesce(${alias}.external_id, ${alias}.id::text)`;

type Page = (query: Query, after: string, ownerId: string | null) => Promise<{ rows: CsvValue[][]; last: string | null }>;

const simple =
  (sql: string): Page =>
  async (query, after, ownerId) => {
    const rows = await query(sql, [after, ownerId, PAGE]);
    return {
      rows: rows.map((row) => Object.values(row).slice(1) as CsvValue[]),
      last: rows.length === PAGE ? String(rows[rows.length - 1]!.id) : null,
    };
  };

const PAGES: Record<ExportFile, Page> = {
  accounts: simple(
    `SELECT a.id, ${key("a")} AS external_id, a.name, u.email AS owner_email, a.segment, a.industry, a.region, trim(a.currency) AS currency,
            ${day("a.acquired_at")} AS acquired_at, a.acquisition_channel, a.acquisition_cost_override::text AS acquisition_cost_override, a.status::text AS status
       FROM accounts a JOIN users u ON u.id = a.owner_id
      WHERE a.id > $1::uuid AND ($2::uuid IS NULL OR a.owner_id = $2::uuid) ORDER BY a.id LIMIT $3`,
  ),
  contacts: simple(
    `SELECT c.id, ${key("c")} AS external_id, ${key("a")} AS account_external_id, c.name, c.title, c.email, c.phone, c.decision_role::text AS decision_role
       FROM contacts c JOIN accounts a ON a.id = c.account_id
      WHERE c.id > $1::uuid AND ($2::uuid IS NULL OR a.owner_id = $2::uuid) ORDER BY c.id LIMIT $3`,
  ),
  products: simple(
    `SELECT p.id, p.sku, p.name, c.name AS category, p.tier_rank, p.tier_name, p.list_price::text AS list_price, p.unit_cost::text AS unit_cost,
            p.replenishment_days, p.archived
       FROM products p JOIN categories c ON c.id = p.category_id
      WHERE p.id > $1::uuid AND $2::uuid IS NULL ORDER BY p.id LIMIT $3`,
  ),
  // One row per order line; an order's lines stay together (paged by order).
  purchases: async (query, after, ownerId) => {
    const orders = await query(
      `SELECT p.id, p.account_id, ${key("p")} AS order_external_id, ${key("a")} AS account_external_id, ${ts("p.purchased_at")} AS purchased_at
         FROM purchases p JOIN accounts a ON a.id = p.account_id
        WHERE p.id > $1::uuid AND ($2::uuid IS NULL OR a.owner_id = $2::uuid) ORDER BY p.id LIMIT $3`,
      [after, ownerId, PAGE],
    );
    if (orders.length === 0) return { rows: [], last: null };
    const lines = await query(
      `SELECT l.purchase_id, pr.sku, l.quantity, l.unit_price::text AS unit_price, l.unit_cost::text AS unit_cost
         FROM purchase_lines l JOIN products pr ON pr.id = l.product_id
        WHERE (l.account_id, l.purchase_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
        ORDER BY l.purchase_id, l.id`,
      [orders.map((o) => o.account_id), orders.map((o) => o.id)],
    );
    const byOrder = new Map<string, typeof lines>();
    for (const line of lines) {
      const list = byOrder.get(String(line.purchase_id)) ?? [];
      list.push(line);
      byOrder.set(String(line.purchase_id), list);
    }
    const rows = orders.flatMap((order) =>
      (byOrder.get(String(order.id)) ?? []).map(
        (line) =>
          [
            order.order_external_id,
            order.account_external_id,
            order.purchased_at,
            line.sku,
            line.quantity,
            line.unit_price,
            line.unit_cost,
          ] as CsvValue[],
      ),
    );
    return { rows, last: orders.length === PAGE ? String(orders[orders.length - 1]!.id) : null };
  },
  visits: simple(
    `SELECT v.id, ${key("a")} AS account_external_id, ${ts("v.occurred_at")} AS occurred_at, v.type::text AS type, u.email AS rep_email,
            CASE WHEN c.id IS NULL THEN NULL ELSE ${key("c")} END AS contact_external_id, v.outcome, v.notes, v.next_step
       FROM visits v JOIN accounts a ON a.id = v.account_id JOIN users u ON u.id = v.rep_id LEFT JOIN contacts c ON c.account_id = v.account_id AND c.id = v.contact_id
      WHERE v.id > $1::uuid AND ($2::uuid IS NULL OR a.owner_id = $2::uuid) ORDER BY v.id LIMIT $3`,
  ),
  deals: simple(
    `SELECT d.id, ${key("a")} AS account_external_id, d.title, d.stage::text AS stage, d.type::text AS type, d.amount::text AS amount, d.probability,
            ${day("d.expected_close_at")} AS expected_close_at, ${ts("d.closed_at")} AS closed_at, u.email AS owner_email, pr.sku
       FROM deals d JOIN accounts a ON a.id = d.account_id JOIN users u ON u.id = d.owner_id LEFT JOIN products pr ON pr.id = d.product_id
      WHERE d.id > $1::uuid AND ($2::uuid IS NULL OR a.owner_id = $2::uuid) ORDER BY d.id LIMIT $3`,
  ),
};

/** The whole file as a byte stream; refuses (Forbidden) before the first byte when the role may not read the entity. */
export async function exportCsv(actor: Actor, file: ExportFile): Promise<ReadableStream<Uint8Array>> {
  const entity = ENTITY[file];
  if (!can(actor, "read", entity)) throw new Forbidden(`Your role may not export ${file}.`);
  const ownerId = file === "products" ? null : accountOwnerFilter(actor);
  // A bulk read: on the read replica when one is configured.
  const db = await readDatabase();
  const query: Query = (sql, params) => db.runner.query(sql, params);
  const page = PAGES[file];
  const encoder = new TextEncoder();
  let after: string | null = FIRST_ID;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = headerSent ? "" : csvRow(exportColumns(file));
      headerSent = true;
      if (after === null) {
        if (text) controller.enqueue(encoder.encode(text));
        controller.close();
        return;
      }
      const result = await page(query, after, ownerId);
      for (const row of result.rows) text += csvRow(row);
      after = result.last;
      if (text) controller.enqueue(encoder.encode(text));
      if (after === null) controller.close();
    },
  });
}
