"""An independent view of DICOM files, for the tests: pydicom reads each file given on the
command line and prints one JSON object per file: the top-level PatientID and AccessionNumber,
nested PatientID values, a SHA-256 of Pixel Data, and a SHA-256 over every other element
(tag, VR, value, nesting) so that two files can be compared without our own reader.

Usage: python3 pydicom_view.py [--force] FILE...   (--force reads bare datasets without meta)
"""
import hashlib
import json
import sys

import pydicom
from pydicom.dataelem import RawDataElement

# The edited elements and their group lengths (which change with them, PS3.5 7.2).
EDITED = (0x00100020, 0x00080050, 0x00080000, 0x00100000)


WORD = {'OW': 2, 'OF': 4, 'OL': 4, 'OD': 8, 'OV': 8}
# Raw private values: binary VRs as written in an explicit VR file.
RAW_WORD = dict(WORD, US=2, SS=2, AT=2, UL=4, SL=4, FL=4, FD=8, SV=8, UV=8)


def normalized(vr, value, little, words=WORD):
    """Value bytes as a little endian file would hold them; decoded values as their repr."""
    if not isinstance(value, bytes):
        return repr(value).encode()
    size = words.get(str(vr), 1)
    if little or size == 1:
        return value
    out = bytearray(value)
    for i in range(0, len(out) - len(out) % size, size):
        out[i:i + size] = out[i:i + size][::-1]
    return bytes(out)


def view(path, force):
    try:
        ds = pydicom.dcmread(path, force=force)
        ds.file_meta  # noqa: B018 - touch: raises for a broken meta
        digest = hashlib.sha256()
        values = hashlib.sha256()
        little = ds.is_little_endian
        nested_patient_ids = []
        count = [0]

        def walk(d, depth):
            for tag in list(d.keys()):
                # Private data (odd group, element >= 0x1000) has no VR we can trust across
                # syntaxes (implicit VR loses it), so it is compared as the raw value bytes.
                raw = d.get_item(tag)
                elem = d[tag]
                if elem.tag.group == 2:
                    continue
                if depth == 0 and elem.tag in EDITED:
                    continue
                if depth > 0 and elem.tag == 0x00100020:
                    nested_patient_ids.append(str(elem.value))
                count[0] += 1
                if elem.VR == 'SQ':
                    values.update(('%d %s SQ %d|' % (depth, elem.tag, len(elem.value))).encode())
                    digest.update(('%d %s SQ %d|' % (depth, elem.tag, len(elem.value))).encode())
                    for item in elem.value:
                        walk(item, depth + 1)
                    continue
                value = elem.value
                if elem.tag.element != 0:  # group lengths may be dropped by a transcoder
                    values.update(('%d %s ' % (depth, elem.tag)).encode())
                    private = elem.tag.group % 2 == 1 and elem.tag.element >= 0x1000
                    if private:
                        v = raw.value if isinstance(raw, RawDataElement) else value
                        v = b'' if v is None else v.encode('latin-1') if isinstance(v, str) else v
                        vr = raw.VR if isinstance(raw, RawDataElement) else elem.VR
                        values.update(normalized(vr, v, little, RAW_WORD) if isinstance(v, bytes) else repr(v).encode())
                    else:
                        values.update(normalized(elem.VR, value, little))
                    values.update(b'|')
                digest.update(('%d %s %s ' % (depth, elem.tag, elem.VR)).encode())
                digest.update(value if isinstance(value, bytes) else repr(value).encode())
                digest.update(b'|')

        walk(ds, 0)
        pixel = ds[0x7FE00010].value if 0x7FE00010 in ds else None
        return {
            'file': path,
            'ok': True,
            'transferSyntax': str(ds.file_meta.get('TransferSyntaxUID', '')) if hasattr(ds, 'file_meta') else '',
            'patientId': str(ds[0x00100020].value) if 0x00100020 in ds else None,
            'accessionNumber': str(ds[0x00080050].value) if 0x00080050 in ds else None,
            'nestedPatientIds': nested_patient_ids,
            'pixelSha256': hashlib.sha256(pixel).hexdigest() if pixel is not None else None,
            'elements': count[0],
            'othersSha256': digest.hexdigest(),
            # Values independent of VR spelling and byte order: for comparing transcoded files.
            'valuesSha256': values.hexdigest(),
        }
    except Exception as e:  # report, the Java test decides
        return {'file': path, 'ok': False, 'error': '%s: %s' % (type(e).__name__, e)}


def main():
    args = sys.argv[1:]
    force = False
    if args and args[0] == '--force':
        force = True
        args = args[1:]
    for path in args:
        print(json.dumps(view(path, force)))


main()
