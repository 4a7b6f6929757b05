#!/usr/bin/env bash
# Installs what the tests need and runs every test project; ends with one line "N passed, N failed".
# Needs only the .NET SDK plus, on Debian/Ubuntu, apt (for PostgreSQL's server binaries, which the
# integration tests start as a throwaway cluster on a free loopback port, and for the Ruby and Elixir
# runtimes of the legacy stand-ins, which the strangler tests start as real processes, and for node,
# which runs the real npm heroku-client against the host; its packages come from npm ci).
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests use: PostgreSQL's server binaries (a throwaway cluster per run) and the
# runtimes of the legacy stand-ins (Ruby billing on Sinatra/WEBrick, Elixir metering on OTP's inets).
wanted=(ruby ruby-sinatra ruby-webrick elixir erlang-inets)
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  wanted+=(postgresql)
fi
# node and npm run the real npm heroku-client against the host (tests/clients/heroku-client).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  wanted+=(nodejs npm)
fi
missing=()
for package in "${wanted[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "Installing with apt: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "apt-get install ${missing[*]} failed"; exit 1; }
  else
    echo "Missing: ${missing[*]} (install them, or set PG_BIN for PostgreSQL)." >&2
    exit 1
  fi
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  # PostgreSQL refuses to run as root; the test cluster runs as this user.
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

# The node clients the integration tests run, installed from their lock files when missing.
for client in tests/clients/*/package-lock.json; do
  [ -e "$client" ] || continue
  folder=$(dirname "$client")
  if [ ! -d "$folder/node_modules" ]; then
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci in $folder failed"; echo "0 passed, 1 failed"; exit 1; }
  fi
done

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build Billing.Modular.sln -nologo -v q
build=$?
if [ $build -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
for project in tests/*/*Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
done

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1  # the runner failed without reporting a failed test (crash, no results): still a failure
fi
echo "$passed passed, $failed failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]
