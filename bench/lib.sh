# Helpers the bench scripts share (sourced, not run). Each script defines log() first.

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_for_parley BASE_URL SERVER_PID LOG_FILE [tenths_of_a_second=600]: returns once GET
# /api/info answers; exits the script (showing the log's tail) if the server died or never came up.
wait_for_parley() {
  local base=$1 pid=$2 logfile=$3 tries=${4:-600} i
  for i in $(seq 1 "$tries"); do
    if curl -fs "$base/api/info" >/dev/null 2>&1; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { tail -50 "$logfile" >&2; log "server died"; exit 1; }
    sleep 0.1
  done
  log "server did not come up"; exit 1
}
