#!/usr/bin/env bash
# Stops the services `scripts/run.sh` started (graceful SIGTERM, then SIGKILL after 30 s).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shopt -s nullglob
pids=(.run/pids/*.pid)
if [ ${#pids[@]} -eq 0 ]; then
  echo "stop: nothing is running"
  exit 0
fi
for pidfile in "${pids[@]}"; do
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || true
done
for pidfile in "${pids[@]}"; do
  pid=$(cat "$pidfile")
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  echo "stop: $(basename "$pidfile" .pid) stopped"
  rm -f "$pidfile"
done
