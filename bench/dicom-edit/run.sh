#!/usr/bin/env bash
# Benchmark: TagEditor (warm JVM) against DCMTK's dcmodify on the same ~11 MB instance, same run.
# "splice" is TagEditor.splice alone: what the relay needs before sending (head in memory, the
# rest sent from the original file); the other ways write or stream the whole edited file.
# Not part of CI. Usage, from the repository root:   bench/dicom-edit/run.sh [N]   (default N=20)
# Needs: dcmtk (dcmodify, dcmdump), /usr/bin/python3 with pydicom, ../shared/tools/make_study.py.
# Reports median and best per file; the machine's load average is printed because it dominates.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

/usr/bin/python3 ../shared/tools/make_study.py "$WORK/study" --instances 1 --rows 2345 --cols 2345 >/dev/null
FILE=$(find "$WORK/study" -name '*.dcm' | head -1)
echo "file: $(stat -c %s "$FILE") bytes, N=$N, load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"

./mvnw -q -B compile
mkdir -p "$WORK/ours"
OURS=$(java -cp target/classes bench/dicom-edit/EditBench.java "$FILE" "$WORK/ours" "$N")

# dcmodify edits in place: each run gets its own copy (made outside the timing).
# -nb: no .bak file; -i: insert or overwrite the two tags.
mkdir -p "$WORK/dcmodify"
for i in $(seq 1 "$N"); do cp "$FILE" "$WORK/dcmodify/$i.dcm"; done
DCMODIFY_NS=""
for i in $(seq 1 "$N"); do
  START=$(date +%s%N)
  dcmodify -nb -i "(0010,0020)=BENCHPID" -i "(0008,0050)=BENCHACSN" "$WORK/dcmodify/$i.dcm" >/dev/null
  END=$(date +%s%N)
  DCMODIFY_NS="$DCMODIFY_NS $((END - START))"
done

# Both results must carry the edit (a benchmark of a broken editor proves nothing).
dcmdump -q +P 0008,0050 "$WORK/ours/path-0.dcm" | grep -q BENCHACSN
dcmdump -q +P 0008,0050 "$WORK/ours/streams-0.dcm" | grep -q BENCHACSN
dcmdump -q +P 0008,0050 "$WORK/dcmodify/1.dcm" | grep -q BENCHACSN
# The splice, materialized once after the timing (writeTo), carries both edits and is the file edit() writes.
dcmdump -q +P 0008,0050 "$WORK/ours/splice-0.dcm" | grep -q BENCHACSN
# Not grep -q: PatientID is also nested in this file, and dcmdump killed by SIGPIPE after the
# first match would fail the pipeline (pipefail).
dcmdump -q +P 0010,0020 "$WORK/ours/splice-0.dcm" | grep BENCHPID >/dev/null
cmp -s "$WORK/ours/splice-0.dcm" "$WORK/ours/path-0.dcm"

/usr/bin/python3 - "$OURS" "$DCMODIFY_NS" <<'PY'
import statistics, sys
f = sys.argv[1].split()
ours = {f[i]: (float(f[i + 1]), float(f[i + 2])) for i in range(0, len(f), 3)}
d = sorted(int(x) / 1e6 for x in sys.argv[2].split())
dcm = (d[len(d) // 2], d[0])
print("%-30s median %8.2f ms   best %8.2f ms" % ("dcmodify (process per file)", *dcm))
labels = {"path": "TagEditor file->file (Path)", "streams": "TagEditor file->file (streams)",
          "sink": "TagEditor file->stream", "splice": "TagEditor.splice (no copy)"}
for k in ("path", "streams", "sink", "splice"):
    m, b = ours[k]
    print("%-30s median %8.2f ms   best %8.2f ms   dcmodify/ours: median %5.1fx  best %5.1fx"
          % (labels[k], m, b, dcm[0] / m, dcm[1] / b))
PY
