#!/usr/bin/env bash
# Runs every test. Installs what the tests need on a fresh Debian machine (chromium, redis-server, PostgreSQL, Node.js),
# starts a throw-away PostgreSQL on 127.0.0.1, checks formatting, then runs the whole suite.
#   ./test.sh                 everything
#   ./test.sh --filter X      passes the filter to dotnet test (for local work)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/redis-server ] || need_apt+=(redis-server)
fc-list 2>/dev/null | grep -qi "dejavu\|liberation" || need_apt+=(fonts-dejavu-core fonts-liberation)
command -v npm >/dev/null || need_apt+=(nodejs npm) # the front-end bundle test runs esbuild (ADR 0019)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing ${need_apt[*]} (Debian packages)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
export PLATFORM_TEST_CHROMIUM=/usr/bin/chromium

PLATFORM_TEST_POSTGRES="$(scripts/test-postgres.sh start)"
export PLATFORM_TEST_POSTGRES
trap 'scripts/test-postgres.sh stop' EXIT

# The build fails on every code-style and analyzer rule already (EnforceCodeStyleInBuild, warnings as errors), which is
# what the style and analyzer passes of `dotnet format` would compile everything again to check (almost two minutes
# here); its whitespace pass reads the files without compiling.
dotnet build Platform.sln -nologo -v q -clp:ErrorsOnly
dotnet format whitespace --verify-no-changes --folder .

results=.test-run/results
rm -rf "$results"
status=0
dotnet test Platform.sln --no-build -nologo --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

trx=$(ls "$results"/*.trx 2>/dev/null | head -n1 || true)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$(echo "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/')
  failed=$(echo "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')
  if [ "$failed" != "0" ]; then
    # CI keeps only the end of the output: name each failure and the start of its message here.
    echo "failed tests:"
    awk '
      /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); inside = 1; shown = 0; print "  " name; next }
      inside && /<Message>/ { sub(/.*<Message>/, ""); grabbing = 1 }
      inside && grabbing { line = $0; stop = sub(/<\/Message>.*/, "", line); if (shown < 4) print "      " line; shown++; if (stop) { grabbing = 0; inside = 0 } }
    ' "$trx"
  fi
  echo "tests: $passed passed, $failed failed"
fi
exit $status
