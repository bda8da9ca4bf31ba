#!/usr/bin/env bash
# Summarises a JFR recording made by `JFR=1 bench/run.sh ...`: where the server's CPU went.
#   bench/jfr-summary.sh recording.jfr [top_n=40]
# Prints, from jdk.CPUTimeSample (CPU-time sampling, includes native frames' Java callers) or,
# if that is empty, jdk.ExecutionSample:
#   - samples per thread kind (writer thread vs. request virtual threads / carriers, GC, JIT...)
#   - top self frames (the method on top of the stack)
#   - top inclusive methods (a method anywhere in the stack, counted once per sample)
#   - inclusive share of a few Parley/library buckets (JSON, SQLite native, Jetty, auth...)
set -euo pipefail
F=${1:?usage: $0 file.jfr [top_n]}
N=${2:-40}
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

EVENT=jdk.CPUTimeSample
jfr print --stack-depth 64 --events "$EVENT" "$F" >"$TMP/s.txt"
if ! grep -q "^$EVENT" "$TMP/s.txt"; then
  EVENT=jdk.ExecutionSample
  jfr print --stack-depth 64 --events "$EVENT" "$F" >"$TMP/s.txt"
fi

# One line per sample: thread<TAB>frame1|frame2|... (top first, line numbers dropped)
awk -v ev="$EVENT" '
  function flush() { if (inev) print thr "\t" st; inev=0; st=""; thr="" }
  $0 ~ "^" ev { flush(); inev=1; next }
  inev && /(eventThread|sampledThread) = / { t=$0; sub(/^[^=]*= /, "", t); sub(/ \(javaThreadId.*$/, "", t); gsub(/"/, "", t); thr=t; next }
  inev && /^[ \t]+[a-zA-Z_$][^ ]*\(.*\)/ { f=$0; sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); st = (st=="" ? f : st "|" f); next }
  END { flush() }
' "$TMP/s.txt" >"$TMP/samples.tsv"

TOTAL=$(wc -l <"$TMP/samples.tsv")
echo "recording: $F"
echo "event:     $EVENT, $TOTAL samples"
echo
echo "== samples by thread kind =="
awk -F'\t' '{
  t=$1
  if (t ~ /parley-writer/) k="parley-writer (group-commit thread)"
  else if (t == "" || t ~ /-Virtual-/) k="virtual threads (request handlers)"
  else if (t ~ /^ForkJoinPool|^VirtualThread|carrier/) k="virtual-thread carriers"
  else if (t ~ /qtp|Jetty|jetty|Selector|acceptor/) k="jetty platform threads"
  else if (t ~ /C1|C2|Compiler/) k="JIT"
  else if (t ~ /GC|G1|Conc|Refine/) k="GC"
  else k="other: " t
  n[k]++
} END { for (k in n) printf "%7d %5.1f%%  %s\n", n[k], 100*n[k]/NR, k }' "$TMP/samples.tsv" | sort -rn

echo
echo "== top $N self frames =="
awk -F'\t' '{ split($2, f, "|"); print f[1] }' "$TMP/samples.tsv" \
  | sort | uniq -c | sort -rn | head -"$N" \
  | awk -v t="$TOTAL" '{ c=$1; $1=""; printf "%7d %5.1f%% %s\n", c, 100*c/t, $0 }'

echo
echo "== top $N inclusive methods (counted once per sample) =="
awk -F'\t' '{ delete seen; n=split($2, f, "|"); for (i=1;i<=n;i++) { m=f[i]; sub(/\(.*$/, "", m); if (!(m in seen)) { seen[m]=1; print m } } }' "$TMP/samples.tsv" \
  | sort | uniq -c | sort -rn | head -"$N" \
  | awk -v t="$TOTAL" '{ printf "%7d %5.1f%% %s\n", $1, 100*$1/t, $2 }'

echo
echo "== inclusive buckets =="
bucket() {
  local name=$1 re=$2 c
  c=$(grep -cE "$re" "$TMP/samples.tsv" || true)
  awk -v c="$c" -v t="$TOTAL" -v n="$name" 'BEGIN{ printf "%7d %5.1f%%  %s\n", c, (t?100*c/t:0), n }'
}
bucket "GroupCommitWriter.runBatch (writer: all SQL + commit)" 'GroupCommitWriter\.runBatch'
bucket "  Connection.commit (incl. fsync)"     '[Cc]onnection\.commit'
bucket "SQLite native (org.sqlite.core.NativeDB)" 'org\.sqlite\.core\.NativeDB'
bucket "PostgreSQL JDBC (org.postgresql)"      'org\.postgresql\.'
bucket "Db.read (read pool: session/room lookups)" 'chat\.parley\.storage\.Db\.read'
bucket "AuthService.authenticate"              'AuthService\.authenticate'
bucket "Jackson (com.fasterxml)"               'com\.fasterxml\.jackson'
bucket "Jetty (org.eclipse.jetty)"             'org\.eclipse\.jetty'
bucket "Javalin (io.javalin)"                  'io\.javalin'
bucket "SecureRandom / ids"                    'SecureRandom|NativePRNG|chat\.parley\.common\.Ids'
bucket "SHA-256 (token hashing)"               'sun\.security\.provider\.(SHA|DigestBase)'
bucket "HikariCP"                              'com\.zaxxer\.hikari'
bucket "logging (slf4j)"                       'org\.slf4j'
