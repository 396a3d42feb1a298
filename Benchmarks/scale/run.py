#!/usr/bin/env python3
"""National scale: the lists as queries (issue 18) against the code before them, side by side in one run.

One command from the repository root:  python3 Benchmarks/scale/run.py  (see Benchmarks/README.md, "Scale").

For each size N (default 300, 10 000 and 100 000 applications; --large adds 1 000 000 for the current code) and
for each build — `current` (this checkout) and `baseline` (--baseline REV, default 9e4c3c1: the last commit
before the lists became queries, built from a git worktree) — it:
  1. makes an SQLite database with that build's demo generator (`RASIM_DEMO_APPLICATIONS=N rasim serve --demo`,
     the same generator in both builds), kept in Benchmarks/out/scale/ for the next run;
  2. starts `rasim serve` on it, signs in as the inspector (who sees every organization: the widest lists) and
     makes an API token for the inspector;
  3. reads every route once (the current build brings its kept judgements up to date on the first read), then
     drives each route with wrk on loopback (-t 1 -c 2 -d --duration) and reads the p50/p95/p99 latencies:
       /dashboard, /applications?status=overdue (a filtered register page), an application's page,
       GET /api/v1/findings (all the inspector sees; its rows are reported), /applications.xlsx (the register
       exported: sequentially --exports times, its size and the server's peak memory during it);
  4. reads the server's resident memory (VmRSS) after the loads and its peak (VmHWM);
  5. stops the server with SIGTERM (SIGKILL 30 s later) on every path.
The table (markdown) is printed and written to Benchmarks/out/scale/results.md; the raw figures to results.json.
--postgres URL runs on PostgreSQL instead (results-postgresql.*); --month and --skip-all-findings shape the findings
queries (a filtered one of about 10 000 rows at a million applications; the unfiltered one left out there).
The ratio baseline / current is the figure: the same routes, data, machine and load, in one run.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "Benchmarks" / "out" / "scale"
sys.path.insert(0, str(HERE.parent / "lib"))
from rasimbench import Server, sign_in  # noqa: E402


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def build(source, scratch):
    log(f"building {source} (release, {scratch}) …")
    subprocess.run(["swift", "build", "-c", "release", "--product", "rasim", "--scratch-path", str(scratch)], cwd=source, check=True,
                   stdout=subprocess.DEVNULL)
    return scratch / "release" / "rasim"


def baseline_source(rev):
    src = OUT / f"baseline-{rev}"
    if not (src / "Package.swift").exists():
        shutil.rmtree(src, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        subprocess.run(["git", "worktree", "add", "--detach", str(src), rev], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return src


def pg_url(base, name):
    """The URL `base` (postgres://user:pw@host:port/any?…) with the database `name`."""
    u = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))


def key_options(side, n, args):
    """PostgreSQL has no file beside it for the audit key: each benchmark database gets its own, in OUT."""
    return ["--audit-key-file", str(OUT / f"{side}-{n}.pg.audit-key")] if args.postgres else []


def database(binary, side, n, args):
    if args.postgres:
        # One database per build and size on the given server (a role that may create databases), kept for the next run.
        name = f"rasim_scale_{side}_{n}"
        url = pg_url(args.postgres, name)
        # Made already when it holds the N applications (a table both builds have; judgement_marks is the current's only).
        ready = subprocess.run(["psql", url, "-tAc", "SELECT count(*) FROM applications"], capture_output=True, text=True)
        if ready.returncode == 0 and ready.stdout.strip() == str(n):
            return url
        subprocess.run(["psql", pg_url(args.postgres, "postgres"), "-c", f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
        subprocess.run(["psql", pg_url(args.postgres, "postgres"), "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        log(f"  {side} {n}: making the demo database on PostgreSQL …")
        t = time.time()
        key = OUT / f"{side}-{n}.pg.audit-key"
        if key.exists():
            key.unlink()
        keep = ["--keep-judgements-every", "0"] if side == "current" else []  # the baseline has no such option
        s = Server(binary, url, ["--demo", "--bcrypt-cost", "4", *keep, *key_options(side, n, args)],
                   env={"RASIM_DEMO_APPLICATIONS": str(n)})
        s.stop()
        log(f"    made in {time.time() - t:.0f} s")
        return url
    db = OUT / f"{side}-{n}.sqlite"
    if db.exists():
        return db
    log(f"  {side} {n}: making the demo database …")
    t = time.time()
    tmp = OUT / f"{side}-{n}.making.sqlite"
    for f in OUT.glob(tmp.name + "*"):
        f.unlink()
    s = Server(binary, tmp, ["--demo", "--bcrypt-cost", "4", "--keep-judgements-every", "0"] if side == "current" else ["--demo", "--bcrypt-cost", "4"],
               env={"RASIM_DEMO_APPLICATIONS": str(n)})
    s.stop()
    for suffix in ("", "-wal", "-shm", ".audit-key"):
        if Path(str(tmp) + suffix).exists():
            os.replace(str(tmp) + suffix, str(db) + suffix)
    log(f"    made in {time.time() - t:.0f} s")
    return db


def token(binary, db, keys):
    r = subprocess.run([str(binary), "token", "create", "--user", "inspector", "--database", str(db), *keys], capture_output=True, text=True, check=True)
    return r.stdout.strip()


def wrk(server, path, headers, duration):
    env = dict(os.environ, SCALE_PATH=path, SCALE_HEADERS="|".join(f"{k}: {v}" for k, v in headers.items()),
               INGEST_LUA_DIR=str(HERE.parent / "ingest"))
    r = subprocess.run(["wrk", "-t", "1", "-c", "2", "-d", f"{duration}s", "--timeout", "120s", "-s", str(HERE / "get.lua"),
                        f"http://127.0.0.1:{server.port}"], env=env, capture_output=True, text=True)
    line = next((l for l in r.stdout.splitlines() if l.startswith("INGEST-RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {path}: {r.stdout[-1000:]} {r.stderr[-1000:]}")
    raw = json.loads(line[len("INGEST-RESULT "):])
    if set(raw["statuses"]) - {"200"}:
        raise SystemExit(f"{path}: answers other than 200: {raw['statuses']}")
    latency, errors = raw["latency_us"], raw["errors"]
    return {"requests": raw["requests"], "p50": latency["p50"], "p95": latency["p95"], "p99": latency["p99"], "max": latency["max"],
            "statuses": raw["statuses"], "socketErrors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]}


def measure(binary, side, n, args):
    db = database(binary, side, n, args)
    keys = key_options(side, n, args)
    bearer = token(binary, db, keys)
    extra = (["--no-demo", "--keep-judgements-every", "0"] if side == "current" else ["--no-demo"]) + keys
    engine = "postgresql" if args.postgres else "sqlite"
    server = Server(binary, db, extra)
    rows = []
    try:
        cookie = sign_in(server)
        page = {"Cookie": cookie}
        api = {"Authorization": "Bearer " + bearer}
        # An application to open: the register's first.
        status, _, csv = server.request("GET", "/applications.csv?status=overdue", headers=page)
        first = csv.decode("utf-8-sig").split("\r\n")[1].split(";")[0]
        _, _, html = server.request("GET", "/applications?status=overdue", headers=page)
        href = re.search(r'href="(/applications/' + re.escape(urllib.parse.quote(first, safe="")) + r'\?provider=[^"]+)"', html.decode())
        app_path = href.group(1).replace("&amp;", "&") if href else "/applications/" + first
        routes = [("dashboard", "/dashboard", page), ("register ?status=overdue", "/applications?status=overdue", page),
                  ("application page", app_path, page), ("GET /api/v1/findings", "/api/v1/findings", api),
                  # One code in one month: about 10 000 rows at a million applications (the API figure).
                  ("GET /api/v1/findings?code=term_breach, one month", "/api/v1/findings?code=term_breach&from=" + args.month + "-01&to=" + args.month + "-28", api)]
        if args.skip_all_findings and n >= 1_000_000:
            routes = [r for r in routes if r[1] != "/api/v1/findings"]
        for name, path, headers in routes:
            t = time.perf_counter()
            status, _, body = server.request("GET", path, headers=headers)
            first_ms = (time.perf_counter() - t) * 1000
            if status != 200:
                raise SystemExit(f"{side} {n} {path}: {status}")
            extra_info = {}
            if path.startswith("/api/"):
                extra_info["rows"] = len(json.loads(body)["findings"])
            result = wrk(server, path, headers, args.duration)
            rss, hwm = server.memory()
            rows.append({"side": side, "engine": engine, "applications": n, "route": name, "first_ms": round(first_ms, 1), **result, "rss_mib": round(rss), "hwm_mib": round(hwm), **extra_info})
            log(f"  {side:8} {n:>9} {name:26} p50 {result['p50'] / 1000:9.1f} ms  p95 {result['p95'] / 1000:9.1f} ms  p99 {result['p99'] / 1000:9.1f} ms"
                f"  ({result['requests']} requests; RSS {rss:.0f} MiB){'  rows ' + str(extra_info['rows']) if extra_info else ''}")
        # The export: sequential downloads, their time, size, and the server's peak memory over them.
        times, size = [], 0
        before, _ = server.memory()
        for _ in range(args.exports):
            t = time.perf_counter()
            status, _, body = server.request("GET", "/applications.xlsx", headers=page)
            times.append((time.perf_counter() - t) * 1000)
            size = len(body)
            if status != 200:
                raise SystemExit(f"{side} {n} export: {status}")
        rss, hwm = server.memory()
        times.sort()
        rows.append({"side": side, "engine": engine, "applications": n, "route": "/applications.xlsx (export)", "p50": int(times[len(times) // 2] * 1000),
                     "p95": int(times[-1] * 1000), "p99": int(times[-1] * 1000), "requests": len(times), "bytes": size,
                     "rss_mib": round(rss), "hwm_mib": round(hwm), "rss_before_mib": round(before)})
        log(f"  {side:8} {n:>9} {'export':26} median {times[len(times) // 2]:9.1f} ms, {size / 1e6:.1f} MB; RSS {before:.0f} → {rss:.0f} MiB, peak {hwm:.0f} MiB")
    finally:
        server.stop()
    return rows


def table(rows):
    lines = ["| applications | route | baseline p50 / p95 / p99 ms | current p50 / p95 / p99 ms | p95 baseline / current | current peak RSS |",
             "|---:|---|---:|---:|---:|---:|"]
    key = lambda r: (r["applications"], r["route"])
    by = {}
    for r in rows:
        by.setdefault(key(r), {})[r["side"]] = r
    fmt = lambda r: f"{r['p50'] / 1000:.1f} / {r['p95'] / 1000:.1f} / {r['p99'] / 1000:.1f}" if r else "—"
    for (n, route), sides in sorted(by.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        b, c = sides.get("baseline"), sides.get("current")
        ratio = f"{b['p95'] / max(1, c['p95']):.1f}×" if b and c else "—"
        label = route + (f" ({c['rows']} rows)" if c and "rows" in c else "") + (f" ({c['bytes'] / 1e6:.1f} MB)" if c and "bytes" in c else "")
        lines.append(f"| {n:,} | {label} | {fmt(b)} | {fmt(c)} | {ratio} | {c['hwm_mib'] if c else '—'} MiB |".replace(",", " "))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="300,10000,100000", help="comma-separated numbers of applications (both builds)")
    ap.add_argument("--large", action="store_true", help="also 1 000 000 applications, current build only")
    ap.add_argument("--baseline", default="9e4c3c1", help="the commit to compare with")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--baseline-binary", help="a release build of the baseline made already (instead of a worktree and a build)")
    ap.add_argument("--duration", type=int, default=10, help="seconds of wrk per route")
    ap.add_argument("--exports", type=int, default=3)
    ap.add_argument("--no-build", action="store_true", help="use the builds already made")
    ap.add_argument("--postgres", help="run on PostgreSQL instead of SQLite: a URL of the server (its role may create databases); "
                    "each build and size gets a database rasim_scale_<build>_<size>, kept for the next run")
    ap.add_argument("--month", default="2026-06", help="the month of the filtered findings query (YYYY-MM; the demo's data lie in the eleven months before it was made)")
    ap.add_argument("--skip-all-findings", action="store_true", help="at 1 000 000 applications, leave out the unfiltered findings answer (hundreds of thousands of rows)")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    current = ROOT / ".build-bench" / "release" / "rasim"
    if not args.no_build:
        current = build(ROOT, ROOT / ".build-bench")
    sides = [("current", current)]
    if args.baseline_binary:
        sides.insert(0, ("baseline", Path(args.baseline_binary)))
    elif not args.no_baseline:
        src = baseline_source(args.baseline)
        baseline = src / ".build-bench" / "release" / "rasim"
        if not args.no_build or not baseline.exists():
            baseline = build(src, src / ".build-bench")
        sides.insert(0, ("baseline", baseline))
    rows = []
    for n in sizes:
        for side, binary in sides:
            rows += measure(binary, side, n, args)
    if args.large:
        rows += measure(current, "current", 1_000_000, args)
    suffix = "-postgresql" if args.postgres else ""
    (OUT / f"results{suffix}.json").write_text(json.dumps(rows, indent=1))
    text = table(rows)
    (OUT / f"results{suffix}.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
