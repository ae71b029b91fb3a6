#!/usr/bin/env bash
# Gateway benchmark, on this machine, loopback only: what the gateway adds to a call
# (p50/p99 at a fixed request rate, against calling the service directly) with and without
# the Redis rate limiter, and the most requests per second it passes to a no-op service.
#
#   bench/gateway/run.sh            # ~12 minutes; results in bench/gateway/target/<time>/
#
# Needs a JDK >= 21 (found like `make run` does), Redis on localhost:6379 (as `make infra`
# provides) and the gateway jar (built here if missing). Tunables (environment):
# RATE (500 req/s), RUN_SECONDS (10), RUNS (5), CONNECTIONS (16), WARMUP_SECONDS (360, shared
# by both gateways), MAX_SECONDS (15), MAX_CONNECTIONS (32), MAX_RUNS (3), REDIS_HOST/REDIS_PORT,
# GATEWAY_JAVA_OPTS (the JVM as the Helm chart runs it: its image's flags under the gateway's
# 512 Mi memory limit, and the gateway's javaOptions).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
BENCH=$(pwd)
ROOT=$(cd ../.. && pwd)
JAVA_HOME=$("$ROOT/scripts/java-home.sh")
JAVA="$JAVA_HOME/bin/java"
RATE=${RATE:-500}
RUN_SECONDS=${RUN_SECONDS:-10}
RUNS=${RUNS:-5}
CONNECTIONS=${CONNECTIONS:-16}
WARMUP_SECONDS=${WARMUP_SECONDS:-360}
MAX_SECONDS=${MAX_SECONDS:-15}
MAX_CONNECTIONS=${MAX_CONNECTIONS:-32}
MAX_RUNS=${MAX_RUNS:-3}
REDIS_HOST=${REDIS_HOST:-localhost}
REDIS_PORT=${REDIS_PORT:-6379}
# deploy/docker/Dockerfile's flags; -XX:MaxRAM stands for the container's memory limit
# (deploy/helm values: components.gateway.resources.limits.memory, javaOptions).
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC}
UPSTREAM_PORT=18090
GATEWAY_PORT=18080
MANAGEMENT_PORT=19080
OFF_PORT=18081
OFF_MANAGEMENT_PORT=19081
PATH_UNDER_TEST=/api/v1/tickets
JAR="$ROOT/gateway-service/target/gateway-service-0.1.0-SNAPSHOT.jar"
OUT="$BENCH/target/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
RAW="$OUT/raw.jsonl"
: >"$RAW"

say() { printf '==> %s\n' "$*" >&2; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

if ! (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c5 <&3 | grep -q PONG) 2>/dev/null; then
  echo "bench: Redis is not answering on $REDIS_HOST:$REDIS_PORT (make infra starts it); without it the rate limiter would be measured failing open." >&2
  exit 1
fi
for port in $UPSTREAM_PORT $GATEWAY_PORT $MANAGEMENT_PORT $OFF_PORT $OFF_MANAGEMENT_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench: port $port is in use" >&2
    exit 1
  fi
done
if [ ! -f "$JAR" ]; then
  say "Building the gateway jar"
  (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" ./mvnw -B -q -pl gateway-service -am package -DskipTests)
fi

say "No-op upstream and token issuer on 127.0.0.1:$UPSTREAM_PORT"
"$JAVA" "$BENCH/NoopUpstream.java" "$UPSTREAM_PORT" "$OUT/token" >"$OUT/upstream.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -s "$OUT/token" ] && break; sleep 0.2; done
AUTH="Authorization: Bearer $(cat "$OUT/token")"
DIRECT="http://127.0.0.1:$UPSTREAM_PORT$PATH_UNDER_TEST"

load() { # load <limiter> <target> <run> <LoadGen args...>
  local limiter=$1 target=$2 run=$3
  shift 3
  "$JAVA" "$BENCH/LoadGen.java" "$@" "$AUTH" |
    sed "s/^{/{\"limiter\":\"$limiter\",\"target\":\"$target\",\"run\":$run,/" | tee -a "$RAW" >&2
}

# Both gateways run side by side (rate limiter on and off) and the runs alternate between
# direct, with and without, so that all three see the same moments of a shared, noisy machine.
start_gateway() { # start_gateway <limiter on|off> <port> <management port>
  env FLOWSUPPORT_JWK_SET_URI="http://127.0.0.1:$UPSTREAM_PORT/.well-known/jwks.json" \
    FLOWSUPPORT_JWT_ISSUER=https://bench.flowsupport.test \
    FLOWSUPPORT_REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT" \
    IDENTITY_SERVICE_URL="http://127.0.0.1:$UPSTREAM_PORT" TICKET_SERVICE_URL="http://127.0.0.1:$UPSTREAM_PORT" \
    KB_SERVICE_URL="http://127.0.0.1:$UPSTREAM_PORT" AI_RAG_SERVICE_URL="http://127.0.0.1:$UPSTREAM_PORT" \
    CHANNEL_SERVICE_URL="http://127.0.0.1:$UPSTREAM_PORT" \
    GATEWAY_PORT="$2" GATEWAY_MANAGEMENT_PORT="$3" \
    "$JAVA" $GATEWAY_JAVA_OPTS -jar "$JAR" \
    --flowsupport.gateway.rate-limit.enabled="$([ "$1" = on ] && echo true || echo false)" \
    --flowsupport.redis.key-prefix="bench:$$:" \
    --flowsupport.gateway.rate-limit.plans.standard.requests=1000000000 \
    >"$OUT/gateway-limiter-$1.log" 2>&1 &
  pids+=($!)
}

ready() { # ready <limiter> <port> <management port>
  for _ in $(seq 120); do
    if curl -sf "http://127.0.0.1:$3/actuator/health/readiness" >/dev/null 2>&1; then
      local headers
      headers=$(curl -s -o /dev/null -D - -H "$AUTH" "http://127.0.0.1:$2$PATH_UNDER_TEST")
      grep -q '^HTTP/1.1 200' <<<"$headers" || { echo "bench: gateway ($1) does not answer 200: $headers" >&2; exit 1; }
      if [ "$1" = on ] && ! grep -qi '^X-RateLimit-Remaining' <<<"$headers"; then
        echo "bench: the rate limiter is on but the response has no X-RateLimit headers" >&2
        exit 1
      fi
      if [ "$1" = off ] && grep -qi '^X-RateLimit' <<<"$headers"; then
        echo "bench: the rate limiter is off but the response has X-RateLimit headers" >&2
        exit 1
      fi
      return 0
    fi
    sleep 0.5
  done
  echo "bench: gateway ($1) did not become ready; see $OUT/gateway-limiter-$1.log" >&2
  exit 1
}

say "Gateways on :$GATEWAY_PORT (rate limiter on) and :$OFF_PORT (off)"
start_gateway on "$GATEWAY_PORT" "$MANAGEMENT_PORT"
start_gateway off "$OFF_PORT" "$OFF_MANAGEMENT_PORT"
ready on "$GATEWAY_PORT" "$MANAGEMENT_PORT"
ready off "$OFF_PORT" "$OFF_MANAGEMENT_PORT"
ON="http://127.0.0.1:$GATEWAY_PORT$PATH_UNDER_TEST"
OFF="http://127.0.0.1:$OFF_PORT$PATH_UNDER_TEST"

say "Warming up for ${WARMUP_SECONDS}s (the JIT compiles the request path of both; throughput still rises after two minutes of load)"
for url in "$ON" "$OFF" "$ON" "$OFF"; do
  "$JAVA" "$BENCH/LoadGen.java" max "$url" $((WARMUP_SECONDS / 4)) 16 "$AUTH" >/dev/null
done
for run in $(seq "$RUNS"); do
  say "Run $run/$RUNS at $RATE req/s, ${RUN_SECONDS}s each: direct, gateway with rate limiter, without"
  load - direct "$run" fixed "$DIRECT" "$RATE" "$RUN_SECONDS" "$CONNECTIONS"
  load on gateway "$run" fixed "$ON" "$RATE" "$RUN_SECONDS" "$CONNECTIONS"
  load off gateway "$run" fixed "$OFF" "$RATE" "$RUN_SECONDS" "$CONNECTIONS"
done
for run in $(seq "$MAX_RUNS"); do
  say "Maximum throughput $run/$MAX_RUNS (${MAX_SECONDS}s, $MAX_CONNECTIONS connections): with, then without the rate limiter"
  load on gateway "$run" max "$ON" "$MAX_SECONDS" "$MAX_CONNECTIONS"
  load off gateway "$run" max "$OFF" "$MAX_SECONDS" "$MAX_CONNECTIONS"
done
say "Maximum throughput of the no-op upstream alone"
load - direct 1 max "$DIRECT" "$MAX_SECONDS" "$MAX_CONNECTIONS"

{
  echo "Gateway benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
  echo
  "$JAVA" "$BENCH/Report.java" "$RAW"
} | tee "$OUT/summary.md"
echo >&2
say "Raw results: $RAW; summary: $OUT/summary.md"
