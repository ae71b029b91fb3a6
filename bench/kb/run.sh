#!/usr/bin/env bash
# kb-service benchmark, on this machine, with row-level security on: ingest throughput of the real
# pipeline (import, heading-aware chunking, embedding with the in-process model) on the PostgreSQL 15
# manual, then 100,000 chunks across tenants (one holding 1%, one holding 25%), ANN recall@10 of the
# vector leg against exact search, and search latency over HTTP including the query embedding (cache
# off).
#
#   bench/kb/run.sh        # ~20 minutes on 2 cores; results in bench/kb/target/<time>/results.txt
#
# Needs PostgreSQL with pg_trgm and pgvector and Redis (make infra), a JDK >= 21 and the manual
# (postgresql-doc-15, installed when missing and run as root). Maven builds first (with
# MAVEN_LOCK=<file>, under `flock <file>`, for machines whose builds take turns); the measurement then
# runs outside Maven, on a copy of the compiled classes, in one JVM: the service, against a database
# of its own (dropped at the end), and the benchmark (SearchBenchmark in kb-service's tests).
# Tunables (environment): ARTICLES (400, pages of the manual ingested; their chunks are then copied
# to fill the index), CHUNKS (100000), ROUNDS (5, passes over the queries for latency), SKIP_BUILD=1
# (measure what kb-service/target holds), HOLD_SECONDS (0; keep the service and its database this
# long after measuring, to look at plans by hand; `touch <out>/results.txt.release` ends it sooner).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
BENCH=$(pwd)
ROOT=$(cd ../.. && pwd)
OUT="$BENCH/target/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

# shellcheck source=../../eval/kb/prepare.sh
. "$ROOT/eval/kb/prepare.sh"
kb_prepare "$OUT/corpus.json"

cd "$ROOT"
# One turn of the lock for every Maven step and the copy of what they built.
if [ -n "${MAVEN_LOCK:-}" ]; then
  exec 9>>"$MAVEN_LOCK"
  flock 9
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl kb-service -am -DskipTests install
fi
./mvnw -B -q -pl kb-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
JUNIT=$(tr ':' '\n' <"$OUT/classpath.txt" | sed -n 's|.*/junit-platform-engine/\([^/]*\)/.*|\1|p' | head -n 1)
./mvnw -B -q -pl kb-service dependency:copy -Dartifact="org.junit.platform:junit-platform-launcher:$JUNIT" \
  -DoutputDirectory="$OUT/lib"
cp -r kb-service/target/classes "$OUT/classes"
cp -r kb-service/target/test-classes "$OUT/test-classes"
if [ -n "${MAVEN_LOCK:-}" ]; then
  exec 9>&-
fi
git rev-parse HEAD >"$OUT/commit.txt"
git status --short -- kb-service shared-lib shared-lib-test >>"$OUT/commit.txt"

uptime >"$OUT/load.txt"
(while sleep 30; do uptime; done >>"$OUT/load.txt") &
LOAD=$!
trap 'kill "$LOAD" 2>/dev/null || true' EXIT

cd "$ROOT/kb-service"
"$JAVA_HOME/bin/java" -cp "$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt"):$OUT/lib/*" \
  -Dkb.bench.corpus="$OUT/corpus.json" -Dkb.bench.questions="$ROOT/eval/kb/questions.jsonl" \
  -Dkb.bench.articles="${ARTICLES:-400}" -Dkb.bench.chunks="${CHUNKS:-100000}" -Dkb.bench.rounds="${ROUNDS:-5}" \
  -Dkb.bench.hold-seconds="${HOLD_SECONDS:-0}" -Dkb.bench.out="$OUT/results.txt" \
  "$BENCH/RunTest.java" com.flowsupport.kb.bench.SearchBenchmark >"$OUT/run.log" 2>&1 || {
  tail -n 60 "$OUT/run.log" >&2
  exit 1
}
{
  echo "Commit: $(head -n 1 "$OUT/commit.txt")"
  echo "Load average (1, 5, 15 min): at the start $(head -n 1 "$OUT/load.txt" | sed 's/.*load average: //'), at the end $(tail -n 1 "$OUT/load.txt" | sed 's/.*load average: //')"
  awk -F'load average: ' '{ split($2, a, ", "); if (a[1] + 0 > max + 0) max = a[1] } END { print "Highest 1-minute load average seen (every 30 s): " max }' "$OUT/load.txt"
} >>"$OUT/results.txt"
cat "$OUT/results.txt"
