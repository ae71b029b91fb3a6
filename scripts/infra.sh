#!/usr/bin/env bash
# Makes sure the infrastructure FlowSupport needs is reachable (DESIGN.md §7):
#   - PostgreSQL >= 15 whose cluster offers the extensions pg_trgm and vector (pgvector >= 0.7),
#   - Redis >= 7.
# Idempotent: when everything is there it only checks (two round trips, no apt).
# It never creates databases, roles or extensions in a database: it only makes the extensions
# *available* in the cluster; the services create them through their migrations.
#
# Usage: scripts/infra.sh [--check]
#   --check  only check and report; never install or start anything; non-zero if something is missing.
# Settings (env): PGHOST (localhost), PGPORT (5432), PGUSER (postgres), PGPASSWORD (optional),
#                 REDIS_HOST (localhost), REDIS_PORT (6379), REDIS_PASSWORD (optional).
set -euo pipefail

readonly MIN_PG_MAJOR=15
readonly MIN_VECTOR=0.7
readonly MIN_REDIS=7

export PGHOST="${PGHOST:-localhost}"
export PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-postgres}"
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-3}"
REDIS_HOST="${REDIS_HOST:-localhost}"
REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_PASSWORD="${REDIS_PASSWORD:-}"
[ -n "$REDIS_PASSWORD" ] && export REDISCLI_AUTH="$REDIS_PASSWORD"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMPOSE_FILE="$REPO_ROOT/docker-compose.yml"
LOG="${TMPDIR:-/tmp}/flowsupport-infra.log"

CHECK_ONLY=false
case "${1:-}" in
  "") ;;
  --check) CHECK_ONLY=true ;;
  -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "infra: unknown argument '$1' (usage: scripts/infra.sh [--check])" >&2; exit 2 ;;
esac

say() { echo "infra: $*"; }
problems=()
problem() { problems+=("$*"); }

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

version_ge() { # version_ge A B: A >= B
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

is_local_host() {
  case "$1" in
    localhost | 127.* | ::1 | /*) return 0 ;;
  esac
  [ "$1" = "$(hostname 2>/dev/null || true)" ]
}

# Root on Debian/Ubuntu with apt: the only place this script installs packages.
can_apt() {
  [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1
}

docker_runs() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 &&
    docker compose version >/dev/null 2>&1
}

tcp_open() { # tcp_open HOST PORT
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# Runs a command, its output going to $LOG; on failure shows the log's tail.
log_started=false
run_logged() {
  $log_started || { : >"$LOG"; log_started=true; }
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "infra: command failed: $*" >&2
    tail -n 25 "$LOG" | sed 's/^/infra:   | /' >&2
    return 1
  fi
}

apt_installed() { # apt_installed PKG
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Installs the packages not yet installed; runs apt-get update only when one has no candidate.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do apt_installed "$pkg" || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  for pkg in "${missing[@]}"; do
    # (no "| grep -q" here: with pipefail, grep quitting early can fail the pipeline via SIGPIPE)
    if ! [[ "$(apt-cache policy "$pkg" 2>/dev/null)" =~ Candidate:\ [^\(] ]]; then
      say "apt-get update (no candidate for $pkg in the current lists)"
      run_logged apt-get update
      break
    fi
  done
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive run_logged apt-get install -y --no-install-recommends "${missing[@]}"
}

# True where systemd is the init system (containers often have systemctl without systemd).
systemd_runs() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------

PSQL=(psql -X -v ON_ERROR_STOP=1 -At -d postgres)
pg_version="" pg_version_num="" pg_trgm_version="" vector_version="" pg_error=""

# Reads version and available extension versions in one round trip; false if it cannot connect.
pg_probe() {
  local out
  if ! out="$("${PSQL[@]}" -c "select current_setting('server_version_num'),
        split_part(current_setting('server_version'), ' ', 1),
        coalesce((select default_version from pg_available_extensions where name = 'pg_trgm'), ''),
        coalesce((select default_version from pg_available_extensions where name = 'vector'), '')" 2>&1)"; then
    pg_error="$(echo "$out" | head -n 3)"
    return 1
  fi
  IFS='|' read -r pg_version_num pg_version pg_trgm_version vector_version <<<"$out"
}

pg_wait() { # pg_wait SECONDS
  local i
  for ((i = 0; i < $1; i++)); do
    pg_probe && return 0
    sleep 1
  done
  return 1
}

# Starts an installed but stopped local cluster on $PGPORT; false if there is none.
pg_start_local_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local ver name port status
  while read -r ver name port status _; do
    [ "$port" = "$PGPORT" ] || continue
    [ "$status" = "online" ] && return 0
    say "starting postgres cluster $ver/$name on port $port"
    if systemd_runs; then
      run_logged systemctl start "postgresql@$ver-$name" || return 1
    else
      run_logged pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start || return 1
    fi
    return 0
  done < <(pg_lsclusters -h 2>/dev/null)
  return 1
}

# Installs Debian's postgresql (bookworm: 15), starts it and lets local TCP connections in.
pg_install_local() {
  local confs=(/etc/postgresql/*/*/postgresql.conf)
  if [ -e "${confs[0]}" ]; then # a server is installed already: not ours to install or reconfigure
    echo "infra: postgresql is installed, but no cluster on port $PGPORT could be started (see pg_lsclusters)" >&2
    return 1
  fi
  say "installing postgresql from the distribution (apt)"
  apt_install postgresql || return 1
  local ver
  ver="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT" '$3 == p { print $1 "/" $2; exit }')"
  if [ -z "$ver" ]; then
    echo "infra: postgresql installed, but no cluster listens on port $PGPORT (see pg_lsclusters)" >&2
    return 1
  fi
  local hba="/etc/postgresql/$ver/pg_hba.conf"
  # Dev machine only, and only because we installed this server ourselves just now: trust local
  # TCP connections, so user postgres connects over 127.0.0.1/::1 without a password like it does
  # on CI and the developers' machines. Never done to a server this script did not install.
  if ! grep -q 'flowsupport scripts/infra.sh' "$hba"; then
    local tmp
    tmp="$(mktemp)"
    {
      echo "# added by flowsupport scripts/infra.sh (dev machine, server installed by it): trust local TCP"
      echo "host    all             all             127.0.0.1/32            trust"
      echo "host    all             all             ::1/128                 trust"
      cat "$hba"
    } >"$tmp"
    cat "$tmp" >"$hba" && rm -f "$tmp" || return 1
  fi
  pg_start_local_cluster || return 1
  run_logged pg_ctlcluster --skip-systemctl-redirect "${ver%/*}" "${ver#*/}" reload
}

# Debian's mirror host this machine uses (deb822 .sources and one-line .list), else deb.debian.org.
debian_mirror() {
  local files=() uri
  [ -f /etc/apt/sources.list ] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  if [ ${#files[@]} -gt 0 ]; then
    uri="$(
      awk '
        /^[[:space:]]*#/ { next }
        /^[[:space:]]*URIs:/ { for (i = 2; i <= NF; i++) print $i; next }
        /^[[:space:]]*deb(-src)?[[:space:]]/ {
          for (i = 2; i <= NF; i++) { if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; continue } print $i; break }
        }' "${files[@]}" |
        sed 's:/*$::' | grep -E '^https?://[^ ]+/debian$' | head -n1
    )" || true
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# True when the server runs from this machine's Debian packages (not, say, a container on localhost).
pg_server_on_this_machine() {
  local data_dir
  [ -x "/usr/lib/postgresql/$((pg_version_num / 10000))/bin/postgres" ] || return 1
  data_dir="$("${PSQL[@]}" -c 'show data_directory' 2>/dev/null)" || return 1
  [ -f "$data_dir/PG_VERSION" ]
}

# pgvector from Debian trixie's *source* package, built against the running server (DESIGN.md §7).
pgvector_install() {
  local major=$((pg_version_num / 10000))
  local pg_config="/usr/lib/postgresql/$major/bin/pg_config"
  local mirror work
  mirror="$(debian_mirror)"
  work="$(mktemp -d "${TMPDIR:-/tmp}/flowsupport-pgvector.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" EXIT

  say "building pgvector from Debian trixie's source package ($mirror) for postgres $major"
  apt_install "postgresql-server-dev-$major" build-essential || return 1

  # A private apt configuration: the system's sources, lists and caches stay untouched.
  mkdir -p "$work/apt/sources.list.d" "$work/apt/lists/partial" "$work/src" || return 1
  local signed=""
  [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] &&
    signed="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
  echo "deb-src ${signed}$mirror trixie main" >"$work/apt/sources.list"
  local apt_private=(
    -o "Dir::Etc::sourcelist=$work/apt/sources.list"
    -o "Dir::Etc::sourceparts=$work/apt/sources.list.d"
    -o "Dir::State::Lists=$work/apt/lists"
    -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache="
    -o "APT::Sandbox::User=root" -o "Acquire::Languages=none"
  )
  run_logged apt-get "${apt_private[@]}" update || return 1
  (cd "$work/src" && run_logged apt-get "${apt_private[@]}" source --download-only pgvector) || return 1

  local origs dir
  origs=("$work"/src/pgvector_*.orig.tar.gz)
  [ -f "${origs[0]}" ] || { echo "infra: no pgvector .orig.tar.gz was downloaded (see $LOG)" >&2; return 1; }
  tar -xzf "${origs[0]}" -C "$work/src" || return 1
  dir="$(find "$work/src" -mindepth 1 -maxdepth 1 -type d | head -n1)"
  say "make && make install ($(basename "${origs[0]}"))"
  # OPTFLAGS="": pgvector defaults to -march=native; a portable build keeps the server from
  # crashing with SIGILL if this machine image ever runs on another CPU.
  run_logged make -C "$dir" -j "$(nproc)" PG_CONFIG="$pg_config" OPTFLAGS="" || return 1
  run_logged make -C "$dir" install PG_CONFIG="$pg_config" OPTFLAGS="" || return 1
  rm -rf "$work"
  trap - EXIT
}

ensure_postgres() {
  local where="$PGHOST:$PGPORT"

  if ! command -v psql >/dev/null 2>&1; then
    if ! $CHECK_ONLY && can_apt; then
      say "installing the psql client (apt)"
      apt_install postgresql-client
    elif docker_runs && [ -n "$(docker compose -f "$COMPOSE_FILE" ps --status running -q postgres 2>/dev/null)" ]; then
      PSQL=(docker compose -f "$COMPOSE_FILE" exec -T postgres psql -U postgres -X -v ON_ERROR_STOP=1 -At -d postgres)
    else
      problem "postgres: the psql client is missing: install it (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq)"
      return 0
    fi
  fi

  if ! pg_probe; then
    if tcp_open "$PGHOST" "$PGPORT" || [[ "$PGHOST" == /* ]]; then
      # Something listens but will not let us in: not ours to fix (and never install a second one).
      problem "postgres at $where answers but refuses the connection: $pg_error
        (set PGUSER/PGPASSWORD, or allow $PGUSER in pg_hba.conf)"
      return 0
    fi
    if $CHECK_ONLY; then
      problem "postgres: nothing listens at $where. Run scripts/infra.sh (installs it on Debian/Ubuntu as root, or
        uses 'docker compose up -d postgres' with a Docker engine), or point PGHOST/PGPORT at a PostgreSQL >= $MIN_PG_MAJOR"
      return 0
    fi
    say "postgres not reachable at $where"
    if is_local_host "$PGHOST" && can_apt; then
      { pg_start_local_cluster || pg_install_local; } ||
        { problem "postgres: could not start or install a local server on port $PGPORT (log: $LOG)"; return 0; }
      pg_wait 30 || { problem "postgres at $where still unreachable after starting it: $pg_error"; return 0; }
    elif is_local_host "$PGHOST" && docker_runs; then
      export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-${PGPASSWORD:-postgres}}"
      export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
      say "docker compose up -d --wait postgres"
      run_logged docker compose -f "$COMPOSE_FILE" up -d --wait postgres ||
        { problem "postgres: docker compose up failed (log: $LOG)"; return 0; }
      pg_wait 30 || { problem "postgres container is up but $where is unreachable: $pg_error"; return 0; }
    else
      problem "postgres: cannot connect to $where ($pg_error) and this script cannot provide one here
        (it installs only as root on Debian/Ubuntu, or with a running Docker engine). Provide PostgreSQL >= $MIN_PG_MAJOR
        with pgvector >= $MIN_VECTOR (e.g. image pgvector/pgvector:0.8.0-pg17) and set PGHOST/PGPORT/PGUSER/PGPASSWORD"
      return 0
    fi
  fi

  if [ "$((pg_version_num / 10000))" -lt "$MIN_PG_MAJOR" ]; then
    problem "postgres at $where is $pg_version; FlowSupport needs >= $MIN_PG_MAJOR"
    return 0
  fi
  [ -n "$pg_trgm_version" ] ||
    problem "postgres at $where: extension pg_trgm is not available (install the server's contrib package)"

  if [ -z "$vector_version" ] && ! $CHECK_ONLY && is_local_host "$PGHOST" && can_apt && pg_server_on_this_machine; then
    pgvector_install || { problem "postgres: building pgvector failed (log: $LOG)"; return 0; }
    pg_probe || true
    [ -n "$vector_version" ] && say "pgvector $vector_version is now available"
  fi
  if [ -z "$vector_version" ]; then
    problem "postgres at $where: extension vector (pgvector >= $MIN_VECTOR) is not available. Run scripts/infra.sh as root
        on Debian/Ubuntu with the server local (builds it from Debian trixie's source package), or use a server
        that ships it (image pgvector/pgvector:0.8.0-pg17, RDS, Supabase)"
  elif ! version_ge "$vector_version" "$MIN_VECTOR"; then
    problem "postgres at $where: pgvector is $vector_version; FlowSupport needs >= $MIN_VECTOR"
  fi
}

# ---------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------

redis_version="" redis_error=""

# Sends one command; prints the raw reply. Uses redis-cli, else bash's /dev/tcp.
redis_cmd() {
  if command -v redis-cli >/dev/null 2>&1; then
    timeout 5 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" "$@" 2>&1
  else
    # shellcheck disable=SC2016 # expanded by the inner bash
    timeout 5 bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      [ -n "$2" ] && printf "AUTH %s\r\n" "$2" >&3
      printf "%s\r\nQUIT\r\n" "$3" >&3
      tr -d "\r" <&3' "$REDIS_HOST" "$REDIS_PORT" "$REDIS_PASSWORD" "$*" 2>&1
  fi
}

redis_probe() {
  local out
  out="$(redis_cmd INFO server)" || true
  redis_version="$(echo "$out" | sed -n 's/^redis_version:\([^[:space:]]*\).*/\1/p' | head -n1)"
  if [ -z "$redis_version" ]; then
    redis_error="$(echo "$out" | grep -v '^[+$]OK' | head -n 2)"
    return 1
  fi
}

redis_wait() {
  local i
  for ((i = 0; i < $1; i++)); do
    redis_probe && return 0
    sleep 0.5
  done
  return 1
}

redis_start_local() {
  command -v redis-server >/dev/null 2>&1 || {
    say "installing redis-server (apt)"
    apt_install redis-server || return 1
  }
  # A redis-server the package may have started already (systemd) listens on 6379.
  redis_probe && return 0
  say "starting redis-server on 127.0.0.1:$REDIS_PORT"
  mkdir -p /var/lib/redis /var/log/redis || return 1
  run_logged redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/redis-server.log
}

ensure_redis() {
  local where="$REDIS_HOST:$REDIS_PORT"
  if ! redis_probe; then
    if tcp_open "$REDIS_HOST" "$REDIS_PORT"; then
      problem "redis at $where answers but not to INFO: ${redis_error:-no reply} (set REDIS_PASSWORD?)"
      return 0
    fi
    if $CHECK_ONLY; then
      problem "redis: nothing listens at $where. Run scripts/infra.sh (installs it on Debian/Ubuntu as root, or
        uses 'docker compose up -d redis' with a Docker engine), or point REDIS_HOST/REDIS_PORT at a Redis >= $MIN_REDIS"
      return 0
    fi
    say "redis not reachable at $where"
    if is_local_host "$REDIS_HOST" && can_apt; then
      redis_start_local || { problem "redis: could not start redis-server (log: $LOG)"; return 0; }
    elif is_local_host "$REDIS_HOST" && docker_runs; then
      say "docker compose up -d --wait redis"
      run_logged docker compose -f "$COMPOSE_FILE" up -d --wait redis ||
        { problem "redis: docker compose up failed (log: $LOG)"; return 0; }
    else
      problem "redis: cannot connect to $where (${redis_error:-no reply}) and this script cannot provide one here
        (it installs only as root on Debian/Ubuntu, or with a running Docker engine). Provide Redis >= $MIN_REDIS
        (e.g. image redis:7.4.2-alpine) and set REDIS_HOST/REDIS_PORT"
      return 0
    fi
    redis_wait 20 || { problem "redis at $where still unreachable after starting it: $redis_error"; return 0; }
  fi
  version_ge "$redis_version" "$MIN_REDIS" ||
    problem "redis at $where is $redis_version; FlowSupport needs >= $MIN_REDIS"
}

# The widget's browser test (channel-service WidgetBrowserTest) drives Debian's chromium; it is
# skipped where there is none. Optional: installing it never fails this script.
ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  if $CHECK_ONLY || ! can_apt; then
    say "note: no chromium/chromedriver here, so the widget's browser test will be skipped (Debian: apt-get install chromium chromium-driver)"
    return 0
  fi
  apt_install chromium chromium-driver ||
    say "note: could not install chromium (log: $LOG); the widget's browser test will be skipped"
}

# ---------------------------------------------------------------------------------------------

ensure_postgres
ensure_redis
ensure_browser

if [ ${#problems[@]} -gt 0 ]; then
  for p in "${problems[@]}"; do echo "infra: MISSING: $p" >&2; done
  exit 1
fi
say "postgres $pg_version (pg_trgm $pg_trgm_version, vector $vector_version) at $PGHOST:$PGPORT, redis $redis_version at $REDIS_HOST:$REDIS_PORT"
