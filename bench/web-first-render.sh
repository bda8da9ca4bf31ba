#!/usr/bin/env bash
# Issue #8 web client first-render benchmark: how long until a room with 50 messages is on screen.
#
#   bench/web-first-render.sh [runs=7]
#
# Starts Parley (SQLite) on a free 127.0.0.1 port with a fresh temp data dir, then runs
# bench/web/WebFirstRender.java: seeds a channel with 50 messages over REST and opens it in Debian's
# headless Chromium (Playwright, never downloading a browser) with a saved session, `runs` times
# cold (fresh browser context: empty HTTP cache) and warm (the same context loading it again).
# Reports the time from navigation start to the 50th message in the page (median, min, max).
# Stops what it started and deletes the temp dir.
#
# Environment knobs: PARLEY_JAR=path (default target/parley.jar, built if missing),
# CHROMIUM=/usr/bin/chromium, KEEP=1 (keep the temp dir).
set -euo pipefail
RUNS=${1:-7}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
log() { printf '[web-bench] %s\n' "$*" >&2; }

JAR=${PARLEY_JAR:-$ROOT/target/parley.jar}
if [ ! -f "$JAR" ]; then
  log "building $JAR (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { log "install chromium: apt-get install -y chromium"; exit 1; }

WORK=$(mktemp -d /tmp/parley-web-bench.XXXXXX)
SERVER_PID=""
cleanup() {
  set +e
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
  fi
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "test classpath (Playwright) from Maven"
(cd "$ROOT" && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null 2>&1) \
  || (cd "$ROOT" && mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP="$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/classes"
javac -nowarn -cp "$CP" -d "$WORK/classes" "$HERE/web/WebFirstRender.java"

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
PORT=$(free_port)
log "starting Parley on 127.0.0.1:$PORT ($JAR)"
(
  cd "$WORK"
  export OVERWRITE_SETTING_API_Enable_Rate_Limiter=false
  export PORT PARLEY_DATA="$WORK/data" ADMIN_USERNAME=bench ADMIN_PASS=benchpass ADMIN_EMAIL=bench@example.com
  exec java --enable-native-access=ALL-UNNAMED -jar "$JAR" >"$WORK/server.log" 2>&1
) &
SERVER_PID=$!
wait_for_parley "http://127.0.0.1:$PORT" "$SERVER_PID" "$WORK/server.log"

timeout 600 java -cp "$WORK/classes:$CP" WebFirstRender "http://127.0.0.1:$PORT" bench benchpass "$RUNS"
