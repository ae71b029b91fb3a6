#!/usr/bin/env bash
# The chat widget's weight and first render in headless Chromium (Debian's `chromium`): serves
# channel-service's widget.js beside a bare page that loads it synchronously, loads the page RUNS times
# and prints, per load, when the launcher was in the DOM (ready, ms after navigation start), the
# time from the script tag to that (exec, fetch included), the first paint and the script's fetch.
#   bench/channel/widget-render.sh [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
runs=${1:-5}
port=${PORT:-18999}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cp "$here/../../channel-service/src/main/resources/widget/widget.js" "$here/widget-page.html" "$work/"
echo "widget.js: $(wc -c <"$work/widget.js") bytes, $(gzip -9c "$work/widget.js" | wc -c) gzipped"
(cd "$work" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
for _ in $(seq "$runs"); do
  chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --virtual-time-budget=3000 \
    --dump-dom "http://127.0.0.1:$port/widget-page.html" 2>/dev/null | grep -o 'data-result="[^"]*"' || true
done
