#!/usr/bin/env bash
# kb-service benchmark, on this machine, with row-level security on: ingest throughput of the real
# pipeline (import, heading-aware chunking, embedding with the in-process model) on the PostgreSQL 15
# manual, then 100,000 chunks across tenants (one holding 1%), ANN recall@10 of the vector leg against
# exact search, and search latency over HTTP including the query embedding (cache off).
#
#   bench/kb/run.sh        # ~15 minutes on 2 cores
#
# Needs PostgreSQL with pg_trgm and pgvector and Redis (make infra), a JDK >= 21 and the manual
# (postgresql-doc-15, installed when missing and run as root). The service runs in the benchmark's JVM
# against a database of its own (dropped at the end). Tunables (environment): ARTICLES (400, pages of
# the manual ingested; their chunks are then copied to fill the index), CHUNKS (100000), ROUNDS (5,
# passes over the queries for latency).
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
./mvnw -B -q -pl kb-service -am -DskipTests install
./mvnw -B -pl kb-service test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkb.bench.corpus="$OUT/corpus.json" -Dkb.bench.questions="$ROOT/eval/kb/questions.jsonl" \
  -Dkb.bench.articles="${ARTICLES:-400}" -Dkb.bench.chunks="${CHUNKS:-100000}" -Dkb.bench.rounds="${ROUNDS:-5}" >"$OUT/run.log" 2>&1 || {
  tail -n 60 "$OUT/run.log" >&2
  exit 1
}
cp kb-service/target/kb-bench.txt "$OUT/results.txt"
cat "$OUT/results.txt"
