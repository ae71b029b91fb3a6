#!/usr/bin/env bash
# Ticket-service benchmark, on this machine, with row-level security on: seeds 1,000,000 tickets
# (two comments each) across 100 tenants once, then measures create, list (first page and a page
# 5,000 tickets deep), free-text search and typo search at fixed request rates, and records the
# query plan of a search.
#
#   bench/ticket/run.sh        # first run ~25 minutes (seeding), later runs ~6 minutes
#
# Needs a JDK >= 21, PostgreSQL with pg_trgm/btree_gin and Redis (as `make infra` provides), and the
# ticket-service jar (built here if missing). The seeded database is `flowsupport_bench` (kept
# between runs; `RESEED=1` rebuilds it). Tunables (environment): TENANTS (100), PER_TENANT
# (10000), RATE_CREATE (50), RATE_LIST (100), RATE_SEARCH (50), SECONDS_PER_SCENARIO (30), WARMUP_SECONDS (60);
# SEED_ONLY=1 seeds (when needed) and stops before measuring.
# The figures in bench/README.md come from a server sized for the data (bench/ticket/sized-postgres.sh,
# then PGPORT=5433 bench/ticket/run.sh); the machine's default-sized server gives a disk-bound search tail.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
BENCH=$(pwd)
ROOT=$(cd ../.. && pwd)
JAVA_HOME=$("$ROOT/scripts/java-home.sh")
JAVA="$JAVA_HOME/bin/java"
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DATABASE=flowsupport_bench
TENANTS=${TENANTS:-100}
PER_TENANT=${PER_TENANT:-10000}
SERVICE_PORT=18082
MANAGEMENT_PORT=19082
JWKS_PORT=18099
JAR="${JAR:-$ROOT/ticket-service/target/ticket-service-0.1.0-SNAPSHOT.jar}"
OUT="$BENCH/target/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

say() { printf '==> %s\n' "$*" >&2; }
psql_bench() { psql -X -v ON_ERROR_STOP=1 -d "$DATABASE" "$@"; }

service_pid=
cleanup() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

"$ROOT/scripts/infra.sh" --check >/dev/null || { echo "bench: infrastructure missing; run 'make infra' first" >&2; exit 1; }
for port in $SERVICE_PORT $MANAGEMENT_PORT $JWKS_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port $port is in use" >&2
    exit 1
  fi
done
if [ ! -f "$JAR" ]; then
  say "Building the ticket-service jar"
  (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" ./mvnw -B -q -pl ticket-service -am -DskipTests package)
fi

if [ "${RESEED:-0}" = 1 ]; then
  dropdb --if-exists "$DATABASE"
fi
if [ "$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  createdb "$DATABASE"
fi

say "Starting ticket-service on :$SERVICE_PORT (log: $OUT/ticket-service.log)"
url="jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE"
FLOWSUPPORT_CRYPTO_MASTER_KEY=$(head -c 32 /dev/urandom | base64) "$JAVA" -Xms512m -Xmx512m -jar "$JAR" \
  --server.port=$SERVICE_PORT --management.server.port=$MANAGEMENT_PORT \
  --spring.datasource.url="$url" \
  --flowsupport.db.bootstrap.enabled=true --flowsupport.db.bootstrap.admin-url="$url" \
  --flowsupport.db.bootstrap.admin-username="$PGUSER" --flowsupport.db.bootstrap.admin-password="${PGPASSWORD:-}" \
  --flowsupport.security.jwt.jwk-set-uri="http://127.0.0.1:$JWKS_PORT/.well-known/jwks.json" \
  --flowsupport.security.jwt.issuer=https://identity.flowsupport.bench \
  --logging.level.root=WARN >"$OUT/ticket-service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$service_pid" 2>/dev/null || { tail -n 30 "$OUT/ticket-service.log"; exit 1; }
  sleep 1
done

seeded=$(psql_bench -At -c "SELECT tenants || 'x' || per_tenant FROM public.bench_seeded ORDER BY seeded_at DESC LIMIT 1" 2>/dev/null || true)
if [ "$seeded" != "${TENANTS}x${PER_TENANT}" ]; then
  say "Seeding $TENANTS tenants x $PER_TENANT tickets (log: $OUT/seed.log)"
  start=$(date +%s)
  psql_bench -v tenants="$TENANTS" -v per_tenant="$PER_TENANT" -f "$BENCH/seed.sql" >"$OUT/seed.log" 2>&1
  echo "seeding took $(( $(date +%s) - start )) s" | tee -a "$OUT/seed.log" >&2
else
  say "Using the seeded database ($seeded)"
fi
psql_bench -At -c "SELECT pg_size_pretty(pg_database_size('$DATABASE')) || ' database, '
  || (SELECT count(*) FROM ticket.ticket) || ' tickets, ' || (SELECT count(*) FROM ticket.ticket_comment) || ' comments'" \
  | tee "$OUT/size.txt" >&2
if [ "${SEED_ONLY:-0}" = 1 ]; then
  exit 0
fi

# Each tenant with the id of its 5,000th newest ticket: the position of a deep cursor.
psql_bench -At -F ' ' -c "SELECT tenant_id, id FROM (SELECT tenant_id, id,
  row_number() OVER (PARTITION BY tenant_id ORDER BY id DESC) AS position FROM ticket.ticket) ranked
  WHERE position = 5000" >"$OUT/tenants.txt"

say "Load (results: $OUT/results.jsonl)"
"$JAVA" -Drate.create="${RATE_CREATE:-50}" -Drate.list="${RATE_LIST:-100}" -Drate.search="${RATE_SEARCH:-50}" \
  -Dseconds="${SECONDS_PER_SCENARIO:-30}" -Dwarmup.seconds="${WARMUP_SECONDS:-60}" \
  "$BENCH/TicketBench.java" "http://127.0.0.1:$SERVICE_PORT" "$JWKS_PORT" "$OUT/tenants.txt" "$OUT/results.jsonl"

say "Query plans (as ticket_app, with RLS, for one tenant: $OUT/explain.txt)"
read -r tenant deep_id <"$OUT/tenants.txt"
claims="{\"tenant_id\":\"$tenant\",\"sub\":\"00000000-0000-7000-8000-000000000001\",\"app_role\":\"admin\"}"
PGPASSWORD=flowsupport-dev psql -X -U ticket_app -d "$DATABASE" -v ON_ERROR_STOP=1 -v claims="$claims" \
  -v tenant="$tenant" -v deep_id="$deep_id" -f "$BENCH/explain.sql" >"$OUT/explain.txt" 2>&1
cat "$OUT/explain.txt" >&2
