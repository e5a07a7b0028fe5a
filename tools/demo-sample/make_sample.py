#!/usr/bin/python3
"""Writes the demo sample study that ships with the gateway (GET /api/demo/sample.zip).

Synthetic from the first byte: no template file, no real patient. Three series (CT, MR,
Secondary Capture), 10 instances, about 300 KB, Explicit VR Little Endian, with an EMPTY
AccessionNumber (0008,0050) so the dashboard's edit of it shows at the receiver. Deterministic:
the same UIDs (2.25 + name-based UUIDs), pixels and ZIP bytes on every run, so regenerating
changes nothing unless this script changes.

Uses Debian's python3-pydicom:  /usr/bin/python3 tools/demo-sample/make_sample.py
(writes src/main/resources/demo/sample-study.zip; pass another path to write elsewhere)
"""
import io, math, os, sys, uuid, zipfile
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "src", "main", "resources", "demo", "sample-study.zip")
NS = uuid.UUID("6f1d1c6e-2b7a-4a53-9a57-64696367770a")  # this generator's own namespace


def uid(name):
    # PS3.5 B.2: 2.25 followed by the decimal form of a UUID (here a name-based one, so it is stable)
    return "2.25.%d" % uuid.uuid5(NS, name).int


CT, MR, SC = "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.7"
SERIES = [  # (modality, SOP class, description, instances, bits)
    ("CT", CT, "Synthetic CT phantom", 4, 16),
    ("MR", MR, "Synthetic MR phantom", 4, 16),
    ("OT", SC, "Synthetic secondary capture", 2, 8),
]
ROWS = COLS = 128
study = uid("study")
frame = uid("frame-of-reference")


def pixels(series_index, instance, bits):
    # Concentric rings that move with the instance number: smooth, so it looks like an image.
    out = bytearray()
    peak = 4095 if bits == 16 else 255
    for y in range(ROWS):
        for x in range(COLS):
            r = math.hypot(x - COLS / 2, y - ROWS / 2)
            v = int((0.5 + 0.5 * math.cos(r / (3 + series_index) - instance)) * peak * max(0.0, 1 - r / 90))
            out += v.to_bytes(2, "little") if bits == 16 else bytes([v])
    return bytes(out)


def instance(si, modality, sop_class, description, n, bits):
    ds = Dataset()
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = uid("instance-%d-%d" % (si, n))
    ds.StudyInstanceUID = study
    ds.SeriesInstanceUID = uid("series-%d" % si)
    ds.StudyDate, ds.StudyTime = "20260101", "090000"
    ds.SeriesDate, ds.SeriesTime = "20260101", "09%02d00" % (si + 1)
    ds.AccessionNumber = ""  # empty on purpose: the demo sets it on the way to the router
    ds.Modality = modality
    ds.Manufacturer = "dicom-gateway demo"
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = "dicom-gateway demo sample (synthetic, no real patient)"
    ds.SeriesDescription = description
    ds.PatientName = "DEMO^SAMPLE"
    ds.PatientID = "SAMPLE-0001"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.StudyID = "1"
    ds.SeriesNumber = si + 1
    ds.InstanceNumber = n + 1
    if sop_class == SC:
        ds.ConversionType = "WSD"
    else:
        ds.FrameOfReferenceUID = frame
        ds.ImagePositionPatient = [-64, -64, 5 * n]
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.PixelSpacing = [1, 1]
        ds.SliceThickness = 5
    if sop_class == CT:
        ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
        ds.KVP = 120
        ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"
    if sop_class == MR:
        ds.ImageType = ["ORIGINAL", "PRIMARY", "OTHER"]
        ds.ScanningSequence, ds.SequenceVariant, ds.ScanOptions, ds.MRAcquisitionType = "SE", "NONE", "", "2D"
        ds.EchoTime, ds.RepetitionTime, ds.MagneticFieldStrength = 15, 500, 1.5
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = ROWS, COLS
    ds.BitsAllocated = bits
    ds.BitsStored = 12 if bits == 16 else 8
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = 0
    ds.PixelData = pixels(si, n, bits)

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid("implementation")
    meta.ImplementationVersionName = "GW_DEMO_1"
    ds.file_meta = meta
    ds.is_little_endian, ds.is_implicit_VR = True, False
    buf = io.BytesIO()
    pydicom.dcmwrite(buf, ds, write_like_original=False)  # with the 128-byte preamble and DICM
    return buf.getvalue()


os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
total = 0
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for si, (modality, sop_class, description, count, bits) in enumerate(SERIES):
        for n in range(count):
            data = instance(si, modality, sop_class, description, n, bits)
            total += len(data)
            info = zipfile.ZipInfo("sample-study/%d-%s/IM%04d.dcm" % (si + 1, modality, n + 1), date_time=(2026, 1, 1, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
print("%s: %d instances, %d bytes of DICOM, study %s" % (out, sum(s[3] for s in SERIES), total, study))
