#!/usr/bin/env bash
# How fast is an entitlement check? Two figures, both printed, never asserted:
#   in-process  IEntitlements.MayScale checks/s with all cores (and single-call p50/p99), by Program.cs, which
#               starts the host in process on SQLite, seeds a dyno size, an enterprise team and a hard-limited
#               contract through the admin API, and compares against a dictionary lookup measured in the same run
#   over HTTP   GET /teams/{team}/entitlements/dyno-sizes/standard-1x?quantity=2 on Billing.Host (Release,
#               Production, the seeded SQLite files, loopback) with wrk --latency: req/s, p50 and p99, with
#               GET /health/live on the same host as the baseline, interleaved, median of rounds; when nginx is
#               installed also a static ~2 KB file from nginx ("floor"): the p99 any server gets on this machine
# Knobs: ROUNDS=3 DURATION=10 WARMUP=3 THREADS=1 CONNECTIONS=4 INPROC_SECONDS=3 SKIP_BUILD=0 DEADLINE=300 NICE= (e.g. -19, see lib.sh)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
THREADS=${THREADS:-1}
CONNECTIONS=${CONNECTIONS:-4}
INPROC_SECONDS=${INPROC_SECONDS:-3}
WARMUP=${WARMUP:-3}   # seconds per URL before measuring: tiered JIT is still recompiling hot paths early on
DEADLINE=${DEADLINE:-300}

for tool in wrk dotnet curl; do
  command -v "$tool" >/dev/null || { echo "run.sh needs $tool on PATH" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/entitlement-bench.XXXXXX")
pids=()
# shellcheck source=../lib.sh
source "$here/../lib.sh"
start_watchdog

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building the benchmark and Billing.Host (Release)..."
  dotnet build "$here" -c Release -nologo -v q >"$tmp/build.log" 2>&1 || { tail -n 30 "$tmp/build.log" >&2; exit 1; }
fi
benchdll=$(ls "$here"/bin/Release/net*/Billing.Benchmarks.Entitlements.dll | head -n 1)
bindir=$(dirname "$(ls "$root"/src/Billing.Host/bin/Release/net*/Billing.Host.dll | head -n 1)")

mkdir -p "$tmp/data"
Logging__LogLevel__Default=Warning dotnet "$benchdll" --data-dir "$tmp/data" --seconds "$INPROC_SECONDS" --rounds "$ROUNDS" 2>"$tmp/inproc.err" \
  | grep -v '^{"Timestamp"' || { tail -n 30 "$tmp/inproc.err" >&2; exit 1; }
# shellcheck disable=SC1091
source "$tmp/data/bench.env"

port=$(free_port)
(
  cd "$bindir"
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
  Database__DataDirectory="$tmp/data" \
  Auth__BootstrapAdminToken="$TOKEN" \
  RateLimit__RequestsPerHour=2000000000 \
  Jobs__ServerEnabled=false \
  Messaging__DispatcherEnabled=false \
  Strangler__Services__billing__BaseUrl= \
  Strangler__Services__metering__BaseUrl= \
  exec dotnet Billing.Host.dll --urls "http://127.0.0.1:$port"
) >"$tmp/host.log" 2>&1 &
pids+=($!)

check_url="http://127.0.0.1:$port$PATH_UNDER_TEST"
live_url="http://127.0.0.1:$port/health/live"
for _ in $(seq 300); do
  curl -fsS -o /dev/null --max-time 1 "$live_url" 2>/dev/null && break
  sleep 0.2
done
answer=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$check_url") || { tail -n 30 "$tmp/host.log" >&2; exit 1; }
echo "check over HTTP (Kestrel): $answer"

measure() {  # url seconds -> "rps p50ms p99ms errors"
  wrk_figures "$2" -H "Authorization: Bearer $TOKEN" -H "Accept: application/vnd.heroku+json; version=3" "$1"
}

declare -A url=([entitlement]="$check_url" [health]="$live_url")
order=(entitlement health)
if command -v nginx >/dev/null; then
  floor_port=$(free_port)
  chmod 755 "$tmp"
  cp "$here/../forwarding/invoices.json" "$tmp/invoices.json" && chmod 644 "$tmp/invoices.json"
  sed -e "s|@TMP@|$tmp|g" -e "s|@BACKEND_PORT@|$floor_port|g" "$here/../forwarding/backend.conf.template" >"$tmp/floor.conf"
  nginx -p "$tmp" -c "$tmp/floor.conf" >"$tmp/floor.out" 2>&1 &
  pids+=($!)
  url[floor]="http://127.0.0.1:$floor_port/bench/invoices"
  for _ in $(seq 50); do curl -fsS -o /dev/null --max-time 1 "${url[floor]}" 2>/dev/null && break; sleep 0.1; done
  order+=(floor)
fi
declare -A rps p50 p99
for target in "${order[@]}"; do
  measure "${url[$target]}" "$WARMUP" >/dev/null  # warm-up
done
echo "over HTTP: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, $ROUNDS rounds, $(nproc) cores shared by wrk and the host"
for round in $(seq "$ROUNDS"); do
  for target in "${order[@]}"; do
    read -r r a b e <<<"$(measure "${url[$target]}" "$DURATION")"
    rps[$target]+="$r "; p50[$target]+="$a "; p99[$target]+="$b "
    printf 'round %d  %-11s %10s req/s  p50 %7s ms  p99 %7s ms%s\n' "$round" "$target" "$r" "$a" "$b" "$([ "$e" -gt 0 ] && echo "  (WARNING: $e errors, figures invalid)")"
  done
  order=("${order[@]:1}" "${order[0]}")  # rotate: no target always runs first
done
# shellcheck disable=SC2086
printf 'over HTTP median: entitlement %s req/s, p50 %s ms, p99 %s ms | baseline /health/live %s req/s, p99 %s ms\n' \
  "$(median ${rps[entitlement]})" "$(median ${p50[entitlement]})" "$(median ${p99[entitlement]})" "$(median ${rps[health]})" "$(median ${p99[health]})"
if [ -n "${url[floor]:-}" ]; then
  # shellcheck disable=SC2086
  printf 'machine floor (nginx static file, same wrk): %s req/s, p50 %s ms, p99 %s ms\n' "$(median ${rps[floor]})" "$(median ${p50[floor]})" "$(median ${p99[floor]})"
fi
