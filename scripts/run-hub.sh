#!/usr/bin/env bash
# Starts the hub, waits until it serves, optionally follows a sample idea to the end, then keeps
# the hub in the foreground until Ctrl-C. Called by `make run` with .services/env loaded.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PORT="${VIBECODER_PORT:-8080}"
export VIBECODER_URL="http://localhost:$PORT"
LOG="$ROOT/.services/hub.log"
PIDFILE="$ROOT/.services/hub.pid"

if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  echo "a hub started by make run is still running (pid $(cat "$PIDFILE")): make stop first" >&2; exit 1
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "port $PORT is in use: stop what listens there or run with PORT=<free port>" >&2; exit 1
fi

# The Hawtio console needs a login. The password is kept in a file, never printed.
if [ -z "${HAWTIO_PASSWORD:-}" ]; then
  [ -s .services/hawtio-password ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > .services/hawtio-password)
  export HAWTIO_PASSWORD="$(cat .services/hawtio-password)"
fi

# The API needs a token: the hub writes an admin token here unless the file holds one that works.
export VIBECODER_BOOTSTRAP_TOKEN_FILE="$ROOT/.services/admin-token"
export VIBECODER_TOKEN_FILE="$VIBECODER_BOOTSTRAP_TOKEN_FILE"

echo "[hub] starting (log: .services/hub.log)"
started=$(date +%s)
java ${JAVA_OPTS:-} -jar "${JAR:-target/vibecoder-0.1.0-SNAPSHOT.jar}" >"$LOG" 2>&1 &
HUB=$!
echo "$HUB" >"$PIDFILE"
stop_hub() { kill "$HUB" 2>/dev/null && wait "$HUB" 2>/dev/null; rm -f "$PIDFILE"; }
trap 'echo; echo "[hub] stopping"; stop_hub; exit 0' INT TERM

until curl -sf "$VIBECODER_URL/actuator/health/readiness" >/dev/null 2>&1; do
  if ! kill -0 "$HUB" 2>/dev/null; then
    echo "[hub] exited during start-up; last lines of the log:" >&2; tail -n 30 "$LOG" >&2; rm -f "$PIDFILE"; exit 1
  fi
  if [ $(( $(date +%s) - started )) -gt 180 ]; then
    echo "[hub] not ready after 180 s; see .services/hub.log" >&2; stop_hub; exit 1
  fi
  sleep 1
done
cat <<INFO
[hub] ready in $(( $(date +%s) - started )) s
      REST API     $VIBECODER_URL/api/projects      (OpenAPI: $VIBECODER_URL/v3/api-docs)
      Admin token  .services/admin-token            (Authorization: Bearer <token>; scripts/vibecoder reads it; docs/security.md)
      Hawtio       $VIBECODER_URL/actuator/hawtio   (user ${HAWTIO_USER:-admin}, password in .services/hawtio-password unless HAWTIO_PASSWORD is set)
      Prometheus   $VIBECODER_URL/actuator/prometheus  (with a viewer's token)
      CLI          scripts/vibecoder --help
INFO

if [ "${SAMPLE:-1}" != "0" ]; then
  echo "[sample] idea: $IDEA"
  id=$(scripts/vibecoder start "$IDEA")
  echo "[sample] project $id"
  scripts/vibecoder follow "$id" || true
  scripts/vibecoder docs "$id"
fi

echo "[hub] serving until Ctrl-C (or make stop)"
wait "$HUB" || true
rm -f "$PIDFILE"
