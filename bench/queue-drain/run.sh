#!/usr/bin/env bash
# Queue-drain benchmark (issue 14): see BENCH.md. Run on demand, never part of ./mvnw verify.
#   bench/queue-drain/run.sh [--studies 500] [--replicas 1,2] [--poll 1s] [--workers 2] [--keep] [--out FILE]
# drain.py stops every process it started on exit (SIGINT/SIGTERM included); this trap passes the
# signal on and waits for that cleanup, so an interrupted run leaves no PostgreSQL, Orthanc,
# storescp or gateway behind.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  ./mvnw -B -q -o package -DskipTests -Dpeers.skip=true -Ddicom.fuzz.skip=true
fi
/usr/bin/python3 bench/queue-drain/drain.py "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true; wait "$child" || true; exit 130' INT TERM HUP
wait "$child"
