#!/usr/bin/env bash
# Start the Ruby billing stand-in in the background and wait until /health answers.
#   PORT=5301 ./start.sh        (defaults: PORT=5301, QUIET=1)
# Pid and log files: ${RUBY_BILLING_PID_FILE:-$TMPDIR/ruby-billing-$PORT.pid}, same name with .log.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${PORT:-5301}"
pid_file="${RUBY_BILLING_PID_FILE:-${TMPDIR:-/tmp}/ruby-billing-${port}.pid}"
log_file="${RUBY_BILLING_LOG_FILE:-${pid_file%.pid}.log}"
url="http://127.0.0.1:${port}"

if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "ruby-billing already running (pid $(cat "$pid_file")) at $url"
  exit 0
fi

PORT="$port" QUIET="${QUIET:-1}" nohup ruby "$here/app.rb" >"$log_file" 2>&1 &
pid=$!
echo "$pid" >"$pid_file"

for _ in $(seq 1 100); do
  if curl -fsS "$url/health" >/dev/null 2>&1; then
    echo "ruby-billing started (pid $pid) at $url"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "ruby-billing exited during start-up; log: $log_file" >&2
    cat "$log_file" >&2 || true
    rm -f "$pid_file"
    exit 1
  fi
  sleep 0.1
done
echo "ruby-billing did not answer $url/health within 10 s; log: $log_file" >&2
kill "$pid" 2>/dev/null || true
rm -f "$pid_file"
exit 1
