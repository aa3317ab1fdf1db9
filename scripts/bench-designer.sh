#!/usr/bin/env bash
# The workflow designer over a slow network: publishes Platform (Release), starts it on SQLite with the demo data, puts a
# TCP proxy between the browser and the app that delays each direction (benchmarks/circuits/delay-proxy.mjs; 150 ms round
# trip by default), and runs benchmarks/circuits/designer.mjs as acme's admin: a workflow of N steps is imported, its
# designer is opened through the proxy and one step is dragged; prints the render times, how many pointer moves showed in
# the next animation frame, the event-to-moved time and the frame times.
#   scripts/bench-designer.sh [steps=200] [round-trip-ms=150] [nodes=1]
# With nodes=2, a second app node runs on the same SQLite file and both talk through a throw-away redis-server
# (Debian's, as the tests use): the second editor is on the second node, so a drop crosses Redis to reach it.
# BENCH_PORT (default 5196) is the app's port, the proxy takes the next one (the second node the two after, Redis the
# one after those); CHROMIUM (default /usr/bin/chromium) the browser. npm installs playwright-core into
# benchmarks/circuits/node_modules when missing (no browser is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-200}"; round_trip="${2:-150}"; nodes="${3:-1}"
port="${BENCH_PORT:-5196}"; proxy_port=$((port + 1)); port_b=$((port + 2)); proxy_b=$((port + 3)); redis_port=$((port + 4))
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

echo "publishing (Release)..."
dotnet publish Platform.Web -c Release -o "$work/platform" -nologo -v q -clp:ErrorsOnly
if [ ! -d benchmarks/circuits/node_modules/playwright-core ]; then
  (cd benchmarks/circuits && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi

redis=()
if [ "$nodes" = "2" ]; then
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no > "$work/redis.log" 2>&1 &
  pids+=($!)
  redis=(--Redis:Connection="127.0.0.1:$redis_port")
fi

# start_node PORT LOG: one app node on the shared SQLite file, ready when its health check answers.
start_node() {
  (cd "$work/platform" && exec dotnet Platform.Web.dll --urls "http://127.0.0.1:$1" \
    --Database:Provider=Sqlite --ConnectionStrings:Platform="Data Source=$work/platform.db" --Seed:Demo=true "${redis[@]}" \
    --Email:PickupDirectory="$work/mail" --DataProtection:KeysDirectory="$work/keys" --Logging:LogLevel:Default=Warning) > "$work/$2" 2>&1 &
  local pid=$!
  pids+=($pid)
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health/ready" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "the app stopped; its log:" >&2; tail -n 30 "$work/$2" >&2; exit 1; }
    sleep 0.5
  done
}

start_node "$port" platform.log
node benchmarks/circuits/delay-proxy.mjs "$proxy_port" "$port" $((round_trip / 2)) > "$work/proxy.log" 2>&1 &
pids+=($!)
second=()
if [ "$nodes" = "2" ]; then
  start_node "$port_b" platform-b.log
  node benchmarks/circuits/delay-proxy.mjs "$proxy_b" "$port_b" $((round_trip / 2)) > "$work/proxy-b.log" 2>&1 &
  pids+=($!)
  second=(--second-root "http://acme.localhost:$proxy_b/")
fi
sleep 0.5

node benchmarks/circuits/designer.mjs --root "http://acme.localhost:$proxy_port/" --email admin@acme.test --password 'Demo!Passw0rd' \
  --totp ACMEADMINDEMOSECRETTOTPKEY234567 --steps "$steps" "${second[@]}"
