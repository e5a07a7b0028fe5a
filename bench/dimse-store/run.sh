#!/usr/bin/env bash
# Benchmark, on demand (not in CI): a 100-instance study of 512x512x16-bit instances (~512 KB each)
# sent to `TCP_NODELAY=1 storescp --ignore -pdu 131072` by our StoreScu and by
# `TCP_NODELAY=1 storescu -pdu 131072` (one association, all files), alternately, in the same run.
# Prints the medians and the ratio. Usage: [PDU=16384] bench/dimse-store/run.sh [WARMUPS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
WARMUPS=${1:-3}
RUNS=${2:-9}
PDU=${PDU:-131072} # storescp's maximum PDU, which both senders honour (16384: DCMTK's default, as the router in ReceiveBench)
OUT=bench/out/dimse-store
STUDY=$OUT/study
mkdir -p "$OUT"
if [ ! -f "$STUDY/.done" ]; then
  rm -rf "$STUDY"
  /usr/bin/python3 ../shared/tools/make_study.py "$STUDY" --instances 100 --rows 512 --cols 512
  touch "$STUDY/.done"
fi
./mvnw -q -B -o test-compile 2>/dev/null || ./mvnw -q -B test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
CP="target/classes:$(cat "$OUT/classpath.txt")"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TCP_NODELAY=1 storescp --ignore -pdu "$PDU" -aet STORESCP "$PORT" >"$OUT/storescp.log" 2>&1 &
SCP_PID=$!
trap 'kill $SCP_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q ":$(printf '%04X' "$PORT") .* 0A " /proc/net/tcp /proc/net/tcp6 2>/dev/null && break
  sleep 0.05
done
java ${BENCH_JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" bench/dimse-store/StoreBench.java "$STUDY" "$PORT" "$WARMUPS" "$RUNS" "$PDU"
