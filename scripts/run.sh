#!/usr/bin/env bash
# Starts the whole platform on this machine: infrastructure, build, then the six services in the
# background (logs and pids under .run/), waiting until each reports ready. `scripts/stop.sh` (or
# `make stop`) stops them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RUN_DIR="$ROOT/.run"
VERSION=0.1.0-SNAPSHOT
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DATABASE="${FLOWSUPPORT_DB_NAME:-flowsupport}"
READY_TIMEOUT="${READY_TIMEOUT:-180}"

# name:port:management-port, in start order (identity first: it holds the keys the others trust).
SERVICES=(
  identity-service:8081:9081
  ticket-service:8082:9082
  kb-service:8083:9083
  ai-rag-service:8084:9084
  channel-service:8085:9085
  gateway-service:8080:9080
)

step() { printf '\n==> %s\n' "$*"; }

if [ -d "$RUN_DIR/pids" ] && compgen -G "$RUN_DIR/pids/*.pid" >/dev/null; then
  for pidfile in "$RUN_DIR"/pids/*.pid; do
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "run: FlowSupport is already running ($(basename "$pidfile" .pid)); 'make stop' first." >&2
      exit 1
    fi
  done
fi
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port mport <<<"$entry"
  for p in "$port" "$mport"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "run: port $p (for $name) is already in use; free it or stop what holds it." >&2
      exit 1
    fi
  done
done

step "Infrastructure"
scripts/infra.sh

step "Database '$DATABASE'"
if [ "$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]; then
  createdb "$DATABASE"
  echo "created"
else
  echo "exists"
fi

JAVA_HOME=$(scripts/java-home.sh)
export JAVA_HOME
step "Build (JDK $JAVA_HOME; log: .run/build.log)"
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
if ! ./mvnw -B -DskipTests package >"$RUN_DIR/build.log" 2>&1; then
  tail -n 30 "$RUN_DIR/build.log"
  echo "run: the build failed; full log in .run/build.log" >&2
  exit 1
fi
grep -E 'Building FlowSupport|BUILD' "$RUN_DIR/build.log" | sed 's/^\[INFO\] /  /'

step "Starting services"
# Secrets at rest (signing keys, channel credentials) are sealed with this key; it must survive
# restarts, so it is created once and kept with the run state.
if [ ! -s "$RUN_DIR/master-key" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 >"$RUN_DIR/master-key")
fi
FLOWSUPPORT_CRYPTO_MASTER_KEY=$(cat "$RUN_DIR/master-key")
export FLOWSUPPORT_CRYPTO_MASTER_KEY
# Each service signs in to identity-service with its own secret for service tokens (background
# work for a tenant); identity learns every secret, each service only its own.
mkdir -p "$RUN_DIR/secrets"
service_clients=()
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}
  case "$name" in identity-service|gateway-service) continue ;; esac
  if [ ! -s "$RUN_DIR/secrets/$name" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$RUN_DIR/secrets/$name")
  fi
  service_clients+=("--flowsupport.identity.service-clients.$name=$(cat "$RUN_DIR/secrets/$name")")
done
admin_url="jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE"
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port mport <<<"$entry"
  args=(
    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m
    -jar "$ROOT/$name/target/$name-$VERSION.jar"
    --spring.datasource.url="$admin_url"
  )
  if [ "$name" != gateway-service ]; then
    # Locally each service creates its own roles and schema at startup, as an administrator.
    args+=(
      --flowsupport.db.bootstrap.enabled=true
      --flowsupport.db.bootstrap.admin-url="$admin_url"
      --flowsupport.db.bootstrap.admin-username="$PGUSER"
      --flowsupport.db.bootstrap.admin-password="${PGPASSWORD:-}"
    )
  fi
  if [ "$name" = identity-service ]; then
    args+=("${service_clients[@]}")
  fi
  secret=""
  if [ -s "$RUN_DIR/secrets/$name" ]; then
    secret=$(cat "$RUN_DIR/secrets/$name")
  fi
  FLOWSUPPORT_SERVICE_TOKEN_SECRET="$secret" nohup "$JAVA_HOME/bin/java" "${args[@]}" >"$RUN_DIR/logs/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/pids/$name.pid"
  echo "  $name started (pid $!, log .run/logs/$name.log)"
done

step "Waiting for readiness (up to ${READY_TIMEOUT}s)"
start=$SECONDS
pending=("${SERVICES[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  still=()
  for entry in "${pending[@]}"; do
    IFS=: read -r name port mport <<<"$entry"
    if ! kill -0 "$(cat "$RUN_DIR/pids/$name.pid")" 2>/dev/null; then
      tail -n 40 "$RUN_DIR/logs/$name.log"
      echo "run: $name exited during startup; its log is .run/logs/$name.log" >&2
      scripts/stop.sh >/dev/null
      exit 1
    fi
    if curl -fsS "http://127.0.0.1:$mport/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then
      echo "  $name ready after $((SECONDS - start))s"
    else
      still+=("$entry")
    fi
  done
  pending=("${still[@]+"${still[@]}"}")
  if [ ${#pending[@]} -gt 0 ]; then
    if [ $((SECONDS - start)) -ge "$READY_TIMEOUT" ]; then
      for entry in "${pending[@]}"; do
        echo "run: ${entry%%:*} not ready after ${READY_TIMEOUT}s; its log is .run/logs/${entry%%:*}.log" >&2
      done
      scripts/stop.sh >/dev/null
      exit 1
    fi
    sleep 2
  fi
done

cat <<MSG

FlowSupport is running (all six services ready in $((SECONDS - start))s).
  API gateway      http://localhost:8080        (the public entry: /api/v1/**, /webhooks/**, /widget/**)
  Services         http://localhost:8081 … 8085 (each also checks tokens itself)
  Health/metrics   http://localhost:9080 … 9085/actuator/health (management ports, never via the gateway)
  Logs             .run/logs/<service>.log
Stop with: make stop
MSG
