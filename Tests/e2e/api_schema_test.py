#!/usr/bin/env python3
"""Property-based tests of Rasim's JSON API against its own OpenAPI document, with Schemathesis (PyPI).

Starts `rasim serve` on a fresh SQLite file with the demo data (as Tests/e2e/browser_test.py does), creates an
API token for the demo user `admin` with `rasim token create`, and runs `schemathesis run` against the served
/openapi.json with that token (Authorization: Bearer …) and every check Schemathesis has (`--checks all`):
server errors, documented status codes, content types, headers and response schemas, rejection of invalid and
acceptance of valid data, undeclared methods (405 + Allow), authentication that is ignored, and the stateful
checks that follow the document's links. /login and /logout are exercised like every other operation; they
work on browser sessions, so they cannot end the API token (checked after the run).

The run is bounded and reproducible: a fixed number of test cases per operation (--max-examples), a fixed seed
(--seed), no example database carried between runs, and a hard time limit on the whole Schemathesis process
(--timeout; a run that hits it fails).

    python3 Tests/e2e/api_schema_test.py --binary .build/debug/rasim [--report-dir .build/schemathesis]

Tests/e2e/schemathesis.toml, when present, is passed to Schemathesis (--config-file).

Exit status 0 when Schemathesis passes, 1 when it reports failures (listed, grouped, with a curl to reproduce
each; replace $RASIM_TOKEN with a token from `rasim token create --user admin`), 2 when the set-up is missing.
"""
import argparse
import base64
import collections
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

try:
    import schemathesis  # noqa: F401  (the CLI is run as `python -m schemathesis.cli` from this interpreter)
except ImportError as e:  # pragma: no cover - set-up problem, not a test failure
    print(f"api-schema set-up: {e}; install with: pip install -r Tests/e2e/requirements.txt", file=sys.stderr)
    sys.exit(2)

from rasim_server import wait_listening  # noqa: E402  (beside this file)

SUCCESS_LINE = "api-schema: Schemathesis passed"
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis.toml")
TOKEN = re.compile(r"^[0-9a-f]{32,}$")
INDEX = re.compile(r"\[[0-9]+\]")
REPORTS = {"ndjson": "schemathesis.ndjson", "json": "schemathesis.json", "junit": "schemathesis-junit.xml"}


class SetupError(Exception):
    pass


def whoami(base, token):
    """GET /api/v1/me with the token: (status, body)."""
    req = urllib.request.Request(base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def create_token(binary, database, env):
    """`rasim token create` prints the token (shown once) on standard output; it works while the server runs."""
    r = subprocess.run([binary, "token", "create", "--user", "admin", "--database", database],
                       capture_output=True, text=True, env=env, timeout=60)
    lines = [line.strip() for line in r.stdout.splitlines() if line.strip()]
    if r.returncode != 0 or not lines or not TOKEN.match(lines[-1]):
        raise SetupError(f"rasim token create failed ({r.returncode}): {r.stdout.strip()} {r.stderr.strip()}")
    return lines[-1]


# MARK: the summary, read from Schemathesis's NDJSON event stream

def _decode(content):
    if not content:
        return b""
    if "$base64" in content:
        return base64.b64decode(content["$base64"])
    return content.get("string", "").encode("utf-8")


def _one_line(text, limit=240):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _curl(request):
    """A curl for the request as sent, with the token as $RASIM_TOKEN (Schemathesis filters it out)."""
    parts = ["curl", "-s", "-i", "-X", request["method"]]
    for name, values in sorted((request.get("headers") or {}).items()):
        if name.lower() in ("cookie", "content-length", "user-agent", "accept", "accept-encoding", "connection"):
            continue  # the session cookie Schemathesis generates is random: no session has it
        if name.lower() == "authorization":
            parts += ["-H", '"Authorization: Bearer $RASIM_TOKEN"']
            continue
        for v in values:
            parts += ["-H", shlex.quote(f"{name}: {v}")]
    body = _decode(request.get("body"))
    if body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return " ".join(parts + ["--data-binary", f"<{len(body)} non-UTF-8 bytes>", shlex.quote(request["uri"])]), False
        parts += ["--data-binary", shlex.quote(text)]
    parts.append(shlex.quote(request["uri"]))
    return " ".join(parts), True


def failures_from(ndjson_path):
    """Every failed check of every test case, grouped by (check, operation as sent, status, what is wrong).
    Within a group the shortest reproduction is kept."""
    groups = collections.OrderedDict()
    with open(ndjson_path, encoding="utf-8") as f:
        for line in f:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # the last line of a run stopped at the time limit may be cut short
            finished = event.get("ScenarioFinished")
            if not finished:
                continue
            recorder = finished.get("recorder") or {}
            cases, interactions = recorder.get("cases") or {}, recorder.get("interactions") or {}
            for case_id, checks in (recorder.get("checks") or {}).items():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = (check.get("failure_info") or {}).get("failure") or {}
                    interaction = interactions.get(case_id) or {}
                    request, response = interaction.get("request") or {}, interaction.get("response") or {}
                    value = (cases.get(case_id) or {}).get("value") or {}
                    sent = f"{value.get('method') or request.get('method', '?')} {value.get('path', '?')}"
                    status = response.get("status_code")
                    body = _decode(response.get("content")).decode("utf-8", "replace")
                    try:
                        err = json.loads(body).get("error") or {}
                        # $.events[2].application and $.events[0].application are the same finding
                        what = f"{err.get('code')} at {INDEX.sub('[*]', str(err.get('path')))}"
                    except (ValueError, AttributeError):
                        what = ""
                    message = failure.get("message", "")
                    first = message.splitlines()[0] if message else failure.get("title", "")
                    if check["name"] == "unsupported_method":
                        # one entry per path: the methods it answers wrongly are listed together
                        key = (check["name"], failure.get("code", ""), value.get("path", "?"), status)
                    else:
                        # the same status can mean different things: the error's code and path say which
                        key = (check["name"], failure.get("code", ""), sent, status, what or first)
                    curl, complete = _curl(request) if request else ("(no request recorded)", False)
                    phase = ((value.get("meta") or {}).get("phase") or {})
                    scenario = (phase.get("data") or {}).get("description") or phase.get("name", finished.get("phase"))
                    method = value.get("method") or request.get("method", "?")
                    entry = {"check": check["name"], "code": failure.get("code", ""), "title": failure.get("title", ""),
                             "operation": failure.get("operation", sent), "sent": sent, "status": status,
                             "message": message, "response": _one_line(body), "curl": curl, "complete": complete,
                             "scenario": scenario, "count": 1, "methods": [method]}
                    old = groups.get(key)
                    if old is None:
                        groups[key] = entry
                    else:
                        entry["count"] = old["count"] + 1
                        entry["methods"] = old["methods"] + ([method] if method not in old["methods"] else [])
                        if (complete, -len(curl)) > (old["complete"], -len(old["curl"])):
                            groups[key] = entry
                        else:
                            old["count"], old["methods"] = entry["count"], entry["methods"]
                    if check["name"] == "unsupported_method":
                        g = groups[key]
                        g["scenario"] = "coverage: unspecified HTTP methods"
                        g["sent"] = f"{'|'.join(sorted(g['methods']))} {value.get('path', '?')}"
                        g["message"] = f"Unsupported methods {', '.join(sorted(g['methods']))} returned {status}, expected 405 Method Not Allowed (with an Allow header)"
    return list(groups.values())


def print_summary(report_dir):
    ndjson = os.path.join(report_dir, REPORTS["ndjson"])
    try:
        with open(os.path.join(report_dir, REPORTS["json"]), encoding="utf-8") as f:
            run = json.load(f)
    except (OSError, ValueError):
        run = None  # no complete report: a run stopped at the time limit writes none
    if run:
        cases = run.get("test_cases", {})
        print(f"api-schema: {run.get('operations', {}).get('tested')} operations tested, {cases.get('generated')} test cases, "
              f"{cases.get('unique_failures')} unique failures; stop reason: {run.get('stop_reason')}")
        for kind in run.get("failures", []):
            print(f"  {kind.get('code')} {kind.get('title')} ({kind.get('count')}): {', '.join(kind.get('operations', []))}")
        warnings = {k: v for k, v in (run.get("warnings") or {}).items() if v}
        for kind, where in warnings.items():
            print(f"  warning {kind}: {', '.join(where) if isinstance(where, list) else where}")
        for error in run.get("errors", []):
            print(f"  error: {_one_line(json.dumps(error, ensure_ascii=False), 400)}")
    if not os.path.exists(ndjson):
        return []
    found = failures_from(ndjson)
    if found:
        print(f"\napi-schema: {len(found)} distinct failures (check, request as sent, status); replace $RASIM_TOKEN with a token")
        for i, f in enumerate(sorted(found, key=lambda f: (f["check"], f["sent"], f["status"] or 0)), 1):
            print(f"\n{i}. [{f['code']} {f['check']}] {f['sent']} -> {f['status']}  (operation {f['operation']}; "
                  f"{f['count']} case{'s' if f['count'] != 1 else ''}; first seen in: {f['scenario']})")
            for line in f["message"].splitlines():
                if line.strip():
                    print(f"     {_one_line(line, 400)}")
            print(f"     response: {f['response']}")
            print(f"     {f['curl'] if len(f['curl']) <= 2000 else f['curl'][:2000] + ' …(truncated)'}")
    return found


# MARK: the run

def run(binary, args):
    work = tempfile.mkdtemp(prefix="rasim-schema-")
    report_dir = os.path.abspath(args.report_dir) if args.report_dir else os.path.join(work, "report")
    os.makedirs(report_dir, exist_ok=True)
    for name in REPORTS.values():  # fixed names, overwritten by each run: none is left from an earlier one
        if os.path.exists(os.path.join(report_dir, name)):
            os.remove(os.path.join(report_dir, name))
    database = f"sqlite://{work}/api.sqlite"
    log = open(os.path.join(work, "server.log"), "w")
    env = {k: v for k, v in os.environ.items() if k not in ("RASIM_DATABASE_URL", "RASIM_CALENDAR_OVERRIDES")}
    server = subprocess.Popen([binary, "serve", "--demo", "--port", "0", "--database", database],
                              cwd=work, stdout=log, stderr=subprocess.STDOUT, env=env)
    st = None
    try:
        try:
            base, _ = wait_listening(log.name, server, SetupError)
            token = create_token(binary, database, env)
            status, body = whoami(base, token)
            if status != 200 or '"admin"' not in body:
                raise SetupError(f"the new token does not work: GET /api/v1/me answered {status} {body}")
        except (SetupError, OSError, subprocess.SubprocessError) as e:
            print(f"api-schema set-up: {e}", file=sys.stderr)
            log.flush()
            print("--- server log (tail) ---\n" + "".join(open(log.name).readlines()[-20:]), file=sys.stderr)
            return 2

        # Schemathesis runs in the temporary directory, so it finds no schemathesis.toml of its own; a
        # configuration kept next to this script (e.g. per-operation expected statuses) is passed explicitly.
        config = ["--config-file", CONFIG] if os.path.exists(CONFIG) else []
        reports = ["--report", ",".join(REPORTS)]
        for kind, name in REPORTS.items():
            reports += [f"--report-{kind}-path", os.path.join(report_dir, name)]
        command = [sys.executable, "-m", "schemathesis.cli", *config, "run", f"{base}/openapi.json",
                   "--header", f"Authorization: Bearer {token}",
                   "--checks", "all",                      # every check; none is excluded
                   "--max-examples", str(args.max_examples),
                   "--seed", str(args.seed),
                   "--workers", str(args.workers),
                   "--continue-on-failure",                # every failure of a test case, not only its first
                   "--generation-database", "none",        # no examples carried over from earlier runs
                   "--request-timeout", "30",
                   *reports, "--no-color", *args.extra]
        shown = [("Authorization: Bearer ***" if a.startswith("Authorization: Bearer ") else a) for a in command]
        print("api-schema: " + " ".join(shlex.quote(a) for a in shown), flush=True)
        started = time.time()
        # Its own session (process group), so a run over the time limit is stopped with everything it started.
        st = subprocess.Popen(command, cwd=work, env=env, start_new_session=True)
        try:
            code = st.wait(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(st.pid, signal.SIGTERM)
            try:
                st.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(st.pid, signal.SIGKILL)
                st.wait()
            code = None
        elapsed = time.time() - started
        print(f"\napi-schema: Schemathesis {'exited with ' + str(code) if code is not None else 'was stopped'} after {elapsed:.0f} s", flush=True)
        found = print_summary(report_dir)

        problems = []
        if code is None:
            problems.append(f"Schemathesis did not finish within {args.timeout} s (--timeout)")
        elif code != 0:
            problems.append(f"Schemathesis reported failures (exit status {code})" if found or code == 1
                            else f"Schemathesis could not do its job (exit status {code}; see its output above)")
        if server.poll() is not None:
            problems.append(f"rasim serve exited with {server.returncode} during the run")
        else:
            status, body = whoami(base, token)
            if status != 200:
                problems.append(f"after the run (which posted /logout) the API token no longer works: GET /api/v1/me {status} {body}")
        if problems:
            for p in problems:
                print(f"api-schema FAILED: {p}", file=sys.stderr)
            log.flush()
            print("--- server log (tail) ---\n" + "".join(open(log.name, errors="replace").readlines()[-20:]), file=sys.stderr)
            return 1
        print(SUCCESS_LINE)
        return 0
    finally:
        if st is not None and st.poll() is None:
            try:
                os.killpg(st.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            st.wait()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def main():
    sys.stdout.reconfigure(line_buffering=True)  # keep our lines in order with Schemathesis's and stderr's
    # Stopped from outside (a test's time limit): unwind, so the server is stopped and the files removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=".build/debug/rasim", help="the rasim executable (default .build/debug/rasim)")
    ap.add_argument("--max-examples", type=int, default=200, help="test cases per operation and phase (default 200)")
    ap.add_argument("--seed", type=int, default=20250303, help="Schemathesis's random seed (default 20250303)")
    ap.add_argument("--workers", type=int, default=1, help="concurrent Schemathesis workers (default 1)")
    ap.add_argument("--timeout", type=int, default=600, help="hard limit on the Schemathesis run, in seconds (default 600: 49 operations on 2 cores, about 300 s on an idle machine)")
    ap.add_argument("--report-dir", help="keep Schemathesis's NDJSON, JSON and JUnit reports here (default: a temporary directory)")
    ap.add_argument("extra", nargs="*", help="more `schemathesis run` options, after --")
    a = ap.parse_args()
    if not os.path.exists(a.binary):
        print(f"api-schema set-up: no rasim binary at {a.binary} (swift build first)", file=sys.stderr)
        return 2
    return run(os.path.abspath(a.binary), a)


if __name__ == "__main__":
    sys.exit(main())
