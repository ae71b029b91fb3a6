#!/usr/bin/env bash
# Answer latency of ai-rag-service with the extractive generator (target: p95 <= 150 ms), through the
# real kb-service, on this machine. See bench.py for how it measures.
#
#   bench/ai/run.sh      # ~25 minutes on 2 cores: embedding the knowledge base (~15 min), warm-up,
#                        # 60 s at each fixed rate, two passes one request at a time
#
# Needs what `make eval` needs (PostgreSQL with pg_trgm and pgvector, Redis, a JDK >= 21, the
# PostgreSQL manual from postgresql-doc-15) and python3 with the cryptography package. Maven packages
# both services first (with MAVEN_LOCK=<file>, under `flock <file>`, for machines whose builds take
# turns); the services then run from copies of the jars. Tunables (environment): ARTICLES (300),
# RATES ("5 20": req/s, one open-loop run each), SECONDS (60), WARMUP_SECONDS (30), SKIP_BUILD=1
# (measure the jars in target/).
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
cd "$ROOT"
if [ -n "${MAVEN_LOCK:-}" ]; then
  exec 9>>"$MAVEN_LOCK"
  flock 9
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl kb-service,ai-rag-service -am -DskipTests package
fi
cp ai-rag-service/target/ai-rag-service-0.1.0-SNAPSHOT.jar kb-service/target/kb-service-0.1.0-SNAPSHOT.jar "$OUT/"
if [ -n "${MAVEN_LOCK:-}" ]; then
  exec 9>&-
fi
git rev-parse HEAD >"$OUT/commit.txt"
git status --short -- kb-service ai-rag-service shared-lib >>"$OUT/commit.txt"
uptime >"$OUT/load.txt"
(while sleep 30; do uptime; done >>"$OUT/load.txt") &
LOAD=$!
trap 'kill "$LOAD" 2>/dev/null || true' EXIT

python3 "$BENCH/bench.py" "$OUT/ai-rag-service-0.1.0-SNAPSHOT.jar" "$OUT/kb-service-0.1.0-SNAPSHOT.jar" \
  "$OUT/corpus.json" "$OUT/questions.jsonl" "$OUT"
{
  echo "Commit: $(head -n 1 "$OUT/commit.txt")"
  echo "Load average (1, 5, 15 min): at the start $(head -n 1 "$OUT/load.txt" | sed 's/.*load average: //'), at the end $(tail -n 1 "$OUT/load.txt" | sed 's/.*load average: //')"
  awk -F'load average: ' '{ split($2, a, ", "); if (a[1] + 0 > max + 0) max = a[1] } END { print "Highest 1-minute load average seen (every 30 s): " max }' "$OUT/load.txt"
} >>"$OUT/report.txt"
cat "$OUT/report.txt"
