#!/usr/bin/env bash
# Answer latency of ai-rag-service with the extractive generator (target: p95 <= 150 ms), through the
# real kb-service, on this machine. See bench.py for how it measures.
#
#   bench/ai/run.sh      # ~6 minutes: embedding the knowledge base, warm-up, two 60 s runs
#
# Needs what `make eval` needs (PostgreSQL with pg_trgm and pgvector, Redis, a JDK >= 21, the
# PostgreSQL manual from postgresql-doc-15) and python3 with the cryptography package. Tunables
# (environment): ARTICLES (300), RATE (20 req/s), SECONDS (60), WARMUP_SECONDS (30).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
BENCH=$(pwd)
ROOT=$(cd ../.. && pwd)
MANUAL=${MANUAL:-/usr/share/doc/postgresql-doc-15/html}
JAVA_HOME=$("$ROOT/scripts/java-home.sh")
export JAVA_HOME
OUT="$BENCH/target/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
if [ ! -f "$MANUAL/index.html" ]; then
  echo "bench: the PostgreSQL 15 manual is missing; install postgresql-doc-15 (or set MANUAL=<html dir>)" >&2
  exit 1
fi
python3 "$ROOT/eval/kb/corpus.py" "$MANUAL" >"$OUT/corpus.json"
cat "$ROOT/eval/kb/questions.jsonl" "$ROOT/eval/ai/questions.jsonl" >"$OUT/questions.jsonl"
(cd "$ROOT" && ./mvnw -B -q -pl kb-service,ai-rag-service -am -DskipTests package)
python3 "$BENCH/bench.py" "$ROOT/ai-rag-service/target/ai-rag-service-0.1.0-SNAPSHOT.jar" \
  "$ROOT/kb-service/target/kb-service-0.1.0-SNAPSHOT.jar" "$OUT/corpus.json" "$OUT/questions.jsonl" "$OUT"
echo "Report: $OUT/report.txt"
