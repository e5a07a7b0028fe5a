#!/usr/bin/python3
"""Writes N small studies for the queue-drain benchmark, one folder per study.

The instance is made once by the shared generator (/work/shared/tools/make_study.py: a real CT
template with ROWSxCOLS noise); every study here is a copy of it with its own Study, Series and
SOP Instance UIDs, so the PACS holds N distinct studies without N pydicom start-ups.
Prints one Study Instance UID a line.

  gen.py OUTDIR --studies 500 --instances 2 --rows 64 --cols 64
"""
import argparse, os, subprocess, sys, tempfile
import pydicom
from pydicom.uid import generate_uid

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_STUDY = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "tools", "make_study.py"))

p = argparse.ArgumentParser()
p.add_argument("outdir")
p.add_argument("--studies", type=int, default=500)
p.add_argument("--instances", type=int, default=2)
p.add_argument("--rows", type=int, default=64)
p.add_argument("--cols", type=int, default=64)
a = p.parse_args()

with tempfile.TemporaryDirectory() as seed:
    subprocess.run([sys.executable, MAKE_STUDY, seed, "--instances", "1", "--rows", str(a.rows), "--cols", str(a.cols)],
                   check=True, stdout=subprocess.DEVNULL)
    template = pydicom.dcmread(os.path.join(seed, "IM00001.dcm"))

for s in range(a.studies):
    study, series = generate_uid(), generate_uid()
    folder = os.path.join(a.outdir, "s%05d" % s)
    os.makedirs(folder, exist_ok=True)
    for i in range(a.instances):
        sop = generate_uid()
        template.StudyInstanceUID = study
        template.SeriesInstanceUID = series
        template.SOPInstanceUID = sop
        template.file_meta.MediaStorageSOPInstanceUID = sop
        template.InstanceNumber = i + 1
        template.AccessionNumber = "QD%05d" % s
        template.save_as(os.path.join(folder, "IM%05d.dcm" % (i + 1)), write_like_original=False)
    print(study)
