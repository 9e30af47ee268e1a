-- CreateTable
CREATE TABLE "metrics_tallies" (
    "id" BIGSERIAL NOT NULL,
    "owner_id" UUID NOT NULL,
    "segment" TEXT NOT NULL,
    "flag_mask" SMALLINT NOT NULL,
    "converted" BOOLEAN NOT NULL,
    "gap_currency" TEXT NOT NULL,
    "base" BOOLEAN NOT NULL DEFAULT false,
    "accounts" BIGINT NOT NULL,
    "customers" BIGINT NOT NULL,
    "churn_risk_accounts" BIGINT NOT NULL,
    "gap_orders" BIGINT NOT NULL,
    "revenue" DECIMAL NOT NULL,
    "formula_ltv" DECIMAL NOT NULL,
    "revenue_at_risk" DECIMAL NOT NULL,

    CONSTRAINT "metrics_tallies_pkey" PRIMARY KEY ("id")
);


-- Decision 0019 (lib/metrics/tallies.ts).
-- One base row per cell; compaction adds the change rows into it (an update that touches no
-- indexed column: HOT, with room left on each page). Change rows are deleted as they are folded,
-- so the table is vacuumed often, whatever its size.
CREATE UNIQUE INDEX "metrics_tallies_cell_idx" ON "metrics_tallies"
  ("owner_id", "segment", "flag_mask", "converted", "gap_currency") WHERE "base";
ALTER TABLE "metrics_tallies" SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);

-- The statement that adds account_metrics rows to the log: `source` yields rows of account_metrics
-- with a leading `sign` (1 for a row as it is now, -1 for a row as it was) and `kind` says what is
-- inserted: 'change' rows (the trigger) or 'base' rows (the rebuild). Written once, for both.
CREATE FUNCTION metrics_tally_sql(source text, kind text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO metrics_tallies (owner_id, segment, flag_mask, converted, gap_currency, base, accounts, customers,
                                 churn_risk_accounts, gap_orders, revenue, formula_ltv, revenue_at_risk)
    SELECT owner_id, segment, flag_mask, converted, gap_currency, %L = 'base', sum(sign), sum(sign * customer),
           sum(sign * at_risk), sum(sign * gap_orders), sum(sign * revenue), sum(sign * formula_ltv), sum(sign * revenue_at_risk)
      FROM (SELECT r.sign, r.owner_id, r.segment, r.flag_mask,
                   r.reporting_historical_ltv IS NOT NULL AS converted,
                   CASE WHEN r.reporting_historical_ltv IS NULL THEN coalesce(r.reporting_gap->>'currency', '') ELSE '' END AS gap_currency,
                   (r.orders > 0)::int AS customer,
                   r.churn_risk::int AS at_risk,
                   CASE WHEN r.reporting_historical_ltv IS NULL THEN coalesce((r.reporting_gap->>'orders')::int, 0) ELSE 0 END AS gap_orders,
                   coalesce(r.reporting_revenue, 0) AS revenue,
                   coalesce(r.reporting_formula_ltv, 0) AS formula_ltv,
                   CASE WHEN r.churn_risk THEN coalesce(r.reporting_predicted_clv, 0) ELSE 0 END AS revenue_at_risk
              FROM (%s) r) d
     GROUP BY owner_id, segment, flag_mask, converted, gap_currency
    HAVING sum(sign) <> 0 OR sum(sign * customer) <> 0 OR sum(sign * at_risk) <> 0 OR sum(sign * gap_orders) <> 0
        OR sum(sign * revenue) <> 0 OR sum(sign * formula_ltv) <> 0 OR sum(sign * revenue_at_risk) <> 0$q$, kind, source)
$f$;

-- Folds the change rows this statement sees into their cells' base rows. Only under the
-- compaction lock (72707374: METRICS_TALLIES_COMPACT_LOCK_ID in lib/db/advisory-locks.ts), which
-- the rebuild takes too: two of them at once could count a change twice.
CREATE FUNCTION metrics_tallies_compact() RETURNS void LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM metrics_tallies WHERE NOT base RETURNING *)
  INSERT INTO metrics_tallies AS t (owner_id, segment, flag_mask, converted, gap_currency, base, accounts, customers,
                                    churn_risk_accounts, gap_orders, revenue, formula_ltv, revenue_at_risk)
  SELECT owner_id, segment, flag_mask, converted, gap_currency, true, sum(accounts), sum(customers),
         sum(churn_risk_accounts), sum(gap_orders), sum(revenue), sum(formula_ltv), sum(revenue_at_risk)
    FROM gone
   GROUP BY owner_id, segment, flag_mask, converted, gap_currency
  ON CONFLICT (owner_id, segment, flag_mask, converted, gap_currency) WHERE base DO UPDATE
     SET accounts = t.accounts + EXCLUDED.accounts, customers = t.customers + EXCLUDED.customers,
         churn_risk_accounts = t.churn_risk_accounts + EXCLUDED.churn_risk_accounts, gap_orders = t.gap_orders + EXCLUDED.gap_orders,
         revenue = t.revenue + EXCLUDED.revenue, formula_ltv = t.formula_ltv + EXCLUDED.formula_ltv,
         revenue_at_risk = t.revenue_at_risk + EXCLUDED.revenue_at_risk
$$;

-- Every statement that writes account_metrics appends its net change per cell, in its
-- transaction. Each time the log's ids pass a multiple of 1 000 the writer compacts it, unless
-- another transaction holds the compaction lock (a try-lock: a writer never waits for it).
CREATE FUNCTION metrics_tallied() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lo bigint;
  hi bigint;
BEGIN
  -- The cost job's shadow table (and the table it replaced) carry copies of this trigger: only
  -- account_metrics itself is tallied; the swap rebuilds the tallies from the new table.
  IF TG_TABLE_NAME <> 'account_metrics' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM metrics_tallies;
    RETURN NULL;
  END IF;
  EXECUTE 'WITH added AS (' || metrics_tally_sql(CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM metrics_new_rows'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM metrics_old_rows'
      ELSE 'SELECT 1 AS sign, * FROM metrics_new_rows UNION ALL SELECT -1 AS sign, * FROM metrics_old_rows' END, 'change')
    || ' RETURNING id) SELECT min(id), max(id) FROM added' INTO lo, hi;
  IF hi IS NOT NULL AND hi / 1000 > (lo - 1) / 1000 AND pg_try_advisory_xact_lock(72707374) THEN
    PERFORM metrics_tallies_compact();
  END IF;
  RETURN NULL;
END $$;

-- Transition tables need one trigger per event.
CREATE TRIGGER account_metrics_tallied_insert AFTER INSERT ON "account_metrics"
  REFERENCING NEW TABLE AS metrics_new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_tallied();
CREATE TRIGGER account_metrics_tallied_update AFTER UPDATE ON "account_metrics"
  REFERENCING OLD TABLE AS metrics_old_rows NEW TABLE AS metrics_new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_tallied();
CREATE TRIGGER account_metrics_tallied_delete AFTER DELETE ON "account_metrics"
  REFERENCING OLD TABLE AS metrics_old_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_tallied();
CREATE TRIGGER account_metrics_tallied_truncate AFTER TRUNCATE ON "account_metrics"
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_tallied();

-- The base rows of the accounts already there.
DO $$ BEGIN EXECUTE metrics_tally_sql('SELECT 1 AS sign, * FROM account_metrics', 'base'); END $$;
