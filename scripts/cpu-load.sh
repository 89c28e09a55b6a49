#!/usr/bin/env bash
# Loads both cores with two CPU-bound busy loops, for the loaded CI runs:
#   scripts/cpu-load.sh start   # starts two `nice -n 0` busy loops, records their pids
#   scripts/cpu-load.sh stop    # kills exactly those pids
#   scripts/cpu-load.sh status  # says whether they are running
set -euo pipefail
cd "$(dirname "$0")/.."
pidfile=".tmp/cpu-load.pids"
n="${CPU_LOAD_PROCS:-2}"

running() { [ -s "$pidfile" ] && while read -r pid; do kill -0 "$pid" 2>/dev/null && return 0; done <"$pidfile"; return 1; }

case "${1:-}" in
  start)
    if running; then echo "cpu-load: already running ($(tr '\n' ' ' <"$pidfile"))"; exit 0; fi
    mkdir -p .tmp
    : >"$pidfile"
    for _ in $(seq "$n"); do
      nohup nice -n 0 sh -c 'while :; do :; done' >/dev/null 2>&1 &
      echo "$!" >>"$pidfile"
    done
    echo "cpu-load: started $n busy loops: $(tr '\n' ' ' <"$pidfile")"
    ;;
  stop)
    if [ ! -s "$pidfile" ]; then echo "cpu-load: not running"; exit 0; fi
    while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$pidfile"
    rm -f "$pidfile"
    echo "cpu-load: stopped"
    ;;
  status)
    if running; then echo "cpu-load: running ($(tr '\n' ' ' <"$pidfile"))"; else echo "cpu-load: not running"; fi
    ;;
  *)
    echo "usage: scripts/cpu-load.sh start|stop|status" >&2
    exit 2
    ;;
esac
