"""`rasim serve` for the end-to-end drivers: started on port 0 (the kernel picks a free port, so no other
process can take it between a probe and the bind), it prints the address it is bound to once it accepts
connections; then GET /health must answer 200."""

import re
import time
import urllib.request

LISTENING = re.compile(r"Rasim is listening on (http://[0-9.]+:[0-9]+)/")


def wait_listening(log_path, proc, error=RuntimeError, timeout=180):
    """The server's base URL and the headers of its /health answer; `error` (an exception class) otherwise."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise error(f"rasim serve exited with {proc.returncode} before listening")
        with open(log_path, encoding="utf-8", errors="replace") as f:
            m = LISTENING.search(f.read())
        if m:
            base = m.group(1)
            with urllib.request.urlopen(base + "/health", timeout=30) as r:
                if r.status == 200:
                    return base, r.headers
            raise error(f"/health answered {r.status}")
        time.sleep(0.2)
    raise error("rasim serve did not start listening in time")
