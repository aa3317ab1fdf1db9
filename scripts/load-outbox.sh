#!/usr/bin/env bash
# Outbox throughput: makes a fresh SQLite file or PostgreSQL database, writes messages into the
# outbox and drains them with several dispatchers at once; prints messages per second.
#   scripts/load-outbox.sh sqlite|postgres [messages] [dispatchers]
set -euo pipefail
cd "$(dirname "$0")/.."
database="${1:-sqlite}"; messages="${2:-2000}"; dispatchers="${3:-2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$database" in
  sqlite) connection="Data Source=$work/outbox.db" ;;
  postgres)
    server="${PLATFORM_TEST_POSTGRES:-$(scripts/test-postgres.sh start)}"
    name="outbox_$(date +%s)"
    PGPASSWORD=postgres psql -h 127.0.0.1 -p "${PG_TEST_PORT:-55432}" -U postgres -qc "CREATE DATABASE $name" >/dev/null
    connection="$server;Database=$name" ;;
  *) echo "usage: $0 sqlite|postgres [messages] [dispatchers]" >&2; exit 2 ;;
esac
dotnet build benchmarks/Platform.OutboxRun -c Release -nologo -v q -clp:ErrorsOnly
dotnet run -c Release --no-build --project benchmarks/Platform.OutboxRun -- "$database" "$connection" "$messages" "$dispatchers"
