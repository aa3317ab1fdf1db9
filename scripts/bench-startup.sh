#!/usr/bin/env bash
# Start-up time, Platform against the .NET 10 Blazor template (benchmarks/Platform.TemplateCounter): publishes both
# (Release) to temp folders, starts each N times, alternately, and measures the wall time from starting the process
# until its first page answers 200 (Platform: the platform's home, http://localhost/; the template: /). Platform is
# timed in two cases, each start of a round one after the other:
#   fresh     a new SQLite database every start (the first start ever: create, migrate, seed the demo);
#   existing  a copy of a database that one untimed start migrated and seeded before the rounds, with that start's
#             data protection keys (every later start: a restart in production).
# Prints each start, the medians and the ratios.
#   scripts/bench-startup.sh [starts=3]
# BENCH_PORT (default 5194) is the port all use in turn; BENCH_STARTUP_CASES (default "fresh existing") picks the cases;
# BENCH_PUBLISH_ARGS (default empty) adds arguments to Platform's publish, e.g. "-p:PublishReadyToRun=false" (Platform
# publishes ReadyToRun; the template as the template does, unless BENCH_TEMPLATE_PUBLISH_ARGS="-p:PublishReadyToRun=true");
# BENCH_PLATFORM (and BENCH_TEMPLATE) name a folder where Platform (the template) is published already, to time two
# builds back to back without publishing again;
# BENCH_KEEP=1 keeps the temp folder with every start's log.
set -euo pipefail
cd "$(dirname "$0")/.."
starts="${1:-3}"
port="${BENCH_PORT:-5194}"
cases="${BENCH_STARTUP_CASES:-fresh existing}"
work=$(mktemp -d)
results="$work/results.txt"; : > "$results"
running=""

stop_running() {
  if [ -n "$running" ]; then kill "$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; running=""; fi
}
trap 'stop_running; if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Starts the command in its folder, waits for 200 from the page, prints the milliseconds it took and stops it
# (SIGTERM: a clean stop, so SQLite checkpoints its WAL). An empty name times nothing: the seeding start.
time_start() { # name folder log page-url command...
  local name="$1" folder="$2" log="$3" url="$4"; shift 4
  local begin status
  begin=$(now_ms)
  (cd "$folder" && exec "$@") > "$log" 2>&1 &
  running=$!
  for _ in $(seq 1 6000); do
    status=$(curl -s -o /dev/null -w '%{http_code}' --resolve "localhost:$port:127.0.0.1" "$url" || true)
    [ "$status" = "200" ] && break
    kill -0 "$running" 2>/dev/null || { echo "${name:-seeding} stopped; its log:" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.02
  done
  [ "$status" = "200" ] || { echo "${name:-seeding}: $url did not answer 200 within two minutes (last: $status)" >&2; tail -n 30 "$log" >&2; exit 1; }
  local took=$(( $(now_ms) - begin ))
  stop_running
  if [ -n "$name" ]; then
    echo "$name $took" >> "$results"
    echo "$name: first page after $took ms"
  else
    echo "seeding start: first page after $took ms (not counted)"
  fi
}

# Platform on the SQLite database and keys in the given folder, demo seed on (it seeds only an empty database).
platform() { # name data-folder log
  time_start "$1" "$platform_dir" "$3" "http://localhost:$port/" \
    dotnet Platform.Web.dll --urls "http://127.0.0.1:$port" --Database:Provider=Sqlite --ConnectionStrings:Platform="Data Source=$2/platform.db" \
    --Seed:Demo=true --Email:PickupDirectory="$2/mail" --DataProtection:KeysDirectory="$2/keys" --Logging:LogLevel:Default=Warning
}

echo "publishing (Release)..."
template_dir="${BENCH_TEMPLATE:-$work/template}"
# shellcheck disable=SC2086 # BENCH_TEMPLATE_PUBLISH_ARGS is a list of arguments
[ -n "${BENCH_TEMPLATE:-}" ] || dotnet publish benchmarks/Platform.TemplateCounter -c Release -o "$template_dir" -nologo -v q -clp:ErrorsOnly ${BENCH_TEMPLATE_PUBLISH_ARGS:-}
platform_dir="${BENCH_PLATFORM:-$work/platform}"
if [ -z "${BENCH_PLATFORM:-}" ]; then
  # shellcheck disable=SC2086 # BENCH_PUBLISH_ARGS is a list of arguments
  dotnet publish Platform.Web -c Release -o "$platform_dir" -nologo -v q -clp:ErrorsOnly ${BENCH_PUBLISH_ARGS:-}
fi

if [[ " $cases " == *" existing "* ]]; then
  mkdir -p "$work/seeded"
  platform "" "$work/seeded" "$work/platform-seeding.log"
fi

for i in $(seq 1 "$starts"); do
  for case in $cases; do
    rm -rf "$work/run"
    case "$case" in
      fresh) mkdir -p "$work/run" ;;
      existing) cp -a "$work/seeded" "$work/run" ;;
      *) echo "unknown case '$case' (fresh, existing)" >&2; exit 1 ;;
    esac
    platform "platform-$case" "$work/run" "$work/platform-$case-$i.log"
  done
  time_start template "$template_dir" "$work/template-$i.log" "http://localhost:$port/" \
    dotnet Platform.TemplateCounter.dll --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning
done

echo
echo "Start-up to the first 200 (median of $starts start(s) each; Platform on SQLite with the demo seed on:"
echo "fresh = a new database each start, existing = a copy of a migrated and seeded one)"
echo
awk -v cases="$cases" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { ms[$1] = ms[$1] " " $2 }
  END {
    t = median(ms["template"])
    printf "| %-19s | %10s | %12s |\n", "", "first 200", "vs template"
    printf "|---------------------|------------|--------------|\n"
    n = split(cases, list, " ")
    for (k = 1; k <= n; k++) {
      p = median(ms["platform-" list[k]])
      printf "| %-19s | %8.2f s | %11.1fx |\n", "Platform, " list[k], p / 1000, (t > 0 ? p / t : 0)
    }
    printf "| %-19s | %8.2f s | %12s |\n", "template", t / 1000, ""
  }' "$results"
