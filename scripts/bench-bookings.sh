#!/usr/bin/env bash
# The app's POST /api/v1/bookings against the raw ADO.NET baseline (benchmarks/Platform.RawBaseline), side by side:
# for SQLite and then PostgreSQL, each round seeds a fresh database with the app (Release, demo data), plans the load
# (benchmarks/Platform.LoadRun: the load customer and distinct free slots), copies that database twice and runs the app
# on one copy and the baseline on the other, app then baseline, with the same plan, warm-up and clients. Prints each
# round, the medians of the rounds and the ratios app/baseline.
#   scripts/bench-bookings.sh [rounds=3] [requests=600] [concurrency=16]
# BENCH_DATABASES="sqlite postgres" (default) chooses the databases; BENCH_WARMUP (default 50) the bookings made before
# each measurement; BENCH_PORT (default 5190) the app's port, the baseline takes the next one; PG_TEST_PORT the
# PostgreSQL of scripts/test-postgres.sh (started when needed, default 55432). BENCH_APP_ARGS passes extra settings to the
# app. BENCH_KEEP=1 keeps the databases (SQLite files; PostgreSQL's are dropped), plans and logs in the temp folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds="${1:-3}"; requests="${2:-600}"; concurrency="${3:-16}"
databases="${BENCH_DATABASES:-sqlite postgres}"
warmup="${BENCH_WARMUP:-50}"
app_port="${BENCH_PORT:-5190}"; baseline_port=$((app_port + 1))
pg_port="${PG_TEST_PORT:-55432}"
work=$(mktemp -d)
results="$work/results.txt"; : > "$results"
server=""; running=""

stop_running() {
  if [ -n "$running" ]; then kill "$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; running=""; fi
}
cleanup() {
  stop_running
  if [ -n "$server" ]; then
    for db in $(PGPASSWORD=postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'bench_$$_%'" 2>/dev/null); do
      PGPASSWORD=postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
    done
  fi
  if [ -n "${BENCH_KEEP:-}" ]; then echo "databases, plans and logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

wait_ready() { # port log
  for _ in $(seq 1 240); do
    curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0
    kill -0 "$running" 2>/dev/null || { echo "the process stopped; its log:" >&2; tail -n 30 "$2" >&2; exit 1; }
    sleep 0.5
  done
  echo "not ready after 120 s; the log:" >&2; tail -n 30 "$2" >&2; exit 1
}

start_app() { # provider connection log
  (cd Platform.Web && exec dotnet bin/Release/net10.0/Platform.Web.dll \
    --urls "http://127.0.0.1:$app_port" --Database:Provider="$1" --ConnectionStrings:Platform="$2" \
    --Seed:Demo=true --RateLimits:ApiKeyPerMinute=100000 --Email:PickupDirectory="$work/mail" \
    --DataProtection:KeysDirectory="$work/keys" --Logging:LogLevel:Default=Warning ${BENCH_APP_ARGS:-}) > "$3" 2>&1 &
  running=$!
  wait_ready "$app_port" "$3"
}

start_baseline() { # provider connection log
  dotnet benchmarks/Platform.RawBaseline/bin/Release/net10.0/Platform.RawBaseline.dll \
    --urls "http://127.0.0.1:$baseline_port" --Database:Provider="$1" --ConnectionStrings:Platform="$2" > "$3" 2>&1 &
  running=$!
  wait_ready "$baseline_port" "$3"
}

load() { # port plan log -> RESULT line
  dotnet benchmarks/Platform.LoadRun/bin/Release/net10.0/Platform.LoadRun.dll "http://127.0.0.1:$1/" "$key" "$requests" "$concurrency" \
    --plan "$2" --warmup "$warmup" > "$3" 2>&1 || { echo "the load run failed or not every booking was made:" >&2; cat "$3" >&2; exit 1; }
  grep '^RESULT' "$3"
}

field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

echo "building (Release)..."
dotnet build Platform.Web -c Release -nologo -v q -clp:ErrorsOnly
dotnet build benchmarks/Platform.RawBaseline -c Release -nologo -v q -clp:ErrorsOnly
dotnet build benchmarks/Platform.LoadRun -c Release -nologo -v q -clp:ErrorsOnly
key=$(grep -o 'pk_demo_acme_[A-Za-z0-9]*' Platform.Infrastructure/Seeding/DemoAccounts.cs | head -n1)

for database in $databases; do
  for round in $(seq 1 "$rounds"); do
    dir="$work/$database-$round"; mkdir -p "$dir"
    case "$database" in
      sqlite)
        provider=Sqlite
        seed_conn="Data Source=$dir/seed.db"; app_conn="Data Source=$dir/app.db"; baseline_conn="Data Source=$dir/baseline.db" ;;
      postgres)
        provider=PostgreSql
        [ -n "$server" ] || server="$(PG_TEST_PORT=$pg_port scripts/test-postgres.sh start)"
        base="bench_$$_$round"
        PGPASSWORD=postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE ${base}_seed" >/dev/null
        seed_conn="$server;Database=${base}_seed"; app_conn="$server;Database=${base}_app"; baseline_conn="$server;Database=${base}_baseline" ;;
      *) echo "unknown database '$database' (sqlite or postgres)" >&2; exit 2 ;;
    esac

    # Seed with the app and plan the load on it, then two identical copies.
    start_app "$provider" "$seed_conn" "$dir/seed.log"
    dotnet benchmarks/Platform.LoadRun/bin/Release/net10.0/Platform.LoadRun.dll "http://127.0.0.1:$app_port/" "$key" "$requests" "$concurrency" \
      --warmup "$warmup" --save-plan "$dir/plan.json" > "$dir/plan.log" 2>&1 || { echo "planning failed:" >&2; cat "$dir/plan.log" >&2; exit 1; }
    stop_running
    case "$database" in
      sqlite)
        for copy in app baseline; do
          for suffix in "" -wal -shm; do [ -f "$dir/seed.db$suffix" ] && cp "$dir/seed.db$suffix" "$dir/$copy.db$suffix"; done
        done ;;
      postgres)
        for copy in app baseline; do
          PGPASSWORD=postgres psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE ${base}_$copy TEMPLATE ${base}_seed" >/dev/null
        done ;;
    esac

    start_app "$provider" "$app_conn" "$dir/app.log"
    line=$(load "$app_port" "$dir/plan.json" "$dir/app-load.log"); stop_running
    echo "$database app $round $(field "$line" rps) $(field "$line" p50) $(field "$line" p99)" >> "$results"
    echo "$database round $round app:      $line"

    start_baseline "$provider" "$baseline_conn" "$dir/baseline.log"
    line=$(load "$baseline_port" "$dir/plan.json" "$dir/baseline-load.log"); stop_running
    echo "$database baseline $round $(field "$line" rps) $(field "$line" p50) $(field "$line" p99)" >> "$results"
    echo "$database round $round baseline: $line"
  done
done

echo
echo "POST /api/v1/bookings: $requests bookings per round after $warmup warm-up ones, $concurrency clients, median of $rounds round(s)"
echo
awk -v databases="$databases" '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { key = $1 SUBSEP $2; rps[key] = rps[key] " " $4; p50[key] = p50[key] " " $5; p99[key] = p99[key] " " $6 }
  END {
    printf "| %-10s | %-16s | %9s | %9s | %-16s |\n", "database", "", "app", "baseline", "app/baseline"
    printf "|------------|------------------|-----------|-----------|------------------|\n"
    n = split(databases, dbs, " ")
    for (d = 1; d <= n; d++) {
      db = dbs[d]; a = db SUBSEP "app"; b = db SUBSEP "baseline"
      if (!(a in rps)) continue
      ar = median(rps[a]); br = median(rps[b]); a50 = median(p50[a]); b50 = median(p50[b]); a99 = median(p99[a]); b99 = median(p99[b])
      printf "| %-10s | %-16s | %9.1f | %9.1f | %15.2f  |\n", db, "bookings/s", ar, br, (br > 0 ? ar / br : 0)
      printf "| %-10s | %-16s | %9.1f | %9.1f | %15.1fx |\n", db, "p50 (ms)", a50, b50, (b50 > 0 ? a50 / b50 : 0)
      printf "| %-10s | %-16s | %9.1f | %9.1f | %15.1fx |\n", db, "p99 (ms)", a99, b99, (b99 > 0 ? a99 / b99 : 0)
    }
  }' "$results"
