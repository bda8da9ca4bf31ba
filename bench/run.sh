#!/usr/bin/env bash
# Durable chat.postMessage throughput/latency benchmark for Parley.
#
#   bench/run.sh sqlite|postgres [duration_s=20] [connections=64]
#
# Starts Parley (and, for postgres, a throw-away PostgreSQL cluster) on free loopback ports with
# a fresh temp data dir, registers and logs in BENCH_USERS users, warms up, runs wrk against
# POST /api/v1/chat.postMessage for duration_s seconds, checks that every acknowledged message
# is stored, prints a summary, and stops everything it started.
#
# Environment knobs (all optional):
#   PG_LOCALE=C.UTF-8     initdb locale for postgres
#   BENCH_USERS=16        users registered and rotated over by the load
#   WRK_THREADS=2         wrk threads (the machine has 2 cores; wrk shares them with the server)
#   WARMUP=5              seconds of unmeasured load first (JIT warm-up); 0 to skip
#   BENCH_CHECK_BODY=1    0: do not parse reply bodies for "success":true (cheaper generator)
#   PARLEY_JAR=path       jar to run (default: target/parley.jar, built if missing)
#   JAVA_OPTS="..."       extra JVM flags for the server
#   WRITER_NICE=-10       experiment: renice the parley-writer thread (needs root)
#   BENCH_SQL="..."       experiment: SQL run on the fresh database after seeding (see below)
#   JFR=1                 record a JFR of the measured run (kept, path printed)
#   KEEP=1                keep the temp dir (data, logs) instead of deleting it
#   RESULTS=file          append one TSV line per run to this file
# Traffic goes to 127.0.0.1 only; every run is bounded by duration_s and stops by itself.
set -euo pipefail

MODE=${1:-}
DURATION=${2:-20}
CONNS=${3:-64}
case "$MODE" in sqlite|postgres) ;; *)
  echo "usage: $0 sqlite|postgres [duration_s] [connections]" >&2; exit 2;;
esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
USERS=${BENCH_USERS:-16}
THREADS=${WRK_THREADS:-2}
WARMUP=${WARMUP:-5}
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

log() { printf '[bench] %s\n' "$*" >&2; }

apt_install() {
  log "installing $*"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# ---- prerequisites ---------------------------------------------------------------------------
command -v wrk >/dev/null || apt_install wrk
command -v python3 >/dev/null || apt_install python3
if [ "$MODE" = sqlite ]; then
  command -v sqlite3 >/dev/null || apt_install sqlite3
else
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
  command -v psql >/dev/null || apt_install postgresql-client
fi

JAR=${PARLEY_JAR:-$ROOT/target/parley.jar}
if [ ! -f "$JAR" ]; then
  log "building $JAR (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -q -B -DskipTests package)
fi

# ---- temp dir, cleanup -----------------------------------------------------------------------
WORK=$(mktemp -d /tmp/parley-bench.XXXXXX)
chmod 755 "$WORK"
SERVER_PID=""; PG_DATA=""; PG_BIN=""; PG_RUN=()
cleanup() {
  set +e
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
  fi
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1
  fi
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

# CPU seconds (user+sys, including reaped children) of a set of pids.
cpu_of() {
  local total=0 p f
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    f=$(sed 's/^.*) //' "/proc/$p/stat")
    total=$((total + $(echo "$f" | awk '{print $12+$13+$14+$15}')))
  done
  echo "$total"
}
# Busy jiffies of the whole machine (everything but idle and iowait).
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
HZ=$(getconf CLK_TCK)

# ---- PostgreSQL ------------------------------------------------------------------------------
DATABASE_URL=""
PG_PIDS() { :; }
if [ "$MODE" = postgres ]; then
  PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  PG_DIR="$WORK/pg"            # owned by the user PostgreSQL runs as: data, log, socket
  # A UTF-8 LC_CTYPE, as a real deployment has (with C, pg_trgm ignores non-ASCII text).
  PG_LOCALE=${PG_LOCALE:-C.UTF-8}
  PG_DATA="$PG_DIR/data"
  PG_PORT=$(free_port)
  mkdir -p "$PG_DATA"
  echo "benchpg" > "$PG_DIR/pgpass"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
    chown -R postgres "$PG_DIR"
    PG_RUN=(runuser -u postgres --)
  else
    PG_RUN=(env)
  fi
  log "initdb PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') in $PG_DATA (locale $PG_LOCALE; fsync=on, synchronous_commit=on: defaults)"
  "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U parley --pwfile="$PG_DIR/pgpass" \
    --auth=scram-sha-256 -E UTF8 --locale="$PG_LOCALE" >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -l "$PG_DIR/postgres.log" \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
  PGPASSWORD=benchpg "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U parley -d postgres \
    -c "CREATE DATABASE parley" >/dev/null
  DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/parley?user=parley&password=benchpg"
  PG_PIDS() {
    local pm; pm=$(head -1 "$PG_DATA/postmaster.pid")
    echo "$pm" $(pgrep -P "$pm" || true)
  }
fi

# ---- Parley ----------------------------------------------------------------------------------
PORT=$(free_port)
JFR_FILE=""
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED)
# shellcheck disable=SC2206
[ -n "${JAVA_OPTS:-}" ] && JVM_FLAGS+=($JAVA_OPTS)
log "starting Parley ($MODE) on 127.0.0.1:$PORT, data in $WORK"
(
  cd "$WORK"
  # The load measures the server, not its API rate limiter (as Rocket.Chat's own CI does).
  export OVERWRITE_SETTING_API_Enable_Rate_Limiter=false
  export PORT PARLEY_DATA="$WORK/data" ADMIN_USERNAME=bench ADMIN_PASS=benchpass \
    ADMIN_EMAIL=bench@example.com DATABASE_URL
  exec java "${JVM_FLAGS[@]}" -jar "$JAR" >"$WORK/server.log" 2>&1
) &
SERVER_PID=$!
wait_for_parley "http://127.0.0.1:$PORT" "$SERVER_PID" "$WORK/server.log"
grep -m1 'listening' "$WORK/server.log" | sed 's/^.*INFO /[server] /' >&2 || true

python3 "$HERE/seed.py" --base "http://127.0.0.1:$PORT" --users "$USERS" --out "$WORK/tokens.txt" >&2

# Experiment knob: BENCH_SQL="..." runs SQL against the fresh database after seeding, e.g.
#   sqlite:   BENCH_SQL="DROP INDEX messages_by_user"   (what one index costs the writer)
#   postgres: BENCH_SQL="DROP INDEX messages_msg_trgm"
# Results with it are not Parley as shipped; the summary says so.
bench_sql() {
  if [ "$MODE" = sqlite ]; then
    sqlite3 -cmd ".timeout 10000" "$WORK/data/parley.db" "$1"
  else
    PGPASSWORD=benchpg psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U parley -d parley -c "$1"
  fi
}
if [ -n "${BENCH_SQL:-}" ]; then
  log "experiment: running BENCH_SQL: $BENCH_SQL"
  bench_sql "$BENCH_SQL" >&2
fi

stored_messages() {
  local q="SELECT count(*) FROM messages WHERE t IS NULL"
  if [ "$MODE" = sqlite ]; then
    sqlite3 -cmd ".timeout 10000" "$WORK/data/parley.db" "$q"
  else
    PGPASSWORD=benchpg psql -qtA -h 127.0.0.1 -p "$PG_PORT" -U parley -d parley -c "$q"
  fi
}

WRK=(wrk -t"$THREADS" -c"$CONNS" --latency --timeout 10s -s "$HERE/postmessage.lua"
  "http://127.0.0.1:$PORT")
export BENCH_TOKENS="$WORK/tokens.txt" BENCH_CHECK_BODY=${BENCH_CHECK_BODY:-1}

if [ "$WARMUP" -gt 0 ]; then
  log "warm-up ${WARMUP}s"
  "${WRK[@]}" -d"${WARMUP}s" >"$WORK/warmup.out" 2>&1 || { cat "$WORK/warmup.out" >&2; exit 1; }
  sleep 1
fi

if [ "${JFR:-0}" = 1 ]; then
  JFR_FILE="/tmp/parley-bench-$MODE-c$CONNS-$$.jfr"
  # profile.jfc plus JDK 25's CPU-time sampler (JEP 509), which also sees time spent in native
  # code (SQLite) and on virtual threads, which plain jdk.ExecutionSample undercounts.
  jcmd "$SERVER_PID" JFR.start name=bench settings=profile "filename=$JFR_FILE" \
    'jdk.CPUTimeSample#enabled=true' 'jdk.CPUTimeSample#throttle=1ms' >"$WORK/jfr.log" \
    || { cat "$WORK/jfr.log" >&2; exit 1; }
fi

# The generator and the server share the machine's 2 cores; anything else running skews results.
IDLE0=$(machine_busy); sleep 1; IDLE1=$(machine_busy)
BG=$(awk -v a="$IDLE0" -v b="$IDLE1" -v hz="$HZ" 'BEGIN{printf "%.0f", 100*(b-a)/hz}')
[ "$BG" -gt 15 ] && log "WARNING: the machine was ${BG}% busy (of 200%) before the run: results will be low"

BEFORE=$(stored_messages)
WRITER_TID=$(grep -l '^parley-writer$' /proc/"$SERVER_PID"/task/*/comm 2>/dev/null | head -1 | awk -F/ '{print $5}')
# Experiment knob: WRITER_NICE=-10 gives the single writer thread a higher CPU priority.
if [ -n "${WRITER_NICE:-}" ] && [ -n "$WRITER_TID" ]; then
  renice -n "$WRITER_NICE" -p "$WRITER_TID" >/dev/null && log "writer thread $WRITER_TID reniced to $WRITER_NICE"
fi
task_cpu() { [ -n "$WRITER_TID" ] && awk '{sub(/^.*\) /,""); print $12+$13}' "/proc/$SERVER_PID/task/$WRITER_TID/stat" || echo 0; }
# schedstat: ns on CPU, ns runnable but waiting for a CPU, timeslices.
task_wait() { [ -n "$WRITER_TID" ] && awk '{print $2}' "/proc/$SERVER_PID/task/$WRITER_TID/schedstat" || echo 0; }
SRV0=$(cpu_of "$SERVER_PID"); PG0=$(cpu_of $(PG_PIDS)); M0=$(machine_busy); W0=$(task_cpu); WQ0=$(task_wait)
log "measuring: $CONNS connections, $THREADS wrk threads, ${DURATION}s, $USERS users"
TIMEFORMAT='%U %S'
{ time "${WRK[@]}" -d"${DURATION}s" >"$WORK/wrk.out" 2>"$WORK/wrk.err"; } 2>"$WORK/wrk.time"
SRV1=$(cpu_of "$SERVER_PID"); PG1=$(cpu_of $(PG_PIDS)); M1=$(machine_busy); W1=$(task_cpu); WQ1=$(task_wait)
sleep 1
AFTER=$(stored_messages)
if [ -n "$JFR_FILE" ]; then
  jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null
fi

cat "$WORK/wrk.out"
[ -s "$WORK/wrk.err" ] && sed 's/^/[wrk] /' "$WORK/wrk.err" >&2
LINE=$(grep '^BENCH ' "$WORK/wrk.out" || true)
[ -n "$LINE" ] || { log "wrk printed no BENCH line"; exit 1; }
get() { echo "$LINE" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }

REQS=$(get requests); DUR_US=$(get duration_us); SENT=$(get sent); ACKED=$(get acked)
BAD=$(get bad); CHECKED=$(get checked)
ERRS=$(( $(get err_connect) + $(get err_read) + $(get err_write) + $(get err_timeout) ))
NON2XX=$(get err_status)
[ "$CHECKED" = 1 ] || ACKED=$((REQS - NON2XX))
STORED=$((AFTER - BEFORE))
ms() { awk -v u="$1" 'BEGIN{printf "%.1f", u/1000}'; }
RATE=$(awk -v a="$ACKED" -v d="$DUR_US" 'BEGIN{printf "%.0f", a/(d/1e6)}')
read -r WU WS <"$WORK/wrk.time"
WALL=$(awk -v d="$DUR_US" 'BEGIN{print d/1e6}')
pct() { awk -v c="$1" -v w="$WALL" 'BEGIN{printf "%.0f%%", 100*c/w}'; }
SRV_S=$(awk -v a="$SRV0" -v b="$SRV1" -v hz="$HZ" 'BEGIN{print (b-a)/hz}')
PG_S=$(awk -v a="$PG0" -v b="$PG1" -v hz="$HZ" 'BEGIN{print (b-a)/hz}')
WRK_S=$(awk -v u="$WU" -v s="$WS" 'BEGIN{print u+s}')
WRQ_S=$(awk -v a="$WQ0" -v b="$WQ1" 'BEGIN{print (b-a)/1e9}')
WRT_S=$(awk -v a="$W0" -v b="$W1" -v hz="$HZ" 'BEGIN{print (b-a)/hz}')
ALL_S=$(awk -v a="$M0" -v b="$M1" -v hz="$HZ" 'BEGIN{print (b-a)/hz}')
OTHER_S=$(awk -v a="$ALL_S" -v s="$SRV_S" -v p="$PG_S" -v w="$WRK_S" 'BEGIN{o=a-s-p-w; if(o<0)o=0; print o}')

us_per() { awk -v c="$1" -v n="$ACKED" 'BEGIN{ if (n>0) printf "%.0f", 1e6*c/n; else print "-" }'; }
OK=1
[ "$NON2XX" = 0 ] && [ "$BAD" = 0 ] && [ "$ERRS" = 0 ] || OK=0
# Every acknowledged message must be stored. Requests still in flight when wrk's clock ran out
# were never acknowledged but may have been committed, so stored may exceed acked by at most
# the number of requests sent and not answered (<= connections).
{ [ "$STORED" -ge "$ACKED" ] && [ "$STORED" -le "$SENT" ]; } || OK=0

cat <<EOF

=== Parley chat.postMessage benchmark: $MODE ===
connections        $CONNS (wrk -t$THREADS, keep-alive), $USERS users rotating, ${DURATION}s (+${WARMUP}s warm-up)
acknowledged       $ACKED  (HTTP 200 + "success":true$( [ "$CHECKED" = 1 ] || echo ": body not checked, 2xx only"))
throughput         $RATE msgs/s
latency            p50 $(ms "$(get lat_p50_us)") ms   p90 $(ms "$(get lat_p90_us)") ms   p99 $(ms "$(get lat_p99_us)") ms   p99.9 $(ms "$(get lat_p999_us)") ms   max $(ms "$(get lat_max_us)") ms
errors             non-2xx $NON2XX, bad bodies $BAD, socket errors/timeouts $ERRS
stored (DB count)  $STORED new user messages; sent $SENT, acked $ACKED -> $((STORED - ACKED)) committed but unacknowledged (in flight at cutoff)
CPU (of 2 cores)   server $(pct "$SRV_S") (its parley-writer thread: $(pct "$WRT_S") on CPU, $(pct "$WRQ_S") runnable waiting for a CPU)$( [ "$MODE" = postgres ] && echo ", postgres $(pct "$PG_S")"), wrk $(pct "$WRK_S"), other processes $(pct "$OTHER_S")  (100% = one core)
CPU per message    server $(us_per "$SRV_S") us (writer thread $(us_per "$WRT_S") us)$( [ "$MODE" = postgres ] && echo ", postgres $(us_per "$PG_S") us"), wrk $(us_per "$WRK_S") us
verdict            $( [ "$OK" = 1 ] && echo "OK: every acknowledged message is stored, no errors" || echo "FAILED check (see above)")
EOF
if [ -n "${BENCH_SQL:-}" ]; then echo "EXPERIMENT         BENCH_SQL=\"$BENCH_SQL\" (not Parley as shipped)"; fi
if [ -n "${WRITER_NICE:-}" ]; then echo "EXPERIMENT         WRITER_NICE=$WRITER_NICE"; fi
if [ -n "$JFR_FILE" ]; then echo "jfr                $JFR_FILE"; fi
echo "| $MODE | $CONNS | ${DURATION}s | $RATE | $(ms "$(get lat_p50_us)") | $(ms "$(get lat_p99_us)") | $(ms "$(get lat_max_us)") | $NON2XX | $ACKED/$STORED |"

if [ -n "${RESULTS:-}" ]; then
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$(date -u +%FT%TZ)" "$MODE" "$CONNS" "$THREADS" "$DURATION" "$RATE" \
    "$(ms "$(get lat_p50_us)")" "$(ms "$(get lat_p99_us)")" "$(ms "$(get lat_max_us)")" \
    "$ACKED" "$STORED" "$NON2XX" "$(pct "$SRV_S")" "$(pct "$PG_S")" "$(pct "$WRK_S")" "$(pct "$OTHER_S")" \
    >>"$RESULTS"
fi
[ "$OK" = 1 ]
