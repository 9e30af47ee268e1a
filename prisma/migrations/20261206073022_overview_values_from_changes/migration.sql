-- AlterTable
ALTER TABLE "metrics_changes" ADD COLUMN     "ltvs_added" DECIMAL(14,2)[],
ADD COLUMN     "ltvs_removed" DECIMAL(14,2)[],
ADD COLUMN     "revenues_added" DECIMAL(14,2)[],
ADD COLUMN     "revenues_removed" DECIMAL(14,2)[],
ADD COLUMN     "xid" xid8 NOT NULL DEFAULT pg_current_xact_id();


-- Each change row now also carries the overview's values its statement took away and put in, so
-- a reader holding every value as of one snapshot applies the rows that snapshot did not see
-- instead of reading every account again (lib/portfolio/overview-values.ts). The filters are the
-- overview's own full read: revenues of customers (orders > 0) with a reporting revenue, clamped
-- at 0; formula LTVs of accounts with a reporting revenue. Above 100 rows (the bulk passes) the
-- values are left out (null): the reader reads everything again, cheaper than a long log.
CREATE OR REPLACE FUNCTION metrics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  -- The values of one transition table (%s), with the overview's filters; none for a missing one.
  moved CONSTANT text := 'SELECT count(*) AS n,
      coalesce(array_agg(greatest(reporting_revenue, 0)) FILTER (WHERE reporting_revenue IS NOT NULL AND orders > 0), ''{}'') AS revenues,
      coalesce(array_agg(reporting_formula_ltv) FILTER (WHERE reporting_revenue IS NOT NULL AND reporting_formula_ltv IS NOT NULL), ''{}'') AS ltvs
    FROM %s';
  none CONSTANT text := 'SELECT 0 AS n, ''{}''::numeric[] AS revenues, ''{}''::numeric[] AS ltvs';
BEGIN
  -- A user's rename, and the cost job's shadow table (or the one it replaced): no value of
  -- account_metrics moves; the swap marks its own change (null values).
  IF TG_TABLE_NAME <> 'account_metrics' THEN
    INSERT INTO metrics_changes (revenues_removed, revenues_added, ltvs_removed, ltvs_added) VALUES ('{}', '{}', '{}', '{}');
    RETURN NULL;
  END IF;
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO metrics_changes DEFAULT VALUES;
    RETURN NULL;
  END IF;
  EXECUTE format($q$
    INSERT INTO metrics_changes (revenues_removed, revenues_added, ltvs_removed, ltvs_added)
    SELECT CASE WHEN s.small THEN o.revenues END, CASE WHEN s.small THEN a.revenues END,
           CASE WHEN s.small THEN o.ltvs END, CASE WHEN s.small THEN a.ltvs END
      FROM (%1$s) o, (%2$s) a, LATERAL (SELECT greatest(o.n, a.n) <= 100 AS small) s$q$,
    CASE WHEN TG_OP = 'INSERT' THEN none ELSE format(moved, 'metrics_old_rows') END,
    CASE WHEN TG_OP = 'DELETE' THEN none ELSE format(moved, 'metrics_new_rows') END);
  RETURN NULL;
END $$;

-- Transition tables need one trigger per event (the users trigger keeps the one it has).
DROP TRIGGER account_metrics_changed ON "account_metrics";
CREATE TRIGGER account_metrics_changed_insert AFTER INSERT ON "account_metrics"
  REFERENCING NEW TABLE AS metrics_new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_changed();
CREATE TRIGGER account_metrics_changed_update AFTER UPDATE ON "account_metrics"
  REFERENCING OLD TABLE AS metrics_old_rows NEW TABLE AS metrics_new_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_changed();
CREATE TRIGGER account_metrics_changed_delete AFTER DELETE ON "account_metrics"
  REFERENCING OLD TABLE AS metrics_old_rows FOR EACH STATEMENT EXECUTE FUNCTION metrics_changed();
CREATE TRIGGER account_metrics_changed_truncate AFTER TRUNCATE ON "account_metrics"
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_changed();
