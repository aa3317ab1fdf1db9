#!/usr/bin/env bash
# Load run of POST /api/v1/bookings: starts the app (Release) on SQLite or PostgreSQL with the demo
# data, books distinct free slots with many clients through acme's demo API key, prints bookings per
# second and latency percentiles, and stops the app.
#   scripts/load-bookings.sh sqlite|postgres [requests] [concurrency]
# LOAD_APP_ARGS passes extra settings to the app, e.g. LOAD_APP_ARGS="--Outbox:DispatcherEnabled=false".
set -euo pipefail
cd "$(dirname "$0")/.."
database="${1:-sqlite}"; requests="${2:-400}"; concurrency="${3:-16}"
port=5099
work=$(mktemp -d)
case "$database" in
  sqlite) provider=Sqlite; connection="Data Source=$work/load.db" ;;
  postgres)
    server="$(scripts/test-postgres.sh start)"
    name="load_$(date +%s)"
    PGPASSWORD=postgres psql -h 127.0.0.1 -p "${PG_TEST_PORT:-55432}" -U postgres -qc "CREATE DATABASE $name" >/dev/null
    provider=PostgreSql; connection="$server;Database=$name" ;;
  *) echo "usage: $0 sqlite|postgres [requests] [concurrency]" >&2; exit 2 ;;
esac
dotnet build Platform.Web -c Release -nologo -v q -clp:ErrorsOnly
dotnet build benchmarks/Platform.LoadRun -c Release -nologo -v q -clp:ErrorsOnly
dotnet run -c Release --no-build --no-launch-profile --project Platform.Web -- \
  --urls "http://127.0.0.1:$port" --Database:Provider=$provider --ConnectionStrings:Platform="$connection" \
  --Seed:Demo=true --RateLimits:ApiKeyPerMinute=100000 --Email:PickupDirectory="$work/mail" \
  --DataProtection:KeysDirectory="$work/keys" --Logging:LogLevel:Default=Warning ${LOAD_APP_ARGS:-} > "$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
key=$(grep -o 'pk_demo_acme_[A-Za-z0-9]*' Platform.Infrastructure/Seeding/DemoAccounts.cs | head -n1)
echo "== $database"
dotnet run -c Release --no-build --project benchmarks/Platform.LoadRun -- "http://127.0.0.1:$port/" "$key" "$requests" "$concurrency"
