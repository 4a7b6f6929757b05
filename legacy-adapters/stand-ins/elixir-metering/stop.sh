#!/usr/bin/env bash
# Stops the stand-in started by start.sh on $PORT (default 5302).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${PORT:-5302}"
pidfile="$here/.run/metering-$port.pid"
if [[ ! -f "$pidfile" ]]; then
  echo "not running (no $pidfile)" >&2
  exit 0
fi
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
fi
rm -f "$pidfile"
echo "stopped (pid $pid)"
