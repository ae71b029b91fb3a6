#!/usr/bin/env bash
# Retrieval evaluation of kb-service (`make eval`): builds a knowledge base from the PostgreSQL 15
# manual as Debian ships it (postgresql-doc-15), asks the customer-style questions of
# eval/kb/questions.jsonl and prints recall@1, recall@5, MRR@10 and nDCG@10 by article for each search
# leg alone and for both fusions. Another question set: QUESTIONS=path/to/questions.jsonl
# (one {"kind", "question", "expected": [article slugs = manual page names]} per line).
#
# Needs PostgreSQL with pg_trgm and pgvector and Redis (make infra), a JDK >= 21, and the manual
# (installed with apt-get when missing and run as root). About 10-15 minutes on 2 cores the first
# time, most of it embedding ~9,000 chunks; the vectors are kept in eval/kb/target/embeddings.bin, so
# later runs embed only texts that changed (a few minutes).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
EVAL=$(pwd)
ROOT=$(cd ../.. && pwd)
QUESTIONS=$(realpath "${QUESTIONS:-$EVAL/questions.jsonl}")
mkdir -p "$EVAL/target"

# shellcheck source=../../eval/kb/prepare.sh
. "$ROOT/eval/kb/prepare.sh"
kb_prepare "$EVAL/target/corpus.json"

cd "$ROOT"
./mvnw -B -q -pl kb-service -am -DskipTests install
./mvnw -B -pl kb-service test -Dtest=RetrievalEvaluation -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkb.eval.corpus="$EVAL/target/corpus.json" -Dkb.eval.questions="$QUESTIONS" \
  -Dkb.eval.embedding-cache="$EVAL/target/embeddings.bin" \
  | grep -vE '^\[(INFO|WARNING)\]|^WARNING|^[0-9]{4}-[0-9]{2}-[0-9]{2}T' || true
cp kb-service/target/kb-eval.txt "$EVAL/target/report.txt"
cp kb-service/target/kb-eval-misses.txt "$EVAL/target/misses.txt"
cp kb-service/target/kb-eval-candidates.jsonl "$EVAL/target/candidates.jsonl"
cp kb-service/target/kb-eval-articles.jsonl "$EVAL/target/articles.jsonl"
cp kb-service/target/kb-eval-chunks.jsonl "$EVAL/target/chunks.jsonl"
echo "Report: eval/kb/target/report.txt (questions not answered first: eval/kb/target/misses.txt)"
