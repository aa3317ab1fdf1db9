#!/usr/bin/env bash
# Managed heap per idle Blazor circuit, Platform against the .NET 10 template's Counter page, measured the same way in
# one run: publishes both (Release), and for each page starts its app afresh (Platform on SQLite with the demo data and
# Benchmarks:HeapEndpoint=true), opens one warm-up circuit and then N idle circuits of the page in headless chromium
# (benchmarks/circuits/circuits.mjs, playwright-core driving Debian's chromium), reads GET /_bench/heap (two forced
# full GCs) before and after, and prints the growth per circuit and the ratio against the template.
#   scripts/bench-circuits.sh [circuits=40]
# Pages: the template's /counter; the App calendar /app/calendar on acme.localhost signed in as manager@acme.test (signed in
# once, the 40 pages share the cookie); the portal's booking page /book on acme.localhost. BENCH_PORT (default 5192) is the
# first of the two ports used; CHROMIUM (default /usr/bin/chromium) the browser. npm installs playwright-core into
# benchmarks/circuits/node_modules when missing (no browser is downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-40}"
port="${BENCH_PORT:-5192}"; template_port=$((port + 1))
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
work=$(mktemp -d)
results="$work/results.txt"; : > "$results"
running=""

stop_running() {
  if [ -n "$running" ]; then kill "$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; running=""; fi
}
trap 'stop_running; rm -rf "$work"' EXIT

wait_ok() { # url log
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$running" 2>/dev/null || { echo "the app stopped; its log:" >&2; tail -n 30 "$2" >&2; exit 1; }
    sleep 0.5
  done
  echo "$1 did not answer within 120 s; the log:" >&2; tail -n 30 "$2" >&2; exit 1
}

start_template() {
  (cd "$work/template" && exec dotnet Platform.TemplateCounter.dll --urls "http://127.0.0.1:$template_port" --Logging:LogLevel:Default=Warning) > "$work/template.log" 2>&1 &
  running=$!
  wait_ok "http://127.0.0.1:$template_port/_bench/heap" "$work/template.log"
}

start_platform() {
  (cd "$work/platform" && exec dotnet Platform.Web.dll --urls "http://127.0.0.1:$port" \
    --Database:Provider=Sqlite --ConnectionStrings:Platform="Data Source=$work/platform.db" --Seed:Demo=true --Seed:DemoBookings=true \
    --Benchmarks:HeapEndpoint=true --Email:PickupDirectory="$work/mail" --DataProtection:KeysDirectory="$work/keys" \
    --Logging:LogLevel:Default=Warning) > "$work/platform.log" 2>&1 &
  running=$!
  wait_ok "http://127.0.0.1:$port/health/ready" "$work/platform.log"
}

measure() { # name heap-url page-url ready-selector [sign-in args...]
  local name="$1" heap="$2" page="$3" ready="$4"; shift 4
  local line
  line=$(node benchmarks/circuits/circuits.mjs --heap "$heap" --page "$page" --ready "$ready" --count "$count" "$@" 2>&1 | tee "$work/$name.txt" | grep '^RESULT') \
    || { echo "measuring $name failed:" >&2; cat "$work/$name.txt" >&2; exit 1; }
  head -n 1 "$work/$name.txt"
  echo "$name $(echo "$line" | tr ' ' '\n' | sed -n 's/^perCircuitKB=//p')" >> "$results"
}

echo "publishing (Release)..."
dotnet publish benchmarks/Platform.TemplateCounter -c Release -o "$work/template" -nologo -v q -clp:ErrorsOnly
dotnet publish Platform.Web -c Release -o "$work/platform" -nologo -v q -clp:ErrorsOnly
if [ ! -d benchmarks/circuits/node_modules/playwright-core ]; then
  (cd benchmarks/circuits && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi

start_template
measure template "http://127.0.0.1:$template_port/_bench/heap" "http://127.0.0.1:$template_port/counter" "[data-interactive=true]"
stop_running

start_platform
measure calendar "http://127.0.0.1:$port/_bench/heap" "http://acme.localhost:$port/app/calendar" "${BENCH_CALENDAR_READY:-[data-testid=new-booking]}" \
  --sign-in "http://acme.localhost:$port/" --email manager@acme.test --password 'Demo!Passw0rd' --totp ACMEMANAGERDEMOSECRETTOTPKEY2345
stop_running

start_platform
measure book "http://127.0.0.1:$port/_bench/heap" "http://acme.localhost:$port/book" "${BENCH_BOOK_READY:-[data-testid=service-option]}"
stop_running

echo
echo "Managed heap per idle circuit ($count circuits per page, after one warm-up circuit; forced full GC before each reading)"
echo
awk '
  { kb[$1] = $2 }
  END {
    printf "| %-34s | %10s | %12s |\n", "page", "KB/circuit", "vs template"
    printf "|------------------------------------|------------|--------------|\n"
    printf "| %-34s | %10.0f | %11.1fx |\n", "template /counter", kb["template"], 1
    printf "| %-34s | %10.0f | %11.1fx |\n", "App calendar /app/calendar", kb["calendar"], (kb["template"] > 0 ? kb["calendar"] / kb["template"] : 0)
    printf "| %-34s | %10.0f | %11.1fx |\n", "portal booking page /book", kb["book"], (kb["template"] > 0 ? kb["book"] / kb["template"] : 0)
  }' "$results"
