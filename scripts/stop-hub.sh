#!/usr/bin/env bash
# Stops a hub started by `make run`.
set -euo pipefail
PIDFILE="$(cd "$(dirname "$0")/.." && pwd)/.services/hub.pid"
if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  kill "$(cat "$PIDFILE")"; echo "hub stopped"
else
  echo "no hub started by make run is running"
fi
rm -f "$PIDFILE"
