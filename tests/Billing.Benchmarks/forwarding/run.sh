#!/usr/bin/env bash
# What does the strangler edge cost? Measures one forwarded Heroku-style GET three ways, interleaved:
#   backend  a fast legacy service (nginx serving a static ~2 KB invoice list), directly
#   nginx    a plain nginx reverse proxy in front of it (the reference for "a good proxy")
#   host     Billing.Host (Release, Production), whose catch-all forwards the route to the backend
# and prints per target the median requests/s, p50 and p99 across rounds, host/nginx throughput and
# the p99 each proxy adds over the direct backend. A program that prints figures, not a test: it
# never fails on a slow result. Everything runs on 127.0.0.1 and is stopped on exit.
#
# Knobs (environment): ROUNDS=3 DURATION=10 WARMUP=5 THREADS=2 CONNECTIONS=32 SKIP_BUILD=0 NICE= (e.g. -19, see lib.sh)
#   HOST_B_ENV="NAME=value ..." also starts a second host with those extra environment variables as target
#   "host-b", interleaved with the others: a runtime or Kestrel setting compared in the same run, not across runs.
#   HOST_B_DIR=<dir with Billing.Host.dll> runs host-b from another build (e.g. a worktree at the base commit,
#   built in Release): two versions of the code compared in the same run. Combines with HOST_B_ENV.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DEADLINE=${DEADLINE:-270}   # seconds; the run (build included) is cut off after this, plus at most one wrk run
PATH_UNDER_TEST=/bench/invoices

# nginx and wrk come from apt when missing (as scripts/test.sh installs what the tests need).
missing=()
for tool in nginx wrk; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  echo "Installing with apt: ${missing[*]}"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in nginx wrk dotnet curl; do
  command -v "$tool" >/dev/null || { echo "run.sh needs $tool on PATH" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/billing-bench.XXXXXX")
pids=()
# shellcheck source=../lib.sh
source "$here/../lib.sh"
start_watchdog




wait_until_serving() {  # name url log
  for _ in $(seq 300); do
    if curl -fsS -o /dev/null --max-time 1 "$2" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "$1 did not answer $2 within 60 s; its log:" >&2
  tail -n 30 "$3" >&2 || true
  return 1
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "building Billing.Host (Release)..."
  dotnet build "$root/src/Billing.Host" -c Release -nologo -v q >"$tmp/build.log" 2>&1 || { tail -n 30 "$tmp/build.log" >&2; exit 1; }
fi
bindir=$(dirname "$(ls "$root"/src/Billing.Host/bin/Release/net*/Billing.Host.dll | head -n 1)")

backend_port=$(free_port)
proxy_port=$(free_port)
host_port=$(free_port)

# nginx workers run as "nobody" when the master is root: they must be able to read the prefix.
chmod 755 "$tmp"
cp "$here/invoices.json" "$tmp/invoices.json"
chmod 644 "$tmp/invoices.json"
render() {  # template output
  sed -e "s|@TMP@|$tmp|g" -e "s|@BACKEND_PORT@|$backend_port|g" -e "s|@PROXY_PORT@|$proxy_port|g" \
      -e "s|@WORKERS@|$(nproc)|g" "$1" >"$2"
}
render "$here/backend.conf.template" "$tmp/backend.conf"
render "$here/proxy.conf.template" "$tmp/proxy.conf"

declare -A process  # target -> the pid whose CPU (its own and its children's) the target costs
nginx -p "$tmp" -c "$tmp/backend.conf" >"$tmp/backend.out" 2>&1 &
pids+=($!)
process[backend]=$!
nginx -p "$tmp" -c "$tmp/proxy.conf" >"$tmp/proxy.out" 2>&1 &
pids+=($!)
process[nginx]=$!

mkdir -p "$tmp/data"
start_host() {  # bin-dir port data-dir log [NAME=value...]
  local dir=$1 port=$2 data=$3 log=$4
  shift 4
  mkdir -p "$data"
  (
    cd "$dir"  # the content root, where appsettings.json is
    exec env ASPNETCORE_ENVIRONMENT=Production \
      Logging__LogLevel__Default=Warning \
      Strangler__Services__billing__BaseUrl="http://127.0.0.1:$backend_port" \
      Database__DataDirectory="$data" \
      Jobs__ServerEnabled=false \
      Edge__InlineIo=true \
      "$@" dotnet Billing.Host.dll --urls "http://127.0.0.1:$port"
  ) >"$log" 2>&1 &
  pids+=($!)
}
start_host "$bindir" "$host_port" "$tmp/data" "$tmp/host.log"
process[host]=${pids[-1]}

declare -A url=(
  [backend]="http://127.0.0.1:$backend_port$PATH_UNDER_TEST"
  [nginx]="http://127.0.0.1:$proxy_port$PATH_UNDER_TEST"
  [host]="http://127.0.0.1:$host_port$PATH_UNDER_TEST"
)
targets=(backend nginx host)
if [ -n "${HOST_B_ENV:-}${HOST_B_DIR:-}" ]; then
  host_b_port=$(free_port)
  # shellcheck disable=SC2086  # HOST_B_ENV is a list of NAME=value words
  [ -z "${HOST_B_DIR:-}" ] || [ -f "$HOST_B_DIR/Billing.Host.dll" ] || { echo "HOST_B_DIR has no Billing.Host.dll: $HOST_B_DIR" >&2; exit 1; }
  start_host "${HOST_B_DIR:-$bindir}" "$host_b_port" "$tmp/data-b" "$tmp/host-b.log" ${HOST_B_ENV:-}
  process[host-b]=${pids[-1]}
  url[host-b]="http://127.0.0.1:$host_b_port$PATH_UNDER_TEST"
  targets+=(host-b)
  echo "host-b runs from ${HOST_B_DIR:-$bindir} with: ${HOST_B_ENV:-(no extra environment)}"
fi
wait_until_serving backend "${url[backend]}" "$tmp/backend-error.log"
wait_until_serving nginx "${url[nginx]}" "$tmp/proxy-error.log"
wait_until_serving host "${url[host]}" "$tmp/host.log"
[ -z "${HOST_B_ENV:-}${HOST_B_DIR:-}" ] || wait_until_serving host-b "${url[host-b]}" "$tmp/host-b.log"

# What the node heroku-client and the CLI send on every list request.
headers=(
  -H "Accept: application/vnd.heroku+json; version=3"
  -H "Authorization: Basic $(printf ':%s' bench-token | base64)"
  -H "Range: id ..; max=1000"
)

# Each target must answer the request with the backend's exact body, or the figures mean nothing.
for target in "${targets[@]}"; do
  body=$(curl -fsS "${headers[@]}" "${url[$target]}")
  if [ "$body" != "$(cat "$tmp/invoices.json")" ]; then
    echo "$target did not return the backend's body for $PATH_UNDER_TEST" >&2
    exit 1
  fi
done


measure() {  # target seconds -> "rps p50ms p99ms errors"
  wrk_figures "$2" "${headers[@]}" "${url[$1]}"
}

# CPU the proxy itself spent per request (the backend's share is the same behind every proxy). On a
# machine shared with other work, CPU per request moves much less than requests/s, and when the proxy is
# what limits throughput, the ratio of CPU per request is the throughput ratio a dedicated machine would show.
measure_with_cpu() {  # target seconds -> "rps p50ms p99ms errors cpu-us-per-request"
  local before after r a b e
  before=$(cpu_ticks "${process[$1]}")
  read -r r a b e < <(measure "$1" "$2")
  after=$(cpu_ticks "${process[$1]}")
  echo "$r $a $b $e $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v r="$r" -v s="$2" \
    'BEGIN { printf "%.1f", t / hz * 1e6 / (r * s) }')"
}

echo "warming up (${WARMUP}s per target)..."
for target in "${targets[@]}"; do
  measure "$target" "$WARMUP" >/dev/null
done

declare -A rps p50 p99 cpu
errors=0
echo "GET $PATH_UNDER_TEST ($(wc -c <"$tmp/invoices.json") B JSON), wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, $(nproc) cores"
for round in $(seq "$ROUNDS"); do
  # Rotate the order each round so that no target always runs first (or right after the host's GC).
  for i in "${!targets[@]}"; do
    target=${targets[$(((i + round - 1) % ${#targets[@]}))]}
    read -r r a b e c < <(measure_with_cpu "$target" "$DURATION")
    rps[$target]+="$r "
    p50[$target]+="$a "
    p99[$target]+="$b "
    cpu[$target]+="$c "
    errors=$((errors + e))
    printf 'round %d  %-8s %10s req/s  p50 %8s ms  p99 %8s ms  CPU %6s us/req%s\n' "$round" "$target" "$r" "$a" "$b" "$c" "$([ "$e" -gt 0 ] && echo "  ($e errors)")"
  done
done

echo
printf '%-8s %14s %10s %10s %12s\n' target "req/s median" "p50 ms" "p99 ms" "CPU us/req"
declare -A m_rps m_p99 m_cpu
for target in "${targets[@]}"; do
  # shellcheck disable=SC2086  # word splitting of the collected figures is intended
  m_rps[$target]=$(median ${rps[$target]})
  # shellcheck disable=SC2086
  m_p99[$target]=$(median ${p99[$target]})
  # shellcheck disable=SC2086
  m_cpu[$target]=$(median ${cpu[$target]})
  # shellcheck disable=SC2086
  printf '%-8s %14.0f %10.3f %10.3f %12.1f\n' "$target" "${m_rps[$target]}" "$(median ${p50[$target]})" "${m_p99[$target]}" "${m_cpu[$target]}"
done
for host in host host-b; do
  [ -n "${m_rps[$host]:-}" ] || continue
  awk -v name="$host" -v h="${m_rps[$host]}" -v n="${m_rps[nginx]}" -v hp="${m_p99[$host]}" -v np="${m_p99[nginx]}" -v b="${m_p99[backend]}" \
    -v hc="${m_cpu[$host]}" -v nc="${m_cpu[nginx]}" \
    'BEGIN { printf "%s/nginx throughput: %.2f   p99 added over backend: nginx %+.3f ms, %s %+.3f ms   CPU per request nginx/%s: %.2f\n", name, h / n, np - b, name, hp - b, name, nc / hc }'
done
[ "$errors" -eq 0 ] || echo "warning: $errors non-2xx responses or socket errors during the measured rounds"
