-- CreateTable
CREATE TABLE "metrics_changes" (
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "metrics_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metrics_generation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "folded" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "metrics_generation_pkey" PRIMARY KEY ("id")
);

-- The one running count (lib/metrics/generation.ts).
INSERT INTO "metrics_generation" ("id", "folded") VALUES (1, 0);

-- Every statement that writes account_metrics, or renames a user (the dashboard names owners),
-- adds a row in its own transaction: the count of rows a reader's snapshot sees grows with every
-- committed change and never with an uncommitted one. The cost job's shadow table copies the
-- trigger; its swap (a rename, no row written) adds its row itself.
CREATE FUNCTION metrics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO metrics_changes DEFAULT VALUES;
  RETURN NULL;
END $$;

CREATE TRIGGER account_metrics_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "account_metrics"
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_changed();

CREATE TRIGGER users_name_changed AFTER UPDATE OF "name" ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION metrics_changed();
