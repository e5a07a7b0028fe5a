#!/usr/bin/python3
"""Queue-drain benchmark of the durable job store (issue 14): N queued small studies drained by
one replica and by two on one PostgreSQL; enqueue latency; database round trips per job.

Starts on loopback, in one temp dir: PostgreSQL 15 (pg_stat_statements loaded), Orthanc with
DICOMweb loaded with N generated studies (gen.py), storescp --fork as the router (files kept, one
directory per study, unique file names: a study sent twice shows as twice its files). For each
replica count R in --replicas, on a fresh database:

  enqueue  one gateway ("enqueuer") whose router port has no listener, GATEWAY_RETRY_MAX_ATTEMPTS=1:
           N x POST /api/dicom/process?async=true, one client, one at a time, timed client side
           (the job is written to the store before the 202). Each job then fails ROUTER_FAILED
           at once and is FAILED in the store. The enqueuer is stopped.
           (The API has no "enqueue only": an async job starts at once on the replica it was asked
           of, and workers claim only due jobs. A backlog left by a router outage, retried in bulk
           by a person, is how a queue of N due jobs arises in practice.)
  drain    R gateways with the real router, default workers and poll unless --workers/--poll;
           one POST /api/jobs/retry?state=FAILED queues all N again, due now; the replicas' workers
           claim them (FOR UPDATE SKIP LOCKED). Studies/s = N / (last finished_at - first claim),
           both from the store (gateway_job_attempt.started_at of the new attempts,
           gateway_job.finished_at).
  checks   every job SUCCEEDED; every study at the router exactly once (its folder holds exactly
           --instances files; no other folder); no aborted association.
  db       pg_stat_statements (calls by the gateway role in that database), reset before each
           phase, read after its gateways stopped; pg_stat_database.xact_commit delta (the bench's
           own polling queries subtracted). Both divided by N.

  /usr/bin/python3 bench/queue-drain/drain.py [--studies 500] [--instances 2] [--replicas 1,2]
      [--workers N] [--poll 1s] [--timeout 1800] [--keep] [--out bench/queue-drain/RESULT.md]
Needs: postgresql-15, orthanc, orthanc-dicomweb, dcmtk, python3-pydicom; the gateway packaged
(target/quarkus-app/quarkus-run.jar; built with ./mvnw -B -o package -DskipTests -Dpeers.skip=true
when missing). Every process it starts is stopped on exit, SIGINT and SIGTERM included.
"""
import argparse, atexit, http.client as httpc, json, os, platform, pwd, shutil, signal, socket, statistics, subprocess, sys
import tempfile, time, urllib.request, uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
PG_BIN = "/usr/lib/postgresql/15/bin"
AS_ROOT = os.geteuid() == 0
NODELAY = dict(os.environ, TCP_NODELAY="1")  # DCMTK stalls on Nagle otherwise (bench/e2e.py)

PROCS = []  # every Popen we started, stopped by cleanup()
CLEANUPS = []  # further cleanup steps (pg_ctl stop, temp dir), run last-in first-out


def cleanup():
    for p in reversed(PROCS):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for p in reversed(PROCS):
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait(10)
    PROCS.clear()
    while CLEANUPS:
        step = CLEANUPS.pop()
        try:
            step()
        except Exception as e:  # cleanup goes on whatever one step did
            print("cleanup: %s" % e, file=sys.stderr)


def on_signal(signum, frame):
    raise SystemExit(128 + signum)


def start(cmd, log, env=None, cwd=None):
    """A child in its own process group, so that cleanup stops it and whatever it forked."""
    out = open(log, "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
    PROCS.append(p)
    return p


def stop(p, timeout=60):
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(10)
    if p in PROCS:
        PROCS.remove(p)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=90):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process %s exited %s before listening on %d" % (proc.args[0], proc.returncode, port))
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("nothing listening on %d after %ds" % (port, timeout))


def http(method, url, body=None, headers=None, timeout=120):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def pct(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100.0 * (len(s) - 1))))]


class Postgres:
    """A cluster in a temp dir on a free port, run as `postgres` when we are root (it refuses root)."""

    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        os.makedirs(self.dir)
        self.port = free_port()
        self.password = uuid.uuid4().hex
        if AS_ROOT:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.data = os.path.join(self.dir, "data")
        self.run([PG_BIN + "/initdb", "-D", self.data, "-U", "bench", "--auth-local=trust", "--auth-host=scram-sha-256",
                  "-E", "UTF8", "--no-sync", "--no-instructions"])
        CLEANUPS.append(lambda: self.run([PG_BIN + "/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"], check=False))
        self.run([PG_BIN + "/pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "postgres.log"), "-w", "-t", "60", "-o",
                  "-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements "
                  "-c pg_stat_statements.track=top -c pg_stat_statements.track_utility=on -c pg_stat_statements.max=10000"
                  % (self.port, self.dir), "start"])
        self.sql("postgres", "CREATE EXTENSION pg_stat_statements")
        self.sql("postgres", "CREATE ROLE gateway LOGIN PASSWORD '%s'" % self.password)
        self.polls = 0

    def run(self, cmd, check=True):
        full = (["runuser", "-u", "postgres", "--"] if AS_ROOT else []) + cmd
        r = subprocess.run(full, cwd=self.dir, capture_output=True, text=True, timeout=120)
        if check and r.returncode != 0:
            raise RuntimeError("%s: %s%s" % (cmd[0], r.stdout, r.stderr))
        return r.stdout

    def sql(self, db, query):
        """One statement as the bench's superuser over the socket: one transaction of its own."""
        return self.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-p", str(self.port),
                         "-U", "bench", "-d", db, "-c", query]).strip()

    def create_db(self, name):
        self.sql("postgres", "CREATE DATABASE %s OWNER gateway" % name)
        return "jdbc:postgresql://127.0.0.1:%d/%s" % (self.port, name)

    def reset_stats(self, db):
        self.sql("postgres", "SELECT pg_stat_statements_reset()")
        return self.xact(db)

    def xact(self, db):
        # read from the postgres database, so that reading does not count in db's own xact_commit
        return int(self.sql("postgres", "SELECT xact_commit FROM pg_stat_database WHERE datname = '%s'" % db))

    def statements(self, db):
        """(calls, query) by the gateway role in db, most called first."""
        out = self.sql("postgres", "SELECT s.calls, regexp_replace(s.query, '\\s+', ' ', 'g') FROM pg_stat_statements s "
                       "JOIN pg_database d ON d.oid = s.dbid JOIN pg_roles r ON r.oid = s.userid "
                       "WHERE d.datname = '%s' AND r.rolname = 'gateway' ORDER BY s.calls DESC" % db)
        rows = []
        for line in out.splitlines():
            calls, query = line.split("\t", 1)
            rows.append((int(calls), query))
        return rows

    def job_sql(self, db, query):
        """A query of db's job tables, counted so that its transaction can be taken out of db's xact_commit."""
        self.polls += 1
        return self.sql(db, query)


class Peers:
    """Orthanc (the PACS, loaded with the studies) and storescp --fork (the router)."""

    def __init__(self, work, studies_dir):
        self.work = work
        self.http_port, self.dicom_port = free_port(), free_port()
        store = os.path.join(work, "orthanc")
        os.makedirs(store)
        cfg = {"Name": "queue-drain", "HttpPort": self.http_port, "DicomPort": self.dicom_port, "DicomAet": "BENCHPACS",
               "StorageDirectory": store, "IndexDirectory": store, "RemoteAccessAllowed": False,
               "AuthenticationEnabled": False, "HttpCompressionEnabled": False, "HttpThreadsCount": 16,
               "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
               "DicomWeb": {"Enable": True, "Root": "/dicom-web/", "EnableWado": True, "WadoRoot": "/wado"}}
        with open(os.path.join(work, "orthanc.json"), "w") as f:
            json.dump(cfg, f)
        self.orthanc = start(["/usr/sbin/Orthanc", os.path.join(work, "orthanc.json")], os.path.join(work, "orthanc.log"))
        wait_port(self.http_port, self.orthanc)
        conn = httpc.HTTPConnection("127.0.0.1", self.http_port, timeout=60)
        for folder in sorted(os.listdir(studies_dir)):
            for name in sorted(os.listdir(os.path.join(studies_dir, folder))):
                with open(os.path.join(studies_dir, folder, name), "rb") as f:
                    conn.request("POST", "/instances", f.read(), {"Content-Type": "application/dicom"})
                r = conn.getresponse()
                body = r.read()
                if r.status != 200:
                    raise RuntimeError("Orthanc refused %s/%s: %d %s" % (folder, name, r.status, body[:200]))
        conn.close()
        self.dicomweb = "http://127.0.0.1:%d/dicom-web" % self.http_port
        self.wado = "http://127.0.0.1:%d/wado" % self.http_port
        self.router = None

    def start_router(self, out_dir):
        os.makedirs(out_dir)
        self.router_port = free_port()
        self.router_log = os.path.join(self.work, os.path.basename(out_dir) + "-storescp.log")
        # --fork: one process per association, as the router serves replicas at once; -su: a folder per study;
        # +uf: a unique name per received file, so an instance received twice is two files.
        self.router = start(["storescp", "-v", "--fork", "-aet", "BENCHROUTER", "-pdu", "131072", "-od", out_dir,
                             "-su", "st", "+uf", str(self.router_port)], self.router_log, env=NODELAY)
        wait_port(self.router_port, self.router)
        self.router_out = out_dir

    def stop_router(self):
        if self.router:
            stop(self.router)
            self.router = None

    def router_files(self):
        n = 0
        for _, _, files in os.walk(self.router_out):
            n += len(files)
        return n


class Gateway:
    def __init__(self, work, name, peers, pg, db_url, router_port, extra):
        self.name = name
        self.port = free_port()
        self.management_port = free_port()  # health and metrics are on the management interface
        temp = os.path.join(work, "gw-%s" % name)
        env = dict(os.environ, QUARKUS_HTTP_PORT=str(self.port), QUARKUS_MANAGEMENT_PORT=str(self.management_port), PACS_DICOMWEB_URL=peers.dicomweb, PACS_WADO_URI_URL=peers.wado,
                   ROUTER_IP="127.0.0.1", ROUTER_PORT=str(router_port), ROUTER_AET="BENCHROUTER", TEMP_DIR=os.path.join(temp, "area"),
                   GATEWAY_DB_URL=db_url, GATEWAY_DB_USER="gateway", GATEWAY_DB_PASSWORD=pg.password, GATEWAY_AUTH="none",
                   HOSTNAME=name,
                   # one client sends every request: the rate limit (60/min per key, 120 per address) would pace it, not the queue
                   GATEWAY_RATE_LIMIT_PER_KEY="1000000", GATEWAY_RATE_LIMIT_PER_ADDRESS="1000000")
        env.pop("SATUSEHAT_URL", None)  # no SATUSEHAT: no pre-check, no confirmation; the queue is under test
        env.update(extra)
        os.makedirs(temp)
        self.log = os.path.join(work, "gateway-%s.log" % name)
        self.proc = start(["java", "-jar", JAR], self.log, env=env)
        wait_port(self.port, self.proc, 120)
        self.conn = httpc.HTTPConnection("127.0.0.1", self.port, timeout=120)
        # ready: the store answers (readiness includes it)
        end = time.time() + 60
        while True:
            status, _ = http("GET", "http://127.0.0.1:%d/q/health/ready" % self.management_port)
            if status == 200 or time.time() > end:
                break
            time.sleep(0.5)

    def post(self, path, payload=None):
        body = json.dumps(payload).encode() if payload is not None else b""
        self.conn.request("POST", path, body, {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        return r.status, r.read()

    def stop(self):
        stop(self.proc, 90)


def enqueue(gw, uids, instances):
    latencies = []
    t0 = time.perf_counter()
    for i, uid in enumerate(uids):
        payload = {"study": uid, "patientid": "PID-QD%05d" % i, "acc": "QD%05d" % i}
        s = time.perf_counter()
        status, body = gw.post("/api/dicom/process?async=true", payload)
        latencies.append((time.perf_counter() - s) * 1000)
        if status != 202:
            raise RuntimeError("enqueue %d: %d %s" % (i, status, body[:300]))
    return latencies, time.perf_counter() - t0


def wait_sql(pg, db, query, want, timeout, every=1.0):
    end = time.time() + timeout
    got = None
    while time.time() < end:
        got = pg.job_sql(db, query)
        if got == want:
            return got
        time.sleep(every)
    raise RuntimeError("after %ds: %r is %r, not %r" % (timeout, query, got, want))


def db_phase(pg, db, xact_before, polls_before, n):
    """What the gateways sent in one phase. pgjdbc sends BEGIN with the transaction's first statement
    (no round trip of its own) and ends it with a COMMIT that pg_stat_statements does not see as a
    statement of its own: so round trips ~ statements (BEGIN and COMMIT left out) + one COMMIT per BEGIN.
    An upper bound: a JDBC batch of k statements is counted k times and travels as one."""
    xact = pg.xact(db) - xact_before - (pg.polls - polls_before)
    rows = pg.statements(db)
    calls = sum(c for c, _ in rows)
    begins = sum(c for c, q in rows if q.upper() in ("BEGIN", "START TRANSACTION"))
    commits = sum(c for c, q in rows if q.upper() in ("COMMIT", "ROLLBACK"))
    statements = calls - begins - commits
    return {"xact": xact, "calls": calls, "begins": begins, "statements": statements, "rows": rows,
            "per_job_xact": xact / n, "per_job_statements": statements / n, "per_job_rt": (statements + begins) / n}


def run_one(a, work, pg, peers, uids, replicas):
    n = len(uids)
    db = "drain%d" % replicas
    url = pg.create_db(db)
    res = {"replicas": replicas}

    # --- enqueue: one gateway, router port with no listener, one attempt per job
    dead_port = free_port()
    enq = Gateway(work, "enqueuer-%d" % replicas, peers, pg, url, dead_port, {"GATEWAY_RETRY_MAX_ATTEMPTS": "1"})
    xact0, polls0 = pg.reset_stats(db), pg.polls
    lat, took = enqueue(enq, uids, a.instances)
    res["enqueue_ms"], res["enqueue_s"] = lat, took
    wait_sql(pg, db, "SELECT count(*) FROM gateway_job WHERE state = 'FAILED'", str(n), 300)
    res["enqueue_codes"] = pg.job_sql(db, "SELECT outcome_code, count(*) FROM gateway_job GROUP BY 1 ORDER BY 1")
    enq.stop()
    res["db_enqueue"] = db_phase(pg, db, xact0, polls0, n)

    # --- drain: R replicas with the real router
    peers.start_router(os.path.join(work, "router-%d" % replicas))
    extra = {}
    if a.workers:
        extra["GATEWAY_JOBS_WORKERS"] = str(a.workers)
    if a.poll:
        extra["GATEWAY_JOBS_POLL"] = a.poll
    gws = [Gateway(work, "drain%d-%s" % (replicas, chr(ord("a") + i)), peers, pg, url, peers.router_port, extra)
           for i in range(replicas)]
    time.sleep(2)  # let start-up settle (router probe, first polls) before the counters start
    xact0, polls0 = pg.reset_stats(db), pg.polls
    t0 = time.time()
    status, body = gws[0].post("/api/jobs/retry?state=FAILED")
    if status != 200:
        raise RuntimeError("bulk retry: %d %s" % (status, body[:300]))
    res["retry_answer"] = body.decode()[:200]
    # wait on the router's folder, not the database, so that polling adds nothing to the counts
    want = n * a.instances
    end = time.time() + a.timeout
    while peers.router_files() < want and time.time() < end:
        if any(g.proc.poll() is not None for g in gws):
            raise RuntimeError("a drain replica exited")
        time.sleep(0.5)
    try:
        wait_sql(pg, db, "SELECT count(*) FROM gateway_job WHERE state IN ('SUCCEEDED', 'FAILED', 'PARTLY_FAILED', 'CANCELLED')",
                 str(n), 120, 0.5)
    except RuntimeError as e:  # reported below (states, checks) instead of losing the run
        print("drain: %s" % e, flush=True)
    res["wall_s"] = time.time() - t0
    for g in gws:
        g.stop()
    res["db_drain"] = db_phase(pg, db, xact0, polls0, n)
    peers.stop_router()

    # --- from the store: states, the window, who drained what
    res["states"] = pg.job_sql(db, "SELECT state, count(*) FROM gateway_job GROUP BY 1 ORDER BY 1")
    window = pg.job_sql(db, "SELECT EXTRACT(EPOCH FROM (SELECT max(finished_at) FROM gateway_job WHERE state = 'SUCCEEDED') - "
                            "(SELECT min(started_at) FROM gateway_job_attempt WHERE number > 1))")
    res["drain_s"] = float(window)
    res["per_holder"] = pg.job_sql(db, "SELECT regexp_replace(holder, '-[0-9a-f]{8}$', ''), count(*) FROM gateway_job_attempt "
                                       "WHERE number > 1 GROUP BY 1 ORDER BY 1")
    res["attempts_gt2"] = int(pg.job_sql(db, "SELECT count(*) FROM gateway_job_attempt WHERE number > 2"))
    res["succeeded"] = int(pg.job_sql(db, "SELECT count(*) FROM gateway_job WHERE state = 'SUCCEEDED'"))
    res["rate"] = n / res["drain_s"] if res["drain_s"] > 0 else float("nan")

    # --- the router: each study exactly once
    per_study = {}
    for d in os.listdir(peers.router_out):
        per_study[d] = len(os.listdir(os.path.join(peers.router_out, d)))
    folders = {d: c for d, c in per_study.items()}
    matched = {u: 0 for u in uids}
    stray = []
    for d, c in folders.items():
        uid = next((u for u in uids if d.endswith(u)), None)
        if uid is None:
            stray.append(d)
        else:
            matched[uid] += c
    res["exactly_once"] = sum(1 for c in matched.values() if c == a.instances)
    res["not_once"] = [(u, c) for u, c in matched.items() if c != a.instances][:5]
    res["stray"] = stray[:5]
    with open(peers.router_log, errors="replace") as f:
        log = f.read()
    res["releases"] = log.count("Association Release")
    res["aborts"] = log.count("Association Aborted")
    res["stores"] = log.count("Received Store Request")
    return res


def statements_table(rows, n, limit=25):
    out = ["| calls/job | calls | statement |", "|---:|---:|---|"]
    for calls, q in rows[:limit]:
        q = q if len(q) <= 110 else q[:107] + "..."
        out.append("| %.2f | %d | `%s` |" % (calls / n, calls, q.replace("|", "\\|")))
    if len(rows) > limit:
        rest = sum(c for c, _ in rows[limit:])
        out.append("| %.2f | %d | (%d other statements) |" % (rest / n, rest, len(rows) - limit))
    return "\n".join(out)


def render(a, results, n, load_start, load_end, head, gen_s, load_s):
    one = next((r for r in results if r["replicas"] == 1), None)
    lines = ["# Queue drain: %d queued studies, one replica and two" % n, "",
             "Command: `%s`" % " ".join(["/usr/bin/python3", "bench/queue-drain/drain.py"] + sys.argv[1:]), "",
             "Machine: %s, %d cores; gateway %s; load average at start %s, at the end %s (the machine is shared)."
             % (platform.platform(), os.cpu_count(), head, load_start, load_end), "",
             "Studies: %d x %d instances of %dx%d 16-bit (~%d KB each), generated in %.0f s, loaded into Orthanc in %.0f s. "
             "Workers per replica: %s, poll: %s (defaults 2 and 1s unless set)."
             % (n, a.instances, a.rows, a.rows, 0 if not a.size_kb else a.size_kb, gen_s, load_s,
                a.workers or "default (2)", a.poll or "default (1s)"), "",
             "| replicas | drained | studies/s | ratio to one | wall from retry (s) | enqueue p50 ms | p99 ms | max ms | "
             "enqueue /s | round trips/job (enqueue + drain) | transactions/job (enqueue + drain) | exactly once | attempts > 2 |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|"]
    for r in results:
        ratio = "%.2f" % (r["rate"] / one["rate"]) if one else "-"
        de, dd = r["db_enqueue"], r["db_drain"]
        lines.append("| %d | %d SUCCEEDED in %.1f s (%s) | %.2f | %s | %.1f | %.2f | %.2f | %.1f | %.0f | %.1f + %.1f | %.1f + %.1f | %d/%d | %d |" % (
            r["replicas"], r["succeeded"], r["drain_s"], r["per_holder"].replace("\n", ", ").replace("\t", ": "), r["rate"], ratio,
            r["wall_s"], pct(r["enqueue_ms"], 50), pct(r["enqueue_ms"], 99), max(r["enqueue_ms"]), n / r["enqueue_s"],
            de["per_job_rt"], dd["per_job_rt"], de["per_job_xact"], dd["per_job_xact"],
            r["exactly_once"], n, r["attempts_gt2"]))
    lines += ["", "- studies/s: N / (last `finished_at` of a SUCCEEDED job - first `started_at` of a drain attempt), from the store.",
              "- round trips/job: top-level statements the gateways' role sent in that database (pg_stat_statements, "
              "track=top), BEGIN and COMMIT left out, plus one COMMIT per BEGIN (pgjdbc sends BEGIN with the first statement "
              "of a transaction; its COMMIT is a round trip), divided by N; an upper bound, as a JDBC batch of k statements "
              "counts k and travels as one. transactions/job: pg_stat_database.xact_commit delta, the bench's own queries "
              "subtracted. Enqueue phase = the 202 (job and first attempt written) + that attempt failing at once (router port "
              "closed); drain phase = the bulk retry + claim + progress + end + every replica re-reading the jobs it hears "
              "of (LISTEN/NOTIFY) + idle polls in that window.", ""]
    for r in results:
        lines += ["## %d replica(s)" % r["replicas"], "",
                  "- enqueue: %d x POST /api/dicom/process?async=true in %.1f s; outcomes after it: %s" % (
                      n, r["enqueue_s"], r["enqueue_codes"].replace("\n", ", ").replace("\t", ": ")),
                  "- bulk retry answered: `%s`" % r["retry_answer"],
                  "- states after the drain: %s; drain attempts per replica: %s" % (
                      r["states"].replace("\n", ", ").replace("\t", ": "), r["per_holder"].replace("\n", ", ").replace("\t", ": ")),
                  "- router: %d stores, %d releases (one per study, plus each replica's probes: its start-up syntax probe and readiness C-ECHOs), %d aborts; "
                  "studies with exactly %d files: %d/%d%s%s" % (
                      r["stores"], r["releases"], r["aborts"], a.instances, r["exactly_once"], n,
                      "; not once: %s" % r["not_once"] if r["not_once"] else "", "; stray folders: %s" % r["stray"] if r["stray"] else ""),
                  "- database, enqueue phase: %d statements + %d explicit transactions (%.1f round trips/job), %d commits in all" % (
                      r["db_enqueue"]["statements"], r["db_enqueue"]["begins"], r["db_enqueue"]["per_job_rt"], r["db_enqueue"]["xact"]), "",
                  statements_table(r["db_enqueue"]["rows"], n), "",
                  "- database, drain phase: %d statements + %d explicit transactions (%.1f round trips/job), %d commits in all" % (
                      r["db_drain"]["statements"], r["db_drain"]["begins"], r["db_drain"]["per_job_rt"], r["db_drain"]["xact"]), "",
                  statements_table(r["db_drain"]["rows"], n), ""]
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--studies", type=int, default=500)
    p.add_argument("--instances", type=int, default=2)
    p.add_argument("--rows", type=int, default=64)
    p.add_argument("--replicas", default="1,2")
    p.add_argument("--workers", type=int, help="GATEWAY_JOBS_WORKERS of the drain replicas (default: the gateway's, 2)")
    p.add_argument("--poll", help="GATEWAY_JOBS_POLL of the drain replicas (default: the gateway's, 1s)")
    p.add_argument("--timeout", type=int, default=1800, help="seconds a drain may take")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (logs, router files)")
    p.add_argument("--out", default=os.path.join(HERE, "RESULT.md"))
    a = p.parse_args()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    atexit.register(cleanup)

    if not os.path.exists(JAR):
        subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-o", "package", "-DskipTests", "-Dpeers.skip=true",
                        "-Ddicom.fuzz.skip=true"], cwd=ROOT, check=True)
    load_start = " ".join("%.2f" % x for x in os.getloadavg())
    head = subprocess.run(["git", "log", "-1", "--format=%h %ci"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="queue-drain-")
    if AS_ROOT:
        os.chmod(work, 0o755)  # postgres must reach its own folder inside
    if not a.keep:
        CLEANUPS.append(lambda: shutil.rmtree(work, ignore_errors=True))
    print("work dir: %s" % work, flush=True)

    t = time.time()
    studies = os.path.join(work, "studies")
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "gen.py"), studies, "--studies", str(a.studies),
                          "--instances", str(a.instances), "--rows", str(a.rows), "--cols", str(a.rows)],
                         check=True, capture_output=True, text=True).stdout
    uids = out.split()
    gen_s = time.time() - t
    a.size_kb = os.path.getsize(os.path.join(studies, "s00000", "IM00001.dcm")) * a.instances // 1024
    t = time.time()
    pg = Postgres(work)
    peers = Peers(work, studies)
    load_s = time.time() - t
    print("%d studies generated in %.0f s, PostgreSQL up and Orthanc loaded in %.0f s" % (len(uids), gen_s, load_s), flush=True)

    results = []
    for r in [int(x) for x in a.replicas.split(",")]:
        res = run_one(a, work, pg, peers, uids, r)
        results.append(res)
        print("%d replica(s): %.2f studies/s (%d in %.1f s), enqueue p50 %.2f ms p99 %.2f ms, round trips/job %.1f + %.1f, "
              "exactly once %d/%d" % (r, res["rate"], res["succeeded"], res["drain_s"], pct(res["enqueue_ms"], 50),
                                      pct(res["enqueue_ms"], 99), res["db_enqueue"]["per_job_rt"],
                                      res["db_drain"]["per_job_rt"], res["exactly_once"], len(uids)), flush=True)
    load_end = " ".join("%.2f" % x for x in os.getloadavg())
    text = render(a, results, len(uids), load_start, load_end, head, gen_s, load_s)
    with open(a.out, "w") as f:
        f.write(text)
    print(text)
    bad = [r for r in results if r["succeeded"] != len(uids) or r["exactly_once"] != len(uids) or r["aborts"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
