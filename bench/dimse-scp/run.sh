#!/bin/sh
# Throughput of the gateway's StorageScp against DCMTK storescp, same study, same storescu, same run.
# On demand, not in CI. Needs DCMTK (storescu, storescp) on PATH. Usage: bench/dimse-scp/run.sh [rounds]
# Result: printed and written to target/dimse-scp-bench.txt.
set -e
cd "$(dirname "$0")/../.."
./mvnw -B -q -o test -Ddicom.fuzz.skip=true -Dtest=StorageScpBench -Dbench=true \
    -Dbench.rounds="${1:-3}" -Dsurefire.failIfNoSpecifiedTests=false
cat target/dimse-scp-bench.txt
