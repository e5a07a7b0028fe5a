#!/usr/bin/python3
"""Soak run of dicom-gateway (issue 8): mixed requests at a steady rate for a set time.

Starts on loopback, like bench/e2e.py, Orthanc with DICOMweb (the PACS), `storescp --ignore` (the
router), WireMock standalone from ~/.m2 as SATUSEHAT (token, ImagingStudy found / not found), and the
built gateway. Then sends, round-robin at --rate requests/s with up to --workers in flight:
process, direct-dcm, upload, download, imageid (found and not found), and bad requests (bad UID,
unknown study, malformed JSON, a too-long ACSN, a non-DICOM upload, an unknown path). Every request
has an expected HTTP status and error code; anything else counts as unexpected.

Reports requests, answers by status and code (expected vs unexpected), latency percentiles, and the
gateway's heap after a full GC (`jcmd PID GC.run` then `GC.heap_info`), open file descriptors
(/proc/PID/fd), RSS and files left in TEMP_DIR: at the start (after warm-up), every minute, and at
the end. Targets: 0 unexpected, flat heap and descriptors, 0 temp files.

  /usr/bin/python3 bench/soak.py [--minutes 10] [--rate 4] [--workers 4] [--out bench/SOAK.md]
"""
import argparse, collections, glob, json, os, re, shutil, subprocess, sys, tempfile, threading, time, uuid
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (the peers, the gateway process and the study generator are shared)

ACSN_FOUND = "202612010001"
IMAGING_STUDY_ID = "soak-imaging-study-1"


class Satusehat:
    """WireMock standalone as SATUSEHAT: a token, one ImagingStudy for ACSN_FOUND, an empty Bundle otherwise."""

    def __init__(self, work):
        jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar")))
        jars = [j for j in jars if not j.endswith(("-sources.jar", "-javadoc.jar"))]
        if not jars:
            raise RuntimeError("no wiremock-standalone jar in ~/.m2 (run ./mvnw test-compile once)")
        self.port = e2e.free_port()
        self.log = open(os.path.join(work, "wiremock.log"), "w")
        self.proc = subprocess.Popen(["java", "-Xmx128m", "-jar", jars[-1], "--port", str(self.port), "--bind-address", "127.0.0.1",
                                      "--disable-banner", "--no-request-journal"], stdout=self.log, stderr=subprocess.STDOUT)
        e2e.wait_port(self.port, 60)
        self.url = "http://127.0.0.1:%d" % self.port
        bundle_found = {"resourceType": "Bundle", "type": "searchset", "total": 1, "entry": [{"resource": {
            "resourceType": "ImagingStudy", "id": IMAGING_STUDY_ID, "status": "available",
            "subject": {"reference": "Patient/P-SOAK-1"}}}]}
        bundle_empty = {"resourceType": "Bundle", "type": "searchset", "total": 0, "entry": []}
        self.stub({"request": {"method": "POST", "urlPath": "/oauth2/v1/accesstoken"},
                   "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "jsonBody": {"access_token": "soak-token", "expires_in": "14399", "token_type": "BearerToken"}}})
        self.stub({"priority": 1, "request": {"method": "GET", "urlPath": "/fhir-r4/v1/ImagingStudy",
                                              "queryParameters": {"identifier": {"contains": ACSN_FOUND}}},
                   "response": {"status": 200, "headers": {"Content-Type": "application/fhir+json"}, "jsonBody": bundle_found}})
        self.stub({"priority": 5, "request": {"method": "GET", "urlPathPattern": "/fhir-r4/v1/.*"},
                   "response": {"status": 200, "headers": {"Content-Type": "application/fhir+json"}, "jsonBody": bundle_empty}})

    def stub(self, mapping):
        status, body = e2e.http("POST", self.url + "/__admin/mappings", json.dumps(mapping).encode(), {"Content-Type": "application/json"})
        if status != 201:
            raise RuntimeError("WireMock refused a mapping: %d %s" % (status, body[:200]))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


MR3 = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1"  # study-mr3 of the shared corpus (ACSN "2")

def multipart(fields, files):
    boundary = "soak-" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode()
    for name, filename, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: application/dicom\r\n\r\n"
                % (boundary, name, filename)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return bytes(out), "multipart/form-data; boundary=" + boundary


def request_kinds(study, files):
    """(name, method, path, body, content type, expected status, expected code or None)."""
    jsn = "application/json"
    # SATUSEHAT (WireMock) has no ServiceRequest for these ACSNs: force sends anyway; verify=false
    # keeps the confirmation polls out of the request mix.
    upload, upload_type = multipart([("patientid", "P-SOAK-UP"), ("accesionnum", "7001"), ("force", "true"), ("verify", "false")],
                                    [("file", "a.dcm", files[0])])
    not_dicom, not_dicom_type = multipart([], [("file", "notes.txt", b"this is not a DICOM file at all\n" * 20)])
    return [
        ("process", "POST", "/api/dicom/process", json.dumps({"study": study, "patientid": "P-SOAK", "acc": "9001", "force": True, "verify": False}).encode(), jsn, 200, None),
        # direct-dcm relays unchanged, so it needs a study that carries an Accession Number: study-mr3.
        ("direct-dcm", "POST", "/api/dicom/direct-dcm", json.dumps({"study": MR3, "force": True, "verify": False}).encode(), jsn, 200, None),
        ("upload", "POST", "/api/dicom/upload", upload, upload_type, 200, None),
        ("download", "GET", "/api/dicom/download/" + study, None, None, 200, None),
        ("imageid found", "GET", "/api/dicom/imageid/" + ACSN_FOUND, None, None, 200, None),
        ("imageid none", "GET", "/api/dicom/imageid/1234500000", None, None, 404, "IMAGING_STUDY_NOT_FOUND"),
        ("bad uid", "POST", "/api/dicom/process", json.dumps({"study": "1.2.03"}).encode(), jsn, 400, "INVALID_UID"),
        ("unknown study", "POST", "/api/dicom/direct-dcm", json.dumps({"study": "1.2.3.4.5.6.7.8.9"}).encode(), jsn, 404, "STUDY_NOT_FOUND"),
        ("malformed json", "POST", "/api/dicom/process", b"{\"study\": ", jsn, 400, "INVALID_REQUEST"),
        ("acsn too long", "POST", "/api/dicom/process", json.dumps({"study": study, "acc": "12345678901234567"}).encode(), jsn, 400, "INVALID_VALUE"),
        ("upload not dicom", "POST", "/api/dicom/upload", not_dicom, not_dicom_type, 400, "NOT_DICOM"),
        ("unknown path", "GET", "/api/dicom/nothing-here", None, None, 404, None),
    ]


def send(base, kind):
    name, method, path, body, ctype, want_status, want_code = kind
    headers = {"Content-Type": ctype} if ctype else {}
    t = time.perf_counter()
    try:
        status, data = e2e.http(method, base + path, body, headers, timeout=120)
    except Exception as e:  # connection refused, reset, timeout: always unexpected
        return name, "EXC " + type(e).__name__, False, time.perf_counter() - t
    took = time.perf_counter() - t
    code = None
    if data[:1] == b"{":
        try:
            code = json.loads(data).get("code")
        except ValueError:
            pass
    ok = status == want_status and (want_code is None or code == want_code)
    if ok and name == "download" and not (data[:2] == b"PK" or data[128:132] == b"DICM"):
        ok = False
    return name, "%d %s" % (status, code or ""), ok, took


class Probe:
    """The gateway process's health figures."""

    def __init__(self, pid, temp):
        self.pid, self.temp = pid, temp

    def heap_after_gc_mb(self):
        subprocess.run(["jcmd", str(self.pid), "GC.run"], capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(self.pid), "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
        m = re.search(r"total \d+K, used (\d+)K", out)
        return int(m.group(1)) / 1024.0 if m else float("nan")

    def fds(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))

    def rss_mb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def temp_files(self):
        n = 0
        for _, _, files in os.walk(self.temp):
            n += len(files)
        return n

    def sample(self, label):
        return {"when": label, "heap_mb": self.heap_after_gc_mb(), "fds": self.fds(), "rss_mb": self.rss_mb(), "temp_files": self.temp_files()}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--rate", type=float, default=4, help="requests started per second")
    p.add_argument("--workers", type=int, default=4, help="most requests in flight")
    p.add_argument("--out", default=None, help="also write the report here (markdown)")
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="gw-soak-")
    a.revision = e2e.revision()  # now: the tree may move on while the run lasts
    peers = sat = gw = None
    try:
        peers = e2e.Peers(work)
        folder = os.path.join(work, "study")
        study = e2e.make_study(folder, 10, 256, 256, seed=42)
        peers.load(folder)
        peers.load(os.path.join(e2e.SHARED, "dicom-corpus", "study-mr3"))
        files = [open(os.path.join(folder, n), "rb").read() for n in sorted(os.listdir(folder))]
        sat = Satusehat(work)
        os.environ.update(SATUSEHAT_URL=sat.url, SATUSEHAT_ORG_ID="100099999", SATUSEHAT_CLIENT_ID="soak-client",
                          SATUSEHAT_CLIENT_SECRET="soak-secret")
        gw = e2e.Gateway(work, peers)
        temp = os.path.join(work, "gw-temp-%d" % gw.port)
        probe = Probe(gw.proc.pid, temp)
        kinds = request_kinds(study, files)

        for kind in kinds:  # warm-up: every kind once, and it must already behave
            name, got, ok, _ = send(gw.url, kind)
            if not ok:
                raise RuntimeError("warm-up: %s answered %s, expected %d %s" % (name, got, kind[5], kind[6] or ""))
        samples = [probe.sample("start")]
        print("start: %s" % samples[0], flush=True)

        counts = collections.Counter()
        unexpected = collections.Counter()
        latency = collections.defaultdict(list)
        lock = threading.Lock()
        slots = threading.Semaphore(a.workers)
        skipped = [0]

        def run(kind):
            try:
                name, got, ok, took = send(gw.url, kind)
                with lock:
                    counts[(name, got, ok)] += 1
                    latency[name].append(took)
                    if not ok:
                        unexpected[(name, got)] += 1
            finally:
                slots.release()

        start = time.time()
        end = start + a.minutes * 60
        next_sample = start + 60
        i = 0
        while time.time() < end:
            due = start + i / a.rate
            if due > time.time():
                time.sleep(due - time.time())
            if slots.acquire(timeout=30):
                threading.Thread(target=run, args=(kinds[i % len(kinds)],), daemon=True).start()
            else:
                skipped[0] += 1
            i += 1
            if time.time() >= next_sample:
                s = probe.sample("%.0f min" % ((time.time() - start) / 60))
                samples.append(s)
                print("%s: %s, requests so far %d, unexpected %d" % (s["when"], s, sum(counts.values()), sum(unexpected.values())), flush=True)
                next_sample += 60
        for _ in range(a.workers):  # wait for requests in flight
            slots.acquire(timeout=180)
        elapsed = time.time() - start
        time.sleep(1)
        samples.append(probe.sample("end"))
        report = render(a, elapsed, counts, unexpected, latency, samples, skipped[0])
        print(report)
        if a.out:
            with open(a.out, "w") as f:
                f.write(report)
        return 1 if unexpected else 0
    finally:
        if gw:
            gw.stop()
        if sat:
            sat.stop()
        if peers:
            peers.stop()
        shutil.rmtree(work, ignore_errors=True)


def render(a, elapsed, counts, unexpected, latency, samples, skipped):
    total = sum(counts.values())
    lines = ["# Soak run", "", "Machine: " + e2e.machine(), "",
             "Command: `/usr/bin/python3 bench/soak.py %s`" % " ".join(sys.argv[1:]), "",
             "Gateway: %s (target/quarkus-app built from it); load average at the end: %s" % (a.revision, e2e.load()), "",
             "%d requests in %.0f s (%.2f/s), %d unexpected, %d not started (all workers busy)" % (
                 total, elapsed, total / elapsed, sum(unexpected.values()), skipped), "",
             "| request | answer | count | expected | p50 s | p95 s |", "|---|---|---:|---|---:|---:|"]
    for (name, got, ok), n in sorted(counts.items()):
        ts = sorted(latency[name])
        lines.append("| %s | %s | %d | %s | %.3f | %.3f |" % (name, got.strip(), n, "yes" if ok else "**NO**",
                                                         ts[len(ts) // 2], ts[min(len(ts) - 1, int(len(ts) * 0.95))]))
    lines += ["", "| when | heap after GC MB | open fds | RSS MB | temp files |", "|---|---:|---:|---:|---:|"]
    for s in samples:
        lines.append("| %s | %.1f | %d | %.0f | %d |" % (s["when"], s["heap_mb"], s["fds"], s["rss_mb"], s["temp_files"]))
    first, last = samples[0], samples[-1]
    lines += ["", "- heap after GC: %.1f → %.1f MB; open fds: %d → %d; temp files at the end: %d; unexpected answers: %d" % (
        first["heap_mb"], last["heap_mb"], first["fds"], last["fds"], last["temp_files"], sum(unexpected.values())), ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
