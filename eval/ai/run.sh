#!/usr/bin/env bash
# Answer evaluation of ai-rag-service (`make eval-ai`): the knowledge base of the kb evaluation
# (the PostgreSQL 15 manual as Debian ships it, eval/kb/corpus.py) is imported into the packaged
# kb-service, the question sets are asked through its retrieval API as a customer (capture.py
# records what it retrieves), and ai-rag-service's answer path with the default extractive
# generator replays each retrieval (AnswerEvaluation): answer accuracy (the first citation is an
# expected article), abstentions on answerable questions, and abstention precision and recall on
# unanswerable ones, at the default threshold and across thresholds.
#
# Question sets: eval/kb/questions.jsonl and eval/ai/questions.jsonl by default; another with
# QUESTIONS=path/to/questions.jsonl (one {"kind", "question", "expected": [article slugs]} per line;
# an empty "expected" marks a question the corpus does not answer). A recording made for the same
# corpus and questions is reused (RECAPTURE=1 records again).
#
# Needs what `make eval` needs (PostgreSQL with pg_trgm and pgvector, Redis, a JDK >= 21, the
# manual) and python3 with the cryptography package. About 10-15 minutes on 2 cores the first time
# (embedding ~6,000 chunks); seconds when the recording is reused.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
EVAL=$(pwd)
ROOT=$(cd ../.. && pwd)
MANUAL=${MANUAL:-/usr/share/doc/postgresql-doc-15/html}
mkdir -p "$EVAL/target"
if [ -n "${QUESTIONS:-}" ]; then
  cp "$(realpath "$QUESTIONS")" "$EVAL/target/questions.jsonl"
else
  cat "$ROOT/eval/kb/questions.jsonl" "$EVAL/questions.jsonl" >"$EVAL/target/questions.jsonl"
fi

if [ ! -f "$MANUAL/index.html" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -q postgresql-doc-15 >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql-doc-15 >/dev/null; }
  else
    echo "eval: the PostgreSQL 15 manual is missing; install postgresql-doc-15 (or set MANUAL=<html dir>)" >&2
    exit 1
  fi
fi
python3 "$ROOT/eval/kb/corpus.py" "$MANUAL" >"$EVAL/target/corpus.json"

cd "$ROOT"
JAVA_HOME=$("$ROOT/scripts/java-home.sh")
export JAVA_HOME
export FLOWSUPPORT_TEST_POSTGRES_URL="${FLOWSUPPORT_TEST_POSTGRES_URL:-jdbc:postgresql://${PGHOST:-localhost}:${PGPORT:-5432}/postgres}"
export FLOWSUPPORT_TEST_POSTGRES_USER="${FLOWSUPPORT_TEST_POSTGRES_USER:-${PGUSER:-postgres}}"
export FLOWSUPPORT_TEST_REDIS_URL="${FLOWSUPPORT_TEST_REDIS_URL:-redis://${REDIS_HOST:-localhost}:${REDIS_PORT:-6379}}"

KEY=$(cat "$EVAL/target/corpus.json" "$EVAL/target/questions.jsonl" | sha256sum | cut -c1-16)
RECORDING="$EVAL/target/retrievals-$KEY.json"
if [ ! -f "$RECORDING" ] || [ -n "${RECAPTURE:-}" ]; then
  ./mvnw -B -q -pl kb-service -am -DskipTests install
  python3 "$EVAL/capture.py" "$ROOT/kb-service/target/kb-service-0.1.0-SNAPSHOT.jar" "$EVAL/target/corpus.json" \
    "$EVAL/target/questions.jsonl" "$RECORDING"
fi
./mvnw -B -q -pl ai-rag-service -am -DskipTests install
./mvnw -B -pl ai-rag-service test -Dtest=AnswerEvaluation -Dsurefire.failIfNoSpecifiedTests=false \
  -Drag.eval.retrievals="$RECORDING" ${THRESHOLD:+-Drag.eval.threshold=$THRESHOLD} \
  | grep -vE '^\[(INFO|WARNING)\]|^WARNING|^[0-9]{4}-[0-9]{2}-[0-9]{2}T' || true
cp ai-rag-service/target/ai-eval.txt "$EVAL/target/report.txt"
echo "Report: eval/ai/target/report.txt"
