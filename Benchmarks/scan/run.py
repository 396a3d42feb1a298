#!/usr/bin/env python3
"""Scan benchmark: `rasim scan` vs DuckDB over the same flat CSV (Benchmarks/README.md, "Scan").

    python3 Benchmarks/scan/run.py                 # 10,000,000 rows, 3 runs each
    python3 Benchmarks/scan/run.py --rows 1000000  # a quicker run

One command, from anywhere (paths are resolved from this file):

1. a virtual environment at Benchmarks/.venv (with the system's site packages, for numpy) gets duckdb from
   PyPI if it lacks it, and the script re-runs itself in it;
2. `swift build -c release --product rasim --scratch-path .build-bench` at the repository root (`--scratch-path P`
   for another build directory);
3. the calendar for DuckDB from `rasim calendar year Y`, Y = 2015…2026 (nonWorkingWeekdays,
   workingWeekendDays) → a day table with a working flag, a cumulative working-day index and the next working
   day; the zone offsets from the calendar data Rasim bundles (Sources/Platform/BundledData/Resources/calendar.json):
   DuckDB's own time-zone data is not used;
4. the data: Benchmarks/scan/generate.py --rows N --seed S, cached in Benchmarks/out/scan-N-sS/ (regenerated
   when generate.py changes);
5. one untimed `rasim scan --findings` run, and one untimed DuckDB load that writes the Parquet copy and checks
   every finding row by row (application, code, due, actual, late working days) against rasim's;
6. timed, R runs each (default 3), interleaved (rasim, DuckDB CSV, DuckDB Parquet, then again), wall clock: `rasim scan APPS --services SVC --as-of T --threads 2` (a child
   process; its peak RSS from wait4), DuckDB end to end (connect, SET threads=2, read the calendar, zones,
   services and the applications CSV into tables, run the query, fetch), and DuckDB's query alone over its
   Parquet file (tables other than the applications loaded beforehand);
7. the totals per code, per provider and per service must agree exactly between all runs of all sides
   (exit 1 otherwise); then the table: min and median seconds, rows/s at each, and the ratios.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VENV = ROOT / "Benchmarks" / ".venv"
OUT = ROOT / "Benchmarks" / "out"
SCRATCH = ".build-bench"
SEED = 20250101
AS_OF = "2026-01-15T12:00:00+05:00"
YEARS = range(2015, 2027)
EPOCH = dt.date(1970, 1, 1)
CODES = ["late_registration", "refusal_term_breach", "refusal_without_hearing", "refusal_without_reasons", "term_breach"]


# ---------------------------------------------------------------------------------------------- environment

def ensure_venv() -> None:
    """Create Benchmarks/.venv with duckdb, and re-run this script in it."""
    py = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not py.exists():
        print(f"creating {VENV.relative_to(ROOT)} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(VENV)], check=True)
    have = subprocess.run([str(py), "-c", "import duckdb, numpy"], capture_output=True).returncode == 0
    if not have:
        print("installing duckdb (and numpy if missing) into the venv …", file=sys.stderr)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "duckdb", "numpy"], check=True)
    os.execv(str(py), [str(py), str(Path(__file__).resolve())] + sys.argv[1:])


def run(cmd, **kw):
    print("$ " + " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def iso_instant(s: str) -> int:
    return int(dt.datetime.fromisoformat(s).timestamp())


# ---------------------------------------------------------------------------------------------- calendar

def export_calendar(rasim: Path, out: Path) -> tuple[Path, Path, Path]:
    """cal.csv (day, working, cum, next_day), zones.csv and the holiday list for the generator."""
    holidays, weekend_work = set(), set()
    for y in YEARS:
        d = json.loads(subprocess.run([str(rasim), "calendar", "year", str(y)], check=True, capture_output=True, text=True).stdout)
        holidays |= {e["date"] for e in d["nonWorkingWeekdays"]}
        weekend_work |= {e["date"] for e in d["workingWeekendDays"]}
    first, last = dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31)
    days, d = [], first
    while d <= last:
        s = d.isoformat()
        working = (d.weekday() < 5 and s not in holidays) or s in weekend_work
        days.append(((d - EPOCH).days, working))
        d += dt.timedelta(days=1)
    rows, cum = [], 0
    for n, w in days:
        cum += w
        rows.append([n, w, cum])
    # next_day: the first working day strictly after the day (−1 past the end).
    nxt = -1
    for r in reversed(rows):
        r.append(nxt)
        if r[1]:
            nxt = r[0]
    cal_csv = out / "scan-calendar.csv"
    with open(cal_csv, "w") as f:
        f.write("day,working,cum,next_day\n")
        for n, w, c, x in rows:
            f.write(f"{n},{'true' if w else 'false'},{c},{x if x >= 0 else ''}\n")
    # Zones: the offsets Rasim uses, from its bundled calendar data.
    data = json.loads((ROOT / "Sources" / "Platform" / "BundledData" / "Resources" / "calendar.json").read_text())
    zones_csv = out / "scan-zones.csv"
    with open(zones_csv, "w") as f:
        f.write("zone,s0,sw,off1,off2\n")
        for z in data["timeZones"]:
            offs = [(iso_instant(o["since"]), offset_seconds(o["offset"])) for o in z["offsets"]]
            assert 1 <= len(offs) <= 2, f"zone {z['id']}: the SQL handles at most one offset change"
            s0, o1 = offs[0]
            sw, o2 = offs[1] if len(offs) == 2 else (2**62, o1)
            f.write(f"{z['id']},{s0},{sw},{o1},{o2}\n")
    hol_json = out / "scan-holidays.json"
    hol_json.write_text(json.dumps({"holidays": sorted(holidays), "workingWeekendDays": sorted(weekend_work)}))
    return cal_csv, zones_csv, hol_json


def offset_seconds(s: str) -> int:
    sign = -1 if s[0] == "-" else 1
    return sign * (int(s[1:3]) * 3600 + int(s[4:6]) * 60)


# ---------------------------------------------------------------------------------------------- SQL

APPS_COLUMNS = ("{'app_id': 'VARCHAR', 'service_id': 'VARCHAR', 'provider_id': 'VARCHAR', 'channel': 'VARCHAR', "
                "'submitted_at': 'TIMESTAMPTZ', 'registered_at': 'TIMESTAMPTZ', 'decided_at': 'TIMESTAMPTZ', "
                "'result': 'VARCHAR', 'reasons_given': 'BOOLEAN', 'hearing_held': 'BOOLEAN'}")
SVC_COLUMNS = ("{'service_id': 'VARCHAR', 'term_working_days': 'INTEGER', 'refusal_term_working_days': 'INTEGER', "
               "'hearing_required': 'BOOLEAN', 'time_zone': 'VARCHAR', 'open': 'VARCHAR', 'close': 'VARCHAR'}")


def setup_sql(cal_csv: Path, zones_csv: Path, services_csv: Path, as_of: int) -> list[str]:
    """The small tables: calendar, working days by index, zones, services with their zone and asOf day."""
    return [
        f"CREATE TABLE cal AS SELECT * FROM read_csv('{cal_csv}', header=true, auto_detect=false, "
        f"columns={{'day': 'INTEGER', 'working': 'BOOLEAN', 'cum': 'INTEGER', 'next_day': 'INTEGER'}})",
        "CREATE TABLE wd AS SELECT cum AS idx, day FROM cal WHERE working",
        f"CREATE TABLE zones AS SELECT * FROM read_csv('{zones_csv}', header=true, auto_detect=false, "
        f"columns={{'zone': 'VARCHAR', 's0': 'BIGINT', 'sw': 'BIGINT', 'off1': 'INTEGER', 'off2': 'INTEGER'}})",
        f"""CREATE TABLE svc AS
            SELECT s.service_id, s.term_working_days AS term, s.refusal_term_working_days AS rt,
                   s.hearing_required AS hreq,
                   CAST(split_part(coalesce(nullif(s.close, ''), '18:30'), ':', 1) AS INTEGER) * 3600
                     + CAST(split_part(coalesce(nullif(s.close, ''), '18:30'), ':', 2) AS INTEGER) * 60 AS close_sec,
                   z.s0, z.sw, z.off1, z.off2,
                   ({as_of} + CASE WHEN {as_of} >= z.sw THEN z.off2 ELSE z.off1 END) // 86400 AS asof_day
            FROM read_csv('{services_csv}', header=true, auto_detect=false, columns={SVC_COLUMNS}) s
            JOIN zones z ON z.zone = coalesce(nullif(s.time_zone, ''), 'Asia/Almaty')""",
    ]


def load_apps_sql(apps_csv: Path) -> str:
    return (f"CREATE TABLE apps AS SELECT * FROM read_csv('{apps_csv}', header=true, auto_detect=false, "
            f"delim=',', quote='\"', columns={APPS_COLUMNS})")


def judged_sql(apps: str, as_of: int, detail: bool) -> str:
    """Per application the five flags, with FlatRecords.judge's semantics:

    - events after asOf have not happened; an application submitted after asOf is not judged;
    - an electronic application with neither registered_at nor decided_at (after that filter) never arrived:
      not judged;
    - local time = UTC epoch + the zone's offset at that instant (the offsets Rasim uses);
    - receipt day: the local date of submitted_at if it is a working day and the local time is before
      closing, else the next working day; rc = its cumulative working-day index;
    - due = the working day with index rc + term (addWorkingDays(receipt, term); term 0 → the receipt day);
      the refusal due day likewise with the refusal term;
    - late registration: registered's local date > receipt day, or never registered and asOf's local date >
      receipt day (check.md v1.1); term breach: the decision's local date > due,
      or no decision and asOf's local date > due; refusal-term breach: refused_incomplete with a refusal term,
      decided after its due day; refusal without reasons / hearing: refused or refused_incomplete with a
      decision, reasons_given false / hearing required and hearing_held false.

    With `detail`, also the dates and working-day lateness of each (for the row-by-row check).
    """
    extra_joins = ""
    extra_cols = ""
    if detail:
        extra_joins = ("LEFT JOIN cal cr ON cr.day = q2.reg_day LEFT JOIN cal cd ON cd.day = q2.dec_day "
                       "LEFT JOIN cal ca ON ca.day = q2.asof_day")
        extra_cols = (", q2.app_id, q2.reg, q2.receipt, q2.reg_day, q2.dec_day, q2.rc, q2.term, q2.rt, d.day AS due, rd.day AS rdue, "
                      "cr.cum AS reg_cum, cd.cum AS dec_cum, ca.cum AS asof_cum, q2.dec IS NULL AS open")
    return f"""
    WITH r AS (
        SELECT a.app_id, a.provider_id, a.service_id, a.channel, a.result, a.reasons_given, a.hearing_held,
               s.term, s.rt, s.hreq, s.close_sec, s.sw, s.off1, s.off2, s.asof_day,
               epoch_us(a.submitted_at) // 1000000 AS sub,
               CASE WHEN epoch_us(a.registered_at) // 1000000 <= {as_of} THEN epoch_us(a.registered_at) // 1000000 END AS reg,
               CASE WHEN epoch_us(a.decided_at) // 1000000 <= {as_of} THEN epoch_us(a.decided_at) // 1000000 END AS dec
        FROM {apps} a JOIN svc s ON a.service_id = s.service_id
    ), l AS (
        SELECT *,
               sub <= {as_of} AND NOT (channel = 'electronic' AND reg IS NULL AND dec IS NULL) AS judged,
               sub + CASE WHEN sub >= sw THEN off2 ELSE off1 END AS sl,
               (reg + CASE WHEN reg >= sw THEN off2 ELSE off1 END) // 86400 AS reg_day,
               (dec + CASE WHEN dec >= sw THEN off2 ELSE off1 END) // 86400 AS dec_day
        FROM r
    ), q AS (
        SELECT l.*, c.working AND l.sl % 86400 < l.close_sec AS same_day, c.cum, c.day, c.next_day
        FROM l LEFT JOIN cal c ON c.day = l.sl // 86400
    ), q2 AS (
        SELECT *, CASE WHEN same_day THEN cum ELSE cum + 1 END AS rc,
                  CASE WHEN same_day THEN day ELSE next_day END AS receipt
        FROM q
    )
    SELECT q2.provider_id, q2.service_id,
           coalesce(judged AND (q2.cum IS NULL OR d.day IS NULL), false) AS uncovered,
           coalesce(judged AND CASE WHEN reg IS NULL THEN asof_day > receipt ELSE reg_day > receipt END, false) AS lr,
           coalesce(judged AND dec IS NOT NULL AND result = 'refused_incomplete' AND dec_day > rd.day, false) AS rtb,
           coalesce(judged AND dec IS NOT NULL AND result IN ('refused', 'refused_incomplete') AND hreq AND NOT hearing_held, false) AS rwh,
           coalesce(judged AND dec IS NOT NULL AND result IN ('refused', 'refused_incomplete') AND NOT reasons_given, false) AS rwr,
           coalesce(judged AND CASE WHEN dec IS NULL THEN asof_day > d.day ELSE dec_day > d.day END, false) AS tb
           {extra_cols}
    FROM q2 LEFT JOIN wd d ON d.idx = q2.rc + q2.term
            LEFT JOIN wd rd ON rd.idx = q2.rc + q2.rt
            {extra_joins}
    """


def totals_sql(apps: str, as_of: int) -> str:
    return f"""
    SELECT GROUPING(provider_id) AS by_service, provider_id, service_id, count(*) AS applications,
           count_if(uncovered) AS uncovered,
           count_if(lr) AS late_registration, count_if(rtb) AS refusal_term_breach,
           count_if(rwh) AS refusal_without_hearing, count_if(rwr) AS refusal_without_reasons,
           count_if(tb) AS term_breach
    FROM ({judged_sql(apps, as_of, detail=False)})
    GROUP BY GROUPING SETS ((provider_id), (service_id))
    """


def findings_sql(apps: str, as_of: int) -> str:
    """One row per finding: (app_id, code, due, actual, late), as rasim's --findings CSV has them."""
    j = judged_sql(apps, as_of, detail=True)
    D = "(DATE '1970-01-01' + CAST({} AS INTEGER))"
    return f"""
    WITH j AS ({j})
    SELECT app_id, 'late_registration' AS code, {D.format('receipt')} AS due, CASE WHEN reg IS NULL THEN NULL ELSE {D.format('reg_day')} END AS actual,
           CASE WHEN reg IS NULL THEN asof_cum ELSE reg_cum END - rc AS late FROM j WHERE lr
    UNION ALL
    SELECT app_id, 'refusal_term_breach', {D.format('rdue')}, {D.format('dec_day')}, dec_cum - (rc + rt) FROM j WHERE rtb
    UNION ALL
    SELECT app_id, 'refusal_without_hearing', NULL, NULL, NULL FROM j WHERE rwh
    UNION ALL
    SELECT app_id, 'refusal_without_reasons', NULL, NULL, NULL FROM j WHERE rwr
    UNION ALL
    SELECT app_id, 'term_breach', {D.format('due')}, CASE WHEN open THEN NULL ELSE {D.format('dec_day')} END,
           CASE WHEN open THEN asof_cum ELSE dec_cum END - (rc + term) FROM j WHERE tb
    """


# ---------------------------------------------------------------------------------------------- results

def totals_from_duckdb(rows) -> dict:
    out = {"byCode": dict.fromkeys(CODES, 0), "byProvider": {}, "byService": {}, "applications": 0, "uncovered": 0}
    for by_service, provider, service, apps, uncovered, *counts in rows:
        entry = {"applications": apps, **dict(zip(CODES, counts))}
        if by_service:
            out["byService"][service] = entry
            out["applications"] += apps
            out["uncovered"] += uncovered
            for c, v in zip(CODES, counts):
                out["byCode"][c] += v
        else:
            out["byProvider"][provider] = entry
    return out


def totals_from_rasim(doc: dict) -> dict:
    def strip(e):
        return {"applications": e["applications"], **{c: e[c] for c in CODES}}
    return {"byCode": {c: doc["byCode"][c] for c in CODES},
            "byProvider": {p: strip(e) for p, e in doc["byProvider"].items()},
            # Services with no rows appear in rasim's output with zeros; DuckDB's GROUP BY omits them.
            "byService": {s: strip(e) for s, e in doc["byService"].items() if e["applications"] > 0},
            "applications": doc["applications"], "uncovered": doc["malformedRows"]}


def differences(a: dict, b: dict, limit: int = 3) -> list[str]:
    out = []
    for key in ("applications", "uncovered"):
        if a[key] != b[key]:
            out.append(f"{key}: {a[key]} vs {b[key]}")
    for c in CODES:
        if a["byCode"][c] != b["byCode"][c]:
            out.append(f"byCode.{c}: {a['byCode'][c]} vs {b['byCode'][c]}")
    for group in ("byProvider", "byService"):
        keys = sorted(set(a[group]) | set(b[group]))
        for k in keys:
            if a[group].get(k) != b[group].get(k):
                out.append(f"{group}[{k}]: {a[group].get(k)} vs {b[group].get(k)}")
                if len(out) >= limit:
                    return out
    return out


# ---------------------------------------------------------------------------------------------- runs

GNU_TIME = Path("/usr/bin/time")


def rasim_once(rasim: Path, apps: Path, services: Path, as_of: str, threads: int, out_json: Path,
               findings: Path | None = None) -> tuple[float, float, int | None]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (bytes) of one `rasim scan` child.

    The peak RSS comes from GNU time (`%M`), which forks rasim from a small process: wait4's ru_maxrss of a
    child forked directly from this (large) Python process would count the pages it shared before exec.
    """
    cmd = [str(rasim), "scan", str(apps), "--services", str(services), "--as-of", as_of, "--threads", str(threads)]
    if findings:
        cmd += ["--findings", str(findings)]
    stats = out_json.with_suffix(".time")
    if GNU_TIME.exists():
        cmd = [str(GNU_TIME), "-o", str(stats), "-f", "%U %S %M"] + cmd
    with open(out_json, "wb") as f:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode()
    if p.returncode != 0:
        sys.exit(f"rasim scan failed ({p.returncode}): {err}")
    if GNU_TIME.exists():
        u, s_, m = stats.read_text().split()[-3:]
        stats.unlink()
        return t, float(u) + float(s_), int(m) * 1024
    return t, usage.ru_utime + usage.ru_stime, None


def busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy (from /proc/stat), or None where it is unavailable."""
    try:
        f = open("/proc/stat").readline().split()
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in f[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def ours_seconds() -> float:
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def duckdb_end_to_end(duckdb, setup: list[str], load: str, query: str, threads: int):
    c0 = cpu_self()
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads={threads}")
    for s in setup:
        con.execute(s)
    t1 = time.perf_counter()
    con.execute(load)
    t2 = time.perf_counter()
    rows = con.execute(query).fetchall()
    t3 = time.perf_counter()
    cpu = cpu_self() - c0
    con.close()
    return t3 - t0, cpu, {"setup": t1 - t0, "load": t2 - t1, "query": t3 - t2}, rows


def summary(times: list[float], n: int) -> dict:
    mn, md = min(times), statistics.median(times)
    return {"runs": times, "min": mn, "median": md, "rows_per_s_min": n / mn, "rows_per_s_median": n / md}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000, help="applications to generate (default 10,000,000)")
    ap.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per side (default 3)")
    ap.add_argument("--threads", type=int, default=2, help="threads for both sides (default 2, the machine's cores)")
    ap.add_argument("--as-of", default=AS_OF, help=f"the moment of judgement for both sides (default {AS_OF})")
    ap.add_argument("--no-build", action="store_true", help="use the rasim already built in the scratch path")
    ap.add_argument("--scratch-path", default=SCRATCH,
                    help=f"SwiftPM scratch path for the release build (default {SCRATCH}); lets concurrent sessions build apart")
    ap.add_argument("--no-row-check", action="store_true", help="skip the untimed row-by-row check of the findings")
    a = ap.parse_args()
    ensure_venv()
    sys.stdout.reconfigure(line_buffering=True)
    import duckdb  # noqa: E402  (installed by ensure_venv)

    OUT.mkdir(parents=True, exist_ok=True)
    if not a.no_build:
        run(["swift", "build", "-c", "release", "--product", "rasim", "--scratch-path", a.scratch_path], cwd=ROOT)
    bindir = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", a.scratch_path, "--show-bin-path"],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    rasim = Path(bindir) / "rasim"
    as_of = iso_instant(a.as_of)

    cal_csv, zones_csv, hol_json = export_calendar(rasim, OUT)

    # Data, cached by rows, seed and the generator's source.
    gen = HERE / "generate.py"
    stamp_text = hashlib.sha256(gen.read_bytes()).hexdigest()
    data = OUT / f"scan-{a.rows}-s{a.seed}"
    apps_csv, services_csv, parquet = data / "apps.csv", data / "services.csv", data / "apps.parquet"
    stamp = data / "generator.sha256"
    if not (apps_csv.exists() and services_csv.exists() and stamp.exists() and stamp.read_text() == stamp_text):
        for p in (apps_csv, services_csv, parquet):
            p.unlink(missing_ok=True)
        run([sys.executable, gen, "--rows", a.rows, "--seed", a.seed, "--out", data, "--calendar", hol_json])
        stamp.write_text(stamp_text)
    size = apps_csv.stat().st_size

    setup = setup_sql(cal_csv, zones_csv, services_csv, as_of)
    load = load_apps_sql(apps_csv)
    query_table = totals_sql("apps", as_of)
    query_parquet = totals_sql(f"read_parquet('{parquet}')", as_of)
    failures: list[str] = []

    # Untimed: rasim's findings, DuckDB's Parquet copy and the row-by-row check.
    findings_csv = data / "rasim-findings.csv"
    print("untimed: rasim scan --findings …", file=sys.stderr)
    _ = rasim_once(rasim, apps_csv, services_csv, a.as_of, a.threads, data / "rasim-scan.json", findings_csv)
    con = duckdb.connect()
    con.execute(f"SET threads={a.threads}")
    for s in setup:
        con.execute(s)
    print("untimed: DuckDB load …", file=sys.stderr)
    con.execute(load)
    if not parquet.exists():
        print("untimed: writing Parquet …", file=sys.stderr)
        con.execute(f"COPY apps TO '{parquet}.part' (FORMAT parquet)")
        os.replace(f"{parquet}.part", parquet)
    row_check = "skipped"
    if not a.no_row_check:
        print("untimed: row-by-row check of every finding …", file=sys.stderr)
        con.execute(f"CREATE TABLE fd AS {findings_sql('apps', as_of)}")
        con.execute(f"""CREATE TABLE fr AS SELECT app_id, code, CAST(due AS DATE) AS due, CAST(actual AS DATE) AS actual,
                        late_working_days AS late
                        FROM read_csv('{findings_csv}', header=true, auto_detect=false,
                        columns={{'app_id': 'VARCHAR', 'service_id': 'VARCHAR', 'provider_id': 'VARCHAR', 'code': 'VARCHAR',
                                  'severity': 'VARCHAR', 'due': 'VARCHAR', 'actual': 'VARCHAR', 'late_working_days': 'INTEGER',
                                  'citation': 'VARCHAR'}})""")
        n_fd = con.execute("SELECT count(*) FROM fd").fetchone()[0]
        only_duck = con.execute("SELECT * FROM (SELECT * FROM fd EXCEPT ALL SELECT * FROM fr) ORDER BY app_id, code LIMIT 10").fetchall()
        only_rasim = con.execute("SELECT * FROM (SELECT * FROM fr EXCEPT ALL SELECT * FROM fd) ORDER BY app_id, code LIMIT 10").fetchall()
        n_only_duck = con.execute("SELECT count(*) FROM (SELECT * FROM fd EXCEPT ALL SELECT * FROM fr)").fetchone()[0]
        n_only_rasim = con.execute("SELECT count(*) FROM (SELECT * FROM fr EXCEPT ALL SELECT * FROM fd)").fetchone()[0]
        if n_only_duck or n_only_rasim:
            failures.append(f"row-by-row: {n_only_duck} findings only in DuckDB, e.g. {only_duck[:5]}; "
                            f"{n_only_rasim} only in rasim, e.g. {only_rasim[:5]}")
            row_check = f"DIFFERENT ({n_only_duck} only in DuckDB, {n_only_rasim} only in rasim)"
        else:
            row_check = f"identical ({n_fd:,} findings: application, code, due, actual, late working days)"
        findings_csv.unlink(missing_ok=True)
    con.close()

    busy0, ours0, wall0 = busy_seconds(), ours_seconds(), time.perf_counter()
    # Timed, interleaved (rasim, DuckDB on CSV, DuckDB on Parquet; again …) so that all three sides see the
    # same machine when something else runs on it.
    reference = totals_from_rasim(json.loads((data / "rasim-scan.json").read_text()))
    rasim_times, rasim_cpu, rss = [], [], []
    duck_times, duck_cpu, duck_parts = [], [], []
    pq_times, pq_cpu = [], []
    pq_con = duckdb.connect()
    pq_con.execute(f"SET threads={a.threads}")
    for s in setup:
        pq_con.execute(s)
    for i in range(a.runs):
        t, cpu, m = rasim_once(rasim, apps_csv, services_csv, a.as_of, a.threads, data / "rasim-scan.json")
        rasim_times.append(t)
        rasim_cpu.append(cpu)
        rss.append(m)
        d = differences(reference, totals_from_rasim(json.loads((data / "rasim-scan.json").read_text())))
        if d:
            failures.append(f"rasim run {i + 1} differs from the untimed run: {d}")
        print(f"rasim scan run {i + 1}: {t:.3f} s wall, {cpu:.3f} s CPU"
              + (f", peak RSS {m / 2**20:.1f} MiB" if m else ""), file=sys.stderr)

        t, cpu, parts, rows = duckdb_end_to_end(duckdb, setup, load, query_table, a.threads)
        duck_times.append(t)
        duck_cpu.append(cpu)
        duck_parts.append(parts)
        d = differences(reference, totals_from_duckdb(rows))
        if d:
            failures.append(f"DuckDB (CSV) run {i + 1} differs from rasim: {d}")
        print(f"DuckDB CSV run {i + 1}: {t:.3f} s wall, {cpu:.3f} s CPU "
              f"({', '.join(f'{k} {v:.3f}' for k, v in parts.items())})", file=sys.stderr)

        c0 = cpu_self()
        t0 = time.perf_counter()
        rows = pq_con.execute(query_parquet).fetchall()
        t = time.perf_counter() - t0
        pq_times.append(t)
        pq_cpu.append(cpu_self() - c0)
        d = differences(reference, totals_from_duckdb(rows))
        if d:
            failures.append(f"DuckDB (Parquet) run {i + 1} differs from rasim: {d}")
        print(f"DuckDB Parquet query run {i + 1}: {t:.3f} s wall, {pq_cpu[-1]:.3f} s CPU", file=sys.stderr)
    pq_con.close()

    busy1, ours1, wall1 = busy_seconds(), ours_seconds(), time.perf_counter()
    others = None if busy0 is None or busy1 is None else max(0.0, (busy1 - busy0) - (ours1 - ours0))
    n = a.rows
    rs, ds, ps = summary(rasim_times, n), summary(duck_times, n), summary(pq_times, n)
    load_med = statistics.median(p["load"] for p in duck_parts)
    query_med = statistics.median(p["query"] for p in duck_parts)
    med = statistics.median
    print()
    print(f"rasim scan vs DuckDB {duckdb.__version__}: {n:,} rows ({size / 1e9:.2f} GB CSV, "
          f"{len(reference['byProvider'])} providers, {len(reference['byService'])} services), "
          f"{a.runs} runs each, {a.threads} threads, asOf {a.as_of}")
    if others is not None:
        share = others / ((wall1 - wall0) * (os.cpu_count() or 1))
        print(f"other processes used {others:.1f} CPU s during the {wall1 - wall0:.1f} s of timed runs "
              f"({share:.0%} of the machine)" + ("  — NOT A QUIET MACHINE: the figures are not clean" if share > 0.05 else ""))
    print(f"{'':34} {'min s':>7} {'median s':>9} {'Mrows/s@min':>12} {'Mrows/s@med':>12} {'CPU s (med)':>12}")

    def line(name, s, cpu):
        print(f"{name:34} {s['min']:7.3f} {s['median']:9.3f} {s['rows_per_s_min'] / 1e6:12.2f} "
              f"{s['rows_per_s_median'] / 1e6:12.2f} {med(cpu):12.2f}")
    line("rasim scan (CSV, end to end)", rs, rasim_cpu)
    line("DuckDB load CSV + query", ds, duck_cpu)
    print(f"{'  of which load / query (median)':34} {'':7} {load_med:9.3f} / {query_med:.3f}")
    line("DuckDB query over its Parquet", ps, pq_cpu)
    print(f"{'rasim speed-up vs DuckDB CSV e2e':34} {ds['min'] / rs['min']:6.2f}× {ds['median'] / rs['median']:8.2f}×"
          f"   (goal ≥ 3×)")
    print(f"{'rasim speed-up vs DuckDB Parquet':34} {ps['min'] / rs['min']:6.2f}× {ps['median'] / rs['median']:8.2f}×"
          f"   (stretch > 1×)")
    if all(rss):
        print(f"rasim peak RSS: {max(rss) / 2**20:.1f} MiB (max of {a.runs} runs; requirement < 300 MB)")
    else:
        print("rasim peak RSS: not measured (no /usr/bin/time)")
    print("findings by code (both sides): " + ", ".join(f"{c} {reference['byCode'][c]:,}" for c in CODES))
    print(f"totals per code, provider and service: {'DIFFERENT' if failures else 'identical'} across all runs of rasim, "
          f"DuckDB CSV and DuckDB Parquet")
    print(f"row-by-row: {row_check}")
    (OUT / f"scan-results-{n}.json").write_text(json.dumps({
        "rows": n, "csv_bytes": size, "other_cpu_seconds": others, "threads": a.threads, "asOf": a.as_of, "duckdb": duckdb.__version__,
        "rasim": {**rs, "cpu": rasim_cpu}, "duckdb_csv": {**ds, "cpu": duck_cpu, "parts": duck_parts},
        "duckdb_parquet": {**ps, "cpu": pq_cpu},
        "rasim_peak_rss_bytes": rss, "byCode": reference["byCode"], "row_check": row_check, "failures": failures,
    }, indent=1))
    if failures:
        print("\nFAILURES:", file=sys.stderr)
        for f in failures:
            print("  " + f, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
