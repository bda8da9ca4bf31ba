#!/usr/bin/env bash
# Idle sockets and delivery latency (issue #5):
#   bench/sockets/run.sh [sockets=10000] [listeners=1000] [messages=200] [per_second=20]
# Starts Parley (SQLite, fresh temp dir, loopback), opens the sockets, samples the server's
# heap and RSS, then posts messages at a steady rate and measures delivery to the listeners.
set -euo pipefail
SOCKETS=${1:-10000}; LISTENERS=${2:-1000}; MESSAGES=${3:-200}; RATE=${4:-20}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}; export PATH="$JAVA_HOME/bin:$PATH"
JAR=${PARLEY_JAR:-$ROOT/target/parley.jar}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -B -DskipTests package)
ulimit -n 65536 2>/dev/null || true
DIR=$(mktemp -d /tmp/parley-sockets.XXXXXX); PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# Every socket here is the same user, so the per-user limits (sized for one person's clients)
# are off; the per-connection and per-IP rules stay on. The REST limiter is off as in bench/run.sh.
OVERWRITE_SETTING_DDP_Rate_Limit_User_Enabled=false \
OVERWRITE_SETTING_DDP_Rate_Limit_User_By_Method_Enabled=false \
OVERWRITE_SETTING_API_Enable_Rate_Limiter=false \
PORT=$PORT BIND_IP=127.0.0.1 PARLEY_DATA=$DIR/data java -Xmx2g --enable-native-access=ALL-UNNAMED -jar "$JAR" > $DIR/server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf $DIR' EXIT
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/api/info >/dev/null && break; sleep 0.2; done
curl -s -X POST http://127.0.0.1:$PORT/api/v1/users.register -H 'Content-Type: application/json' \
  -d '{"username":"bench","email":"bench@example.com","pass":"benchpass","name":"Bench"}' >/dev/null
LOGIN=$(curl -s -X POST http://127.0.0.1:$PORT/api/v1/login -d user=bench -d password=benchpass)
UID_=$(echo "$LOGIN" | python3 -c 'import json,sys;print(json.load(sys.stdin)["data"]["userId"])')
TOKEN=$(echo "$LOGIN" | python3 -c 'import json,sys;print(json.load(sys.stdin)["data"]["authToken"])')
rss() { awk '/VmRSS/{print $2}' /proc/$SERVER/status; }
heap() { jcmd $SERVER GC.heap_info 2>/dev/null | awk '/used/{print; exit}'; }
jcmd $SERVER GC.run >/dev/null 2>&1 || true; sleep 1
RSS0=$(rss); HEAP0=$(heap)
coproc BENCH { java -Xss256k "$HERE/SocketBench.java" http://127.0.0.1:$PORT "$UID_" "$TOKEN" $SOCKETS $LISTENERS $MESSAGES $RATE 2>&1; }
while read -r line <&"${BENCH[0]}"; do echo "$line"; [[ $line == READY* ]] && break; done
sleep 3; jcmd $SERVER GC.run >/dev/null 2>&1 || true; sleep 2
RSS1=$(rss); HEAP1=$(heap); N=${line#READY }
echo "server RSS: ${RSS0} kB -> ${RSS1} kB with $N sockets: $(( (RSS1-RSS0)*1024/ (N>0?N:1) )) bytes per socket"
echo "server heap before: $HEAP0"; echo "server heap after:  $HEAP1"
echo go >&"${BENCH[1]}"
cat <&"${BENCH[0]}"
