#!/usr/bin/env python3
"""Calendar benchmark: Rasim's working-day engine vs numpy's busday_offset / busday_count.

    python3 Benchmarks/calendar/run.py            # 10,000,000 pairs, 5 runs each
    python3 Benchmarks/calendar/run.py --pairs 200000   # a quick run

See Benchmarks/README.md ("Calendar: rasim vs numpy") for what is measured and how the two sides' semantics
are mapped. In short:

1. generate N (date, n) pairs with a fixed seed: date uniform over 2015-01-01..2026-06-30, n uniform 0..120
   (so every answer stays inside the covered years), written to Benchmarks/out/calendar-pairs.bin;
2. build `calendar-bench` and `rasim` in release (`--scratch-path .build-bench`);
3. take numpy's holidays from `rasim calendar year Y` (2015..2026): every `nonWorkingWeekdays` date; the
   `workingWeekendDays` (decree-made working Saturdays/Sundays) numpy cannot express;
4. run `calendar-bench` (Rasim in-process, loops timed, 5 runs), then numpy's vectorised calls on the same
   pairs, 5 runs, in a subprocess whose environment lacks OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE;
5. print the table (throughput at the min and at the median of the runs, and the ratios), then compare
   every answer: each difference must be explained by a working weekend day in the pair's span, else exit 1.

Rasim's contract (docs/reference/calendar.md) and the numpy calls that give the same answer on a
calendar without working weekend days:

  add(D, n), n >= 1: the n-th working day after D (D not counted)  == busday_offset(D, n, roll='backward')
  add(D, 0): D if working, else the next working day               == busday_offset(D, 0, roll='forward')
  between(F, T) = #{working d : F < d <= T}                         == busday_count(F + 1, T + 1)
  (here T = D + n calendar days, so F <= T always)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent                       # the repository root
OUT = ROOT / "Benchmarks" / "out"
SCRATCH = ".build-bench"
SEED = 20250101
FIRST_DATE, LAST_DATE = dt.date(2015, 1, 1), dt.date(2026, 6, 30)
N_MAX = 120
YEARS = range(2015, 2027)
EPOCH = dt.date(1970, 1, 1)
PAIRS_MAGIC, RESULTS_MAGIC = b"RASIMPR1", b"RASIMRS1"
BLAS_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def day_number(d: dt.date) -> int:
    return (d - EPOCH).days


def iso(day: int) -> str:
    return (EPOCH + dt.timedelta(days=int(day))).isoformat()


# ---------------------------------------------------------------- files

def write_pairs(path: Path, count: int, seed: int) -> None:
    """8-byte magic, <i8 count, then count records of <i4 day (since 1970-01-01), <i4 n."""
    rng = np.random.default_rng(seed)
    rec = np.empty(count, dtype=[("day", "<i4"), ("n", "<i4")])
    rec["day"] = rng.integers(day_number(FIRST_DATE), day_number(LAST_DATE) + 1, size=count, dtype=np.int32)
    rec["n"] = rng.integers(0, N_MAX + 1, size=count, dtype=np.int32)
    with open(path, "wb") as f:
        f.write(PAIRS_MAGIC)
        f.write(np.int64(count).astype("<i8").tobytes())
        rec.tofile(f)


def read_pairs(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with open(path, "rb") as f:
        assert f.read(8) == PAIRS_MAGIC, f"{path}: not a pairs file"
        count = int(np.frombuffer(f.read(8), "<i8")[0])
        rec = np.fromfile(f, dtype=[("day", "<i4"), ("n", "<i4")], count=count)
    assert len(rec) == count
    return rec["day"].astype(np.int64), rec["n"].astype(np.int64)


def read_results(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with open(path, "rb") as f:
        assert f.read(8) == RESULTS_MAGIC, f"{path}: not a results file"
        count = int(np.frombuffer(f.read(8), "<i8")[0])
        data = np.fromfile(f, dtype="<i4", count=2 * count)
    assert len(data) == 2 * count
    return data[:count].astype(np.int64), data[count:].astype(np.int64)


# ---------------------------------------------------------------- numpy side (run in a subprocess)

def numpy_worker(pairs_path: Path, holidays_path: Path, results_path: Path, runs: int) -> None:
    """Times numpy's vectorised calls on the whole arrays (numpy's best case: a prebuilt busdaycalendar,
    inputs converted to datetime64[D]/int64 and outputs preallocated before the clock starts)."""
    days, ns = read_pairs(pairs_path)
    holidays = np.array(json.loads(holidays_path.read_text())["holidays"], dtype="datetime64[D]")
    cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)

    dates = days.astype("datetime64[D]")
    zero = ns == 0
    d_pos, n_pos = dates[~zero], ns[~zero]              # n >= 1: roll='backward'
    d_zero = dates[zero]                                # n == 0: roll='forward'
    out_pos = np.empty(len(d_pos), dtype="datetime64[D]")
    out_zero = np.empty(len(d_zero), dtype="datetime64[D]")
    begin = dates + np.timedelta64(1, "D")              # (F, T]  ==  [F+1, T+1)
    end = dates + ns.astype("timedelta64[D]") + np.timedelta64(1, "D")
    out_count = np.empty(len(dates), dtype=np.int64)

    offset_times, count_times = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        np.busday_offset(d_pos, n_pos, roll="backward", busdaycal=cal, out=out_pos)
        np.busday_offset(d_zero, 0, roll="forward", busdaycal=cal, out=out_zero)
        t1 = time.perf_counter()
        np.busday_count(begin, end, busdaycal=cal, out=out_count)
        t2 = time.perf_counter()
        offset_times.append(t1 - t0)
        count_times.append(t2 - t1)

    added = np.empty(len(dates), dtype=np.int64)
    added[~zero] = out_pos.astype(np.int64)
    added[zero] = out_zero.astype(np.int64)
    with open(results_path, "wb") as f:
        f.write(RESULTS_MAGIC)
        f.write(np.int64(len(dates)).astype("<i8").tobytes())
        added.astype("<i4").tofile(f)
        out_count.astype("<i4").tofile(f)
    print(json.dumps({"pairs": len(dates), "runs": runs, "numpy": np.__version__,
                      "blas_env_seen": [v for v in BLAS_VARS if v in os.environ],
                      "add": summary(offset_times, len(dates)), "between": summary(count_times, len(dates))}))


def summary(times: list[float], count: int) -> dict:
    mn, md = min(times), statistics.median(times)
    return {"seconds": times, "min_s": mn, "median_s": md, "mops_at_min": count / mn / 1e6,
            "mops_at_median": count / md / 1e6}


# ---------------------------------------------------------------- checks

def check_numpy_mapping(holidays: np.ndarray) -> None:
    """Verifies the roll mapping against the contract, by brute force, on numpy's own calendar (Mon-Fri
    minus the holidays): every day 2015-01-01..2026-06-30, n in 0..8."""
    cal = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    first, last = day_number(FIRST_DATE), day_number(LAST_DATE)
    span = np.arange(first - 7, last + 60)
    working = np.is_busday(span.astype("datetime64[D]"), busdaycal=cal)
    wset = set(span[working].tolist())
    days = np.arange(first, last + 1)
    for n in range(0, 9):
        if n == 0:
            got = np.busday_offset(days.astype("datetime64[D]"), 0, roll="forward", busdaycal=cal)
        else:
            got = np.busday_offset(days.astype("datetime64[D]"), n, roll="backward", busdaycal=cal)
        got = got.astype(np.int64)
        for d, g in zip(days.tolist(), got.tolist()):
            x, k = d, n
            if k == 0:
                while x not in wset:
                    x += 1
            else:
                while k:
                    x += 1
                    k -= x in wset
            assert g == x, f"roll mapping wrong: {iso(d)} + {n} -> numpy {iso(g)}, contract {iso(x)}"


def count_in(sorted_days: np.ndarray, lo_excl: np.ndarray, hi_incl: np.ndarray) -> np.ndarray:
    """How many of sorted_days lie in (lo_excl, hi_incl], elementwise."""
    return np.searchsorted(sorted_days, hi_incl, "right") - np.searchsorted(sorted_days, lo_excl, "right")


# ---------------------------------------------------------------- driver

def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=10_000_000, help="number of (date, n) pairs (default 10,000,000)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per side and operation (default 5)")
    ap.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    ap.add_argument("--no-build", action="store_true", help="use the binaries already in .build-bench")
    ap.add_argument("--numpy-worker", nargs=3, metavar=("PAIRS", "HOLIDAYS", "RESULTS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if a.numpy_worker:
        numpy_worker(*map(Path, a.numpy_worker), a.runs)
        return 0

    OUT.mkdir(parents=True, exist_ok=True)
    pairs_path = OUT / "calendar-pairs.bin"
    holidays_path = OUT / "calendar-holidays.json"
    rasim_results, numpy_results = OUT / "calendar-rasim-results.bin", OUT / "calendar-numpy-results.bin"

    # 1. pairs
    write_pairs(pairs_path, a.pairs, a.seed)

    # 2. build (release, own scratch path)
    if not a.no_build:
        for product in ("calendar-bench", "rasim"):
            print(f"building {product} (release)...", file=sys.stderr)
            run(["swift", "build", "-c", "release", "--product", product, "--scratch-path", SCRATCH],
                stdout=sys.stderr)
    bin_dir = Path(run(["swift", "build", "-c", "release", "--scratch-path", SCRATCH, "--show-bin-path"],
                       capture_output=True, text=True).stdout.strip())

    # 3. the same holidays for numpy, from `rasim calendar year Y`
    holidays, working_weekend = [], []
    for y in YEARS:
        j = json.loads(run([str(bin_dir / "rasim"), "calendar", "year", str(y)], stdout=subprocess.PIPE, text=True).stdout)
        for e in j["nonWorkingWeekdays"]:
            d = dt.date.fromisoformat(e["date"])
            assert d.isoweekday() <= 5, e
            holidays.append(e["date"])
        for e in j["workingWeekendDays"]:
            d = dt.date.fromisoformat(e["date"])
            assert d.isoweekday() >= 6, e
            working_weekend.append(e["date"])
    holidays_path.write_text(json.dumps({"holidays": holidays, "workingWeekendDays": working_weekend}, indent=1))
    hol = np.array(holidays, dtype="datetime64[D]")
    check_numpy_mapping(hol)

    # 4a. Rasim
    load_before = os.getloadavg()[0]   # printed with the table: other work on the machine skews the figures
    print("running calendar-bench...", file=sys.stderr)
    rz = json.loads(run([str(bin_dir / "calendar-bench"), str(pairs_path), str(rasim_results), str(a.runs)],
                        stdout=subprocess.PIPE, text=True).stdout)
    # 4b. numpy, in a subprocess without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (the machine notes say to unset
    # both together when benchmarking numpy; busday_* do not use BLAS, but the comparison stays clean)
    print("running numpy...", file=sys.stderr)
    env = {k: v for k, v in os.environ.items() if k not in BLAS_VARS}
    nz = json.loads(run([sys.executable, str(Path(__file__).resolve()), "--runs", str(a.runs), "--numpy-worker",
                         str(pairs_path), str(holidays_path), str(numpy_results)],
                        stdout=subprocess.PIPE, text=True, env=env).stdout)

    assert not nz["blas_env_seen"], nz["blas_env_seen"]

    # 5a. the table
    n = a.pairs
    print(f"\nCalendar: rasim vs numpy — {n:,} (date, n) pairs, dates {FIRST_DATE}..{LAST_DATE}, n 0..{N_MAX}, "
          f"seed {a.seed}; {a.runs} runs each; {dt.date.today()}, {os.cpu_count()} cores, numpy {nz['numpy']}")
    print(f"numpy timed in a subprocess with {' and '.join(BLAS_VARS)} removed from its environment; "
          f"1-min load average before the runs {load_before:.2f}, after {os.getloadavg()[0]:.2f}\n")
    head = f"{'operation':<34}{'min s':>10}{'median s':>10}{'Mops/s @min':>14}{'Mops/s @median':>16}"
    print(head)
    print("-" * len(head))

    def row(name, s):
        print(f"{name:<34}{s['min_s']:>10.4f}{s['median_s']:>10.4f}{s['mops_at_min']:>14.2f}{s['mops_at_median']:>16.2f}")

    def ratio(r, q):
        a_, b_ = r["mops_at_min"] / q["mops_at_min"], r["mops_at_median"] / q["mops_at_median"]
        print(f"{'  ratio rasim / numpy':<34}{'':>10}{'':>10}{a_:>13.1f}×{b_:>15.1f}×")
        return b_

    row("rasim addWorkingDays", rz["add"])
    row("numpy busday_offset", nz["add"])
    add_ratio = ratio(rz["add"], nz["add"])
    row("rasim workingDaysBetween", rz["between"])
    row("numpy busday_count", nz["between"])
    ratio(rz["between"], nz["between"])
    print(f"\ngoal rasim add >= 10× numpy busday_offset (median): {'met' if add_ratio >= 10 else 'NOT met'} "
          f"({add_ratio:.1f}×)")

    # 5b. the answers
    days, ns = read_pairs(pairs_path)
    r_add, r_btw = read_results(rasim_results)
    q_add, q_btw = read_results(numpy_results)
    wwd = np.sort(np.array([day_number(dt.date.fromisoformat(s)) for s in working_weekend], dtype=np.int64))
    # A working weekend day in the span: add -> in (D, numpy's answer] (for n = 0 also D itself);
    # between -> in (D, D + n].
    lo_add = np.where(ns == 0, days - 1, days)
    wwd_add = count_in(wwd, lo_add, q_add)
    wwd_btw = count_in(wwd, days, days + ns)
    diff_add, diff_btw = r_add != q_add, r_btw != q_btw
    explained_add, explained_btw = wwd_add > 0, wwd_btw > 0

    problems = []
    bad = np.flatnonzero(diff_add & ~explained_add)
    problems += [f"add {iso(days[i])} + {ns[i]}: rasim {iso(r_add[i])}, numpy {iso(q_add[i])}, no working weekend day"
                 for i in bad[:10]]
    bad = np.flatnonzero(diff_btw & ~explained_btw)
    problems += [f"between {iso(days[i])}..{iso(days[i] + ns[i])}: rasim {r_btw[i]}, numpy {q_btw[i]}, "
                 "no working weekend day" for i in bad[:10]]
    # Exact accounting, both directions: between differs by exactly the working weekend days in (F, T];
    # Rasim's add answer is the unique day d with d working (numpy business day or working weekend day)
    # and numpy business days + working weekend days in (D, d] == n (for n = 0: none in [D, d)).
    bad = np.flatnonzero(r_btw - q_btw != wwd_btw)
    problems += [f"between {iso(days[i])}..{iso(days[i] + ns[i])}: rasim {r_btw[i]} != numpy {q_btw[i]} "
                 f"+ {wwd_btw[i]} working weekend days" for i in bad[:10]]
    cal = np.busdaycalendar(weekmask="1111100", holidays=hol)
    r_dates = r_add.astype("datetime64[D]")
    is_working = np.is_busday(r_dates, busdaycal=cal) | np.isin(r_add, wwd)
    pos = ns > 0
    before = np.where(pos, np.busday_count((days + 1).astype("datetime64[D]"), (r_add + 1).astype("datetime64[D]"),
                                           busdaycal=cal) + count_in(wwd, days, r_add),
                      np.busday_count(days.astype("datetime64[D]"), r_dates, busdaycal=cal) + count_in(wwd, days - 1, r_add - 1))
    bad = np.flatnonzero(~is_working | (before != ns) | (r_add < days))
    problems += [f"add {iso(days[i])} + {ns[i]}: rasim {iso(r_add[i])} is not the contract's answer" for i in bad[:10]]
    # The converse: a working weekend day in (D, numpy's answer] gives Rasim one more working day there, so
    # its answer must come earlier; a span with one whose answers agree would be a wrong answer somewhere.
    bad = np.flatnonzero(explained_add & ~diff_add)
    problems += [f"add {iso(days[i])} + {ns[i]}: both {iso(r_add[i])} despite a working weekend day in the span"
                 for i in bad[:10]]

    changed = diff_add | diff_btw
    print(f"\nanswers compared: {n:,} pairs × 2 operations; working weekend days 2015-2026: {len(wwd)} "
          f"({', '.join(working_weekend)})")
    print(f"  add:     {int(diff_add.sum()):,} differ (exactly the pairs with a working weekend day in the span)")
    print(f"  between: {int(diff_btw.sum()):,} differ (each by exactly the number of working weekend days in (F, T])")
    print(f"pairs where numpy's missing working Saturdays change the answer: {int(changed.sum()):,}")
    if problems:
        print("\nUNEXPLAINED DIFFERENCES / WRONG ANSWERS:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    print("no other difference: every one is explained by a decree-made working weekend day")
    return 0


if __name__ == "__main__":
    sys.exit(main())
