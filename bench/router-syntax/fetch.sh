#!/usr/bin/env bash
# On demand (not in CI): bytes of a 100-instance JPEG Lossless (dcmcjpeg, SV1) study fetched from
# Orthanc by WADO-RS as the gateway asked before (no transfer-syntax: PS3.18's default, Explicit VR LE,
# so Orthanc decompresses) and now (transfer-syntax=*: as stored). What is fetched is what is sent.
# usage: bench/router-syntax/fetch.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/router-syntax-fetch
rm -rf "$OUT"; mkdir -p "$OUT/plain" "$OUT/jpeg" "$OUT/db"
/usr/bin/python3 ../shared/tools/make_study.py "$OUT/plain" --instances 100 --rows 512 --cols 512 >/dev/null
# real-looking, compressible pixels instead of make_study's noise: a CT-like phantom (body ellipse,
# organs, bone ring, a gradient, +-6 of noise), 12 bits stored, moving slightly per slice
/usr/bin/python3 - "$OUT/plain" <<'PY'
import sys, os, numpy as np, pydicom
d = sys.argv[1]; rng = np.random.default_rng(7)
y, x = np.mgrid[0:512, 0:512]
for i, name in enumerate(sorted(f for f in os.listdir(d) if f.endswith(".dcm"))):
    ds = pydicom.dcmread(os.path.join(d, name))
    img = np.full((512, 512), 24.0)
    body = ((x - 256) / 220) ** 2 + ((y - 260) / (170 + i % 10)) ** 2 < 1
    img[body] = 1040 + (y[body] - 260) * 0.4
    ring = (((x - 256) / 200) ** 2 + ((y - 260) / 150) ** 2 < 1) & ~(((x - 256) / 185) ** 2 + ((y - 260) / 137) ** 2 < 1)
    img[ring] = 1900
    for cx, cy, r, v in [(180, 240, 50 + i % 7, 1080), (330, 250, 45, 1060), (256, 330, 30, 1150)]:
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = v
    img += rng.normal(0, 6, img.shape)
    ds.BitsStored, ds.HighBit = 12, 11
    ds.PixelData = np.clip(img, 0, 4095).astype("<u2").tobytes()
    ds.save_as(os.path.join(d, name), write_like_original=False)
PY
for f in "$OUT"/plain/*.dcm; do dcmcjpeg "$f" "$OUT/jpeg/$(basename "$f")"; done
free() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HTTP=$(free); DICOM=$(free)
cat >"$OUT/orthanc.json" <<JSON
{"Name":"bench","HttpPort":$HTTP,"DicomPort":$DICOM,"StorageDirectory":"$PWD/$OUT/db","IndexDirectory":"$PWD/$OUT/db",
 "RemoteAccessAllowed":false,"AuthenticationEnabled":false,"Plugins":["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
 "DicomWeb":{"Enable":true,"Root":"/dicom-web/"}}
JSON
/usr/sbin/Orthanc "$OUT/orthanc.json" >"$OUT/orthanc.log" 2>&1 &
OPID=$!
trap 'kill $OPID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$HTTP/system" >/dev/null && break; sleep 0.1; done
for f in "$OUT"/jpeg/*.dcm; do curl -sf -X POST "http://127.0.0.1:$HTTP/instances" --data-binary @"$f" >/dev/null; done
STUDY=$(dcmdump +P 0020,000d "$(ls "$OUT"/jpeg/*.dcm | head -1)" | sed 's/.*\[\(.*\)\].*/\1/')
echo "plain files: $(du -cb "$OUT"/plain/*.dcm | tail -1 | cut -f1) bytes; JPEG Lossless files: $(du -cb "$OUT"/jpeg/*.dcm | tail -1 | cut -f1) bytes"
for ACCEPT in 'multipart/related; type="application/dicom"' 'multipart/related; type="application/dicom"; transfer-syntax=*'; do
  R=$(curl -s -o /dev/null -w '%{size_download} %{time_total}' -H "Accept: $ACCEPT" "http://127.0.0.1:$HTTP/dicom-web/studies/$STUDY")
  echo "WADO-RS Accept: $ACCEPT -> bytes, seconds: $R"
done
