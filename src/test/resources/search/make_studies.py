#!/usr/bin/python3
"""Writes N small studies that differ in what a study search matches on: several patients
(Patient ID and Name), Accession Numbers, dates over two months, modalities, descriptions, and
one to three instances in one or two series. Deterministic for a given seed, so a test can name
what it expects. Uses Debian's python3-pydicom; MR_small.dcm of the corpus is the template.

  make_studies.py CORPUS_DIR OUTDIR N [SEED [PREFIX]]   prints one line per study: uid<TAB>acsn
PREFIX goes before every Patient ID and Accession Number, so a test can search for its own studies alone.
"""
import os, random, sys
import pydicom
from pydicom.uid import generate_uid, ExplicitVRLittleEndian

corpus, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 7)
prefix = sys.argv[5] if len(sys.argv) > 5 else ""
patients = [("P00000000001", "SANTOSO^BUDI"), ("P00000000002", "WULANDARI^SITI"), ("P00000000003", "SANTOSA^AGUS"),
            ("MRN-0004", "HALIM^DEWI"), ("MRN-0005", "PRATAMA^RIZKY"), ("MRN-0006", "SANTOSO^ANI")]
modalities = ["CT", "MR", "CR", "DX", "US"]
descriptions = ["THORAX PA", "KEPALA TANPA KONTRAS", "ABDOMEN", "LUMBAL AP LAT", "THORAX AP"]
os.makedirs(out, exist_ok=True)
template = os.path.join(corpus, "files", "MR_small.dcm")
for k in range(n):
    pid, name = patients[k % len(patients)]
    pid = prefix + pid
    modality = modalities[k % len(modalities)]
    day = 1 + (k * 7) % 30
    month = 11 if k % 3 else 12
    study = generate_uid()
    acsn = "" if k % 11 == 10 else prefix + "ACC%04d" % (k + 1)
    series = [generate_uid() for _ in range(1 + k % 2)]
    count = 1 + k % 3
    for i in range(count):
        ds = pydicom.dcmread(template)
        sop = generate_uid()
        ds.StudyInstanceUID = study
        ds.SeriesInstanceUID = series[i % len(series)]
        ds.SOPInstanceUID = sop
        ds.file_meta.MediaStorageSOPInstanceUID = sop
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.PatientID = pid
        ds.PatientName = name
        ds.AccessionNumber = acsn
        ds.StudyDate = "2026%02d%02d" % (month, day)
        ds.StudyTime = "%02d%02d%02d" % (7 + k % 10, (k * 13) % 60, (k * 29) % 60)
        ds.Modality = modality
        ds.StudyDescription = descriptions[k % len(descriptions)]
        ds.StudyID = str(k + 1)
        ds.InstanceNumber = i + 1
        ds.save_as(os.path.join(out, "S%03d_I%d.dcm" % (k, i)), write_like_original=False)
    print(study + "\t" + acsn)
