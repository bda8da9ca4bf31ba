#!/usr/bin/env bash
# Issue #4 read benchmark: 1,000,000 messages in one room, then the latency of channels.history
# (newest and deep page), chat.getThreadMessages and chat.search (rare, common, Japanese).
#
#   bench/reads/run.sh sqlite|postgres
#
# End to end: starts Parley (and, for postgres, a throw-away PostgreSQL cluster) on free loopback
# ports in a fresh temp dir; registers users and creates the channel over REST; stops Parley;
# bulk-loads the messages with plain JDBC (ReadBench load); restarts Parley; measures over HTTP
# (ReadBench measure); stops Parley; prints the SQL plans and bare-SQL times (ReadBench explain)
# and the size on disk; then stops and deletes everything it started.
#
# Environment knobs (all optional):
#   MESSAGES=1000000     messages to load
#   PARLEY_JAR=path      jar to run (default: /tmp/readbench-src/target/parley.jar, built from a
#                        private clone of this repository if missing)
#   SAMPLES=300 WARMUP_REQ=50 CAP_SECONDS=90   per query: samples, warm-up requests, time cap
#   JAVA_OPTS="..."      extra JVM flags for the server
#   KEEP=1               keep the temp dir instead of deleting it
#   RESULTS=file         write the results table (TSV) here
#   PG_LOCALE=C.UTF-8    initdb locale for postgres (C makes pg_trgm ignore non-ASCII text)
# Traffic goes to 127.0.0.1 only; every step is bounded in time.
set -euo pipefail

MODE=${1:-}
case "$MODE" in sqlite|postgres) ;; *) echo "usage: $0 sqlite|postgres" >&2; exit 2;; esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MESSAGES=${MESSAGES:-1000000}
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
log() { printf '[reads] %s\n' "$*" >&2; }

JAR=${PARLEY_JAR:-/tmp/readbench-src/target/parley.jar}
if [ ! -f "$JAR" ]; then
  log "building $JAR from a private clone of $ROOT"
  rm -rf /tmp/readbench-src
  git clone -q "$ROOT" /tmp/readbench-src
  (cd /tmp/readbench-src && timeout 600 mvn -q -B -DskipTests package)
fi
if [ "$MODE" = postgres ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing postgresql"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

WORK=$(mktemp -d /tmp/parley-reads.XXXXXX)
chmod 755 "$WORK"
SERVER_PID=""; PG_DATA=""; PG_BIN=""; PG_RUN=()
stop_parley() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 300); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  set +e
  stop_parley
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1
  fi
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"

log "compiling ReadBench"
mkdir -p "$WORK/classes"
javac -q -nowarn -cp "$JAR" -d "$WORK/classes" "$HERE/ReadBench.java" 2>/dev/null \
  || javac -cp "$JAR" -d "$WORK/classes" "$HERE/ReadBench.java"
RB=(timeout 3600 java --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$WORK/classes:$JAR" ReadBench)

# ---- PostgreSQL ------------------------------------------------------------------------------
DATABASE_URL=""
if [ "$MODE" = postgres ]; then
  PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  PG_DIR="$WORK/pg"; PG_DATA="$PG_DIR/data"; PG_PORT=$(free_port)
  mkdir -p "$PG_DATA"; echo "benchpg" > "$PG_DIR/pgpass"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown -R postgres "$PG_DIR"; PG_RUN=(runuser -u postgres --)
  else
    PG_RUN=(env)
  fi
  # pg_trgm only extracts trigrams from characters the database's LC_CTYPE calls alphanumeric:
  # with --locale=C that is ASCII only, so Japanese needles cannot use the trigram index.
  PG_LOCALE=${PG_LOCALE:-C.UTF-8}
  log "initdb PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (locale $PG_LOCALE, shared_buffers=256MB, otherwise defaults)"
  timeout 120 "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U parley --pwfile="$PG_DIR/pgpass" \
    --auth=scram-sha-256 -E UTF8 --locale="$PG_LOCALE" >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 60 -l "$PG_DIR/postgres.log" \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
  PGPASSWORD=benchpg timeout 30 "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U parley -d postgres \
    -c "CREATE DATABASE parley" >/dev/null
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/parley?user=parley&password=benchpg"
  JDBC_URL="$DATABASE_URL"
else
  JDBC_URL="jdbc:sqlite:$WORK/data/parley.db"
fi

# ---- Parley ----------------------------------------------------------------------------------
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
start_parley() {
  log "starting Parley ($MODE) on 127.0.0.1:$PORT"
  (
    cd "$WORK"
    export PORT BIND_IP=127.0.0.1 PARLEY_DATA="$WORK/data" DATABASE_URL
    # shellcheck disable=SC2086
    exec java --enable-native-access=ALL-UNNAMED ${JAVA_OPTS:-} -jar "$JAR" >>"$WORK/server.log" 2>&1
  ) &
  SERVER_PID=$!
  wait_for_parley "$BASE" "$SERVER_PID" "$WORK/server.log" 1200
}

STATE="$WORK/state.properties"
start_parley
"${RB[@]}" setup "$BASE" "$STATE"
stop_parley

log "loading $MESSAGES messages (Parley stopped)"
"${RB[@]}" load "$JDBC_URL" "$STATE" "$MESSAGES"
if [ "$MODE" = sqlite ]; then
  SIZE=$(du -cb "$WORK"/data/parley.db* | tail -1 | awk '{printf "%.0f MiB", $1/1048576}')
  SIZE="$SIZE (messages; the search index is built after start)"
  log "database on disk: $SIZE ($(ls "$WORK"/data/))"
else
  SIZE=$(du -sb "$PG_DATA" | awk '{printf "%.0f MiB", $1/1048576}')
  log "PostgreSQL data directory on disk (incl. WAL): $SIZE"
fi

start_parley
if [ "$MODE" = sqlite ]; then
  # SQLite's search index (search.db) is built from the loaded messages by its own thread after
  # start; one search waits for it, so that the measurements do not run beside the build.
  T0=$(date +%s)
  curl -fs -m 600 -o /dev/null -H "X-User-Id: $(grep '^userId=' "$STATE" | cut -d= -f2)" \
    -H "X-Auth-Token: $(grep '^token=' "$STATE" | cut -d= -f2)" \
    "$BASE/api/v1/chat.search?roomId=$(grep '^roomId=' "$STATE" | cut -d= -f2)&searchText=warm&count=1"
  log "search index built from the loaded messages in $(( $(date +%s) - T0 )) s"
fi
log "machine load before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
RB_M=(timeout 3600 java --enable-native-access=ALL-UNNAMED -Dwarmup="${WARMUP_REQ:-50}" -Dsamples="${SAMPLES:-300}"
  -DcapSeconds="${CAP_SECONDS:-90}" -Dtsv="$WORK/results.tsv" -cp "$WORK/classes:$JAR" ReadBench)
echo "== $MODE: $MESSAGES messages, load $(grep loadSeconds "$STATE" | cut -d= -f2) s, on disk $SIZE"
"${RB_M[@]}" measure "$BASE" "$STATE"
log "machine load after measuring: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores)"
[ -n "${RESULTS:-}" ] && cp "$WORK/results.tsv" "$RESULTS"
stop_parley

echo "== $MODE: SQL plans and bare-SQL times (Parley stopped)"
"${RB[@]}" explain "$JDBC_URL" "$STATE"
