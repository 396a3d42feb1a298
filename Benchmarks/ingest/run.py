#!/usr/bin/env python3
"""Durable event ingest through Rasim's HTTP API, with wrk on loopback, side by side with GET /health.

One command from the repository root:  python3 Benchmarks/ingest/run.py  (see Benchmarks/README.md).

For each database (SQLite, then PostgreSQL when one can be had) it prepares a fresh database with the demo
data, an API token for `registrar` and 2 × N applications, then runs wrk for a fixed time against one
server: GET /health (the ceiling), one event per POST /api/v1/applications/{id}/events, and B events per
POST /api/v1/events. Only 201 answers count as accepted events; after the server stops, the events in the
database are counted and must be at least the accepted ones. Every server is stopped with SIGTERM on
every path.

With --servers 2 (PostgreSQL only; the SQLite half keeps one server) each ingest load runs once more, through
two servers on the same PostgreSQL database (the second one started with --no-demo, in the same working
directory and environment, so with the same audit key): two wrk at once, one per server, with half of the
connections each, on applications of their own (S2-/B2-) that both servers write to. The table has a
"1 server" and a "2 servers" row for each load and the ratio of their events/s; after both servers stop,
the durability check covers the two-server loads too and `rasim audit verify` must pass.
"""
import argparse
import concurrent.futures
import fcntl
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "Benchmarks" / "out" / "ingest"
GOAL = 10_000  # durable events/s
WRK_TIMEOUT = 30  # s; wrk leaves slower answers out of its latency figures and counts them as timeouts
EVENT_AT = "2025-03-04T10:00:00+05:00"
PG_ROLE, PG_PASSWORD, PG_DB = "rasim_bench", "rasim-bench", "rasim_ingest"
CLK = os.sysconf("SC_CLK_TCK")

NICE = []             # ["nice", "-n", N] with --nice
servers = []          # running rasim servers (Popen), stopped on every path
cleanups = []         # further actions at exit (e.g. stopping a PostgreSQL cluster this script started)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, timeout=None, check=True, **kw):
    return subprocess.run(cmd, check=check, timeout=timeout, text=True, capture_output=True, **kw)


# ---------------------------------------------------------------- build and tools

def scratch_in_use(scratch: Path) -> bool:
    """SwiftPM holds an flock on /tmp/<path with '/' → '_'>.lock and writes its pid to <scratch>/.lock."""
    tmp_lock = Path("/tmp") / (str(scratch).replace("/", "_") + ".lock")
    if tmp_lock.exists():
        try:
            with open(tmp_lock, "a") as f:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(f, fcntl.LOCK_UN)
        except BlockingIOError:
            return True
    try:
        pid = int((scratch / ".lock").read_text().strip())
        return b"swift" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return False


def build(args) -> Path:
    if args.scratch_path:
        scratch = Path(args.scratch_path)
        if not scratch.is_absolute():
            scratch = ROOT / scratch
    else:
        scratch = ROOT / ".build-bench"
        # Another benchmark may be building there: wait for it (SwiftPM would wait too), and only after
        # 20 minutes build in a scratch path of our own (a clean release build takes 10–50 minutes).
        deadline = time.time() + 1200
        if scratch_in_use(scratch):
            log(f"{scratch.name} is in use by another build; waiting up to 20 minutes for it")
            while scratch_in_use(scratch) and time.time() < deadline:
                time.sleep(5)
            if scratch_in_use(scratch):
                log(f"{scratch.name} is still in use; using .build-ingest")
                scratch = ROOT / ".build-ingest"
    binary = scratch / "release" / "rasim"
    if args.no_build:
        if not binary.exists():
            sys.exit(f"--no-build: {binary} does not exist")
        return binary
    cmd = ["swift", "build", "-c", "release", "--product", "rasim", "--scratch-path", str(scratch)]
    log("$ " + " ".join(cmd))
    t = time.time()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)
    log(f"built in {time.time() - t:.0f} s")
    return binary


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing: apt-get install -y wrk")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, stdout=sys.stderr).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, stdout=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "wrk"], env=env, stdout=sys.stderr, check=True)


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, token=None, timeout=30):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        c.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def start_server(binary, db_url, port, log_path, demo, log_level):
    cmd = NICE + [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--database", db_url]
    # The demo data is loaded only into ./rasim.sqlite or when asked (issue 11): ask for it on the first start.
    cmd.append("--demo" if demo else "--no-demo")
    env = dict(os.environ)
    if log_level:
        env["RASIM_LOG_LEVEL"] = log_level
    logf = open(log_path, "ab")
    proc = subprocess.Popen(cmd, cwd=OUT, env=env, stdout=logf, stderr=subprocess.STDOUT)
    logf.close()
    servers.append(proc)
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"rasim serve exited with {proc.returncode}; see {log_path}")
        try:
            if call(port, "GET", "/health", timeout=2)[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"rasim serve did not answer /health within 180 s; see {log_path}")


def stop_server(proc) -> bool:
    """SIGTERM, then SIGKILL after 30 s; True when it stopped on SIGTERM."""
    return stop_servers([proc])


def stop_servers(procs) -> bool:
    """SIGTERM to every one first, so that they finish their in-flight requests together, then as stop_server."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    clean = True
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            log(f"rasim serve (pid {proc.pid}) did not stop 30 s after SIGTERM; sending SIGKILL")
            proc.kill()
            proc.wait()
            clean = False
        if proc in servers:
            servers.remove(proc)
    return clean


def cleanup():
    for p in list(servers):
        stop_server(p)
    while cleanups:
        try:
            cleanups.pop()()
        except Exception as e:  # noqa: BLE001 — cleanup must go on
            log(f"cleanup: {e}")


def cpu_seconds(pid) -> float:
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / CLK  # utime, stime


def postgres_cpu_seconds() -> float:
    """CPU time of every process named postgres (the PostgreSQL server's backends and helpers)."""
    total = 0.0
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if stat[stat.index("(") + 1:stat.rindex(")")] == "postgres":
                f = stat.rsplit(")", 1)[1].split()
                total += (int(f[11]) + int(f[12])) / CLK
    return total


def machine_busy() -> float:
    f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(f[:8]) - f[3] - f[4]) / CLK  # all but idle and iowait


# ---------------------------------------------------------------- data

def make_token(binary, db_url) -> str:
    r = run([str(binary), "token", "create", "--user", "registrar", "--database", db_url], cwd=OUT, timeout=120)
    token = r.stdout.strip().splitlines()[-1].strip()
    if not re.fullmatch(r"[0-9a-f]{64}", token):
        raise RuntimeError(f"unexpected token output: {r.stdout!r} {r.stderr!r}")
    return token


def create_applications(port, token, prefix, n):
    body = {"provider": "akimat-abai", "service": "outdoor-advertising", "channel": "electronic",
            "events": [{"type": "submitted", "at": "2025-03-03T10:00:00+05:00"},
                       {"type": "registered", "at": "2025-03-03T11:00:00+05:00"}]}

    def one(i):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            c.request("POST", "/api/v1/applications", body=json.dumps(dict(body, id=f"{prefix}{i:05d}")),
                      headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
            r = c.getresponse()
            data = r.read()
            if r.status != 201:
                raise RuntimeError(f"POST /api/v1/applications {prefix}{i:05d}: {r.status} {data[:300]!r}")
        finally:
            c.close()

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(one, range(1, n + 1)))


# ---------------------------------------------------------------- load

# Where the server's CPU time goes, from perf samples: a sample belongs to the first SPECIFIC category any
# of its frames matches, else to the GENERIC category of its frame nearest the leaf.
PERF_SPECIFIC = [
    ("Clock.nowISO: a new ISO8601DateFormatter per call", r"ISO8601DateFormatter"),
    ("TokenCache: SHA-256 + String(format:) hex per request", r"TokenCache\.identity|Secrets\.sha256"),
    ("String(format:) hex of SHA-256 (Audit.digest)", r"Audit\.digest|String\.init\(format:"),
    ("request logging", r"LogRequestsMiddleware|StreamLogHandler"),
    ("metrics", r"MetricsMiddleware|Prometheus"),
    ("SQLite prepare (no statement cache)", r"sqlite3Prepare|sqlite3LockAndPrepare|sqlite3_prepare"),
    ("SQLite step / commit", r"sqlite3_step|sqlite3VdbeExec|sqlite3_finalize|sqlite3VdbeHalt"),
    ("SQLKit: build + serialize SQL", r"SQLStatement\.serialize|SQLDatabase\.serialize|\.serialize\(to:\)|SQL\w*Builder"),
    ("SQLKit / sqlite-nio / PostgresNIO: binds, rows", r"SQLiteSQLRow|SQLiteData|SQLiteRow|SQLiteStatement|SQLBind|PostgresRow|PostgresData|PSQLRow|PostgresCell"),
    ("PostgresNIO protocol", r"PostgresNIO|PSQL|PostgresConnection|PostgresChannelHandler|PostgresBackendMessage|PostgresFrontendMessage"),
    ("JSON parse / event decode / re-encode", r"JSONParser|PublicServicesJSON|Fields\.|JSONValue"),
    ("HTTP / NIO channel / Hummingbird", r"HTTPDecoder|HTTPEncoder|BaseSocketChannel|ByteToMessage|NIOAsyncChannel|HTTP1|Hummingbird|HTTPServer"),
    ("fsync (kernel)", r"fdatasync|do_fsync|ext4_sync_file|jbd2"),
]
PERF_GENERIC = [
    ("futex / scheduler (waking threads: hops between pools)", r"futex|__schedule|finish_task_switch|try_to_wake_up|pthread_cond|sem_post|sem_wait|epoll"),
    ("Swift concurrency runtime (task / actor hops)", r"swift_task|swift_job|swift::AsyncTask|swift_continuation|Continuation|_dispatch|swift::"),
    ("malloc / free / ARC (unattributed)", r"malloc|free|swift_retain|swift_release|swift_bridgeObject|_swift_release_dealloc|RefCounts"),
]


def perf_categories(script_text: str) -> str:
    specific = [(n, re.compile(p)) for n, p in PERF_SPECIFIC]
    generic = [(n, re.compile(p)) for n, p in PERF_GENERIC]
    counts, total = {}, 0
    for sample in script_text.split("\n\n"):
        frames = [l.strip() for l in sample.splitlines()[1:] if l.strip()]
        if not frames:
            continue
        total += 1
        name = next((n for n, r in specific if any(r.search(f) for f in frames)), None)
        if name is None:
            name = next((n for f in frames for n, r in generic if r.search(f)), "other")
        counts[name] = counts.get(name, 0) + 1
    lines = [f"{100 * c / total:6.1f}%  {n}" for n, c in sorted(counts.items(), key=lambda x: -x[1])]
    return "\n".join(lines) + f"\n({total} samples)\n"


def perf_report(data: Path, out: Path):
    """Categories (above), then flat (self) and inclusive (children) profiles by symbol, demangled."""
    def demangle(text):
        if shutil.which("swift"):
            r = subprocess.run(["swift", "demangle", "--simplified"], input=text, text=True, capture_output=True, timeout=600)
            if r.returncode == 0:
                return r.stdout
        return text
    script = demangle(subprocess.run(["perf", "script", "-i", str(data)], text=True, capture_output=True, timeout=600).stdout)
    parts = ["==== server CPU by category (perf samples) ====\n" + perf_categories(script)]
    for mode in ("--no-children", "--children"):
        r = subprocess.run(["perf", "report", "-i", str(data), "--stdio", mode, "--sort", "symbol", "--percent-limit", "0.7",
                            "-g", "none"], text=True, capture_output=True, timeout=600)
        parts.append(f"==== perf report {mode} ====\n" + demangle(r.stdout))
    out.write_text("\n".join(parts))
    log(parts[0])


def sqlite_sync_probe(server_pid):
    """Counts the server's fsync/fdatasync calls (one per SQLite WAL commit, plus checkpoints) with perf stat."""
    if not shutil.which("perf"):
        return lambda: None
    out = OUT / "perf-stat-syncs.csv"
    out.unlink(missing_ok=True)
    p = subprocess.Popen(["perf", "stat", "-x", ",", "-o", str(out), "-e", "syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync",
                          "-p", str(server_pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop():
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=30)
            total = 0
            for line in out.read_text().splitlines():
                f = line.split(",")
                if len(f) > 2 and "sys_enter_f" in f[2]:
                    total += int(f[0])
            return total
        except (OSError, ValueError, subprocess.TimeoutExpired):
            return None
    return stop


def postgres_sync_probe(admin_url):
    """pg_stat_wal.wal_sync: WAL flushes to disk (all of the cluster's)."""
    q = "SELECT wal_sync FROM pg_stat_wal"

    def read():
        try:
            return int(run(["psql", admin_url, "-Atc", q], timeout=60).stdout.strip())
        except (subprocess.SubprocessError, ValueError):
            return None
    before = read()

    def stop():
        time.sleep(1.5)  # backends flush their statistics at most once a second
        after = read()
        return None if before is None or after is None else after - before
    return stop


def run_together(cmds, timeout):
    """Starts every (command, environment) at once and waits for all: [(returncode, stdout, stderr)]."""
    procs = [subprocess.Popen(cmd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for cmd, env in cmds]
    deadline = time.time() + timeout
    try:
        outs = [p.communicate(timeout=max(0.1, deadline - time.time())) for p in procs]
    except subprocess.TimeoutExpired:
        for p in procs:
            p.kill()
            p.wait()
        raise
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outs)]


def merge_wrk(results):
    """Two wrk runs side by side as one: counts summed over the same span (the longer one's); latency
    percentiles cannot be merged without the histograms, so each is the worse of the two."""
    if len(results) == 1:
        return results[0]
    statuses = {}
    for r in results:
        for code, k in r["statuses"].items():
            statuses[code] = statuses.get(code, 0) + k
    requests = sum(r["requests"] for r in results)
    latency = {k: max(r["latency_us"][k] for r in results) for k in results[0]["latency_us"]}
    latency["min"] = min(r["latency_us"]["min"] for r in results)
    latency["mean"] = sum(r["latency_us"]["mean"] * r["requests"] for r in results) / max(1, requests)
    return dict(duration_us=max(r["duration_us"] for r in results), requests=requests,
                bytes=sum(r["bytes"] for r in results), statuses=statuses,
                errors={k: sum(r["errors"][k] for r in results) for k in results[0]["errors"]}, latency_us=latency)


def wrk(args, targets, script, env_extra, server_pids, perf_name=None, sync_probe=None, db_cpu=None):
    """One load: a wrk per (port, threads, connections, first thread) target, all at once; one merged result."""
    cmds = []
    for port, threads, connections, first in targets:
        env = dict(os.environ, INGEST_LUA_DIR=str(HERE), INGEST_THREADS=str(sum(x[1] for x in targets)),
                   INGEST_THREAD_BASE=str(first), INGEST_AT=EVENT_AT, **env_extra)
        cmds.append((NICE + ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{args.duration}s",
                             "--timeout", f"{WRK_TIMEOUT}s", "-s", str(HERE / script), f"http://127.0.0.1:{port}"], env))
    perf = None
    if perf_name:
        perf = subprocess.Popen(["perf", "record", "-q", "-F", "499", "-g", "-p", ",".join(map(str, server_pids)),
                                 "-o", str(OUT / f"{perf_name}.data")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sync_stop = sync_probe() if sync_probe else (lambda: None)
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    d0 = db_cpu() if db_cpu else 0.0
    s0, m0, t0 = sum(map(cpu_seconds, server_pids)), machine_busy(), time.time()
    done = run_together(cmds, timeout=args.duration + 60)
    s1, m1, t1 = sum(map(cpu_seconds, server_pids)), machine_busy(), time.time()
    d1 = db_cpu() if db_cpu else 0.0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    syncs = sync_stop()
    if perf:
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=120)
        perf_report(OUT / f"{perf_name}.data", OUT / f"{perf_name}.txt")
    results = []
    for returncode, stdout, stderr in done:
        line = next((l for l in stdout.splitlines() if l.startswith("INGEST-RESULT ")), None)
        if returncode != 0 or line is None:
            raise RuntimeError(f"wrk failed ({returncode}):\n{stdout}\n{stderr}")
        results.append(json.loads(line[len("INGEST-RESULT "):]))
    r = merge_wrk(results)
    wall = t1 - t0
    r["server_cores"] = (s1 - s0) / wall
    r["wrk_cores"] = ((ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)) / wall
    r["db_cores"] = (d1 - d0) / wall if db_cpu else None
    r["other_cores"] = max(0.0, (m1 - m0) / wall - r["server_cores"] - r["wrk_cores"] - (r["db_cores"] or 0.0))
    r["wrk_output"] = done[0][1] if len(done) == 1 else "".join(
        f"==== wrk against 127.0.0.1:{port} ====\n{stdout}\n" for (port, *_), (_, stdout, _) in zip(targets, done))
    r["syncs"] = syncs
    return r


def summarize(r, ok_status, events_per_request):
    secs = r["duration_us"] / 1e6
    ok = r["statuses"].get(str(ok_status), 0)
    non2xx = sum(n for s, n in r["statuses"].items() if not 200 <= int(s) < 300)
    other2xx = sum(n for s, n in r["statuses"].items() if 200 <= int(s) < 300 and int(s) != ok_status)
    socket_errors = sum(r["errors"][k] for k in ("connect", "read", "write", "timeout"))
    return dict(req_s=r["requests"] / secs, ok=ok, ok_s=ok / secs, events=ok * events_per_request,
                events_s=ok * events_per_request / secs, p50=r["latency_us"]["p50"] / 1000, p99=r["latency_us"]["p99"] / 1000,
                non2xx=non2xx + other2xx, statuses=r["statuses"], socket_errors=socket_errors,
                server_cores=r["server_cores"], wrk_cores=r["wrk_cores"], other_cores=r["other_cores"], db_cores=r["db_cores"],
                syncs=r["syncs"], syncs_s=None if r["syncs"] is None else r["syncs"] / secs)


def count_events(backend, db, prefix) -> int:
    # An application's key is `provider|id` (ids are unique per organization); older databases keyed by the bare id.
    q = f"SELECT COUNT(*) FROM events WHERE application LIKE '{prefix}%' OR application LIKE '%|{prefix}%'"
    if backend == "sqlite":
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            return c.execute(q).fetchone()[0]
    return int(run(["psql", db["admin_url"], "-Atc", q], timeout=60).stdout.strip())


def loads(args):
    """(name, wrk script, application id prefix, the status that accepts, events per request) of each load."""
    return (("GET /health (ceiling)", "health.lua", "", 200, 0),
            ("1 event / POST", "single.lua", "S-", 201, 1),
            (f"{args.batch} events / POST", "bulk.lua", "B-", 201, args.batch))


def halves(args, port_a, port_b):
    """Two wrk targets, one per server, with half of the connections each and max(1, T // 2) threads; the second
    one's threads come after the first one's, so the whole load's threads start as far apart as one wrk's do."""
    threads = max(1, args.threads // 2)
    first = args.connections // 2
    return [(port_a, threads, max(threads, first), 0), (port_b, threads, max(threads, args.connections - first), threads)]


def key_origin(log_path, port):
    """The audit key a server signs with, from its start-up line "Rasim is listening on … (…; audit key: …)"."""
    found = None
    with open(log_path, errors="replace") as f:
        for line in f:
            m = re.match(rf"Rasim is listening on http://127\.0\.0\.1:{port}/ \(.*; audit key: (.+)\)$", line.rstrip("\n"))
            if m:
                found = m.group(1)
    return found


def two_server_loads(args, binary, backend, db_url, port, token, common, sync_probe, db_cpu, procs):
    """--servers 2: a second server on the same database, then each ingest load once more through both servers at
    once. The second server gets --no-demo (the first one loaded it) and the first one's working directory and
    environment, hence the same audit key: both sign the one audit log. Both loads rotate over the same
    applications (S2-/B2-, apart from the one-server loads'): concurrent writers on the same rows.
    Returns the runs and what the table says about the servers."""
    n = args.apps
    port_b = free_port()
    log_b = OUT / f"server-{backend}-2.log"
    log_b.unlink(missing_ok=True)
    log(f"[{backend}] second server on the same database, port {port_b} …")
    procs.append(start_server(binary, db_url, port_b, log_b, demo=False, log_level=args.log_level))
    t = time.time()
    for prefix in ("S2-", "B2-"):
        create_applications(port, token, prefix, n)
    log(f"[{backend}] {2 * n} more applications created in {time.time() - t:.1f} s")
    targets = halves(args, port, port_b)
    runs = []
    for name, script, prefix, ok_status, per in loads(args):
        if not per:
            continue
        prefix = prefix.replace("-", "2-")
        log(f"[{backend}] wrk {args.duration} s through two servers: {name} …")
        r = wrk(args, targets, script, dict(common, INGEST_PREFIX=prefix), [p.pid for p in procs],
                perf_name=f"perf-{backend}-{script[:-4]}-2servers" if args.perf else None,
                sync_probe=lambda: sync_probe(procs[0].pid), db_cpu=db_cpu)
        (OUT / f"wrk-{backend}-{script[:-4]}-2servers.txt").write_text(r.pop("wrk_output"))
        runs.append((name, prefix, per, summarize(r, ok_status, per)))
    info = dict(ports=(port, port_b), targets=targets, logs=(f"server-{backend}.log", log_b.name),
                keys=(key_origin(OUT / f"server-{backend}.log", port), key_origin(log_b, port_b)))
    return runs, info


def audit_verify(binary, db_url):
    """`rasim audit verify` in the servers' working directory and environment, so with their audit key:
    (passed, its exit status, what it printed)."""
    r = run([str(binary), "audit", "verify", "--database", db_url], cwd=OUT, check=False, timeout=3600)
    return r.returncode == 0, r.returncode, " ".join((r.stdout + r.stderr).split())[:600]


def bench(args, binary, backend, db_url, db_for_count, title, notes, sync_probe, sync_note, db_cpu=None, servers=1):
    """Runs the three loads on one fresh database (with servers=2, the ingest loads once more through two
    servers); returns the printed table (a string)."""
    n = args.apps
    port = args.port or free_port()
    log_path = OUT / f"server-{backend}.log"
    log_path.unlink(missing_ok=True)
    log(f"[{backend}] first start with the demo data …")
    stop_server(start_server(binary, db_url, port, log_path, demo=True, log_level=args.log_level))
    token = make_token(binary, db_url)
    server = start_server(binary, db_url, port, log_path, demo=False, log_level=args.log_level)
    procs = [server]
    two, info = [], None
    try:
        t = time.time()
        for prefix in ("S-", "B-"):
            create_applications(port, token, prefix, n)
        log(f"[{backend}] {2 * n} applications created in {time.time() - t:.1f} s")
        common = dict(RASIM_TOKEN=token, INGEST_APPS=str(n), INGEST_BATCH=str(args.batch), INGEST_SPREAD=str(args.spread))
        runs = []
        for name, script, prefix, ok_status, per in loads(args):
            log(f"[{backend}] wrk {args.duration} s: {name} …")
            r = wrk(args, [(port, args.threads, args.connections, 0)], script, dict(common, INGEST_PREFIX=prefix or "S-"),
                    [server.pid],
                    perf_name=f"perf-{backend}-{script[:-4]}" if args.perf and per else None,
                    sync_probe=(lambda: sync_probe(server.pid)) if per else None, db_cpu=db_cpu)
            (OUT / f"wrk-{backend}-{script[:-4]}.txt").write_text(r.pop("wrk_output"))
            runs.append((name, prefix, per, summarize(r, ok_status, per)))
        if servers == 2:
            two, info = two_server_loads(args, binary, backend, db_url, port, token, common, sync_probe, db_cpu, procs)
        log(f"[{backend}] stopping the server (SIGTERM) …" if servers == 1 else f"[{backend}] stopping both servers (SIGTERM) …")
        t = time.time()
        clean = stop_servers(procs)
        stop_s = time.time() - t
    finally:
        stop_servers(procs)
    audit = None
    if servers == 2:
        log(f"[{backend}] rasim audit verify …")
        audit = audit_verify(binary, db_url)
        # Rows side by side: each ingest load through one server, then through two.
        ratios = [both[3]["events_s"] / one[3]["events_s"] if one[3]["events_s"] else float("nan")
                  for one, both in zip(runs[1:], two)]
        runs = runs[:1] + [row for one, both in zip(runs[1:], two)
                           for row in ((one[0] + ", 1 server",) + one[1:], (both[0] + ", 2 servers",) + both[1:])]
    # Durability: after the server stopped, every accepted event is in the database (in-flight requests at
    # wrk's stop may have committed without being counted, so the database may hold a few more).
    durable = {}
    for name, prefix, per, s in runs:
        if per:
            stored = count_events(backend, db_for_count, prefix) - 2 * n
            durable[name] = (stored, s["events"])

    health = runs[0][3]["req_s"]
    lines = [title]
    lines += [f"  {x}" for x in notes]
    lines.append(f"  wrk {args.threads} threads × {args.connections} connections, {args.duration} s each, 127.0.0.1; "
                 f"{n} applications per load; bulk: {args.batch} events over {args.spread} applications; only 201 counts as accepted; "
                 f"answers slower than {WRK_TIMEOUT} s count as socket errors (timeouts) and are not in p50/p99")
    if servers == 2:
        (t_a, t_b), (port_a, port_b) = info["targets"], info["ports"]
        keys = info["keys"][0] if info["keys"][0] == info["keys"][1] else f"DIFFERENT: {info['keys'][0]} / {info['keys'][1]}"
        lines.append(f"  2 servers: 127.0.0.1:{port_a} and :{port_b} on this one database, audit key of both: {keys}; "
                     f"each 2-server load is two wrk at once, one per server (-t {t_a[1]} -c {t_a[2]} and -t {t_b[1]} -c {t_b[2]}), "
                     f"on applications S2-/B2-; counts summed over both, p50/p99 the worse of the two")
    w = max([21] + [len(name) for name, *_ in runs])
    hdr = (f"  {'load':<{w}} {'req/s':>7} {'events/s':>8} {'p50 ms':>7} {'p99 ms':>8} {'accepted':>8} {'non-2xx':>7} "
           f"{'sockerr':>7} {'÷health':>7} {'syncs/s':>7} {'ev/sync':>7} {'CPU: server':>11} {'db':>4} {'wrk':>4} {'others':>6}")
    lines += [hdr, "  " + "-" * (len(hdr) - 2)]
    for name, prefix, per, s in runs:
        ev = f"{s['events_s']:8.0f}" if per else f"{'—':>8}"
        acc = s["ok"] * per if per else s["ok"]
        syncs = f"{s['syncs_s']:7.0f}" if s["syncs_s"] is not None else f"{'—':>7}"
        per_sync = f"{s['events'] / s['syncs']:7.1f}" if s["syncs"] else f"{'—':>7}"
        fmt_db = f"{s['db_cores']:4.2f}" if s["db_cores"] is not None else f"{'—':>4}"
        lines.append(f"  {name:<{w}} {s['req_s']:7.0f} {ev} {s['p50']:7.2f} {s['p99']:8.2f} {acc:8d} {s['non2xx']:7d} "
                     f"{s['socket_errors']:7d} {s['req_s'] / health:7.3f} {syncs} {per_sync} "
                     f"{s['server_cores']:11.2f} {fmt_db} {s['wrk_cores']:4.2f} {s['other_cores']:6.2f}")
    lines.append("  (÷health: req/s over GET /health's req/s; syncs: " + sync_note + "; ev/sync: accepted events per sync; "
                 "CPU: cores used by the server, by PostgreSQL's processes, by wrk, and by every other process on the machine)")
    if servers == 2:
        lines.append("  two servers / one (events/s): " + ", ".join(f"{load} {x:.2f}×" for load, x in zip(("single", "bulk"), ratios)))
    for name, prefix, per, s in runs:
        if s["non2xx"]:
            where = f"server-{backend}.log" if not name.endswith("2 servers") else " and ".join(info["logs"])
            lines.append(f"  {name}: status codes {s['statuses']} (see {OUT.relative_to(ROOT)}/{where})")
    for name, (stored, accepted) in durable.items():
        verdict = "ok" if stored >= accepted else "LOST EVENTS"
        lines.append(f"  durability, {name}: {stored} events in the database after stop, {accepted} acknowledged — {verdict}")
    if servers == 1:
        lines.append(f"  server stop: {'exited on SIGTERM' if clean else 'did NOT exit 30 s after SIGTERM (killed)'} in {stop_s:.1f} s "
                     f"(it first finishes the requests wrk left in flight)")
    else:
        lines.append(f"  servers stop: {'both exited on SIGTERM' if clean else 'NOT both exited 30 s after SIGTERM (killed)'} in "
                     f"{stop_s:.1f} s (they first finish the requests wrk left in flight)")
        passed, code, said = audit
        lines.append(f"  audit log after both servers stopped: rasim audit verify exit {code} — "
                     f"{'ok' if passed else 'FAILED'}: {said}")
    best_name, best = max(((name, s["events_s"]) for name, _, per, s in runs if per), key=lambda x: x[1])
    met = best >= GOAL
    lines.append(f"  goal ≥ {GOAL} durable events/s: {'MET' if met else 'NOT MET'} "
                 f"(best: {best_name}, {best:.0f} events/s; "
                 + ", ".join(f"{name}: {'yes' if s['events_s'] >= GOAL else 'no'}" for name, _, per, s in runs if per) + ")")
    ok = all(stored >= accepted for stored, accepted in durable.values()) and (audit is None or audit[0])
    return "\n".join(lines), met, ok


def disk_note() -> str:
    """The floor under one durable commit: median time of a 4 KiB write + fdatasync in Benchmarks/out/ingest."""
    path = OUT / "fsync-probe.bin"
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        block = b"r" * 4096
        for i in range(200):
            t = time.perf_counter()
            os.pwrite(fd, block, (i % 64) * 4096)
            os.fdatasync(fd)
            times.append(time.perf_counter() - t)
    finally:
        os.close(fd)
        path.unlink(missing_ok=True)
    times.sort()
    return (f"disk: 4 KiB write + fdatasync median {times[len(times) // 2] * 1000:.2f} ms, "
            f"p90 {times[int(len(times) * 0.9)] * 1000:.2f} ms (the floor under one durable commit)")


# ---------------------------------------------------------------- PostgreSQL

def pg_clusters():
    if not shutil.which("pg_lsclusters"):
        return []
    out = run(["pg_lsclusters", "--no-header"], check=False).stdout
    return [l.split() for l in out.splitlines() if l.strip()]


def postgres_prepare(args):
    """Returns (url, admin_url, notes) or raises RuntimeError with the reason to skip."""
    if not shutil.which("pg_lsclusters"):
        log("PostgreSQL is missing: apt-get install -y postgresql")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "install", "-y", "postgresql"], env=env, stdout=sys.stderr, timeout=900)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, stdout=sys.stderr, timeout=600)
            r = subprocess.run(["apt-get", "install", "-y", "postgresql"], env=env, stdout=sys.stderr, timeout=900)
        if r.returncode != 0 or not shutil.which("pg_lsclusters"):
            raise RuntimeError("apt-get install -y postgresql failed")
    clusters = pg_clusters()
    if not clusters:
        versions = sorted((p.name for p in Path("/usr/lib/postgresql").iterdir()), key=lambda v: int(v.split(".")[0]))
        if not versions:
            raise RuntimeError("no PostgreSQL server version under /usr/lib/postgresql")
        run(["pg_createcluster", versions[-1], "main"], timeout=120)
        clusters = pg_clusters()
    ver, name, port, status = clusters[0][:4]
    if status != "online":
        log(f"starting PostgreSQL cluster {ver}/{name} (port {port}); it is stopped again at the end")
        run(["pg_ctlcluster", ver, name, "start"], timeout=120)
        cleanups.append(lambda: run(["pg_ctlcluster", ver, name, "stop"], timeout=120, check=False))
    deadline = time.time() + 60
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", port]).returncode != 0:
        if time.time() > deadline:
            raise RuntimeError(f"pg_isready -h 127.0.0.1 -p {port} still fails after 60 s")
        time.sleep(0.5)

    def su(sql):
        return run(["runuser", "-u", "postgres", "--", "psql", "-p", port, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
                   timeout=120, cwd="/tmp").stdout.strip()
    su(f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
       f"CREATE ROLE {PG_ROLE} LOGIN PASSWORD '{PG_PASSWORD}'; END IF; END$$")
    su(f"ALTER ROLE {PG_ROLE} LOGIN PASSWORD '{PG_PASSWORD}'")
    su(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    su(f"CREATE DATABASE {PG_DB} OWNER {PG_ROLE}")
    settings = su("SELECT concat_ws('|', current_setting('server_version'), current_setting('fsync'), "
                  "current_setting('synchronous_commit'), current_setting('wal_sync_method'), "
                  "current_setting('commit_delay'), current_setting('max_connections'))").split("|")
    url = f"postgres://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:{port}/{PG_DB}?sslmode=disable"
    admin_url = f"postgresql://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:{port}/{PG_DB}?sslmode=disable"
    notes = [disk_note(), f"PostgreSQL {settings[0]} on 127.0.0.1:{port}: fsync={settings[1]}, synchronous_commit={settings[2]}, "
             f"wal_sync_method={settings[3]}, commit_delay={settings[4]}"]
    return url, admin_url, notes


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=15, help="seconds of load per run (default 15)")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    ap.add_argument("--connections", type=int, default=64, help="wrk connections (default 64)")
    ap.add_argument("--apps", type=int, default=1000, help="applications appended to, per load (default 1000)")
    ap.add_argument("--batch", type=int, default=100, help="events per bulk request (default 100)")
    ap.add_argument("--spread", type=int, default=0,
                    help="applications per bulk request (default: --batch, one event per application)")
    ap.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    ap.add_argument("--log-level", default=None, help="RASIM_LOG_LEVEL for the server (default: the server's, info)")
    ap.add_argument("--only", choices=["sqlite", "postgres"], help="run one database only")
    ap.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    ap.add_argument("--no-build", action="store_true", help="reuse the rasim binary already built")
    ap.add_argument("--scratch-path", help="SwiftPM scratch path (default .build-bench, or .build-ingest when that is busy)")
    ap.add_argument("--perf", action="store_true",
                    help="profile the server with perf record during the ingest loads (Benchmarks/out/ingest/perf-*.txt); "
                         "perf's own cost lowers the figures")
    ap.add_argument("--nice", type=int, default=None,
                    help="run the server and wrk under nice -n N (e.g. -10 on a machine busy with other work)")
    ap.add_argument("--strict", action="store_true", help="exit 2 when the goal is not met")
    ap.add_argument("--servers", type=int, choices=[1, 2], default=1,
                    help="2: run each ingest load on PostgreSQL once more through two servers on the same database "
                         "(the SQLite half keeps one server; default 1)")
    args = ap.parse_args()
    args.spread = args.spread or args.batch
    if args.nice is not None:
        NICE[:] = ["nice", "-n", str(args.nice)]
    if args.apps < 1 or args.apps > 99_999 or args.batch < 1 or args.duration < 1:
        ap.error("--apps must be 1 … 99999, --batch and --duration ≥ 1")
    if args.servers == 2 and (args.only == "sqlite" or args.no_postgres):
        ap.error("--servers 2 runs two servers on one PostgreSQL database; it cannot go with --only sqlite or --no-postgres")

    def on_signal(sig, _frame):
        raise SystemExit(128 + sig)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    OUT.mkdir(parents=True, exist_ok=True)
    tables, all_met, all_ok = [], True, True

    def emit(text):
        tables.append(text)
        print(text + "\n", flush=True)
    try:
        binary = build(args)
        ensure_wrk()
        load = os.getloadavg()
        emit(f"rasim ingest benchmark — {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, "
                      f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at start; "
                      f"server log level {args.log_level or 'info (default)'}"
             + (f"; server and wrk under nice -n {args.nice}" if args.nice is not None else ""))
        if args.only in (None, "sqlite"):
            db = OUT / "ingest.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(str(db) + suffix).unlink(missing_ok=True)
            table, met, ok = bench(args, binary, "sqlite", f"sqlite://{db}", db,
                                   "SQLite (WAL, synchronous=FULL, one writer with group commit)",
                                   [f"database {db.relative_to(ROOT)}", disk_note()], sqlite_sync_probe,
                                   "the server's fsync + fdatasync calls (perf stat)")
            emit(table)
            all_met &= met
            all_ok &= ok
        if args.only in (None, "postgres"):
            if args.no_postgres:
                emit("PostgreSQL: skipped (--no-postgres)")
            else:
                try:
                    url, admin_url, notes = postgres_prepare(args)
                except (RuntimeError, subprocess.SubprocessError, OSError) as e:
                    detail = getattr(e, "stderr", "") or ""
                    emit(f"PostgreSQL: skipped — {e} {detail.strip()}".strip())
                else:
                    table, met, ok = bench(args, binary, "postgres", url, {"admin_url": admin_url},
                                           "PostgreSQL (one writer with group commit, one transaction per group)", notes,
                                           lambda _pid: postgres_sync_probe(admin_url), "pg_stat_wal.wal_sync",
                                           db_cpu=postgres_cpu_seconds, servers=args.servers)
                    emit(table)
                    all_met &= met
                    all_ok &= ok
    finally:
        cleanup()
    (OUT / "results.txt").write_text("\n\n".join(tables) + "\n")
    if not all_ok:
        sys.exit(1)
    if args.strict and not all_met:
        sys.exit(2)


if __name__ == "__main__":
    main()
