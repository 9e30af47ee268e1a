#!/usr/bin/env bash
# The manager journey with the heavy reads on the read replica (e2e/read-replica.spec.ts): a
# fresh demo database on the local server (port 5432), replayed by the replica that
# scripts/replica.sh keeps on port 5433, and the app started on it with DATABASE_READ_URL.
# Builds the app first when the sources changed (scripts/start.mjs). Usage: bash scripts/e2e-replica.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DB=ltv_e2e_replica
PRIMARY="postgresql://postgres@127.0.0.1:5432"
REPLICA="postgresql://postgres@127.0.0.1:5433"

bash scripts/replica.sh
psql -q "$PRIMARY/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DATABASE_URL="$PRIMARY/$DB" npm run --silent db:migrate
DATABASE_URL="$PRIMARY/$DB" npm run --silent seed

# The replica has replayed the seed before the app starts reading from it.
LSN="$(psql -Atq "$PRIMARY/postgres" -c "SELECT pg_current_wal_lsn()")"
for _ in $(seq 1 60); do
  [ "$(psql -Atq "$REPLICA/postgres" -c "SELECT pg_last_wal_replay_lsn() >= '$LSN'::pg_lsn")" = "t" ] && break
  sleep 1
done

status=0
E2E_DATABASE_URL="$PRIMARY/$DB" E2E_DATABASE_READ_URL="$REPLICA/$DB" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  npx playwright test e2e/read-replica.spec.ts --project desktop || status=$?
psql -q "$PRIMARY/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
exit "$status"
