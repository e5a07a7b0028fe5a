#!/usr/bin/python3
"""On demand (not in CI): the gateway's relay time of one compressed study against the DCMTK floor.

A 100-instance JPEG Lossless study (dcmcjpeg SV1) of real-looking 512 x 512 CT-like slices (the
phantom of fetch.sh: compressible, not noise) in Orthanc; the receiver `storescp +xa --ignore`
(takes JPEG Lossless, so the study travels as stored). In the same run, interleaved, median of RUNS after WARMUPS:
  gateway: POST /api/dicom/process (Patient ID and ACSN edited; direct-dcm would refuse a study
           without an Accession Number), which fetches WADO-RS transfer-syntax=* and sends in one association
  floor:   curl of the same WADO-RS request to a file, the multipart split into files (python, no
           decoding), `storescu --propose-lossless` of them in one association
Every DCMTK process runs with TCP_NODELAY=1, as in bench/e2e.py, whose Peers and Gateway it reuses.

  /usr/bin/python3 bench/router-syntax/relay.py [RUNS] [WARMUPS]
Needs the gateway built (./mvnw package -DskipTests; built when target/quarkus-app is missing).
"""
import os, re, subprocess, sys, tempfile, shutil, time, statistics

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import e2e  # noqa: E402  (bench/e2e.py: Peers, Gateway, timed, free_port, wait_port)

PHANTOM = r'''
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
'''


def split(multipart, content_type, folder):
    """The parts of a multipart/related body as files (RFC 2046 5.1.1): what storescu needs."""
    boundary = re.search(r'boundary="?([^";]+)', content_type).group(1).encode()
    with open(multipart, "rb") as f:
        data = f.read()
    names = []
    for i, part in enumerate(data.split(b"--" + boundary)[1:-1]):
        body = part.split(b"\r\n\r\n", 1)[1]
        if body.endswith(b"\r\n"):
            body = body[:-2]
        name = os.path.join(folder, "%03d.dcm" % i)
        with open(name, "wb") as out:
            out.write(body)
        names.append(name)
    return names


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    warmups = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    work = tempfile.mkdtemp(prefix="router-relay-")
    peers = gateway = None
    try:
        plain, jpeg = os.path.join(work, "plain"), os.path.join(work, "jpeg")
        os.makedirs(jpeg)
        study = e2e.make_study(plain, 100, 512, 512, seed=15)
        subprocess.run(["/usr/bin/python3", "-c", PHANTOM, plain], check=True)
        for name in sorted(os.listdir(plain)):
            subprocess.run(["dcmcjpeg", os.path.join(plain, name), os.path.join(jpeg, name)], check=True)
        peers = e2e.Peers(work)
        # the receiver must take JPEG Lossless for the study to go as stored: +xa
        peers.router_port = e2e.free_port()
        peers.start(["storescp", "+xa", "--ignore", "-pdu", "131072", str(peers.router_port)], "storescp-xa.log", env=e2e.NODELAY)
        e2e.wait_port(peers.router_port)
        peers.load(jpeg)
        gateway = e2e.Gateway(work, peers)
        url = "%s/studies/%s" % (peers.dicomweb, study)
        accept = 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*'
        fetched = os.path.join(work, "wado-rs.bin")
        parts = {"curl": [], "split": [], "storescu": []}
        sizes = {}

        def floor():
            t0 = time.perf_counter()
            out = subprocess.run(["curl", "-sf", "-o", fetched, "-w", "%{content_type} %{size_download}", "-H", accept, url],
                                 check=True, capture_output=True, text=True).stdout
            t1 = time.perf_counter()
            content_type, size = out.rsplit(" ", 1)
            sizes["fetched"] = int(size)
            folder = os.path.join(work, "split")
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            files = split(fetched, content_type, folder)
            t2 = time.perf_counter()
            subprocess.run(["storescu", "--propose-lossless", "-pdu", "131072", "-aec", "BENCHROUTER", "127.0.0.1",
                            str(peers.router_port)] + files, check=True, env=e2e.NODELAY, capture_output=True)
            t3 = time.perf_counter()
            if len(files) != 100:
                raise RuntimeError("the WADO-RS answer had %d parts" % len(files))
            for k, v in zip(parts, (t1 - t0, t2 - t1, t3 - t2)):
                parts[k].append(v)

        def gw():
            data = gateway.post("/api/dicom/process", {"study": study, "patientid": "BENCH1", "acc": "ACC123"})
            if int(data.get("sent", -1)) != 100:
                raise RuntimeError("gateway sent %s of 100" % data.get("sent"))
            sizes["sent"] = data.get("bytes")

        load0 = e2e.load()
        for _ in range(warmups):
            floor()
            gw()
        for v in parts.values():
            v.clear()
        # interleaved, the order alternating: on a shared machine the load drifts between runs
        f_all, g_all = [], []
        for i in range(runs):
            for which in ((floor, f_all), (gw, g_all))[:: 1 if i % 2 == 0 else -1]:
                t = time.perf_counter()
                which[0]()
                which[1].append(time.perf_counter() - t)
        g_med, floor_med = statistics.median(g_all), statistics.median(f_all)
        print("study: 100 x 512x512 12-bit CT-like, JPEG Lossless SV1; WADO-RS bytes %s; gateway reports bytes sent %s"
              % (sizes.get("fetched"), sizes.get("sent")))
        print("load average: %s at start, %s at end (%d cores)" % (load0, e2e.load(), os.cpu_count()))
        print("gateway process: median %.3f s  runs %s" % (g_med, " ".join("%.3f" % s for s in g_all)))
        print("DCMTK floor:     median %.3f s  runs %s" % (floor_med, " ".join("%.3f" % s for s in f_all)))
        print("  floor parts, medians: curl %.3f s, split %.3f s, storescu %.3f s"
              % tuple(statistics.median(v) for v in parts.values()))
        print("gateway / floor: %.2fx (median of per-run ratios %.2fx)"
              % (g_med / floor_med, statistics.median(g / f for g, f in zip(g_all, f_all))))
    finally:
        if gateway:
            gateway.stop()
        if peers:
            peers.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
