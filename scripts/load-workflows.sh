#!/usr/bin/env bash
# Workflow engine throughput and latency: makes a fresh SQLite file or PostgreSQL database, starts a 5-step workflow
# from booking.created events, and prints events per second and the time from a booking to its first step.
#   scripts/load-workflows.sh sqlite|postgres [events] [dispatchers] [rate per second] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
database="${1:-sqlite}"; events="${2:-3000}"; dispatchers="${3:-2}"; rate="${4:-50}"; seconds="${5:-20}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$database" in
  sqlite) connection="Data Source=$work/workflows.db" ;;
  postgres)
    server="${PLATFORM_TEST_POSTGRES:-$(scripts/test-postgres.sh start)}"
    name="workflows_$(date +%s)"
    PGPASSWORD=postgres psql -h 127.0.0.1 -p "${PG_TEST_PORT:-55432}" -U postgres -qc "CREATE DATABASE $name" >/dev/null
    connection="$server;Database=$name" ;;
  *) echo "usage: $0 sqlite|postgres [events] [dispatchers] [rate] [seconds]" >&2; exit 2 ;;
esac
dotnet build benchmarks/Platform.WorkflowRun -c Release -nologo -v q -clp:ErrorsOnly
dotnet run -c Release --no-build --project benchmarks/Platform.WorkflowRun -- "$database" "$connection" "$events" "$dispatchers" "$rate" "$seconds"
