#!/usr/bin/env bash
# Benchmark: TagEditor (warm JVM) against DCMTK's dcmodify on the same ~11 MB instance, same run.
# Not part of CI. Usage, from the repository root:   bench/dicom-edit/run.sh [N]   (default N=20)
# Needs: dcmtk (dcmodify, dcmdump), /usr/bin/python3 with pydicom, ../shared/tools/make_study.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

/usr/bin/python3 ../shared/tools/make_study.py "$WORK/study" --instances 1 --rows 2345 --cols 2345 >/dev/null
FILE=$(find "$WORK/study" -name '*.dcm' | head -1)
echo "file: $(stat -c %s "$FILE") bytes, N=$N, load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
echo "baseline: cp of the same file: $( { /usr/bin/time -f %e cp "$FILE" "$WORK/cp.dcm"; } 2>&1 ) s"

./mvnw -q -B compile
mkdir -p "$WORK/ours"
read -r _ OURS_MEAN OURS_BEST STREAM_MEAN STREAM_BEST SINK_MEAN SINK_BEST < <(java -cp target/classes bench/dicom-edit/EditBench.java "$FILE" "$WORK/ours" "$N")

# dcmodify edits in place: each run gets its own copy (the copy is made outside the timing).
# -nb: no .bak file; -i: insert or overwrite the two tags.
mkdir -p "$WORK/dcmodify"
for i in $(seq 1 "$N"); do cp "$FILE" "$WORK/dcmodify/$i.dcm"; done
TOTAL_NS=0
BEST_NS=
for i in $(seq 1 "$N"); do
  START=$(date +%s%N)
  dcmodify -nb -i "(0010,0020)=BENCHPID" -i "(0008,0050)=BENCHACSN" "$WORK/dcmodify/$i.dcm" >/dev/null
  END=$(date +%s%N)
  T=$((END - START))
  TOTAL_NS=$((TOTAL_NS + T))
  if [ -z "$BEST_NS" ] || [ "$T" -lt "$BEST_NS" ]; then BEST_NS=$T; fi
done

# Both results must carry the edit (a benchmark of a broken editor proves nothing).
dcmdump -q +P 0010,0020 +P 0008,0050 "$WORK/ours/out-0.dcm" | grep -q BENCHACSN
dcmdump -q +P 0010,0020 +P 0008,0050 "$WORK/dcmodify/1.dcm" | grep -q BENCHACSN

python3 - "$OURS_MEAN" "$OURS_BEST" "$TOTAL_NS" "$BEST_NS" "$N" "$STREAM_MEAN" "$STREAM_BEST" "$SINK_MEAN" "$SINK_BEST" <<'PY'
import sys
ours_mean, ours_best = float(sys.argv[1]), float(sys.argv[2])
dcm_mean, dcm_best = int(sys.argv[3]) / 1e6 / int(sys.argv[5]), int(sys.argv[4]) / 1e6
stream_mean, stream_best = float(sys.argv[6]), float(sys.argv[7])
print("TagEditor (Path)    mean %8.2f ms   best %8.2f ms per file" % (ours_mean, ours_best))
print("TagEditor (streams) mean %8.2f ms   best %8.2f ms per file" % (stream_mean, stream_best))
sink_mean, sink_best = float(sys.argv[8]), float(sys.argv[9])
print("TagEditor (to sink) mean %8.2f ms   best %8.2f ms per file (file read, output discarded)" % (sink_mean, sink_best))
print("dcmodify            mean %8.2f ms   best %8.2f ms per file" % (dcm_mean, dcm_best))
print("ratio dcmodify / TagEditor (Path):    mean %.1fx   best %.1fx" % (dcm_mean / ours_mean, dcm_best / ours_best))
print("ratio dcmodify / TagEditor (streams): mean %.1fx   best %.1fx" % (dcm_mean / stream_mean, dcm_best / stream_best))
print("ratio dcmodify / TagEditor (to sink): mean %.1fx   best %.1fx" % (dcm_mean / sink_mean, dcm_best / sink_best))
PY
