#!/usr/bin/env bash
# Relay benchmark on loopback: a synthetic study (make_study.py) in a fresh Orthanc, storescp --ignore as the router,
# the packaged gateway (./mvnw package -DskipTests first); times process, direct-dcm, download against the seed
# pipeline and the DCMTK floor. N=100 tools/bench_relay.sh; heap bound: N=2 ROWS=5000 JAVA_OPTS=-Xmx48m tools/bench_relay.sh
set -euo pipefail
W=$(mktemp -d /tmp/app-bench-XXXXXX)
free() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HP=$(free); DP=$(free); SP=$(free); GP=$(free)
N=${N:-100}
STUDY=$(/usr/bin/python3 "$(dirname "$0")"/../../shared/tools/make_study.py $W/study --instances $N --rows ${ROWS:-512} --cols ${ROWS:-512} | tail -1)
cat > $W/o.json <<J
{"HttpPort":$HP,"DicomPort":$DP,"StorageDirectory":"$W/db","IndexDirectory":"$W/db","RemoteAccessAllowed":false,"AuthenticationEnabled":false,"Plugins":["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],"DicomWeb":{"Enable":true,"Root":"/dicom-web/","EnableWado":true,"WadoRoot":"/wado"}}
J
/usr/sbin/Orthanc $W/o.json > $W/orthanc.log 2>&1 & OPID=$!
TCP_NODELAY=1 storescp --ignore +xa -aet DCMROUTER $SP > $W/scp.log 2>&1 & SPID=$!
sleep 3
for f in $W/study/*.dcm; do curl -s -o /dev/null -X POST --data-binary @$f http://127.0.0.1:$HP/instances; done
du -sh $W/study
PACS_DICOMWEB_URL=http://127.0.0.1:$HP/dicom-web PACS_WADO_URI_URL=http://127.0.0.1:$HP/wado ROUTER_IP=127.0.0.1 ROUTER_PORT=$SP ROUTER_AET=DCMROUTER TEMP_DIR=$W/temp QUARKUS_HTTP_PORT=$GP \
  java ${JAVA_OPTS:-} -jar "$(dirname "$0")/../target/quarkus-app/quarkus-run.jar" > $W/gw.log 2>&1 & GPID=$!
for i in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:$GP/q/health/live && break; sleep 0.5; done
B="{\"study\":\"$STUDY\",\"patientid\":\"P1\",\"acc\":\"A1\"}"
echo "warm-up:"; curl -s -X POST -H 'Content-Type: application/json' -d "$B" http://127.0.0.1:$GP/api/dicom/process | head -c 300; echo
for mode in 1 2 3; do
  /usr/bin/time -f "gateway process (wado-rs): %e s" curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "$B" http://127.0.0.1:$GP/api/dicom/process
done
for mode in 1 2 3; do
  /usr/bin/time -f "gateway direct-dcm: %e s" curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d "{\"study\":\"$STUDY\"}" http://127.0.0.1:$GP/api/dicom/direct-dcm
done
/usr/bin/time -f "gateway download zip: %e s" curl -s -o $W/dl.zip http://127.0.0.1:$GP/api/dicom/download/$STUDY; ls -la $W/dl.zip | awk '{print "zip bytes", $5}'
/usr/bin/time -f "seed_pipeline.sh: %e s" "$(dirname "$0")"/../../shared/tools/seed_pipeline.sh http://127.0.0.1:$HP/dicom-web http://127.0.0.1:$HP/wado $STUDY 127.0.0.1 $SP DCMROUTER P1 A1
/usr/bin/time -f "dcmtk_floor.sh: %e s" "$(dirname "$0")"/../../shared/tools/dcmtk_floor.sh http://127.0.0.1:$HP/dicom-web http://127.0.0.1:$HP/wado $STUDY 127.0.0.1 $SP DCMROUTER P1 A1
grep "outcome=" $W/gw.log | tail -3
ls $W/temp
kill $GPID $SPID $OPID; wait $GPID $SPID $OPID 2>/dev/null || true
rm -rf $W
