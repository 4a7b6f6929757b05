#!/usr/bin/env bash
# Starts the metering stand-in in the background, writes .run/metering-$PORT.pid, waits for /health.
# Usage: [PORT=5302] [FIXTURES_DIR=...] [METERING_NOW=...] ./start.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port="${PORT:-5302}"
run="$here/.run"
mkdir -p "$run"
pidfile="$run/metering-$port.pid"
log="$run/metering-$port.log"

if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "already running (pid $(cat "$pidfile")) on http://127.0.0.1:$port" >&2
  exit 0
fi

cd "$here"
PORT="$port" nohup elixir server.exs </dev/null >"$log" 2>&1 &
echo $! >"$pidfile"

for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    echo "http://127.0.0.1:$port"
    exit 0
  fi
  if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "server exited during start-up; log:" >&2
    cat "$log" >&2
    rm -f "$pidfile"
    exit 1
  fi
  sleep 0.1
done
echo "server did not answer /health within 10 s; log: $log" >&2
exit 1
