#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on 127.0.0.1 only, in /tmp/platform-test-postgres-PORT.
#   scripts/test-postgres.sh start   installs PostgreSQL if missing, starts it, prints the connection string
#   scripts/test-postgres.sh stop
# PG_TEST_PORT (default 55432) chooses the port.
set -euo pipefail
port="${PG_TEST_PORT:-55432}"
# Under /tmp, not the clone: the postgres user must be able to reach it wherever the clone lives.
dir="${PG_TEST_DIR:-/tmp/platform-test-postgres-$port}"
conn="Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Include Error Detail=true"

find_bin() {
  local found
  found=$(command -v pg_ctl 2>/dev/null || true)
  if [ -z "$found" ]; then
    found=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n1 || true)
  fi
  [ -n "$found" ] && dirname "$found"
}

as_owner() {
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      echo "Installing PostgreSQL (Debian package)..." >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "$conn"; exit 0
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = "0" ]; then chown -R postgres:postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      pwfile="$dir/pw"; echo postgres > "$pwfile"
      if [ "$(id -u)" = "0" ]; then chown postgres "$pwfile"; fi
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    echo "$conn"
    ;;
  stop)
    bin=$(find_bin || true)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
