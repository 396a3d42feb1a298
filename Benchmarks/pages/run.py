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
import json
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent / "lib"))
from rasimbench import Server, sign_in  # noqa: E402


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def demo_server(binary, database, n):
    """`rasim serve --demo` with N demo applications on a fresh database."""
    return Server(binary, database, ["--demo"], env={"RASIM_DEMO_APPLICATIONS": str(n)}, ready_within=3600)


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
            server = demo_server(binary, database, n)
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
