#!/usr/bin/env bash
# On demand (not in CI): a 100 x 512 KB Explicit VR LE study sent to a receiver that negotiates as the
# SATUSEHAT router (Implicit VR LE first, takes Explicit when proposed alone) and to one taking Implicit
# VR LE only, i.e. what the router's choice amounted to before each own syntax was proposed alone: every
# instance converted through a temp file. Prints median wall and sender CPU per send.
# usage: bench/router-syntax/run.sh [WARMUPS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
WARMUPS=${1:-2}
RUNS=${2:-5}
OUT=bench/out/router-syntax
STUDY=$OUT/study
mkdir -p "$OUT"
if [ ! -f "$STUDY/.done" ]; then
  rm -rf "$STUDY"
  /usr/bin/python3 ../shared/tools/make_study.py "$STUDY" --instances 100 --rows 512 --cols 512
  touch "$STUDY/.done"
fi
./mvnw -q -B -o test-compile 2>/dev/null || ./mvnw -q -B test-compile
./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test >/dev/null
CP="target/classes:$(cat "$OUT/classpath.txt")"
for POLICY in implicit-only router; do
  PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  RECV=$(mktemp -d)
  java -cp "$CP" bench/router-syntax/Receiver.java "$PORT" "$POLICY" "$RECV" >"$OUT/receiver-$POLICY.log" 2>&1 &
  RPID=$!
  for _ in $(seq 200); do grep -q listening "$OUT/receiver-$POLICY.log" && break; sleep 0.1; done
  java -cp "$CP" bench/router-syntax/Sender.java "$STUDY" "$PORT" "$WARMUPS" "$RUNS" "receiver $POLICY" 2>/dev/null | grep median
  kill "$RPID"; wait "$RPID" 2>/dev/null || true
  rm -rf "$RECV"
done
