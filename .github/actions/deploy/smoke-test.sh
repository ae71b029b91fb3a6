#!/usr/bin/env bash
# Smoke test of a deployed FlowSupport through its public gateway URL:
#   1. the public key set answers 200 with keys: the load balancer, the gateway, identity-service and
#      its database all work (retried while the load balancer registers new targets);
#   2. an API that needs a token answers 401 without one: the gateway enforces authentication.
# Usage: smoke-test.sh GATEWAY_URL   (e.g. https://api.staging.example.com)
# Settings (env): SMOKE_ATTEMPTS (30), SMOKE_DELAY seconds between attempts (10).
set -euo pipefail

base="${1:?usage: smoke-test.sh GATEWAY_URL}"
base="${base%/}"
attempts="${SMOKE_ATTEMPTS:-30}"
delay="${SMOKE_DELAY:-10}"
body="$(mktemp)"
trap 'rm -f "$body"' EXIT

# Prints the HTTP status of GET $1 (000 when there is no answer); the body goes to $body.
status_of() {
  curl --silent --show-error --max-time 10 --output "$body" --write-out '%{http_code}' "$1" 2>/dev/null || true
}

url="$base/.well-known/jwks.json"
for ((i = 1; ; i++)); do
  status="$(status_of "$url")"
  if [ "$status" = 200 ] && grep -q '"keys"' "$body"; then
    echo "smoke: GET $url -> 200 with a key set"
    break
  fi
  if [ "$i" -ge "$attempts" ]; then
    echo "smoke: GET $url -> $status after $attempts attempts: $(head -c 300 "$body")" >&2
    exit 1
  fi
  echo "smoke: GET $url -> $status, retrying in ${delay}s ($i/$attempts)"
  sleep "$delay"
done

url="$base/api/v1/tickets"
status="$(status_of "$url")"
if [ "$status" != 401 ]; then
  echo "smoke: GET $url without a token -> $status, expected 401: $(head -c 300 "$body")" >&2
  exit 1
fi
echo "smoke: GET $url without a token -> 401"
echo "smoke: passed"
