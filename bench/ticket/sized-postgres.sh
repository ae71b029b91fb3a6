#!/usr/bin/env bash
# A private PostgreSQL cluster for the ticket benchmark, sized like a production server instead of
# PostgreSQL's defaults (shared_buffers 128 MB): the benchmark's 1,000,000 tickets take ~2.6 GB, and
# with the default settings a search's heap pages come from the kernel's page cache, which this VM
# reclaims proactively, so the search tail measures the disk. Leaves the machine's own server alone.
#
#   bench/ticket/sized-postgres.sh start     # initdb (first time) and start on port 5433
#   PGPORT=5433 bench/ticket/run.sh          # seed (first time) and measure against it
#   bench/ticket/sized-postgres.sh stop
#
# Settings (environment): PGB_DIR (/var/tmp/flowsupport-bench-pg), PGB_PORT (5433),
# SHARED_BUFFERS (4GB), EFFECTIVE_CACHE_SIZE (12GB). Needs the PostgreSQL server binaries with
# pg_trgm (as `make infra` installs them) and, when run as root, the `postgres` OS user.
set -euo pipefail
DIR=${PGB_DIR:-/var/tmp/flowsupport-bench-pg}
PORT=${PGB_PORT:-5433}
BIN=$(pg_config --bindir 2>/dev/null || true)
if [ ! -x "$BIN/initdb" ]; then
  BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "$BIN/initdb" ] || { echo "sized-postgres: no PostgreSQL server binaries (initdb) found" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

case "${1:-}" in
  start)
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_owner "'$BIN/initdb' -D '$DIR/data' -A trust -U postgres" >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
      cat >>"$DIR/data/postgresql.conf" <<EOF
port = $PORT
listen_addresses = 'localhost'
unix_socket_directories = '$DIR'
shared_buffers = ${SHARED_BUFFERS:-4GB}
effective_cache_size = ${EFFECTIVE_CACHE_SIZE:-12GB}
EOF
    fi
    as_owner "'$BIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w start" >/dev/null
    echo "sized-postgres: running on localhost:$PORT ($DIR); now: PGPORT=$PORT bench/ticket/run.sh"
    ;;
  stop)
    as_owner "'$BIN/pg_ctl' -D '$DIR/data' -m fast stop" >/dev/null
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
