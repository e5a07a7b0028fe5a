"""Checks with pydicom (an independent reader) that a file received by a Storage SCP holds the
same data set as the file that was sent, whatever transfer syntax it was sent in.

usage: same_dataset.py EXPECTED_TS_UID_OR_- ORIGINAL RECEIVED [ORIGINAL RECEIVED ...]
Exit 0 and print OK when every pair matches; print the differences and exit 1 otherwise.

Non-sequence elements are compared as raw value bytes, so private elements that an implicit
VR reader sees as UN still compare exactly (originals must be little endian); sequences are
compared item by item. Not compared: group length elements (gggg,0000) and Data Set Trailing
Padding (FFFC,FFFC), because DCMTK's storescp recomputes or drops them when it writes the file
(it does the same for files sent by DCMTK's own storescu); that the bytes we put on the wire
are the file's own is checked separately against a fake SCP.
"""
import sys
import pydicom
from pydicom.dataset import Dataset


def raw_bytes(ds, tag):
    # before ds[tag] converts the raw element in place
    raw = ds.get_item(tag)
    if raw is None:
        return None
    value = raw.value
    if value is None:  # an empty value
        return b""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return None


def compared(tag):
    return tag.element != 0x0000 and tag != 0xFFFCFFFC


def compare(a, b, path, out):
    tags_a = [t for t in a.keys() if compared(t)]
    tags_b = [t for t in b.keys() if compared(t)]
    if tags_a != tags_b:
        out.append(f"{path}: tags differ: only in original {sorted(set(tags_a) - set(tags_b))}, "
                   f"only in received {sorted(set(tags_b) - set(tags_a))}")
        return
    for tag in tags_a:
        ra, rb = raw_bytes(a, tag), raw_bytes(b, tag)
        ea, eb = a[tag], b[tag]
        if ea.VR == "SQ" and eb.VR == "SQ":
            if len(ea.value) != len(eb.value):
                out.append(f"{path}{tag}: {len(ea.value)} items vs {len(eb.value)}")
                continue
            for i, (ia, ib) in enumerate(zip(ea.value, eb.value)):
                compare(ia, ib, f"{path}{tag}[{i}].", out)
            continue
        if ra is not None and rb is not None:
            if ra != rb:
                out.append(f"{path}{tag}: raw values differ ({len(ra)} vs {len(rb)} bytes)")
        elif ea.value != eb.value:
            out.append(f"{path}{tag}: {ea.value!r} vs {eb.value!r}")


def main():
    expected_ts = sys.argv[1]
    args = sys.argv[2:]
    problems = []
    for original, received in zip(args[0::2], args[1::2]):
        a = pydicom.dcmread(original, force=True)
        b = pydicom.dcmread(received, force=True)
        ts = str(b.file_meta.TransferSyntaxUID)
        if expected_ts != "-" and ts != expected_ts:
            problems.append(f"{received}: transfer syntax {ts}, expected {expected_ts}")
        diffs = []
        compare(a, b, "", diffs)
        problems.extend(f"{original} -> {received}: {d}" for d in diffs)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("OK")


main()
