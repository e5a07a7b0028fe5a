#!/usr/bin/python3
"""Batch benchmark (issue 16): N one-instance studies sent as ONE batch through the gateway
(POST /api/batches, process rows re-stamping ACSN and Patient ID, the SATUSEHAT ServiceRequest
pre-check on against WireMock) against a loop of the DCMTK floor over the same studies
(../shared/tools/dcmtk_floor.sh per study: curl metadata + curl instance + dcmodify + storescu).
Same machine, same Orthanc (PACS) and `storescp --ignore` (router), both on loopback.

Reports studies/s of each, the ratio, and SATUSEHAT calls per study (by resource, from WireMock's
request journal) at the end of the batch and once the ImagingStudy confirmations settled.
The batch is durable: the gateway records it and one job per row in its job store (the embedded
H2 in a data directory of the run's own; the workers claim the rows), as a production install does.
The report replaces the newest run in bench/BATCH.md; earlier runs are kept below it.

  /usr/bin/python3 bench/batch.py [--studies 1000] [--floor-studies N]
Needs what bench/e2e.py needs, plus the WireMock standalone jar in ~/.m2 (a test dependency).
"""
import argparse, glob, json, os, subprocess, sys, tempfile, time, shutil
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # Peers, free_port, wait_port, http, machine, load, revision

ROOT = e2e.ROOT
WIREMOCK = glob.glob(os.path.expanduser("~/.m2/repository/org/wiremock/wiremock-standalone/*/wiremock-standalone-*.jar"))


def wiremock(work):
    port = e2e.free_port()
    log = open(os.path.join(work, "wiremock.log"), "w")
    proc = subprocess.Popen(["java", "-Xmx256m", "-jar", sorted(WIREMOCK)[-1], "--port", str(port), "--bind-address", "127.0.0.1",
                             "--disable-banner"], stdout=log, stderr=subprocess.STDOUT)
    e2e.wait_port(port, 60)
    base = "http://127.0.0.1:%d" % port
    bundle = lambda resource, rid: {"resourceType": "Bundle", "type": "searchset", "total": 1, "entry": [{"resource": dict(
        {"resourceType": resource, "id": rid, "subject": {"reference": "Patient/P00000000001"}},
        **({"numberOfInstances": 1} if resource == "ImagingStudy" else {"status": "active"}))}]}
    for mapping in [
        {"request": {"method": "POST", "urlPath": "/oauth2/v1/accesstoken"},
         "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                      "jsonBody": {"access_token": "bench-token", "expires_in": "14399", "token_type": "BearerToken"}}},
        {"request": {"method": "GET", "urlPath": "/fhir-r4/v1/ServiceRequest"},
         "response": {"status": 200, "headers": {"Content-Type": "application/fhir+json"}, "jsonBody": bundle("ServiceRequest", "sr-1")}},
        {"request": {"method": "GET", "urlPath": "/fhir-r4/v1/ImagingStudy"},
         "response": {"status": 200, "headers": {"Content-Type": "application/fhir+json"}, "jsonBody": bundle("ImagingStudy", "is-1")}}]:
        status, body = e2e.http("POST", base + "/__admin/mappings", json.dumps(mapping).encode(), {"Content-Type": "application/json"})
        assert status == 201, body
    return proc, base


def calls(base):
    status, body = e2e.http("GET", base + "/__admin/requests?limit=1000000")
    counts = {}
    for r in json.loads(body)["requests"]:
        path = r["request"]["url"].split("?")[0]
        counts[path] = counts.get(path, 0) + 1
    return counts


def gateway(work, peers, satusehat, workers):
    jar = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
    if not os.path.exists(jar):
        subprocess.run([os.path.join(ROOT, "mvnw"), "-q", "-B", "package", "-DskipTests"], cwd=ROOT, check=True)
    port = e2e.free_port()
    env = dict(os.environ, QUARKUS_HTTP_PORT=str(port), QUARKUS_MANAGEMENT_PORT="0", PACS_DICOMWEB_URL=peers.dicomweb, PACS_WADO_URI_URL=peers.wado,
               ROUTER_IP="127.0.0.1", ROUTER_PORT=str(peers.router_port), ROUTER_AET="BENCHROUTER",
               TEMP_DIR=os.path.join(work, "gw-temp"), GATEWAY_DATA_DIR=os.path.join(work, "gw-data"),
               QUARKUS_LOG_LEVEL="WARN", SATUSEHAT_URL=satusehat,
               GATEWAY_AUTH="none",  # sign-in is not what is measured; loopback only
               SATUSEHAT_ORG_ID="100025702", SATUSEHAT_CLIENT_ID="bench", SATUSEHAT_CLIENT_SECRET="bench-secret")
    if workers:
        env["GATEWAY_JOBS_WORKERS"] = str(workers)
    log = open(os.path.join(work, "gateway.log"), "w")
    proc = subprocess.Popen(["java", "-jar", jar], env=env, stdout=log, stderr=subprocess.STDOUT)
    e2e.wait_port(port, 120)
    return proc, "http://127.0.0.1:%d" % port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--studies", type=int, default=1000)
    ap.add_argument("--floor-studies", type=int, default=0, help="studies for the DCMTK loop (default: all); its rate is per study")
    ap.add_argument("--workers", type=int, default=0, help="GATEWAY_JOBS_WORKERS (default: ROUTER_MAX_ASSOCIATIONS, 2); "
                    "the router still gets at most 2 associations at once")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="bench-batch-")
    peers, gw, wm = None, None, None
    try:
        peers = e2e.Peers(work)
        files = os.path.join(work, "studies")
        out = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "src/test/resources/search/make_studies.py"),
                              os.path.join(ROOT, "..", "shared", "dicom-corpus"), files, str(a.studies), "5"],
                             check=True, capture_output=True, text=True).stdout
        # one instance per study: make_studies.py gives study k 1 + k % 3 instances, keep the first of each
        for name in os.listdir(files):
            if not name.endswith("_I0.dcm"):
                os.remove(os.path.join(files, name))
        studies = [line.split("\t")[0] for line in out.strip().splitlines()]
        peers.load(files)
        wm, satusehat = wiremock(work)
        gwp, url = gateway(work, peers, satusehat, a.workers)
        gw = gwp
        rows = [{"study": s, "operation": "process", "acc": "B%05d" % i, "patientid": "PB%05d" % i} for i, s in enumerate(studies)]

        before = calls(satusehat)
        t0 = time.perf_counter()
        status, body = e2e.http("POST", url + "/api/batches", json.dumps(rows).encode(), {"Content-Type": "application/json"})
        assert status == 202, body[:300]
        batch = json.loads(body)
        while True:
            status, body = e2e.http("GET", url + "/api/batches/" + batch["id"])
            batch = json.loads(body)
            if batch["state"] != "RUNNING":
                break
            time.sleep(0.2)
        gw_seconds = time.perf_counter() - t0
        at_end = calls(satusehat)
        time.sleep(15)  # confirmations: first ImagingStudy search 10 s after each send (gateway.confirmation.initial-delay)
        settled = calls(satusehat)
        gw.terminate()
        gw.wait(30)
        gw = None
        assert batch["counts"]["SUCCEEDED"] == len(studies), json.dumps(batch)[:500]

        n_floor = a.floor_studies or len(studies)
        floor = os.path.join(ROOT, "..", "shared", "tools", "dcmtk_floor.sh")
        t0 = time.perf_counter()
        for i, s in enumerate(studies[:n_floor]):
            subprocess.run([floor, peers.dicomweb, peers.wado, s, "127.0.0.1", str(peers.router_port), "BENCHROUTER",
                            "PB%05d" % i, "B%05d" % i], check=True, capture_output=True, env=e2e.NODELAY)
        floor_seconds = time.perf_counter() - t0

        gw_rate = len(studies) / gw_seconds
        floor_rate = n_floor / floor_seconds

        def per_study(counts):
            d = {k: counts.get(k, 0) - before.get(k, 0) for k in set(counts) | set(before)}
            return {k: round(v / len(studies), 3) for k, v in sorted(d.items()) if v}

        report = [
            "# Batch benchmark (issue 16)", "",
            "Machine: " + e2e.machine(), "",
            "Command: `/usr/bin/python3 bench/batch.py --studies %d%s%s`" % (a.studies, " --floor-studies %d" % a.floor_studies if a.floor_studies else "",
                                                                           " --workers %d" % a.workers if a.workers else ""), "",
            "Gateway: %s; load average at start: %s; batch stored in the embedded H2 job store, rows claimed by the "
            "job workers (GATEWAY_JOBS_WORKERS = %s, ROUTER_MAX_ASSOCIATIONS = 2)" % (e2e.revision(), e2e.load(), a.workers or 2), "",
            "| pipeline | studies | seconds | studies/s |", "|---|---:|---:|---:|",
            "| gateway: one batch (process, pre-check on) | %d | %.1f | **%.1f** |" % (len(studies), gw_seconds, gw_rate),
            "| DCMTK floor loop (curl + dcmodify + storescu per study) | %d | %.1f | **%.1f** |" % (n_floor, floor_seconds, floor_rate), "",
            "- ratio: the batch sends **%.1f×** as many studies per second as the DCMTK loop" % (gw_rate / floor_rate),
            "- SATUSEHAT calls per study when the batch ended: %s" % json.dumps(per_study(at_end)),
            "- SATUSEHAT calls per study once confirmations settled (+15 s): %s" % json.dumps(per_study(settled)),
            "- batch: %s" % json.dumps(batch["counts"]),
            "- The pre-check is the one ServiceRequest search per study; the ImagingStudy searches are the confirmation watch after each send (gateway.confirmation.*), which WireMock's ImagingStudy (no instance list) never satisfies, so it keeps polling: a real router's ImagingStudy ends it at the first match", ""]
        text = "\n".join(report)
        print(text)
        path = os.path.join(ROOT, "bench", "BATCH.md")
        earlier = ""
        if os.path.exists(path):
            old = open(path).read()
            marker = "\n## Earlier runs\n"
            newest, _, rest = old.partition(marker)
            earlier = marker + "\n" + newest.replace("# Batch benchmark (issue 16)", "### Run", 1).strip() + "\n" + rest
        with open(path, "w") as f:
            f.write(text + earlier)
    finally:
        if gw:
            gw.kill()
        if wm:
            wm.terminate()
        if peers:
            peers.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
