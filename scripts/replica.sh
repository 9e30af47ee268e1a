#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL server (cluster "main", port 5432) as a
# second cluster "replica" on port 5433, for the read-replica tests (lib/rankings/read-replica.db.test.ts,
# e2e/read-replica.spec.ts). Idempotent: a replica that is running, in recovery and a copy of
# this very primary is reused; anything else (stopped and unstartable, promoted, or a copy of a
# primary that was since recreated) is dropped and made again with pg_basebackup.
# Needs root (it runs pg_* as the postgres user). Usage: bash scripts/replica.sh
set -euo pipefail

VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
PRIMARY_PORT=5432
REPLICA_PORT=5433
MAIN_CONF="/etc/postgresql/$VERSION/main"
REPLICA_CONF="/etc/postgresql/$VERSION/replica"
REPLICA_DATA="/var/lib/postgresql/$VERSION/replica"

as_postgres() { runuser -u postgres -- "$@"; }
sql() { psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -Atqc "$2"; }

# The primary accepts replication connections from this machine (pg_basebackup and the walreceiver).
HBA_LINE="host replication all 127.0.0.1/32 trust"
if ! grep -qxF "$HBA_LINE" "$MAIN_CONF/pg_hba.conf"; then
  echo "$HBA_LINE" >>"$MAIN_CONF/pg_hba.conf"
  sql "$PRIMARY_PORT" "SELECT pg_reload_conf()" >/dev/null
fi

replica_is_healthy() {
  pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q || return 1
  [ "$(sql "$REPLICA_PORT" "SELECT pg_is_in_recovery()")" = "t" ] || return 1
  # Same system identifier = a copy of this primary, not of an earlier one.
  [ "$(sql "$REPLICA_PORT" "SELECT system_identifier FROM pg_control_system()")" = \
    "$(sql "$PRIMARY_PORT" "SELECT system_identifier FROM pg_control_system()")" ] || return 1
  # Streaming (a walreceiver is connected), so writes on the primary arrive.
  for _ in $(seq 1 10); do
    [ "$(sql "$REPLICA_PORT" "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'")" = "1" ] && return 0
    sleep 1
  done
  return 1
}

wait_ready() {
  for _ in $(seq 1 60); do
    pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q && return 0
    sleep 1
  done
  return 1
}

if [ -d "$REPLICA_CONF" ]; then
  if ! pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" replica start 2>/dev/null || true
    wait_ready || true
  fi
  if replica_is_healthy; then
    echo "Read replica on port $REPLICA_PORT: reused (streaming from port $PRIMARY_PORT)."
    exit 0
  fi
  echo "Read replica on port $REPLICA_PORT is not a healthy copy of the primary: recreating it."
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" replica stop -m immediate 2>/dev/null || true
  pg_dropcluster "$VERSION" replica
fi

pg_createcluster "$VERSION" replica -p "$REPLICA_PORT" >/dev/null
rm -rf "${REPLICA_DATA:?}"/*
as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA" -R -X stream -c fast
cp "$MAIN_CONF/pg_hba.conf" "$REPLICA_CONF/pg_hba.conf"
chown postgres:postgres "$REPLICA_CONF/pg_hba.conf"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" replica start
wait_ready
if ! replica_is_healthy; then
  echo "The read replica on port $REPLICA_PORT did not start streaming; see /var/log/postgresql/postgresql-$VERSION-replica.log" >&2
  exit 1
fi
echo "Read replica on port $REPLICA_PORT: created (streaming from port $PRIMARY_PORT)."
