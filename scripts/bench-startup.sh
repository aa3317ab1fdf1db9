#!/usr/bin/env bash
# Start-up time, Platform against the .NET 10 Blazor template (benchmarks/Platform.TemplateCounter): publishes both
# (Release) to temp folders, starts each N times, alternately, on a fresh SQLite database (Platform with the demo seed,
# so every start creates the database, applies the migrations and seeds), and measures the wall time from starting the
# process until its first page answers 200 (Platform: the platform's home, http://localhost/; the template: /). Prints
# each start, the medians and the ratio.
#   scripts/bench-startup.sh [starts=3]
# BENCH_PORT (default 5194) is the port both use in turn.
set -euo pipefail
cd "$(dirname "$0")/.."
starts="${1:-3}"
port="${BENCH_PORT:-5194}"
work=$(mktemp -d)
results="$work/results.txt"; : > "$results"
running=""

stop_running() {
  if [ -n "$running" ]; then kill "$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; running=""; fi
}
trap 'stop_running; rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts the command in its folder, waits for 200 from the page, prints the milliseconds it took and stops it.
time_start() { # name folder log page-url command...
  local name="$1" folder="$2" log="$3" url="$4"; shift 4
  local begin status
  begin=$(now_ms)
  (cd "$folder" && exec "$@") > "$log" 2>&1 &
  running=$!
  for _ in $(seq 1 3000); do
    status=$(curl -s -o /dev/null -w '%{http_code}' --resolve "localhost:$port:127.0.0.1" "$url" || true)
    [ "$status" = "200" ] && break
    kill -0 "$running" 2>/dev/null || { echo "$name stopped; its log:" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.02
  done
  [ "$status" = "200" ] || { echo "$name: $url did not answer 200 within a minute (last: $status)" >&2; tail -n 30 "$log" >&2; exit 1; }
  local took=$(( $(now_ms) - begin ))
  stop_running
  echo "$name $took" >> "$results"
  echo "$name: first page after $took ms"
}

echo "publishing (Release)..."
dotnet publish benchmarks/Platform.TemplateCounter -c Release -o "$work/template" -nologo -v q -clp:ErrorsOnly
dotnet publish Platform.Web -c Release -o "$work/platform" -nologo -v q -clp:ErrorsOnly

for i in $(seq 1 "$starts"); do
  rm -rf "$work/run"; mkdir -p "$work/run"
  time_start platform "$work/platform" "$work/platform-$i.log" "http://localhost:$port/" \
    dotnet Platform.Web.dll --urls "http://127.0.0.1:$port" --Database:Provider=Sqlite --ConnectionStrings:Platform="Data Source=$work/run/platform.db" \
    --Seed:Demo=true --Email:PickupDirectory="$work/run/mail" --DataProtection:KeysDirectory="$work/run/keys" --Logging:LogLevel:Default=Warning
  time_start template "$work/template" "$work/template-$i.log" "http://localhost:$port/" \
    dotnet Platform.TemplateCounter.dll --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning
done

echo
echo "Start-up to the first 200 (median of $starts start(s) each, fresh SQLite database for Platform, demo seed on)"
echo
awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { ms[$1] = ms[$1] " " $2 }
  END {
    p = median(ms["platform"]); t = median(ms["template"])
    printf "| %-10s | %10s |\n", "", "first 200"
    printf "|------------|------------|\n"
    printf "| %-10s | %8.2f s |\n", "Platform", p / 1000
    printf "| %-10s | %8.2f s |\n", "template", t / 1000
    printf "| %-10s | %9.1fx |\n", "ratio", (t > 0 ? p / t : 0)
  }' "$results"
