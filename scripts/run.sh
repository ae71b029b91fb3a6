#!/usr/bin/env bash
# Starts the whole platform on this machine: infrastructure, build, then the six services in the
# background (logs and pids under .run/), waiting until each reports ready, and seeds the demo tenant
# through the gateway (scripts/demo/seed.py: people, knowledge base, AI settings, chat widget).
# `scripts/stop.sh` (or `make stop`) stops them.
#
# Passed through to the services when set: SPRING_MAIL_* (identity's password reset links and
# channel-service's platform relay), FLOWSUPPORT_IDENTITY_PASSWORDRESET_LINKBASE, and any other
# setting of the services' environment. FLOWSUPPORT_LOGGING_FORMAT=json switches the logs from
# text to JSON lines (what containers and Kubernetes get).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RUN_DIR="$ROOT/.run"
VERSION=0.1.0-SNAPSHOT
export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DATABASE="${FLOWSUPPORT_DB_NAME:-flowsupport}"
READY_TIMEOUT="${READY_TIMEOUT:-300}"
GATEWAY_URL=http://localhost:8080
started_at=$SECONDS

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
elapsed() { printf '%dm%02ds' $(((SECONDS - started_at) / 60)) $(((SECONDS - started_at) % 60)); }

if ! command -v python3 >/dev/null; then
  echo "run: python3 is needed to seed the demo tenant (apt-get install python3)" >&2
  exit 1
fi

# A second `make run` while everything runs only checks the demo again; half a platform is an error.
running=()
for entry in "${SERVICES[@]}"; do
  pidfile="$RUN_DIR/pids/${entry%%:*}.pid"
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    running+=("${entry%%:*}")
  fi
done
if [ ${#running[@]} -gt 0 ] && [ ${#running[@]} -lt ${#SERVICES[@]} ]; then
  echo "run: only part of FlowSupport is running (${running[*]}); 'make stop' first." >&2
  exit 1
fi

start_platform() {
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
  ./mvnw -B -DskipTests package >"$RUN_DIR/build.log" 2>&1 &
  build=$!
  # Progress: each module as Maven starts it ("Building FlowSupport ... [3/12]").
  shown=0
  while kill -0 "$build" 2>/dev/null; do
    sleep 2
    mapfile -t modules < <(grep -E '^\[INFO\] Building FlowSupport' "$RUN_DIR/build.log" || true)
    for ((i = shown; i < ${#modules[@]}; i++)); do
      printf '  %s (%s)\n' "${modules[$i]#\[INFO\] Building }" "$(elapsed)"
    done
    shown=${#modules[@]}
  done
  if ! wait "$build"; then
    tail -n 30 "$RUN_DIR/build.log"
    echo "run: the build failed; full log in .run/build.log" >&2
    exit 1
  fi
  grep -E 'BUILD|Total time' "$RUN_DIR/build.log" | sed 's/^\[INFO\] /  /'

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
  # The same variables docker-compose.yml and the Helm chart set: where each service is, what the
  # public entry is, whom the gateway and the services believe about the client's address.
  export IDENTITY_SERVICE_URL=http://localhost:8081 TICKET_SERVICE_URL=http://localhost:8082 \
    KB_SERVICE_URL=http://localhost:8083 AI_RAG_SERVICE_URL=http://localhost:8084 \
    CHANNEL_SERVICE_URL=http://localhost:8085
  export FLOWSUPPORT_PUBLIC_BASE_URL="$GATEWAY_URL" FLOWSUPPORT_KB_SEARCH_PUBLICBASEURL="$GATEWAY_URL"
  export FLOWSUPPORT_TRUSTED_PROXIES="${FLOWSUPPORT_TRUSTED_PROXIES:-}"
  export FLOWSUPPORT_WEB_CLIENTADDRESS_TRUSTEDPROXIES="${FLOWSUPPORT_WEB_CLIENTADDRESS_TRUSTEDPROXIES:-127.0.0.0/8,::1/128}"
  # Text lines with [trace id, span id, tenant id] for reading here; json for what production gets.
  export FLOWSUPPORT_LOGGING_FORMAT="${FLOWSUPPORT_LOGGING_FORMAT:-text}"
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
  last_report=$SECONDS
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
      if [ $((SECONDS - last_report)) -ge 15 ]; then
        names=()
        for entry in "${pending[@]}"; do names+=("${entry%%:*}"); done
        echo "  still starting after $((SECONDS - start))s: ${names[*]}"
        last_report=$SECONDS
      fi
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
  ready_after=$((SECONDS - start))
  echo "  all six services ready ${ready_after}s after they were started ($(elapsed) since make run began)"
}

if [ ${#running[@]} -eq ${#SERVICES[@]} ]; then
  step "FlowSupport is already running (make stop stops it)"
  ready_note="already running"
else
  start_platform
  ready_note="services ready in ${ready_after}s"
fi

step "Demo tenant (through the gateway; log: .run/seed.log)"
seed_started=$SECONDS
set +e
python3 -u scripts/demo/seed.py --gateway "$GATEWAY_URL" --summary "$RUN_DIR/demo.txt" 2>&1 | tee "$RUN_DIR/seed.log"
seeded=${PIPESTATUS[0]}
set -e
if [ "$seeded" -ne 0 ]; then
  echo "run: seeding the demo failed (the services keep running; their logs are in .run/logs/); retry with: python3 scripts/demo/seed.py" >&2
  exit 1
fi
echo "  seeded in $((SECONDS - seed_started))s"

if [ -n "${SPRING_MAIL_HOST:-}" ]; then
  mail="emailed through ${SPRING_MAIL_HOST}:${SPRING_MAIL_PORT:-25}"
else
  mail="logged by identity-service (set SPRING_MAIL_HOST etc. to email them)"
fi

cat <<MSG

FlowSupport is running: ${ready_note}, demo seeded, $(elapsed) in all.
  API gateway      $GATEWAY_URL        (the public entry: /api/v1/**, /webhooks/**, /widget/**)
  API docs         $GATEWAY_URL/swagger-ui.html
  Services         http://localhost:8081 … 8085 (each also checks tokens itself)
  Health/metrics   http://localhost:9080 … 9085/actuator/health, /actuator/prometheus (management ports, never via the gateway)
  Logs             .run/logs/<service>.log (${FLOWSUPPORT_LOGGING_FORMAT:-text})
  Password resets  $mail, links to ${FLOWSUPPORT_IDENTITY_PASSWORDRESET_LINKBASE:-http://localhost:3000/reset-password}
$(cat "$RUN_DIR/demo.txt")
Stop with: make stop
MSG
