#!/usr/bin/env bash
# Insights at scale: makes a fresh SQLite file or PostgreSQL database, writes a million bookings of one tenant and a
# hundred thousand of another, rebuilds the rollups and times the dashboard's reads and one event's recomputation.
#   scripts/bench-insights.sh sqlite|postgres [bookings=1000000] [other=100000] [rounds=30]
set -euo pipefail
cd "$(dirname "$0")/.."
database="${1:-sqlite}"; bookings="${2:-1000000}"; other="${3:-100000}"; rounds="${4:-30}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$database" in
  sqlite) connection="Data Source=$work/insights.db" ;;
  postgres)
    server="${PLATFORM_TEST_POSTGRES:-$(scripts/test-postgres.sh start)}"
    name="insights_$(date +%s)"
    PGPASSWORD=postgres psql -h 127.0.0.1 -p "${PG_TEST_PORT:-55432}" -U postgres -qc "CREATE DATABASE $name" >/dev/null
    trap 'rm -rf "$work"; PGPASSWORD=postgres psql -h 127.0.0.1 -p "${PG_TEST_PORT:-55432}" -U postgres -qc "DROP DATABASE IF EXISTS $name" >/dev/null' EXIT
    connection="$server;Database=$name" ;;
  *) echo "usage: $0 sqlite|postgres [bookings] [other] [rounds]" >&2; exit 2 ;;
esac
dotnet build benchmarks/Platform.InsightsRun -c Release -nologo -v q -clp:ErrorsOnly
/usr/bin/time -f "PEAK working set %M KB" dotnet run -c Release --no-build --project benchmarks/Platform.InsightsRun -- "$database" "$connection" "$bookings" "$other" "$rounds"
