#!/usr/bin/env bash
# Stop the Ruby billing stand-in started by start.sh (same PORT / RUBY_BILLING_PID_FILE).
set -euo pipefail
port="${PORT:-5301}"
pid_file="${RUBY_BILLING_PID_FILE:-${TMPDIR:-/tmp}/ruby-billing-${port}.pid}"

if [[ ! -f "$pid_file" ]]; then
  echo "ruby-billing not running (no pid file $pid_file)"
  exit 0
fi
pid="$(cat "$pid_file")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  echo "ruby-billing stopped (pid $pid)"
else
  echo "ruby-billing was not running (stale pid $pid)"
fi
rm -f "$pid_file"
