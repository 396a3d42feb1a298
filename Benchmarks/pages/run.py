#!/usr/bin/env python3
"""The lists at scale: kept judgements against judging every application on every read, side by side.

One command from the repository root:  python3 Benchmarks/pages/run.py  (see Benchmarks/README.md).

For each size N (300 and 20 000 applications; 100 000 with --large) it makes a fresh SQLite database with
`RASIM_DEMO_APPLICATIONS=N rasim serve --demo`, signs in as the inspector (who sees every organization) and
times, for the dashboard, the register and GET /api/v1/findings:
  - fresh: the judgements forgotten just before (`DELETE FROM judgements …` on the database) — every
    application judged as the request comes, as every read did before judgements were kept;
  - kept:  the same request again (median of --repeat) — the kept judgements read, nothing judged again
    but what no longer holds.
The ratio fresh / kept is the figure; both run against the same server, data and build, in one run. The
answers of both must be byte-identical (checked). The server is stopped with SIGTERM on every path.
"""
import argparse
import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, database, n, port):
        env = dict(os.environ, RASIM_DEMO_APPLICATIONS=str(n))
        self.port = port
        self.proc = subprocess.Popen([str(binary), "serve", "--database", str(database), "--demo", "--port", str(port)],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 3600
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("the server stopped: " + self.proc.stderr.read()[-2000:])
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the server did not start within an hour")

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            c.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def sign_in(server):
    status, headers, body = server.request("GET", "/signin")
    cookie = "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")
    csrf = re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf": csrf, "username": "inspector", "password": demo_password()})
    status, headers, _ = server.request("POST", "/signin", form, {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    if status != 303:
        raise SystemExit(f"sign-in answered {status}")
    return "; ".join(v.split(";")[0] for k, v in headers if k.lower() == "set-cookie")


def demo_password():
    text = (ROOT / "Sources" / "Platform" / "WebServer" / "Demo.swift").read_text()
    return re.search(r'static let password = "([^"]+)"', text).group(1)


def timed(server, path, cookie):
    t = time.perf_counter()
    status, _, body = server.request("GET", path, headers={"Cookie": cookie})
    elapsed = time.perf_counter() - t
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    # The page carries the session's CSRF token; the rest must be the same whichever way it was judged.
    return elapsed, re.sub(rb'name="csrf" value="[0-9a-f]+"', b"", body)


def forget(database):
    with sqlite3.connect(database, timeout=60) as db:
        db.execute("DELETE FROM judgement_findings")
        db.execute("DELETE FROM judgements")
        # Since issue 18 the lists follow the audit log from a mark: forgetting the judgements forgets the mark too.
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'judgement_marks'").fetchone():
            db.execute("DELETE FROM judgement_marks")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=str(ROOT / ".build-bench" / "release" / "rasim"), help="a release build of rasim")
    ap.add_argument("--sizes", default="300,20000", help="comma-separated numbers of applications")
    ap.add_argument("--large", action="store_true", help="also 100 000 applications")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    binary = Path(args.binary)
    if not binary.exists():
        raise SystemExit(f"no build at {binary}: swift build -c release --scratch-path .build-bench --product rasim")
    sizes = [int(s) for s in args.sizes.split(",")] + ([100_000] if args.large else [])
    paths = ["/dashboard", "/applications", "/api/v1/findings"]
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="rasim-pages-") as tmp:
            database = Path(tmp) / "bench.sqlite"
            log(f"{n} applications: making the demo database …")
            t = time.time()
            server = Server(binary, database, n, free_port())
            try:
                log(f"  ready in {time.time() - t:.0f} s")
                cookie = sign_in(server)
                for path in paths:
                    fresh_times, kept_times = [], []
                    for _ in range(args.repeat):
                        forget(database)
                        fresh, fresh_body = timed(server, path, cookie)
                        kept, kept_body = timed(server, path, cookie)
                        if kept_body != fresh_body:
                            raise SystemExit(f"{path} at {n}: the kept answer differs from the fresh one")
                        fresh_times.append(fresh)
                        kept_times.append(kept)
                    # Steady state: further reads with nothing to judge again.
                    for _ in range(args.repeat):
                        kept_times.append(timed(server, path, cookie)[0])
                    f, k = statistics.median(fresh_times), statistics.median(kept_times)
                    results.append({"applications": n, "path": path, "fresh_ms": round(f * 1000, 1), "kept_ms": round(k * 1000, 1),
                                    "ratio": round(f / k, 2)})
                    log(f"  {path:18} fresh {f * 1000:8.1f} ms   kept {k * 1000:8.1f} ms   {f / k:6.2f}×")
            finally:
                server.stop()
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
