# Shared by the benchmark scripts (sourced after they set $tmp, pids=() and $DEADLINE): stop what the script
# started on exit, a watchdog that bounds the run, free loopback ports, and wrk figure helpers.

# NICE=-19 (root only) runs this script and everything it starts (servers, wrk) ahead of other work on the
# machine: on a shared 2-core box another engineer's build otherwise decides the p99, not the code measured.
if [ -n "${NICE:-}" ]; then
  renice -n "$NICE" -p $$ >/dev/null && echo "(priority: nice $NICE for the benchmark and what it starts)"
fi

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Stop only what this script started, by pid; nginx masters take their workers with them.
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

start_watchdog() {
  # A watchdog keeps the run bounded even if something hangs (a build, a process that never listens).
  # It waits with the read builtin on a FIFO nobody writes: no child process that could outlive it.
  mkfifo "$tmp/watchdog"
  (
    exec 3<>"$tmp/watchdog"
    if ! read -r -t "$DEADLINE" _ <&3; then
      echo "run.sh: deadline of ${DEADLINE}s reached, stopping" >&2
      kill -TERM $$ 2>/dev/null
    fi
  ) &
  pids+=($!)
}

# Ports are handed out below the kernel's ephemeral range: a port in it can be the local end of an outgoing
# connection (wrk's, the host's to its backend), which a probe sees as free but a listener cannot bind. Callers use
# $(free_port), a subshell, so the ports already handed out are remembered in a file, not a variable.
free_port() {
  local port low _high
  read -r low _high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  [ "$low" -gt 21000 ] || { echo "ephemeral port range starts at $low: no room below it for listeners" >&2; return 1; }
  touch "$tmp/ports-taken"
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % (low - 20000)))
    grep -qx "$port" "$tmp/ports-taken" && continue
    # A refused connection means nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port" >>"$tmp/ports-taken"
      echo "$port"
      return 0
    fi
  done
  echo "no free loopback port found" >&2
  return 1
}

wrk_figures() {  # seconds wrk-arguments... -> "rps p50ms p99ms errors" (errors: non-2xx responses + socket errors)
  local seconds=$1 out
  shift
  out=$(timeout $((seconds + 15)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "$@")
  local rps p50 p99 non2xx socket
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
  socket=$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out")
  echo "$rps $p50 $p99 $(( ${non2xx:-0} + ${socket:-0} ))"
}

to_ms() {  # wrk latency "812.00us" / "1.23ms" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; unit = v; sub(/^[0-9.]+/, "", unit)
    if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
    printf "%.3f", n }'
}

median() {  # numbers...
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

cpu_ticks() {  # pid -> user+system clock ticks of the process and its children (nginx: master and workers)
  local total=0 p t
  for p in "$1" $(pgrep -P "$1"); do
    # Fields after the ")" that ends the command name: state is 1, utime 12, stime 13.
    t=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
    total=$((total + ${t:-0}))
  done
  echo "$total"
}
