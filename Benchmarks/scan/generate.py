#!/usr/bin/env python3
"""Seeded generator of a flat monitoring export for `rasim scan` (Benchmarks/README.md, "Scan").

    python3 Benchmarks/scan/generate.py --rows N --seed S --out DIR [--calendar FILE]

writes DIR/apps.csv (header app_id,service_id,provider_id,channel,submitted_at,registered_at,decided_at,
result,reasons_given,hearing_held) and DIR/services.csv (service_id,term_working_days,
refusal_term_working_days,hearing_required,time_zone,open,close).

Shape of the data (numpy, vectorised, in chunks of CHUNK rows, each chunk with its own seeded generator so
the file depends only on --rows and --seed):

- 1359 services, 5000 providers, both drawn with Zipf-like popularity (weight 1/rank^a, ranks shuffled);
- submissions uniform over 2024-01-01 … 2025-12-31 (local dates), office hours mostly, some after hours,
  some at weekends and holidays; electronic 55 %, state_corporation 30 %, paper 15 %;
- instants are written in the service's local offset (+06:00 for Asia/Almaty before 2024-03-01, +05:00
  otherwise), so local times are real;
- each of the five violations (late registration, term breach, refusal-term breach, refusal without
  reasons, refusal without hearing) is aimed at ~3 % of rows: the probability is computed per chunk from
  the number of rows that can show it. The generator's working-day arithmetic uses numpy's busday
  functions with the holidays of --calendar (JSON {"holidays": [...], "workingWeekendDays": [...]}; without
  it, weekends only): it only steers the rates, Rasim and DuckDB judge the rows themselves.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

N_SERVICES = 1359
N_PROVIDERS = 5000
CHUNK = 500_000
TARGET = 0.03
FIRST_DAY = np.datetime64("2024-01-01")
LAST_DAY = np.datetime64("2025-12-31")
AS_OF_DAY = np.datetime64("2026-01-15")
SWITCH_DAY = np.datetime64("2024-03-01")  # Asia/Almaty (and Qostanay) +06:00 → +05:00

ZONES = ["Asia/Almaty", "Asia/Aqtobe", "Asia/Oral", "Asia/Qyzylorda"]


def services_table(seed):
    rng = np.random.default_rng([seed, 0xC0FFEE])
    n = N_SERVICES
    u = rng.random(n)
    term = rng.integers(1, 16, n)
    term = np.where(u < 0.03, 0, np.where(u < 0.08, 30, term))
    # A few very common short terms.
    common = rng.random(n) < 0.3
    term = np.where(common & (term > 0) & (term < 30), rng.choice([1, 3, 5, 10], n), term)
    has_rt = rng.random(n) < 0.3
    hearing = rng.random(n) < 0.4
    zu = rng.random(n)
    zone = np.where(zu < 0.85, 0, np.where(zu < 0.90, 1, np.where(zu < 0.94, 2, 3)))
    close = np.where(rng.random(n) < 0.6, 18 * 60 + 30, 18 * 60)
    return term.astype(np.int64), has_rt, hearing, zone.astype(np.int64), close.astype(np.int64)


def zipf_p(n, a, rng):
    w = 1.0 / np.arange(1, n + 1) ** a
    rng.shuffle(w)
    return w / w.sum()


def write_services(path, term, has_rt, hearing, zone, close):
    with open(path, "w") as f:
        f.write("service_id,term_working_days,refusal_term_working_days,hearing_required,time_zone,open,close\n")
        for i in range(N_SERVICES):
            f.write("S%04d,%d,%s,%s,%s,09:00,%s\n" % (
                i + 1, term[i], "2" if has_rt[i] else "", "true" if hearing[i] else "false", ZONES[zone[i]],
                "18:30" if close[i] == 18 * 60 + 30 else "18:00"))


def digits(x, w):
    """(n, w) uint8 ASCII digits of non-negative integers, zero-padded."""
    out = np.empty((x.shape[0], w), np.uint8)
    v = x.astype(np.int64)
    for i in range(w - 1, -1, -1):
        out[:, i] = 48 + v % 10
        v //= 10
    return out


def civil(days):
    """Year, month, day of day numbers since 1970-01-01 (H. Hinnant's algorithm)."""
    z = days.astype(np.int64) + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    y = np.where(m <= 2, y + 1, y)
    return y, m, d


def iso(local_day, local_sec, offset_hours):
    """(n, 25) uint8 `YYYY-MM-DDTHH:MM:SS+0H:00`."""
    n = local_day.shape[0]
    y, m, d = civil(local_day)
    out = np.empty((n, 25), np.uint8)
    out[:, 0:4] = digits(y, 4)
    out[:, 4] = 45
    out[:, 5:7] = digits(m, 2)
    out[:, 7] = 45
    out[:, 8:10] = digits(d, 2)
    out[:, 10] = 84
    out[:, 11:13] = digits(local_sec // 3600, 2)
    out[:, 13] = 58
    out[:, 14:16] = digits(local_sec // 60 % 60, 2)
    out[:, 16] = 58
    out[:, 17:19] = digits(local_sec % 60, 2)
    out[:, 19] = 43
    out[:, 20] = 48
    out[:, 21] = 48 + offset_hours
    out[:, 22:25] = np.frombuffer(b":00", np.uint8)
    return out


def padded(words, width):
    return np.array(words, dtype="S%d" % width).view(np.uint8).reshape(len(words), width)


CHANNELS = padded([b"electronic", b"state_corporation", b"paper"], 17)
RESULTS = padded([b"issued", b"refused", b"refused_incomplete", b"pending"], 18)
FLAGS = padded([b"false", b"true"], 5)


def adaptive(target_rows, eligible):
    return float(np.clip(target_rows / max(int(eligible), 1), 0.0, 0.9))


def chunk(k, n, first_id, seed, svc_tables, svc_p, prov_p, cal, id_width):
    term_s, has_rt_s, hearing_s, zone_s, close_s = svc_tables
    rng = np.random.default_rng([seed, k])
    day0 = FIRST_DAY.astype(np.int64)
    ndays = int((LAST_DAY - FIRST_DAY).astype(np.int64)) + 1

    svc = rng.choice(N_SERVICES, n, p=svc_p)
    prov = rng.choice(N_PROVIDERS, n, p=prov_p)
    term = term_s[svc]
    has_rt = has_rt_s[svc]
    hearing_req = hearing_s[svc]
    zone = zone_s[svc]
    close = close_s[svc]

    cu = rng.random(n)
    channel = np.where(cu < 0.55, 0, np.where(cu < 0.85, 1, 2))  # electronic, state_corporation, paper
    electronic = channel == 0

    # Result first (pending rows are mostly recent).
    ru = rng.random(n)
    result = np.where(has_rt,
                      np.where(ru < 0.66, 0, np.where(ru < 0.75, 1, np.where(ru < 0.97, 2, 3))),
                      np.where(ru < 0.79, 0, np.where(ru < 0.90, 1, np.where(ru < 0.97, 2, 3))))
    pending = result == 3

    # Submission: local day and second of day.
    sday = day0 + rng.integers(0, ndays, n)
    recent = pending & (rng.random(n) < 0.85)
    sday = np.where(recent, day0 + ndays - 1 - rng.integers(0, 30, n), sday)
    office = close - 9 * 60
    tu = rng.random(n)
    def in_office():
        return 9 * 60 + (rng.random(n) * office).astype(np.int64)

    anytime = rng.integers(0, 24 * 60, n)
    edge = close - 30 + rng.integers(0, 60, n)  # around closing time
    smin = np.where(electronic,
                    np.where(tu < 0.70, in_office(), anytime),
                    np.where(tu < 0.93, in_office(), np.where(tu < 0.98, edge, anytime)))
    sdt = sday.astype("datetime64[D]")
    weekend = ~np.is_busday(sdt, weekmask="1111100")
    move = weekend & ~electronic & (rng.random(n) < 0.8)
    sdt = np.where(move, np.busday_offset(sdt, 0, roll="forward", weekmask="1111100"), sdt)
    sday = sdt.astype(np.int64)
    ssec = smin * 60 + rng.integers(0, 60, n)

    # Receipt day R (numpy's approximation of the calendar: no working weekend days).
    working = np.is_busday(sdt, busdaycal=cal)
    rdt = np.where(working & (smin < close), sdt, np.busday_offset(sdt, 1, roll="backward", busdaycal=cal))
    due = np.busday_offset(rdt, term, busdaycal=cal)

    # Registration.
    has_reg = np.where(electronic, rng.random(n) < 0.97, rng.random(n) < 0.995)
    p_lr = adaptive(TARGET * n, has_reg.sum())
    late_reg = has_reg & (rng.random(n) < p_lr)
    lk = np.where(rng.random(n) < 0.6, 1, np.where(rng.random(n) < 0.5, 2, rng.integers(3, 11, n)))
    reg_dt = np.where(late_reg, np.busday_offset(rdt, lk, busdaycal=cal), rdt)
    reg_day = reg_dt.astype(np.int64)
    same = reg_day == sday
    rmin = np.where(same, smin + (rng.random(n) * np.maximum(close - smin, 1)).astype(np.int64), in_office())
    rmin = np.where(rng.random(n) < 0.005, close + rng.integers(0, 24 * 60 - close, n), rmin)  # after hours, same day
    rsec = np.minimum(rmin * 60 + rng.integers(0, 60, n), 86399)
    rsec = np.where(same, np.maximum(rsec, ssec), rsec)

    # Decision.
    decided = ~pending
    refusal = (result == 1) | (result == 2)
    pending_overdue = pending & (AS_OF_DAY > due) & ~(electronic & ~has_reg)
    p_tb = adaptive(TARGET * n - pending_overdue.sum(), decided.sum())
    late_dec = decided & (rng.random(n) < p_tb)
    dk = np.where(rng.random(n) < 0.5, 1, np.where(rng.random(n) < 0.5, rng.integers(2, 6, n), rng.integers(6, 21, n)))
    on_time = np.busday_offset(rdt, (rng.random(n) * (term + 1)).astype(np.int64), busdaycal=cal)
    dec_dt = np.where(late_dec, np.busday_offset(due, dk, busdaycal=cal), on_time)
    # Some late decisions on the non-working day right after the due day (late by 0 working days).
    nxt = due + np.timedelta64(1, "D")
    dec_dt = np.where(late_dec & (rng.random(n) < 0.1) & ~np.is_busday(nxt, busdaycal=cal), nxt, dec_dt)
    # Refusal term (incomplete package).
    rt_elig = (result == 2) & has_rt
    rdue = np.busday_offset(rdt, 2, busdaycal=cal)
    already = rt_elig & late_dec & (dec_dt > rdue)
    p_rt = adaptive(TARGET * n - already.sum(), (rt_elig & ~late_dec).sum())
    late_rt = rt_elig & ~late_dec & (rng.random(n) < p_rt)
    rt_on_time = np.busday_offset(rdt, rng.integers(0, 3, n), busdaycal=cal)
    rt_late = np.busday_offset(rdue, np.where(rng.random(n) < 0.7, 1, rng.integers(2, 6, n)), busdaycal=cal)
    dec_dt = np.where(rt_elig & ~late_dec, np.where(late_rt, rt_late, rt_on_time), dec_dt)
    dec_day = dec_dt.astype(np.int64)
    dsame = dec_day == sday
    du = rng.random(n)
    dmin = np.where(du < 0.97, in_office(), np.where(du < 0.99, close + rng.integers(0, 24 * 60 - close, n), rng.integers(0, 9 * 60, n)))
    dsec = dmin * 60 + rng.integers(0, 60, n)
    dsec = np.where(dsame, np.maximum(dsec, ssec), dsec)
    dsec = np.where(decided & has_reg & (dec_day == reg_day), np.maximum(dsec, np.minimum(rsec + rng.integers(60, 3600, n), 86399)), dsec)

    # Reasons and hearing.
    p_rr = adaptive(TARGET * n, refusal.sum())
    reasons = np.where(refusal, rng.random(n) >= p_rr, False)
    hr_elig = refusal & hearing_req
    p_rh = adaptive(TARGET * n, hr_elig.sum())
    hearing = np.where(hr_elig, rng.random(n) >= p_rh, np.where(refusal, rng.random(n) < 0.2, rng.random(n) < 0.02))

    # Electronic applications that never arrived: no registration, pending.
    # (Those with has_reg false and pending are exactly that; a few with a decision keep it.)

    # Offsets: Almaty +06:00 before 2024-03-01 (local date), +05:00 otherwise.
    almaty = zone == 0
    sw = SWITCH_DAY.astype(np.int64)

    def off(day):
        return np.where(almaty & (day < sw), 6, 5).astype(np.uint8)

    width = (1 + id_width) + 1 + 5 + 1 + 5 + 1 + 17 + 1 + 25 + 1 + 25 + 1 + 25 + 1 + 18 + 1 + 5 + 1 + 5 + 1
    mat = np.zeros((n, width), np.uint8)
    c = 0

    def put(block):
        nonlocal c
        w = block.shape[1]
        mat[:, c:c + w] = block
        c += w

    def comma():
        nonlocal c
        mat[:, c] = 44
        c += 1

    ids = np.arange(first_id, first_id + n)
    mat[:, 0] = ord("A"); c = 1
    put(digits(ids, id_width)); comma()
    mat[:, c] = ord("S"); c += 1
    put(digits(svc + 1, 4)); comma()
    mat[:, c] = ord("P"); c += 1
    put(digits(prov + 1, 4)); comma()
    put(CHANNELS[channel]); comma()
    put(iso(sday, ssec, off(sday))); comma()
    reg_block = iso(reg_day, rsec, off(reg_day))
    reg_block[~has_reg] = 0
    put(reg_block); comma()
    dec_block = iso(dec_day, dsec, off(dec_day))
    dec_block[~decided] = 0
    put(dec_block); comma()
    put(RESULTS[result]); comma()
    put(FLAGS[reasons.astype(np.int64)]); comma()
    put(FLAGS[hearing.astype(np.int64)])
    mat[:, c] = 10
    c += 1
    assert c == width, (c, width)
    return mat[mat != 0].tobytes()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--out", required=True)
    ap.add_argument("--calendar", help='JSON {"holidays": [dates], "workingWeekendDays": [dates]}')
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    holidays = []
    if a.calendar:
        with open(a.calendar) as f:
            holidays = json.load(f)["holidays"]
    cal = np.busdaycalendar(weekmask="1111100", holidays=np.array(holidays, dtype="datetime64[D]"))
    tables = services_table(a.seed)
    write_services(os.path.join(a.out, "services.csv"), *tables)
    prng = np.random.default_rng([a.seed, 0xBEEF])
    svc_p = zipf_p(N_SERVICES, 1.1, prng)
    prov_p = zipf_p(N_PROVIDERS, 0.9, prng)
    id_width = max(8, len(str(a.rows)))
    t0 = time.time()
    tmp = os.path.join(a.out, "apps.csv.part")
    with open(tmp, "wb") as f:
        f.write(b"app_id,service_id,provider_id,channel,submitted_at,registered_at,decided_at,result,reasons_given,hearing_held\n")
        done = 0
        k = 0
        while done < a.rows:
            n = min(CHUNK, a.rows - done)
            f.write(chunk(k, n, done + 1, a.seed, tables, svc_p, prov_p, cal, id_width))
            done += n
            k += 1
            if sys.stderr.isatty():
                print("\rgenerate: %d / %d rows" % (done, a.rows), end="", file=sys.stderr)
    os.replace(tmp, os.path.join(a.out, "apps.csv"))
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    print("generated %d rows in %.1f s → %s" % (a.rows, time.time() - t0, a.out), file=sys.stderr)


if __name__ == "__main__":
    main()
