# Sourced by eval/kb/run.sh and bench/kb/run.sh: writes the knowledge-base corpus (the PostgreSQL 15
# manual as Debian ships it, installed when missing and run as root) to "$1", and points the build
# at a JDK >= 21 and at the PostgreSQL and Redis the tests use (make infra's, unless already set).
kb_prepare() {
  local corpus=$1 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  local manual=${MANUAL:-/usr/share/doc/postgresql-doc-15/html}
  if [ ! -f "$manual/index.html" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      apt-get install -y -q postgresql-doc-15 >/dev/null \
        || { apt-get update -q >/dev/null && apt-get install -y -q postgresql-doc-15 >/dev/null; }
    else
      echo "the PostgreSQL 15 manual is missing; install postgresql-doc-15 (or set MANUAL=<html dir>)" >&2
      return 1
    fi
  fi
  python3 "$root/eval/kb/corpus.py" "$manual" >"$corpus"
  JAVA_HOME=$("$root/scripts/java-home.sh")
  export JAVA_HOME
  export FLOWSUPPORT_TEST_POSTGRES_URL="${FLOWSUPPORT_TEST_POSTGRES_URL:-jdbc:postgresql://${PGHOST:-localhost}:${PGPORT:-5432}/postgres}"
  export FLOWSUPPORT_TEST_POSTGRES_USER="${FLOWSUPPORT_TEST_POSTGRES_USER:-${PGUSER:-postgres}}"
  export FLOWSUPPORT_TEST_REDIS_URL="${FLOWSUPPORT_TEST_REDIS_URL:-redis://${REDIS_HOST:-localhost}:${REDIS_PORT:-6379}}"
}
