#!/usr/bin/env python3
"""Independent cross-check of Rasim's working-day calendar against python-holidays (vacanza/holidays).

Compares, for every year 2015–2027 (the bundled calendar's coverage):
  * the non-working weekdays (Mon–Fri):  python-holidays `holidays.KZ(years=Y)` entries falling on a
    weekday (holidays, observed days and "substituted" days off)   vs  Rasim's `nonWorkingWeekdays`;
  * the working weekend days:  python-holidays `weekend_workdays` (the weekend "from" days of its
    substituted holidays)                                              vs  Rasim's `workingWeekendDays`.

Rasim's side comes from the binary: `rasim calendar year YEAR` (JSON, docs/reference/calendar.md).

This script installs nothing. It needs the PyPI package `holidays`, e.g.
    python3 -m venv /tmp/hvenv && /tmp/hvenv/bin/pip install holidays
    /tmp/hvenv/bin/python scripts/crosscheck_holidays.py .build/debug/rasim
(or `pip install --target DIR holidays` and PYTHONPATH=DIR).

Usage: crosscheck_holidays.py [RASIM_BINARY] [FIRST_YEAR LAST_YEAR]
Prints each year's differences both ways and a summary line "MISMATCHES: N". Always exits 0 (it reports;
a human judges which side is right), except 1 when it cannot run at all (no `holidays`, no binary).
"""
import datetime as dt
import json
import os
import subprocess
import sys


def rasim_year(binary, year):
    env = {k: v for k, v in os.environ.items() if k != "RASIM_CALENDAR_OVERRIDES"}  # the bundled data only
    out = subprocess.run([binary, "calendar", "year", str(year), "--lang", "en"], capture_output=True,
                         text=True, env=env, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{binary} calendar year {year} exited {out.returncode}: {out.stderr.strip()}")
    doc = json.loads(out.stdout)
    if doc.get("year") != year:
        raise RuntimeError(f"rasim answered year {doc.get('year')} for {year}")
    nonworking = {dt.date.fromisoformat(e["date"]): e for e in doc["nonWorkingWeekdays"]}
    working = {dt.date.fromisoformat(e["date"]): e for e in doc["workingWeekendDays"]}
    return nonworking, working


def pyholidays_year(holidays, year):
    try:
        h = holidays.KZ(years=year, language="en_US")
    except Exception:  # older releases without translations
        h = holidays.KZ(years=year)
    nonworking = {d: name for d, name in h.items() if d.year == year and d.weekday() < 5}
    # `weekend_workdays` holds the weekend days a substitution made working (python-holidays ≥ 0.4x);
    # it may hold dates of neighbouring years, hence the filter.
    working = {d for d in getattr(h, "weekend_workdays", set()) if d.year == year and d.weekday() >= 5}
    has_ww = hasattr(h, "weekend_workdays")
    return nonworking, working, has_ww


def main(argv):
    binary = argv[1] if len(argv) > 1 else ".build/debug/rasim"
    first, last = (int(argv[2]), int(argv[3])) if len(argv) > 3 else (2015, 2027)
    try:
        import holidays
    except ImportError:
        print("crosscheck_holidays: the PyPI package `holidays` is not installed (pip install holidays)", file=sys.stderr)
        return 1
    if not os.access(binary, os.X_OK):
        print(f"crosscheck_holidays: no rasim binary at {binary} (build it, or pass its path)", file=sys.stderr)
        return 1
    print(f"python-holidays {holidays.__version__} vs {binary}, years {first}–{last}")
    mismatches = 0
    for year in range(first, last + 1):
        r_non, r_work = rasim_year(binary, year)
        p_non, p_work, has_ww = pyholidays_year(holidays, year)
        lines = []
        for d in sorted(set(p_non) - set(r_non)):
            lines.append(f"  {d} {d:%a}: non-working in python-holidays ({p_non[d]}), WORKING in Rasim")
        for d in sorted(set(r_non) - set(p_non)):
            e = r_non[d]
            lines.append(f"  {d} {d:%a}: non-working in Rasim ({e.get('kind')}: {e.get('name')}; {e.get('source')}), "
                         "WORKING in python-holidays")
        if has_ww:
            for d in sorted(p_work - set(r_work)):
                lines.append(f"  {d} {d:%a}: working weekend day in python-holidays, a day off in Rasim")
            for d in sorted(set(r_work) - p_work):
                lines.append(f"  {d} {d:%a}: working weekend day in Rasim ({r_work[d].get('source')}), "
                             "a day off in python-holidays")
        mismatches += len(lines)
        status = "ok" if not lines else f"{len(lines)} difference(s)"
        print(f"{year}: {len(r_non)} non-working weekdays, {len(r_work)} working weekend days in Rasim; "
              f"{len(p_non)} / {len(p_work) if has_ww else 'n/a'} in python-holidays: {status}")
        for line in lines:
            print(line)
    print(f"MISMATCHES: {mismatches}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
