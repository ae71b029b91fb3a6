#!/usr/bin/env bash
# Answer evaluation of ai-rag-service (`make eval-ai`): the knowledge base of the kb evaluation
# (the PostgreSQL 15 manual as Debian ships it, eval/kb/corpus.py) is built by kb-service's
# RetrievalEvaluation, which also records what the retrieval API returns for each question, asked as
# a customer; ai-rag-service's answer path with the default extractive generator then replays each
# retrieval (AnswerEvaluation): answer accuracy (the first citation is an expected article),
# abstentions on answerable questions, and abstention precision and recall on unanswerable ones, at
# the default threshold and across thresholds.
#
# Question sets: eval/kb/questions.jsonl and eval/ai/questions.jsonl by default; another with
# QUESTIONS=path/to/questions.jsonl (one {"kind", "question", "expected": [article slugs]} per line;
# an empty "expected" marks a question the corpus does not answer).
#
# Needs what `make eval` needs (PostgreSQL with pg_trgm and pgvector, Redis, a JDK >= 21, the
# manual). It shares `make eval`'s embeddings (eval/kb/target/embeddings.bin): 10-15 minutes on
# 2 cores when nothing is embedded yet, a few minutes after.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
EVAL=$(pwd)
ROOT=$(cd ../.. && pwd)
mkdir -p "$EVAL/target" "$ROOT/eval/kb/target"
if [ -n "${QUESTIONS:-}" ]; then
  cp "$(realpath "$QUESTIONS")" "$EVAL/target/questions.jsonl"
else
  cat "$ROOT/eval/kb/questions.jsonl" "$EVAL/questions.jsonl" >"$EVAL/target/questions.jsonl"
fi

# shellcheck source=../../eval/kb/prepare.sh
. "$ROOT/eval/kb/prepare.sh"
kb_prepare "$EVAL/target/corpus.json"

cd "$ROOT"
RECORDING="$EVAL/target/retrievals.json"
./mvnw -B -q -pl kb-service,ai-rag-service -am -DskipTests install
./mvnw -B -pl kb-service test -Dtest=RetrievalEvaluation -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkb.eval.corpus="$EVAL/target/corpus.json" -Dkb.eval.questions="$EVAL/target/questions.jsonl" \
  -Dkb.eval.embedding-cache="$ROOT/eval/kb/target/embeddings.bin" -Dkb.eval.retrievals="$RECORDING" \
  | grep -E '^(Imported|Embedded)' || true
./mvnw -B -pl ai-rag-service test -Dtest=AnswerEvaluation -Dsurefire.failIfNoSpecifiedTests=false \
  -Drag.eval.retrievals="$RECORDING" ${THRESHOLD:+-Drag.eval.threshold=$THRESHOLD} \
  | grep -vE '^\[(INFO|WARNING)\]|^WARNING|^[0-9]{4}-[0-9]{2}-[0-9]{2}T' || true
cp ai-rag-service/target/ai-eval.txt "$EVAL/target/report.txt"
echo "Report: eval/ai/target/report.txt"
